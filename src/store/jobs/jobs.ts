/**
 * Worker jobs: what the Slack function asked the worker to do. The Slack function writes the job here (a
 * conditional put: an id is used once) and invokes the worker with the id alone; the worker claims it (one
 * conditional update: of any number of deliveries of the same id, one runs) and reads what to do from the item. So a
 * worker invocation can only run what the Slack function wrote, once, while it is fresh: anyone else who may invoke
 * the worker can name ids, not jobs.
 *
 * | item | pk          | sk    |
 * |------|-------------|-------|
 * | job  | `job#<id>`  | `job` |
 *
 * `pending` -> `claimed` (the worker runs it) -> `finished`. A job not claimed within JOB_VALIDITY_MS is expired and
 * never runs. TTL: a day after it was written, for whoever investigates a refused invocation.
 */
import { SecmonError } from '../../errors.js';
import { num, obj, oneOf, optNum, plain, requireKey } from '../table/decode.js';
import { and, is, itemExists, itemMissing, ttlSeconds, type Item, type ItemKey, type StateTable } from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const JOB_KIND: StateKind = 'job';

/**
 * How long a job may wait for its worker: the worker's MaximumEventAgeInSeconds (template.yaml), after which Lambda
 * drops an asynchronous event anyway. A later claim is refused.
 */
export const JOB_VALIDITY_MS = 15 * 60_000;
export const JOB_RETENTION_MS = 24 * 3600_000;

const STATUSES = ['pending', 'claimed', 'finished'] as const;
export type JobStatus = (typeof STATUSES)[number];

export type JobClaim =
  /** This caller holds the job and must run it: `payload` is what the Slack function wrote. */
  | { readonly status: 'claimed'; readonly payload: Readonly<Record<string, unknown>> }
  /** No such job: never written by the Slack function (or long expired). */
  | { readonly status: 'unknown' }
  /** Written, but not claimed in time: it must not run now. */
  | { readonly status: 'expired'; readonly createdAtMs: number }
  /** Claimed before (a duplicate delivery, or a replay of its id). */
  | { readonly status: 'taken'; readonly jobStatus: Exclude<JobStatus, 'pending'>; readonly claimedAtMs: number | undefined };

export const jobKey = (id: string): ItemKey => ({ pk: `${JOB_KIND}#${id}`, sk: 'job' });

export class Jobs {
  constructor(private readonly table: StateTable) {}

  /** Writes a new job. An id is used once: a second write of the same id fails (STATE_STORE) and changes nothing. */
  async create(id: string, payload: Readonly<Record<string, unknown>>, now: Date): Promise<void> {
    requireKey('job id', id);
    const nowMs = now.getTime();
    const item: Item = {
      ...jobKey(id),
      kind: JOB_KIND,
      status: 'pending',
      payload: plain(payload),
      createdAtMs: nowMs,
      validUntilMs: nowMs + JOB_VALIDITY_MS,
      expiresAt: ttlSeconds(nowMs + JOB_RETENTION_MS),
    };
    if (!(await this.table.put(item, { if: itemMissing }))) throw new SecmonError('STATE_STORE', `job ${id} exists already`);
  }

  /** Claims a pending, fresh job for the caller: atomic, so of concurrent claims one wins. */
  async claim(id: string, now: Date): Promise<JobClaim> {
    requireKey('job id', id);
    const nowMs = now.getTime();
    const claimed = await this.table.update(
      jobKey(id),
      { set: { status: 'claimed', claimedAtMs: nowMs } },
      { if: and(itemExists, is('status', '=', 'pending'), is('validUntilMs', '>', nowMs)) },
    );
    if (claimed !== undefined) return { status: 'claimed', payload: obj<Record<string, unknown>>(claimed, 'payload') };
    const current = await this.table.get(jobKey(id));
    if (current === undefined) return { status: 'unknown' };
    const status = oneOf(current, 'status', STATUSES);
    if (status === 'pending') return { status: 'expired', createdAtMs: num(current, 'createdAtMs') };
    return { status: 'taken', jobStatus: status, claimedAtMs: optNum(current, 'claimedAtMs') };
  }

  /** Marks a claimed job done, with whether its action succeeded (for whoever investigates later). */
  async finish(id: string, outcome: { readonly ok: boolean; readonly now: Date }): Promise<void> {
    await this.table.update(
      jobKey(id),
      { set: { status: 'finished', ok: outcome.ok, finishedAtMs: outcome.now.getTime() } },
      { if: and(itemExists, is('status', '=', 'claimed')) },
    );
  }
}
