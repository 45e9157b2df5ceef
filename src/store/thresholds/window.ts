/**
 * The sliding window a threshold is counted over (threshold-counters.ts keeps it in the state table: DynamoDB in the
 * alerts function, the memory table in `secmon replay`, so both count alike to the event).
 *
 * Time is cut into buckets of a fifth of the window. An event counts into the bucket of its time; the count it is
 * judged by is the sum of its own bucket and the five before it. Any run of events that fits within the window
 * spans at most six buckets, so it is always counted whole: the counter never misses a burst the window describes,
 * and may count one that took up to a fifth longer.
 *
 * A key keeps its buckets in SLOTS slots, bucket b in slot b mod SLOTS: six slots hold exactly the buckets one sum
 * reads, so writing a bucket only ever overwrites one older than any sum still needs. An event whose bucket is
 * older than its slot's (it arrived more than a window after a later event of the same key) cannot be counted:
 * `late`.
 */

/** Buckets per window. */
export const BUCKETS_PER_WINDOW = 5;
/** Buckets a sum reads, and slots a key keeps. */
export const SLOTS = BUCKETS_PER_WINDOW + 1;

export interface Slot {
  readonly bucket: number;
  readonly count: number;
}

export function bucketMs(windowMs: number): number {
  return Math.max(1, Math.floor(windowMs / BUCKETS_PER_WINDOW));
}

export function bucketOf(atMs: number, windowMs: number): number {
  return Math.floor(atMs / bucketMs(windowMs));
}

export function slotOf(bucket: number): number {
  return ((bucket % SLOTS) + SLOTS) % SLOTS;
}

/** The count an event of `bucket` is judged by: its bucket and the SLOTS - 1 before it. */
export function sumFor(slots: readonly (Slot | undefined)[], bucket: number): number {
  let total = 0;
  for (const slot of slots) if (slot !== undefined && slot.bucket <= bucket && slot.bucket > bucket - SLOTS) total += slot.count;
  return total;
}

/** After the last bucket a key's item can matter to, plus a window: when DynamoDB's TTL may remove it. */
export function expiryMs(bucket: number, windowMs: number): number {
  return (bucket + SLOTS + 1) * bucketMs(windowMs) + windowMs;
}
