/** The post budget on DynamoDB (dynalite): slots per channel and minute, held alerts counted and sampled. */
import { beforeEach, describe, expect, it } from 'vitest';
import { FLOOD_SAMPLE_LIMIT, FLOOD_WINDOW_MS, PostBudget, floodWindowKey, type HeldAlert } from '../../../../src/store/flood/post-budget.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { T0, at } from '../support.js';

const tables = useDynaliteTables();
let budget: PostBudget;

beforeEach(async () => {
  budget = new PostBudget(await tables.table());
});

const held = (n: number, monitorId: string | null = 'unauthorized-api-calls'): HeldAlert => ({
  monitorId: monitorId ?? undefined,
  source: monitorId === null ? 'notification' : 'event',
  severity: 'medium',
  title: `alert ${n}`,
  summary: `summary ${n}`,
  time: at(n).toISOString(),
});

describe('post budget', () => {
  it('grants `limit` slots per channel and minute; forced slots always, and they count', async () => {
    const granted = [];
    for (let n = 0; n < 5; n++) granted.push(await budget.take('C1', at(n), { limit: 3, force: false }));
    expect(granted).toEqual([true, true, true, false, false]);
    expect(await budget.take('C1', at(10), { limit: 3, force: true })).toBe(true);
    expect(await budget.take('C2', at(10), { limit: 3, force: false })).toBe(true);
    expect(await budget.take('C1', at(FLOOD_WINDOW_MS), { limit: 3, force: false })).toBe(true);
    expect(await tables.raw(floodWindowKey('C1', T0))).toMatchObject({ pk: 'flood#C1', kind: 'flood', posts: 4 });
  });

  it('of concurrent takes, exactly `limit` get a slot', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => budget.take('C1', at(0), { limit: 5, force: false })));
    expect(results.filter(Boolean)).toHaveLength(5);
  });

  it('counts held alerts per window and monitor, keeps the first ones whole, and lists windows once they ended', async () => {
    await budget.take('C1', at(0), { limit: 1, force: false });
    for (let n = 1; n <= FLOOD_SAMPLE_LIMIT + 3; n++) expect((await budget.hold('C1', held(n), at(n))).held).toBe(n);
    await budget.hold('C1', held(99, null), at(99));
    await budget.hold('C1', held(100, 'sg-open-to-world'), at(FLOOD_WINDOW_MS + 1)); // the next window

    expect(await budget.listEnded('C1', T0 + FLOOD_WINDOW_MS - 1)).toEqual([]);
    const [window, ...others] = await budget.listEnded('C1', T0 + FLOOD_WINDOW_MS);
    expect(others).toEqual([]);
    expect(window).toMatchObject({
      channel: 'C1',
      startMs: T0,
      posts: 1,
      held: FLOOD_SAMPLE_LIMIT + 4,
      heldBy: { 'unauthorized-api-calls': FLOOD_SAMPLE_LIMIT + 3, notification: 1 },
    });
    expect(window!.samples.map((sample) => sample.title)).toEqual(Array.from({ length: FLOOD_SAMPLE_LIMIT }, (_, i) => `alert ${i + 1}`));

    expect(await budget.clear(window!)).toBe(true);
    expect(await tables.partition('flood#C1')).toHaveLength(2); // the next window: counter and its sample
    expect((await budget.listEnded('C1', T0 + 2 * FLOOD_WINDOW_MS)).map((w) => w.heldBy)).toEqual([{ 'sg-open-to-world': 1 }]);
  });

  it('keeps a window an alert was held in after the listing, for the next sweep', async () => {
    await budget.hold('C1', held(1), at(1));
    const [window] = await budget.listEnded('C1', T0 + FLOOD_WINDOW_MS);
    await budget.hold('C1', held(2), at(2)); // late: a slow invocation
    expect(await budget.clear(window!)).toBe(false);
    expect((await budget.listEnded('C1', T0 + FLOOD_WINDOW_MS))[0]).toMatchObject({ held: 2 });
  });

  it('lists and clears windows that only counted posts', async () => {
    await budget.take('C1', at(0), { limit: 5, force: false });
    const [window] = await budget.listEnded('C1', T0 + FLOOD_WINDOW_MS);
    expect(window).toMatchObject({ posts: 1, held: 0, heldBy: {}, samples: [] });
    expect(await budget.clear(window!)).toBe(true);
    expect(await tables.partition('flood#C1')).toEqual([]);
  });
});
