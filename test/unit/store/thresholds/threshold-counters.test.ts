/**
 * Threshold counters on DynamoDB (dynalite) and on the memory table `secmon replay` counts with: per monitor and key
 * over event time, in a window that never misses a burst of the configured length, late events reported.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoTable } from '../../../../src/store/table/dynamo-table.js';
import { MemoryTable } from '../../../../src/store/table/memory-table.js';
import type { StateTable } from '../../../../src/store/table/table.js';
import { ThresholdCounters, thresholdKey, type ThresholdCount, type ThresholdHit } from '../../../../src/store/thresholds/threshold-counters.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { expectRejectsWithCode } from '../support.js';

const WINDOW_MS = 300_000;
/** A bucket boundary (a multiple of a minute), so tests can place events on either side of one. */
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

function hit(overrides: Partial<ThresholdHit> & { readonly offsetMs?: number } = {}): ThresholdHit {
  const { offsetMs = 0, ...rest } = overrides;
  const at = new Date(T0 + offsetMs);
  return { monitorId: 'secrets-bulk-read', key: 'k-alice', weight: 1, at, now: at, windowMs: WINDOW_MS, ...rest };
}

function totals(results: readonly ThresholdCount[]): (number | 'late')[] {
  return results.map((r) => (r.status === 'counted' ? r.total : 'late'));
}

const tables = useDynaliteTables();

describe.each([
  ['DynamoDB (dynalite)', (): Promise<StateTable> => tables.table()],
  ['the memory table', async (): Promise<StateTable> => new MemoryTable()],
])('threshold counters on %s', (_, tableOf) => {
  let counter: ThresholdCounters;

  beforeEach(async () => {
    counter = new ThresholdCounters(await tableOf());
  });

  it('counts the events of one key, each answer including the event itself', async () => {
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await counter.count(hit({ offsetMs: i * 5_000 })));
    expect(totals(results)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('adds weights (a GetParameters call reading four parameters counts four)', async () => {
    expect(totals([await counter.count(hit({ weight: 4 })), await counter.count(hit({ weight: 4, offsetMs: 1_000 }))])).toEqual([4, 8]);
  });

  it('keeps keys and monitors apart', async () => {
    await counter.count(hit({ weight: 5 }));
    expect(totals([await counter.count(hit({ key: 'k-bob' }))])).toEqual([1]);
    expect(totals([await counter.count(hit({ monitorId: 'other-monitor' }))])).toEqual([1]);
    expect(totals([await counter.count(hit())])).toEqual([6]);
  });

  it('counts a burst within the window whole, wherever it falls against minute boundaries', async () => {
    // 59 s into a minute, then across five boundaries to 4 min 59 s later: all within 300 s.
    const offsets = [59_000, 120_000, 180_000, 240_000, 300_000, 357_999];
    const results = [];
    for (const offsetMs of offsets) results.push(await counter.count(hit({ offsetMs })));
    expect(totals(results)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('forgets events once they are more than a window and a fifth older', async () => {
    await counter.count(hit({ weight: 9 }));
    expect(totals([await counter.count(hit({ offsetMs: 6 * 60_000 }))])).toEqual([1]);
  });

  it('counts an event delivered out of order into its own minute, judged by the window that ends there', async () => {
    await counter.count(hit({ offsetMs: 180_000 }));
    // Its window (the five minutes before it) holds nothing else; a later event's window holds all three.
    expect(totals([await counter.count(hit({ offsetMs: 60_000 })), await counter.count(hit({ offsetMs: 200_000 }))])).toEqual([1, 3]);
  });

  it('reports an event as late when later events of its key have taken over its minute', async () => {
    await counter.count(hit({ offsetMs: 20 * 60_000 }));
    expect(await counter.count(hit({ offsetMs: 8 * 60_000 }))).toEqual({ status: 'late' });
    // A late event changes nothing.
    expect(totals([await counter.count(hit({ offsetMs: 20 * 60_000 + 1_000 }))])).toEqual([2]);
  });

  it('answers concurrent events with distinct totals, so exactly one of them reaches a threshold', async () => {
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
  ])('refuses %s, naming the field', async (_label, overrides, message) => {
    const counting = counter.count(hit(overrides));
    await expect(counting).rejects.toThrow(message);
    await expectRejectsWithCode(counting, 'INPUT_INVALID');
  });
});

describe('threshold counters: the stored item', () => {
  it('is one item per monitor and key under threshold#, with a TTL past every window that may read it', async () => {
    const counter = new ThresholdCounters(await tables.table());
    const first = hit({ offsetMs: 30_000 });
    await counter.count(first);
    await counter.count(hit({ offsetMs: 90_000, weight: 3 }));
    const key = thresholdKey('secrets-bulk-read', 'k-alice');
    expect(key).toEqual({ pk: 'threshold#secrets-bulk-read#k-alice', sk: 'counter' });
    const item = await tables.raw(key);
    const minute = Math.floor(first.at.getTime() / 60_000);
    expect(item).toMatchObject({ kind: 'threshold', monitorId: 'secrets-bulk-read', [`b${minute % 6}`]: minute, [`c${minute % 6}`]: 1 });
    expect(item).toMatchObject({ [`b${(minute + 1) % 6}`]: minute + 1, [`c${(minute + 1) % 6}`]: 3 });
    // The TTL attribute of the table, in epoch seconds, later than the last bucket's window.
    const expires = item?.[tables.dynamo.ttlAttribute] as number;
    expect(expires).toBeGreaterThan((first.at.getTime() + 6 * 60_000 + 300_000) / 1000);
    expect(expires).toBeLessThan((first.at.getTime() + 60 * 60_000) / 1000);
  });

  it('keeps an event counted long after its time for two windows from its arrival', async () => {
    const counter = new ThresholdCounters(await tables.table());
    const arrival = new Date(T0 + 24 * 3600_000);
    await counter.count(hit({ now: arrival }));
    const item = await tables.raw(thresholdKey('secrets-bulk-read', 'k-alice'));
    expect(item?.[tables.dynamo.ttlAttribute]).toBe(Math.floor((arrival.getTime() + 2 * WINDOW_MS) / 1000));
  });

  it('fails with STATE_STORE on a mistyped slot, naming the item and attribute', async () => {
    const table = await tables.table();
    const counter = new ThresholdCounters(table);
    // Another slot than the one the event counts into: the update succeeds, reading the item back fails.
    const bucket = Math.floor(T0 / 60_000) - 3;
    await table.put({ ...thresholdKey('secrets-bulk-read', 'k-alice'), kind: 'threshold', [`b${bucket % 6}`]: bucket, [`c${bucket % 6}`]: 'many' });
    const counting = counter.count(hit());
    await expectRejectsWithCode(counting, 'STATE_STORE');
    await expect(counting).rejects.toThrow(`threshold#secrets-bulk-read#k-alice / counter: attribute c${bucket % 6}`);
  });

  it('turns AWS errors into STATE_STORE errors that keep the AWS error as cause', async () => {
    const counter = new ThresholdCounters(new DynamoTable({ client: tables.dynamo.documentClient, tableName: 'no-such-table' }));
    const counting = counter.count(hit());
    await expectRejectsWithCode(counting, 'STATE_STORE');
    await expect(counting).rejects.toHaveProperty('cause.name', 'ResourceNotFoundException');
  });
});
