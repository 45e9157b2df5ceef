/**
 * The Slack message of each finding secmon has shown, so that the same finding updated at its source (GuardDuty's
 * count, Security Hub's UpdatedAt, a status change) updates that message instead of posting again.
 *
 * | item            | pk                                  | sk        |
 * |-----------------|-------------------------------------|-----------|
 * | finding message | `finding#<source>#<hash of the id>` | `message` |
 *
 * The id is hashed (sha256, base64url, 43 characters): Security Hub ids are long ARN-like strings a key need not
 * carry. `updatedMs` is the finding's `updatedAt` the message last showed; only a strictly newer one advances it,
 * atomically, so a redelivery or an older update changes nothing. `deliveryId` is the delivery that last advanced
 * it: that delivery's retry (after a failed Slack update) may render again. TTL: 30 days after the last update, like
 * the message content it points at.
 */
import { createHash } from 'node:crypto';
import type { PostedMessage } from '../../alerts/ports.js';
import type { FindingSource } from '../../findings/model.js';
import { bool, messageRef, num, optMessage, malformed, str } from '../table/decode.js';
import { is, itemExists, itemMissing, or, ttlSeconds, type Item, type ItemKey, type StateTable } from '../table/table.js';
import { MESSAGE_RETENTION_MS } from '../messages/messages.js';
import type { StateKind } from '../kinds.js';

export const FINDING_KIND: StateKind = 'finding';

export interface FindingRef {
  readonly source: FindingSource;
  readonly id: string;
}

export interface FindingMessage {
  readonly message: PostedMessage;
  /** Epoch ms of the finding's `updatedAt` the message shows. */
  readonly updatedMs: number;
  /** The delivery that last advanced it. */
  readonly deliveryId: string;
  /** Whether the raw finding was posted as the message's first thread reply. */
  readonly rawPosted: boolean;
}

export function findingMessageKey(ref: FindingRef): ItemKey {
  const hash = createHash('sha256').update(ref.id).digest('base64url');
  return { pk: `${FINDING_KIND}#${ref.source}#${hash}`, sk: 'message' };
}

export class FindingMessages {
  constructor(private readonly table: StateTable) {}

  async get(ref: FindingRef): Promise<FindingMessage | undefined> {
    const item = await this.table.get(findingMessageKey(ref));
    return item === undefined ? undefined : findingMessageOf(item);
  }

  /**
   * Remembers the message a finding was first shown in. Never replaces one already stored (a concurrent delivery of
   * the same finding may have stored its own): `false` then.
   */
  async remember(ref: FindingRef, entry: Omit<FindingMessage, 'rawPosted'>, now: Date): Promise<boolean> {
    return this.table.put(
      {
        ...findingMessageKey(ref),
        kind: FINDING_KIND,
        source: ref.source,
        message: messageRef(entry.message),
        updatedMs: entry.updatedMs,
        deliveryId: entry.deliveryId,
        rawPosted: false,
        expiresAt: ttlSeconds(now.getTime() + MESSAGE_RETENTION_MS),
      },
      { if: itemMissing },
    );
  }

  /**
   * Moves the finding to `updatedMs` if that is newer than what its message shows, or if `deliveryId` is the
   * delivery that moved it there (its retry). The entry after, or undefined when nothing changed (older, equal
   * from another delivery, or no such finding).
   */
  async advance(ref: FindingRef, updatedMs: number, deliveryId: string, now: Date): Promise<FindingMessage | undefined> {
    const item = await this.table.update(
      findingMessageKey(ref),
      { set: { updatedMs, deliveryId, expiresAt: ttlSeconds(now.getTime() + MESSAGE_RETENTION_MS) } },
      { if: or(is('updatedMs', '<', updatedMs), is('deliveryId', '=', deliveryId)) },
    );
    return item === undefined ? undefined : findingMessageOf(item);
  }

  async markRawPosted(ref: FindingRef): Promise<void> {
    await this.table.update(findingMessageKey(ref), { set: { rawPosted: true } }, { if: itemExists });
  }
}

function findingMessageOf(item: Item): FindingMessage {
  const message = optMessage(item, 'message');
  if (message === undefined) throw malformed(item, 'message');
  return { message, updatedMs: num(item, 'updatedMs'), deliveryId: str(item, 'deliveryId'), rawPosted: bool(item, 'rawPosted') };
}
