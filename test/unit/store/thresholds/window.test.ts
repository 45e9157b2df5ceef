/** The sliding window threshold counters count over: one-minute buckets of a five-minute window, in six slots. */
import { describe, expect, it } from 'vitest';
import { bucketOf, slotOf, SLOTS, sumFor } from '../../../../src/store/thresholds/window.js';

describe('the threshold window', () => {
  it('cuts a five-minute window into one-minute buckets kept in six slots', () => {
    expect(bucketOf(59_999, 300_000)).toBe(0);
    expect(bucketOf(60_000, 300_000)).toBe(1);
    expect(SLOTS).toBe(6);
    expect([6, 7, 11, 12].map(slotOf)).toEqual([0, 1, 5, 0]);
  });

  it('sums the bucket of the event and the five before it, nothing newer or older', () => {
    const slots = [10, 11, 12, 13, 14, 15].map((bucket) => ({ bucket, count: 1 }));
    expect(sumFor(slots, 15)).toBe(6);
    expect(sumFor(slots, 13)).toBe(4);
    expect(sumFor([...slots.slice(1), { bucket: 16, count: 5 }], 16)).toBe(10);
    expect(sumFor([undefined, { bucket: 3, count: 2 }], 9)).toBe(0);
  });
});
