/**
 * The last alert of each monitor, for `/secmon status`: the most recent alert that was posted or counted into a
 * group. Deliveries arrive out of order, so a write replaces the record only with a later alert (by event time).
 *
 * | item       | pk               | sk            |
 * |------------|------------------|---------------|
 * | last alert | `last-alert#all` | `<monitorId>` |
 *
 * One partition, listed with one Query. TTL: 90 days after the alert (a quieter monitor says "no alerts yet").
 */
import type { PostedMessage } from '../../alerts/ports.js';
import { SecmonError } from '../../errors.js';
import { messageRef, optMessage, parseTime, plain, requireKey, str } from '../table/decode.js';
import { is, itemMissing, or, ttlSeconds, type ItemKey, type StateTable } from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const LAST_ALERT_KIND: StateKind = 'last-alert';
const PARTITION = `${LAST_ALERT_KIND}#all`;

export const LAST_ALERT_RETENTION_MS = 90 * 24 * 3600_000;

/** Summaries are shown on one line of `/secmon status`; longer ones are cut before storing. */
export const MAX_LAST_ALERT_SUMMARY = 300;

/** The most recent alert of a monitor that was posted or counted into a group. */
export interface LastAlertRecord {
  readonly monitorId: string;
  /** ISO time of the alert (the event's time, not when it was processed). */
  readonly at: string;
  /** The alert's one-line summary (truncated to MAX_LAST_ALERT_SUMMARY). */
  readonly summary: string;
  /** The Slack message that shows it; undefined while its group's first post is still being made. */
  readonly message: PostedMessage | undefined;
}

export const lastAlertKey = (monitorId: string): ItemKey => ({ pk: PARTITION, sk: monitorId });

export class LastAlerts {
  constructor(private readonly table: StateTable) {}

  /**
   * Remembers `record` as its monitor's last alert unless a later one (by `at`) is stored already: deliveries
   * arrive out of order, and an older one must not hide a newer one. Atomic. `true` when stored.
   */
  async record(record: LastAlertRecord): Promise<boolean> {
    requireKey('last alert monitorId', record.monitorId);
    const atMs = parseTime(record.at);
    if (atMs === undefined) throw new SecmonError('INPUT_INVALID', `last alert time is not a time: ${record.at}`);
    const item = plain({
      ...lastAlertKey(record.monitorId),
      kind: LAST_ALERT_KIND,
      monitorId: record.monitorId,
      at: record.at,
      atMs,
      summary: oneLine(record.summary),
      message: record.message === undefined ? undefined : messageRef(record.message),
      expiresAt: ttlSeconds(atMs + LAST_ALERT_RETENTION_MS),
    });
    return this.table.put(item, { if: or(itemMissing, is('atMs', '<=', atMs)) });
  }

  /** The last alert of every monitor that has one, ordered by monitor id. */
  async list(): Promise<LastAlertRecord[]> {
    return (await this.table.query(PARTITION)).map((item) => ({
      monitorId: str(item, 'monitorId'),
      at: str(item, 'at'),
      summary: str(item, 'summary'),
      message: optMessage(item, 'message'),
    }));
  }
}

/** The summary cut to MAX_LAST_ALERT_SUMMARY, never keeping half of a surrogate pair (an invalid string to Slack). */
function oneLine(summary: string): string {
  if (summary.length <= MAX_LAST_ALERT_SUMMARY) return summary;
  let cut = summary.slice(0, MAX_LAST_ALERT_SUMMARY - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
