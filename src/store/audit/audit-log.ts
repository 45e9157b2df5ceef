/**
 * The audit log: one record per action a Slack user took or was refused (and one more when an action that writes to
 * AWS starts), newest first, kept 400 days. Only the worker writes it.
 * Records are only ever added (a unique sort key, written with a condition that it is new): nothing here updates
 * or deletes one.
 *
 * | item         | pk          | sk                     |
 * |--------------|-------------|------------------------|
 * | audit record | `audit#all` | `<ISO time>#<uuid>`    |
 *
 * One partition sorted by time, so listing newest first (from a time) is one Query.
 */
import { randomUUID } from 'node:crypto';
import { SecmonError } from '../../errors.js';
import { oneOf, optStr, parseTime, plain, requireKey, str } from '../table/decode.js';
import { itemMissing, ttlSeconds, type ItemKey, type StateTable } from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const AUDIT_KIND: StateKind = 'audit';
const PARTITION = `${AUDIT_KIND}#all`;

export const AUDIT_RETENTION_MS = 400 * 24 * 3600_000;
export const DEFAULT_AUDIT_LIMIT = 50;

/** `started`: an action about to write to AWS (its result follows in a second record). */
const RESULTS = ['started', 'succeeded', 'failed', 'denied'] as const;
export type AuditResult = (typeof RESULTS)[number];

export interface AuditRecord {
  /** ISO time of the action. */
  readonly at: string;
  /** Slack user id. */
  readonly actor: string;
  /** e.g. `monitor.enable`, `alert.revert`, `silence.set`. */
  readonly action: string;
  /** What was acted on: a monitor id, a security group, a message. */
  readonly target: string;
  readonly result: AuditResult;
  /** Human detail; never a raw AWS error. */
  readonly detail: string | undefined;
}

export interface ListAuditOptions {
  /** Only records at or after this ISO time. */
  readonly since?: string;
  /** At most this many, newest first (default 50). */
  readonly limit?: number;
}

export const auditKey = (atMs: number, id: string): ItemKey => ({ pk: PARTITION, sk: `${new Date(atMs).toISOString()}#${id}` });

export class AuditLog {
  constructor(private readonly table: StateTable) {}

  async append(record: AuditRecord): Promise<void> {
    const atMs = time('audit time', record.at);
    requireKey('audit actor', record.actor);
    requireKey('audit action', record.action);
    const item = plain({
      ...auditKey(atMs, randomUUID()),
      kind: AUDIT_KIND,
      at: record.at,
      actor: record.actor,
      action: record.action,
      target: record.target,
      result: record.result,
      detail: record.detail,
      expiresAt: ttlSeconds(atMs + AUDIT_RETENTION_MS),
    });
    if (!(await this.table.put(item, { if: itemMissing }))) throw new SecmonError('STATE_STORE', `audit record ${item.sk} exists already`);
  }

  /** Newest first. */
  async list(options: ListAuditOptions = {}): Promise<AuditRecord[]> {
    const limit = options.limit ?? DEFAULT_AUDIT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) throw new SecmonError('INPUT_INVALID', `limit must be a positive integer: ${limit}`);
    const since = options.since === undefined ? undefined : new Date(time('audit since', options.since)).toISOString();
    const items = await this.table.query(PARTITION, { descending: true, limit, ...(since === undefined ? {} : { skFrom: since }) });
    return items.map((item) => ({
      at: str(item, 'at'),
      actor: str(item, 'actor'),
      action: str(item, 'action'),
      target: str(item, 'target'),
      result: oneOf(item, 'result', RESULTS),
      detail: optStr(item, 'detail'),
    }));
  }
}

function time(what: string, value: string): number {
  const ms = parseTime(value);
  if (ms === undefined) throw new SecmonError('INPUT_INVALID', `${what} is not a time: ${value}`);
  return ms;
}
