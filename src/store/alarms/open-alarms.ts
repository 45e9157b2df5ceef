/**
 * Open alarm messages: the Slack message of each alarm that is in ALARM, so its OK resolves that message in place.
 *
 * | item       | pk                   | sk     |
 * |------------|----------------------|--------|
 * | open alarm | `alarm#<alarmName>`  | `open` |
 *
 * TTL: 30 days, like the message it points at.
 */
import type { PostedMessage } from '../../alerts/ports.js';
import { messageRef, optMessage, malformed, requireKey } from '../table/decode.js';
import { and, is, ttlSeconds, type ItemKey, type StateTable } from '../table/table.js';
import { MESSAGE_RETENTION_MS } from '../messages/messages.js';
import type { StateKind } from '../kinds.js';

export const ALARM_KIND: StateKind = 'alarm';

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

  /** Forgets the open alarm message if it is still `message` (not a newer ALARM's). */
  async clear(alarmName: string, message: PostedMessage): Promise<boolean> {
    const result = await this.table.delete(openAlarmKey(alarmName), {
      if: and(is('message.channel', '=', message.channel), is('message.ts', '=', message.ts)),
    });
    return result.deleted;
  }
}
