/**
 * Threshold counters: how many matching events one principal caused within a monitor's window, counted in the state
 * table on the event path (the alerts pipeline asks one question per event: "count this; what is the total now?").
 */
import { SecmonError } from '../../errors.js';

export interface ThresholdHit {
  readonly monitorId: string;
  /** Who is counted (the hashed principal); with the monitor id it names the counter. */
  readonly key: string;
  /** How much this event counts; a whole number of at least 1. */
  readonly weight: number;
  /** The event's time: windows are event time, so a late delivery lands in its own minute. */
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

export interface ThresholdCounter {
  count(hit: ThresholdHit): Promise<ThresholdCount>;
}

/** Throws SecmonError INPUT_INVALID naming the field for a hit no counter can count. */
export function checkHit(hit: ThresholdHit): void {
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
