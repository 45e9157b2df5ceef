/**
 * What every threshold counter does (the DynamoDB one on dynalite, the memory one): counts per monitor and key over
 * event time, in a window that never misses a burst of the configured length, and reports late events.
 */
import { describe, expect, it } from 'vitest';
import { isSecmonError } from '../../../../src/errors.js';
import type { ThresholdCount, ThresholdCounter, ThresholdHit } from '../../../../src/store/thresholds/index.js';

const WINDOW_MS = 300_000;
/** A bucket boundary (a multiple of a minute), so tests can place events on either side of one. */
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

export function hit(overrides: Partial<ThresholdHit> & { readonly offsetMs?: number } = {}): ThresholdHit {
  const { offsetMs = 0, ...rest } = overrides;
  const at = new Date(T0 + offsetMs);
  return { monitorId: 'secrets-bulk-read', key: 'k-alice', weight: 1, at, now: at, windowMs: WINDOW_MS, ...rest };
}

function totals(results: readonly ThresholdCount[]): (number | 'late')[] {
  return results.map((r) => (r.status === 'counted' ? r.total : 'late'));
}

export function describeThresholdCounterContract(name: string, create: () => Promise<ThresholdCounter>): void {
  describe(`${name}: threshold counter contract`, () => {
    it('counts the events of one key, each answer including the event itself', async () => {
      const counter = await create();
      const results = [];
      for (let i = 0; i < 10; i++) results.push(await counter.count(hit({ offsetMs: i * 5_000 })));
      expect(totals(results)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('adds weights (a GetParameters call reading four parameters counts four)', async () => {
      const counter = await create();
      expect(totals([await counter.count(hit({ weight: 4 })), await counter.count(hit({ weight: 4, offsetMs: 1_000 }))])).toEqual([4, 8]);
    });

    it('keeps keys and monitors apart', async () => {
      const counter = await create();
      await counter.count(hit({ weight: 5 }));
      expect(totals([await counter.count(hit({ key: 'k-bob' }))])).toEqual([1]);
      expect(totals([await counter.count(hit({ monitorId: 'other-monitor' }))])).toEqual([1]);
      expect(totals([await counter.count(hit())])).toEqual([6]);
    });

    it('counts a burst within the window whole, wherever it falls against minute boundaries', async () => {
      const counter = await create();
      // 59 s into a minute, then across five boundaries to 4 min 59 s later: all within 300 s.
      const offsets = [59_000, 120_000, 180_000, 240_000, 300_000, 357_999];
      const results = [];
      for (const offsetMs of offsets) results.push(await counter.count(hit({ offsetMs })));
      expect(totals(results)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('forgets events once they are more than a window and a fifth older', async () => {
      const counter = await create();
      await counter.count(hit({ weight: 9 }));
      expect(totals([await counter.count(hit({ offsetMs: 6 * 60_000 }))])).toEqual([1]);
    });

    it('counts an event delivered out of order into its own minute, judged by the window that ends there', async () => {
      const counter = await create();
      await counter.count(hit({ offsetMs: 180_000 }));
      // Its window (the five minutes before it) holds nothing else; a later event's window holds all three.
      expect(totals([await counter.count(hit({ offsetMs: 60_000 })), await counter.count(hit({ offsetMs: 200_000 }))])).toEqual([1, 3]);
    });

    it('reports an event as late when later events of its key have taken over its minute', async () => {
      const counter = await create();
      await counter.count(hit({ offsetMs: 20 * 60_000 }));
      expect(await counter.count(hit({ offsetMs: 8 * 60_000 }))).toEqual({ status: 'late' });
      // A late event changes nothing.
      expect(totals([await counter.count(hit({ offsetMs: 20 * 60_000 + 1_000 }))])).toEqual([2]);
    });

    it('answers concurrent events with distinct totals, so exactly one of them reaches a threshold', async () => {
      const counter = await create();
      await counter.count(hit({ offsetMs: -10 * 60_000 })); // an old bucket in the slot the burst lands in
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => counter.count(hit({ offsetMs: i }))));
      expect(totals(results).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      expect(totals(results).filter((t) => t === 10)).toHaveLength(1);
    });

    it.each([
      ['a weight of 0', { weight: 0 }, /weight must be a whole number of at least 1/],
      ['a fractional weight', { weight: 1.5 }, /weight/],
      ['an invalid time', { at: new Date(Number.NaN) }, /time is not a valid date/],
      ['no window', { windowMs: 0 }, /window/],
      ['an empty key', { key: '' }, /must not be empty/],
    ])('refuses %s, naming the field', async (_, overrides, message) => {
      const counter = await create();
      const error = await counter.count(hit(overrides)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isSecmonError(error, 'INPUT_INVALID')).toBe(true);
      expect((error as Error).message).toMatch(message);
    });
  });
}
