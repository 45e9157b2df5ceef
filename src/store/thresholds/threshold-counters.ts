/**
 * Threshold counters: how many matching events one principal caused within a monitor's window, counted on the
 * event path (the alerts pipeline asks one question per event: "count this; what is the total now?").
 *
 * | item              | pk                               | sk        |
 * |-------------------|----------------------------------|-----------|
 * | threshold counter | `threshold#<monitorId>#<key>`    | `counter` |
 *
 * One item per monitor and counted key (the hashed principal), with six slots `b0..b5` (the bucket a slot holds)
 * and `c0..c5` (its count); window.ts has the arithmetic. One event is one atomic conditional update: add the
 * weight to its slot if the slot holds its bucket, else (a second update) start the slot at this bucket if the slot
 * holds an older one. Each update returns the item right after its own change, so of many concurrent events of one
 * bucket exactly one sees the total reach a threshold; losing the race between the two updates only means trying
 * the first again. TTL: past every window that may still read the item, reckoned from event time or arrival,
 * whichever is later.
 */
import { SecmonError } from '../../errors.js';
import type { StateKind } from '../kinds.js';
import { optNum } from '../table/decode.js';
import { is, missing, or, ttlSeconds, type Item, type ItemKey, type StateTable } from '../table/table.js';
import { bucketOf, expiryMs, slotOf, SLOTS, sumFor, type Slot } from './window.js';

export const THRESHOLD_KIND: StateKind = 'threshold';

export interface ThresholdHit {
  readonly monitorId: string;
  /** Who is counted (the hashed principal); with the monitor id it names the counter. */
  readonly key: string;
  /** How much this event counts; a whole number of at least 1. */
  readonly weight: number;
  /** The event's time: windows are event time, so a late delivery lands in its own bucket. */
  readonly at: Date;
  /** When it is counted (arrival): how long the counter must be kept is reckoned from the later of the two. */
  readonly now: Date;
  readonly windowMs: number;
}

export type ThresholdCount =
  /** The event was counted; `total` is what its window holds now, itself included. */
  | { readonly status: 'counted'; readonly total: number }
  /**
   * Not counted: it arrived more than a window after a later event of the same key, whose buckets have replaced its
   * own. Its own window cannot be judged any more.
   */
  | { readonly status: 'late' };

export const thresholdKey = (monitorId: string, key: string): ItemKey => ({ pk: `${THRESHOLD_KIND}#${monitorId}#${key}`, sk: 'counter' });

export class ThresholdCounters {
  constructor(private readonly table: StateTable) {}

  async count(hit: ThresholdHit): Promise<ThresholdCount> {
    checkHit(hit);
    const bucket = bucketOf(hit.at.getTime(), hit.windowMs);
    const slot = slotOf(bucket);
    const bucketAttribute = `b${slot}`;
    const countAttribute = `c${slot}`;
    const common = {
      kind: THRESHOLD_KIND,
      monitorId: hit.monitorId,
      expiresAt: ttlSeconds(Math.max(expiryMs(bucket, hit.windowMs), hit.now.getTime() + 2 * hit.windowMs)),
    };
    const key = thresholdKey(hit.monitorId, hit.key);
    const add = () => this.table.update(key, { add: { [countAttribute]: hit.weight }, set: common }, { if: is(bucketAttribute, '=', bucket) });
    // Add; if the slot holds another bucket, start it; if it held a newer one, the add fails once more: late.
    const item =
      (await add()) ??
      (await this.table.update(
        key,
        { set: { ...common, [bucketAttribute]: bucket, [countAttribute]: hit.weight } },
        { if: or(missing(bucketAttribute), is(bucketAttribute, '<', bucket)) },
      )) ??
      (await add());
    return item === undefined ? { status: 'late' } : { status: 'counted', total: sumFor(slotsOf(item), bucket) };
  }
}

/** Throws SecmonError INPUT_INVALID naming the field for a hit no counter can count. */
function checkHit(hit: ThresholdHit): void {
  const problem =
    !Number.isInteger(hit.weight) || hit.weight < 1
      ? `weight must be a whole number of at least 1, not ${hit.weight}`
      : !Number.isFinite(hit.at.getTime()) || !Number.isFinite(hit.now.getTime())
        ? 'time is not a valid date'
        : !Number.isInteger(hit.windowMs) || hit.windowMs < 1
          ? `window must be a whole number of milliseconds, not ${hit.windowMs}`
          : hit.key === '' || hit.monitorId === ''
            ? 'monitor id and key must not be empty'
            : undefined;
  if (problem !== undefined) throw new SecmonError('INPUT_INVALID', `threshold count for ${hit.monitorId || 'a monitor'}: ${problem}`);
}

/** The slots of an item: a slot never written is empty; a mistyped one is a STATE_STORE error naming it. */
function slotsOf(item: Item): (Slot | undefined)[] {
  return Array.from({ length: SLOTS }, (_, i) => {
    const bucket = optNum(item, `b${i}`);
    const count = optNum(item, `c${i}`);
    return bucket !== undefined && count !== undefined ? { bucket, count } : undefined;
  });
}
