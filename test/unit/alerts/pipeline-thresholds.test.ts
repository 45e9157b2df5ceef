/** The pipeline's two new gates for event alerts: record conditions that set an event aside, and thresholds. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Alert, AlertThreshold } from '../../../src/alerts/model.js';
import { processAlert, type PipelineDeps } from '../../../src/alerts/pipeline.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { MemoryTable } from '../../../src/store/table/memory-table.js';
import { eventAlert } from '../../helpers/alerts.js';
import { Clock, FakeSlack, fakeRender } from './pipeline-harness.js';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const MONITOR = { id: 'secrets-bulk-read', title: 'Secrets read in bulk', severity: 'high' } as const;

let clock: Clock;
let slack: FakeSlack;
let state: StateStores;
let deps: PipelineDeps;

beforeEach(() => {
  clock = new Clock(T0);
  slack = new FakeSlack(clock);
  state = createStateStores(new MemoryTable());
  deps = { state, slack, render: fakeRender, channel: 'C0SECMON', now: clock.now };
});

let delivery = 0;
function read(overrides: { key?: string; weight?: number; atMs?: number } = {}): Alert {
  const threshold: AlertThreshold = {
    count: 10,
    windowSeconds: 300,
    unit: 'secret values read',
    key: overrides.key ?? 'k-mallory',
    weight: overrides.weight ?? 1,
    reached: undefined,
  };
  return eventAlert({
    deliveryId: `d-${++delivery}`,
    monitor: MONITOR,
    severity: 'high',
    title: MONITOR.title,
    time: new Date(overrides.atMs ?? clock.ms).toISOString(),
    groupKey: `g-${threshold.key}`,
    threshold,
  });
}

describe('events set aside by a record condition', () => {
  it('are ignored, naming the conditions, never posted nor recorded as a monitor’s last alert', async () => {
    const setAside = [{ monitorId: 'access-key-created-for-other', condition: 'key-for-another-user' }];
    const outcome = await processAlert(eventAlert({ monitor: null, severity: 'info', setAside }), deps);
    expect(outcome).toEqual({ kind: 'ignored', reason: 'record-condition-unmet', setAside });
    expect(slack.posts).toHaveLength(0);
    expect(await state.lastAlerts.list()).toEqual([]);
  });

  it('do not hide an event some monitor did match', async () => {
    const setAside = [{ monitorId: 'access-key-created-for-other', condition: 'key-for-another-user' }];
    const outcome = await processAlert(eventAlert({ groupKey: undefined, setAside }), deps);
    expect(outcome.kind).toBe('posted');
  });
});

describe('threshold monitors', () => {
  it('count events below the threshold, post once when it is reached, then group the rest of the burst', async () => {
    const outcomes = [];
    for (let i = 0; i < 14; i++) {
      outcomes.push(await processAlert(read(), deps));
      clock.advance(6_000);
    }
    expect(outcomes.slice(0, 9)).toEqual(Array.from({ length: 9 }, (_, i) => ({ kind: 'counted', monitorId: MONITOR.id, total: i + 1, threshold: 10 })));
    expect(outcomes[9]).toMatchObject({ kind: 'posted', as: 'group-first', count: 1 });
    expect(outcomes.slice(10).map((o) => o.kind)).toEqual(['grouped', 'grouped', 'grouped', 'grouped']);
    expect(slack.posts).toHaveLength(1);
    // The posted alert says what it reached.
    const content = await state.messages.get(slack.posts[0]!.posted);
    expect(content?.alert.threshold).toMatchObject({ count: 10, reached: 10, unit: 'secret values read' });
    // Only what reached Slack counts as the monitor's last alert.
    expect((await state.lastAlerts.list()).map((a) => a.monitorId)).toEqual([MONITOR.id]);
  });

  it('count each principal apart', async () => {
    for (let i = 0; i < 9; i++) await processAlert(read({ key: 'k-mallory' }), deps);
    const other = await processAlert(read({ key: 'k-orders-api' }), deps);
    expect(other).toEqual({ kind: 'counted', monitorId: MONITOR.id, total: 1, threshold: 10 });
    expect(slack.posts).toHaveLength(0);
  });

  it('post at once for an event that counts as the whole threshold (BatchGetSecretValue)', async () => {
    expect(await processAlert(read({ weight: 10 }), deps)).toMatchObject({ kind: 'posted', as: 'group-first' });
  });

  it('start counting afresh once the burst is over', async () => {
    for (let i = 0; i < 10; i++) await processAlert(read(), deps);
    clock.advance(7 * 60_000);
    expect(await processAlert(read(), deps)).toEqual({ kind: 'counted', monitorId: MONITOR.id, total: 1, threshold: 10 });
  });

  it('count by event time, so events delivered late land in their own minute', async () => {
    // Nine reads at 09:00, delivered now; the tenth read happened at 09:02 but arrives at 09:20.
    for (let i = 0; i < 9; i++) await processAlert(read({ atMs: T0 }), deps);
    clock.advance(20 * 60_000);
    expect(await processAlert(read({ atMs: T0 + 120_000 }), deps)).toMatchObject({ kind: 'posted' });
  });

  it('stop an event that came too late to be judged, saying so', async () => {
    await processAlert(read({ atMs: T0 + 30 * 60_000 }), deps);
    expect(await processAlert(read({ atMs: T0 }), deps)).toEqual({ kind: 'counted', monitorId: MONITOR.id, total: undefined, threshold: 10 });
  });

  it('are silenced only once the threshold is reached: a silence counts alerts, not reads', async () => {
    await state.silences.put({ monitorId: MONITOR.id, until: new Date(T0 + 3_600_000).toISOString(), by: 'U1', reason: undefined, message: undefined });
    const outcomes = [];
    for (let i = 0; i < 11; i++) outcomes.push(await processAlert(read(), deps));
    expect(outcomes.filter((o) => o.kind === 'counted')).toHaveLength(9);
    expect(outcomes.slice(9)).toEqual([
      { kind: 'silenced', monitorId: MONITOR.id, suppressed: 1 },
      { kind: 'silenced', monitorId: MONITOR.id, suppressed: 2 },
    ]);
  });
});
