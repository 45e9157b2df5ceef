/**
 * Open reverts: the remediations someone asked for and that have not ended yet, so the sweep can find a claim whose
 * worker died (or never started) and end it as failed, bringing the Revert and Keep buttons back.
 *
 * | item        | pk                | sk             |
 * |-------------|-------------------|----------------|
 * | open revert | `open-revert#all` | `<deliveryId>` |
 *
 * One partition, so the sweep lists them with one Query; a handful at a time. The sweep removes an entry once its
 * remediation has ended. TTL: 30 days, like the remediation it points at.
 */
import type { PostedMessage } from '../../alerts/ports.js';
import { messageRef, optMessage, requireKey, str } from '../table/decode.js';
import { ttlSeconds, type ItemKey, type StateTable } from '../table/table.js';
import type { StateKind } from '../kinds.js';
import { REMEDIATION_RETENTION_MS } from './remediations.js';

export const OPEN_REVERT_KIND: StateKind = 'open-revert';
const PARTITION = `${OPEN_REVERT_KIND}#all`;

export interface OpenRevert {
  readonly deliveryId: string;
  /** The alert's message, re-rendered when the sweep ends the revert. */
  readonly message: PostedMessage | undefined;
}

export const openRevertKey = (deliveryId: string): ItemKey => ({ pk: PARTITION, sk: deliveryId });

export class OpenReverts {
  constructor(private readonly table: StateTable) {}

  /** Notes a revert as open (again): idempotent. */
  async add(open: OpenRevert, now: Date): Promise<void> {
    requireKey('deliveryId', open.deliveryId);
    await this.table.put({
      ...openRevertKey(open.deliveryId),
      kind: OPEN_REVERT_KIND,
      deliveryId: open.deliveryId,
      ...(open.message === undefined ? {} : { message: messageRef(open.message) }),
      expiresAt: ttlSeconds(now.getTime() + REMEDIATION_RETENTION_MS),
    });
  }

  async list(): Promise<OpenRevert[]> {
    const items = await this.table.query(PARTITION);
    return items.map((item) => ({ deliveryId: str(item, 'deliveryId'), message: optMessage(item, 'message') }));
  }

  async remove(deliveryId: string): Promise<void> {
    await this.table.delete(openRevertKey(deliveryId));
  }
}
