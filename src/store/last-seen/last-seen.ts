/**
 * The last event seen from each account and region of an organization, for `/secmon status`: an account or region
 * that stops sending (its member stack deleted, a region never deployed) shows as silent. Written by the alerts
 * function for every event that reaches it through the organization's queue (member heartbeats, monitored events,
 * alarm state changes); deliveries arrive out of order, so a write replaces the record only with a later event.
 *
 * | item      | pk              | sk                   |
 * |-----------|-----------------|----------------------|
 * | last seen | `last-seen#all` | `<account>#<region>` |
 *
 * One partition, listed with one Query (1,000 accounts x 17 regions is 17,000 items of ~150 bytes: 2.5 MB, read in
 * three pages). TTL: 30 days after the event, so an account that left the organization drops out by itself.
 */
import { SecmonError } from '../../errors.js';
import { num, oneOf, plain, str } from '../table/decode.js';
import { is, itemMissing, or, ttlSeconds, type ItemKey, type StateTable } from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const LAST_SEEN_KIND: StateKind = 'last-seen';
const PARTITION = `${LAST_SEEN_KIND}#all`;
export const LAST_SEEN_RETENTION_MS = 30 * 24 * 3600_000;

/** What the last event was: a member stack's heartbeat, or an event a monitor or alarm sent. */
export const SEEN_SOURCES = ['heartbeat', 'event'] as const;
export type SeenSource = (typeof SEEN_SOURCES)[number];

export interface LastSeenRecord {
  readonly accountId: string;
  readonly region: string;
  /** Epoch ms of the event (its own time, not when it was processed). */
  readonly atMs: number;
  readonly source: SeenSource;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

export const lastSeenKey = (accountId: string, region: string): ItemKey => ({ pk: PARTITION, sk: `${accountId}#${region}` });

export class LastSeen {
  constructor(private readonly table: StateTable) {}

  /** Stores `record` unless a later event of its account and region is stored already. Atomic; true when stored. */
  async record(record: LastSeenRecord): Promise<boolean> {
    if (!ACCOUNT.test(record.accountId)) throw new SecmonError('INPUT_INVALID', `last seen: not an account id: ${record.accountId}`);
    if (!REGION.test(record.region)) throw new SecmonError('INPUT_INVALID', `last seen: not a region code: ${record.region}`);
    if (!Number.isFinite(record.atMs)) throw new SecmonError('INPUT_INVALID', 'last seen: the time is not a number');
    const item = plain({
      ...lastSeenKey(record.accountId, record.region),
      kind: LAST_SEEN_KIND,
      accountId: record.accountId,
      region: record.region,
      atMs: record.atMs,
      source: record.source,
      expiresAt: ttlSeconds(record.atMs + LAST_SEEN_RETENTION_MS),
    });
    return this.table.put(item, { if: or(itemMissing, is('atMs', '<', record.atMs)) });
  }

  /** Every account and region seen in the last 30 days, ordered by account, then region. */
  async list(): Promise<LastSeenRecord[]> {
    return (await this.table.query(PARTITION)).map((item) => ({
      accountId: str(item, 'accountId'),
      region: str(item, 'region'),
      atMs: num(item, 'atMs'),
      source: oneOf(item, 'source', SEEN_SOURCES),
    }));
  }
}
