/**
 * Open alarm messages: the Slack message of each alarm that is in ALARM, so its OK resolves that message in place;
 * and an OK that arrived with no open message, so an ALARM delivered after it (a retried delivery: the queue and
 * Lambda's retries do not keep order) is shown resolved rather than open for good.
 *
 * | item         | pk                   | sk         |
 * |--------------|----------------------|------------|
 * | open alarm   | `alarm#<alarmName>`  | `open`     |
 * | unmatched OK | `alarm#<alarmName>`  | `resolved` |
 *
 * TTL: 30 days, like the message it points at; an unmatched OK, 1 day (a retry comes within hours).
 */
import type { PostedMessage } from '../../alerts/ports.js';
import { messageRef, optMessage, malformed, requireKey } from '../table/decode.js';
import { and, is, itemMissing, or, ttlSeconds, type ItemKey, type StateTable } from '../table/table.js';
import { MESSAGE_RETENTION_MS } from '../messages/messages.js';
import type { StateKind } from '../kinds.js';

export const ALARM_KIND: StateKind = 'alarm';
const UNMATCHED_OK_RETENTION_MS = 24 * 3600_000;

export const openAlarmKey = (alarmName: string): ItemKey => ({ pk: `${ALARM_KIND}#${alarmName}`, sk: 'open' });

export class OpenAlarms {
  constructor(private readonly table: StateTable) {}

  /** Remembers the message of an alarm that is in ALARM (replacing an older one). */
  async set(alarmName: string, message: PostedMessage, now: Date): Promise<void> {
    requireKey('alarm name', alarmName);
    await this.table.put({
      ...openAlarmKey(alarmName),
      kind: ALARM_KIND,
      alarmName,
      message: messageRef(message),
      expiresAt: ttlSeconds(now.getTime() + MESSAGE_RETENTION_MS),
    });
  }

  async get(alarmName: string): Promise<PostedMessage | undefined> {
    const item = await this.table.get(openAlarmKey(alarmName));
    if (item === undefined) return undefined;
    const message = optMessage(item, 'message');
    if (message === undefined) throw malformed(item, 'message');
    return message;
  }

  /** Remembers when an OK with no open message happened (keeping the latest). */
  async noteResolved(alarmName: string, resolvedAt: string, now: Date): Promise<void> {
    requireKey('alarm name', alarmName);
    const atMs = Date.parse(resolvedAt);
    if (Number.isNaN(atMs)) return;
    await this.table.put(
      { pk: `${ALARM_KIND}#${alarmName}`, sk: 'resolved', kind: ALARM_KIND, alarmName, resolvedAt, atMs, expiresAt: ttlSeconds(now.getTime() + UNMATCHED_OK_RETENTION_MS) },
      { if: or(itemMissing, is('atMs', '<', atMs)) },
    );
  }

  /** The time of an OK that came without an open message after `changedAt`, if any: that ALARM has already ended. */
  async resolvedAfter(alarmName: string, changedAt: string): Promise<string | undefined> {
    const item = await this.table.get({ pk: `${ALARM_KIND}#${alarmName}`, sk: 'resolved' });
    if (item === undefined || typeof item['resolvedAt'] !== 'string' || typeof item['atMs'] !== 'number') return undefined;
    return item['atMs'] > Date.parse(changedAt) ? item['resolvedAt'] : undefined;
  }

  /** Forgets the open alarm message if it is still `message` (not a newer ALARM's). */
  async clear(alarmName: string, message: PostedMessage): Promise<boolean> {
    const result = await this.table.delete(openAlarmKey(alarmName), {
      if: and(is('message.channel', '=', message.channel), is('message.ts', '=', message.ts)),
    });
    return result.deleted;
  }
}
