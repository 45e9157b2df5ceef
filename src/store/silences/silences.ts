/**
 * Silences of event monitors: while one is in force, the monitor's alerts are counted instead of posted; the sweep
 * ends it when it expires (the count is final from then on), posts the summary and removes it.
 *
 * | item    | pk            | sk            |
 * |---------|---------------|---------------|
 * | silence | `silence#all` | `<monitorId>` |
 *
 * One partition, so `/secmon status` and the sweep list them with one Query. TTL: a week after the end, so the sweep
 * can summarise it even after an outage.
 */
import type { PostedMessage } from '../../alerts/ports.js';
import { SecmonError } from '../../errors.js';
import { messageRef, num, optMessage, optStr, parseTime, plain, requireKey, str } from '../table/decode.js';
import { and, exists, ifMissing, is, itemExists, missing, or, ttlSeconds, type Item, type ItemKey, type StateTable } from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const SILENCE_KIND: StateKind = 'silence';
const PARTITION = `${SILENCE_KIND}#all`;

/** An ended silence is kept for a week so the sweep can summarise it even after an outage. */
export const SILENCE_RETENTION_AFTER_END_MS = 7 * 24 * 3600_000;

export interface NewSilence {
  readonly monitorId: string;
  /** ISO time the silence ends. */
  readonly until: string;
  /** Slack user id of who silenced. */
  readonly by: string;
  readonly reason: string | undefined;
  /** The alert message the silence was set from; the end-of-silence summary replies in its thread. */
  readonly message: PostedMessage | undefined;
}

export interface SilenceRecord extends NewSilence {
  /** Events not posted because of this silence. */
  readonly suppressed: number;
  /** Set by the sweep when it ends the silence: from then on the count is final. */
  readonly endedAt: string | undefined;
}

export const silenceKey = (monitorId: string): ItemKey => ({ pk: PARTITION, sk: monitorId });

/** In force at `nowMs`: not past its end and not ended by the sweep. */
const inForce = (nowMs: number) => and(is('untilMs', '>', nowMs), missing('endedAt'));

export class Silences {
  constructor(private readonly table: StateTable) {}

  /** Sets (or replaces) the silence of a monitor, with `suppressed = 0`. */
  async put(silence: NewSilence): Promise<SilenceRecord> {
    requireKey('silence monitorId', silence.monitorId);
    const untilMs = parseTime(silence.until);
    if (untilMs === undefined) throw new SecmonError('INPUT_INVALID', `silence until is not a time: ${silence.until}`);
    const item: Item = plain({
      ...silenceKey(silence.monitorId),
      kind: SILENCE_KIND,
      monitorId: silence.monitorId,
      until: silence.until,
      untilMs,
      by: silence.by,
      reason: silence.reason,
      message: silence.message === undefined ? undefined : messageRef(silence.message),
      suppressed: 0,
      expiresAt: ttlSeconds(untilMs + SILENCE_RETENTION_AFTER_END_MS),
    });
    await this.table.put(item);
    return silenceOf(item);
  }

  async get(monitorId: string): Promise<SilenceRecord | undefined> {
    const item = await this.table.get(silenceKey(monitorId));
    return item === undefined ? undefined : silenceOf(item);
  }

  /** Removes a silence (ended early from Slack); returns it as it was, with its suppressed count. */
  async delete(monitorId: string): Promise<SilenceRecord | undefined> {
    const result = await this.table.delete(silenceKey(monitorId));
    return result.deleted && result.old !== undefined ? silenceOf(result.old) : undefined;
  }

  /** Silences in force at `now`. */
  async listActive(now: Date): Promise<SilenceRecord[]> {
    return (await this.#all()).filter((s) => s.untilMs > now.getTime() && s.record.endedAt === undefined).map((s) => s.record);
  }

  /** Silences whose `until` has passed (or that the sweep has ended), not yet removed. */
  async listExpired(now: Date): Promise<SilenceRecord[]> {
    return (await this.#all()).filter((s) => s.untilMs <= now.getTime() || s.record.endedAt !== undefined).map((s) => s.record);
  }

  /**
   * Counts one suppressed event, atomically, if the monitor's silence is in force at `now` and not ended.
   * Returns the new count, or `undefined` when there is no such silence (post the alert).
   */
  async countSuppressed(monitorId: string, now: Date): Promise<number | undefined> {
    const item = await this.table.update(silenceKey(monitorId), { add: { suppressed: 1 } }, { if: and(itemExists, inForce(now.getTime())) });
    return item === undefined ? undefined : silenceOf(item).suppressed;
  }

  /**
   * Ends an expired silence: sets `endedAt`, after which `countSuppressed` no longer counts, so the returned
   * `suppressed` is final. Idempotent. `undefined` when there is no silence or it has not expired.
   */
  async end(monitorId: string, now: Date): Promise<SilenceRecord | undefined> {
    const item = await this.table.update(
      silenceKey(monitorId),
      { set: { endedAt: ifMissing(now.toISOString()) } },
      { if: and(itemExists, or(is('untilMs', '<=', now.getTime()), exists('endedAt'))) },
    );
    return item === undefined ? undefined : silenceOf(item);
  }

  /** Removes a silence only if it was ended (a new silence put meanwhile is kept). */
  async removeEnded(monitorId: string): Promise<boolean> {
    return (await this.table.delete(silenceKey(monitorId), { if: exists('endedAt') })).deleted;
  }

  /** Every silence of the partition (a handful: one per silenced monitor), with its end in epoch ms. */
  async #all(): Promise<{ record: SilenceRecord; untilMs: number }[]> {
    return (await this.table.query(PARTITION)).map((item) => ({ record: silenceOf(item), untilMs: num(item, 'untilMs') }));
  }
}

function silenceOf(item: Item): SilenceRecord {
  return {
    monitorId: str(item, 'monitorId'),
    until: str(item, 'until'),
    by: str(item, 'by'),
    reason: optStr(item, 'reason'),
    message: optMessage(item, 'message'),
    suppressed: num(item, 'suppressed'),
    endedAt: optStr(item, 'endedAt'),
  };
}
