import { beforeEach, describe, expect, it } from 'vitest';
import { NEW_MESSAGE_STATE, type Alert } from '../../../src/alerts/model.js';
import { processAlert, type PipelineDeps, type PipelineOutcome } from '../../../src/alerts/pipeline.js';
import { sweep, SweepError, type SweepDeps } from '../../../src/alerts/sweep.js';
import { isSecmonError, SecmonError } from '../../../src/errors.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { REVERT_LEASES } from '../../../src/store/remediations/remediations.js';
import { MemoryTable } from '../../../src/store/table/memory-table.js';
import { addedRule, alarmAlert, configAlert, eventAlert, notificationAlert, revertTarget, sgRevertAlert } from '../../helpers/alerts.js';
import { Clock, FakeSlack, fakeRender, rendered } from './pipeline-harness.js';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const CHANNEL = 'C0SECMON';
const KEY = 'admin-policy-attached|arn:aws:iam::111122223333:user/alice|ci-deploy';

let clock: Clock;
let slack: FakeSlack;
let state: StateStores;
let deps: PipelineDeps & SweepDeps;

beforeEach(() => {
  clock = new Clock(T0);
  slack = new FakeSlack(clock);
  state = createStateStores(new MemoryTable());
  deps = { state, slack, render: fakeRender, channel: CHANNEL, now: clock.now };
});

let delivery = 0;
/** An event alert of the KEY group, with a fresh delivery id and the clock's time. */
function groupAlert(overrides: Partial<Alert> = {}): Alert {
  return eventAlert({ deliveryId: `d-${++delivery}`, time: clock.now().toISOString(), groupKey: KEY, ...overrides });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('test alerts', () => {
  it('post every time, bypassing silences and grouping', async () => {
    await state.silences.put({ monitorId: 'admin-policy-attached', until: '2026-11-21T00:00:00Z', by: 'U1', reason: undefined, message: undefined });
    const first = await processAlert(groupAlert({ source: 'test' }), deps);
    const second = await processAlert(groupAlert({ source: 'test' }), deps);

    expect(first).toMatchObject({ kind: 'posted', as: 'test' });
    expect(second).toMatchObject({ kind: 'posted', as: 'test' });
    expect(slack.posts).toHaveLength(2);
    expect((await state.silences.get('admin-policy-attached'))?.suppressed).toBe(0);
  });
});

describe('alarm alerts', () => {
  const alarm = (state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', changedAt: string, deliveryId = `alarm-${state}-${changedAt}`): Alert => {
    const base = alarmAlert();
    return alarmAlert({ deliveryId, time: changedAt, alarm: { ...base.alarm!, state, changedAt } });
  };

  it('posts on ALARM and resolves that message in place on OK, without posting again', async () => {
    const posted = await processAlert(alarm('ALARM', '2026-11-20T10:05:00Z'), deps);
    expect(posted).toMatchObject({ kind: 'posted', as: 'alarm' });
    const message = slack.posts[0]!.posted;
    expect(await state.alarms.get('secmon-cis-unauthorized-api-calls')).toEqual(message);

    const resolved = await processAlert(alarm('OK', '2026-11-20T10:20:00Z'), deps);

    expect(resolved).toEqual({ kind: 'resolved', alarmName: 'secmon-cis-unauthorized-api-calls', message, resolvedAt: '2026-11-20T10:20:00Z' });
    expect(slack.posts).toHaveLength(1);
    expect(slack.updates).toHaveLength(1);
    expect(slack.updates[0]!.target).toEqual(message);
    const shown = rendered(slack.updates[0]!.message);
    expect(shown.deliveryId).toBe('alarm-ALARM-2026-11-20T10:05:00Z'); // the ALARM alert, now resolved
    expect(shown.state.resolvedAt).toBe('2026-11-20T10:20:00Z');
    expect((await state.messages.get(message))?.state.resolvedAt).toBe('2026-11-20T10:20:00Z');
    expect(await state.alarms.get('secmon-cis-unauthorized-api-calls')).toBeUndefined();
  });

  it('ignores OK without an open ALARM message (a new alarm goes INSUFFICIENT_DATA -> OK)', async () => {
    const outcome = await processAlert(alarm('OK', '2026-11-20T10:00:00Z'), deps);
    expect(outcome).toEqual({ kind: 'ignored', reason: 'ok-without-open-alarm' });
    expect(slack.posts).toHaveLength(0);
    expect(slack.updates).toHaveLength(0);
  });

  it('an OK that overtook its ALARM (a retried delivery) makes that ALARM post as resolved, not open for good', async () => {
    const base = alarmAlert();
    const ok = alarmAlert({ deliveryId: 'ok-first', time: '2026-11-20T10:20:00Z', alarm: { ...base.alarm!, state: 'OK', previousState: 'ALARM', changedAt: '2026-11-20T10:20:00Z' } });
    expect(await processAlert(ok, deps)).toEqual({ kind: 'ignored', reason: 'ok-without-open-alarm' });
    const late = await processAlert(alarm('ALARM', '2026-11-20T10:05:00Z'), deps);
    expect(late).toMatchObject({ kind: 'posted', as: 'alarm' });
    expect(rendered(slack.posts[0]!.message).state.resolvedAt).toBe('2026-11-20T10:20:00Z');
    expect(await state.alarms.get('secmon-cis-unauthorized-api-calls')).toBeUndefined();
    // A later episode of the same alarm is open as usual.
    await processAlert(alarm('ALARM', '2026-11-20T11:05:00Z'), deps);
    expect(rendered(slack.posts[1]!.message).state.resolvedAt).toBeUndefined();
    expect(await state.alarms.get('secmon-cis-unauthorized-api-calls')).toEqual(slack.posts[1]!.posted);
  });

  it('posts INSUFFICIENT_DATA without closing an open ALARM message', async () => {
    await processAlert(alarm('ALARM', '2026-11-20T10:05:00Z'), deps);
    const outcome = await processAlert(alarm('INSUFFICIENT_DATA', '2026-11-20T10:10:00Z'), deps);
    expect(outcome).toMatchObject({ kind: 'posted', as: 'insufficient-data' });
    expect(slack.posts).toHaveLength(2);
    expect(await state.alarms.get('secmon-cis-unauthorized-api-calls')).toEqual(slack.posts[0]!.posted);
  });

  it('resolves the newest ALARM message when an OK was lost in between', async () => {
    await processAlert(alarm('ALARM', '2026-11-20T10:05:00Z'), deps);
    await processAlert(alarm('ALARM', '2026-11-20T11:05:00Z'), deps);
    const outcome = await processAlert(alarm('OK', '2026-11-20T11:20:00Z'), deps);
    expect(outcome).toMatchObject({ kind: 'resolved', message: slack.posts[1]!.posted });
  });
});

describe('silences', () => {
  beforeEach(async () => {
    await state.silences.put(
      { monitorId: 'admin-policy-attached', until: new Date(T0 + 3600_000).toISOString(), by: 'U1', reason: 'change window', message: undefined },
    );
  });

  it('suppresses and counts event alerts of a silenced monitor', async () => {
    const outcomes = [await processAlert(groupAlert(), deps), await processAlert(groupAlert({ groupKey: undefined }), deps)];
    expect(outcomes).toEqual([
      { kind: 'silenced', monitorId: 'admin-policy-attached', suppressed: 1 },
      { kind: 'silenced', monitorId: 'admin-policy-attached', suppressed: 2 },
    ]);
    expect(slack.posts).toHaveLength(0);
  });

  it('suppresses Config alerts of a silenced monitor, and only of that monitor', async () => {
    await state.silences.put(
      { monitorId: 'config-noncompliant', until: new Date(T0 + 60_000).toISOString(), by: 'U1', reason: undefined, message: undefined },
    );
    expect(await processAlert(configAlert(), deps)).toMatchObject({ kind: 'silenced', monitorId: 'config-noncompliant' });
    expect(await processAlert(eventAlert({ monitor: { id: 'root-activity', title: 'Root', severity: 'critical' }, groupKey: undefined }), deps)).toMatchObject({
      kind: 'posted',
    });
  });

  it('posts again once the silence has passed its end', async () => {
    clock.advance(3600_000);
    expect(await processAlert(groupAlert(), deps)).toMatchObject({ kind: 'posted', as: 'group-first' });
    expect((await state.silences.get('admin-policy-attached'))?.suppressed).toBe(0);
  });
});

describe('plain posts', () => {
  it('posts notifications and alerts without a groupKey every time, saving their content', async () => {
    const outcomes = [
      await processAlert(notificationAlert({ groupKey: 'ignored-for-notifications' }), deps),
      await processAlert(notificationAlert({ groupKey: 'ignored-for-notifications' }), deps),
      await processAlert(groupAlert({ groupKey: undefined }), deps),
      await processAlert(groupAlert({ groupKey: undefined }), deps),
    ];
    expect(outcomes.map((o) => (o.kind === 'posted' ? o.as : o.kind))).toEqual(['notification', 'notification', 'ungrouped', 'ungrouped']);
    expect(slack.posts).toHaveLength(4);
    expect((await state.messages.get(slack.posts[2]!.posted))?.alert.deliveryId).toBe(`d-${delivery - 1}`);
  });
});

describe('grouping', () => {
  it('posts the first alert of a group and updates that message with the count and time range', async () => {
    const first = await processAlert(groupAlert(), deps);
    clock.advance(1000);
    const second = await processAlert(groupAlert(), deps);
    clock.advance(5000);
    const third = await processAlert(groupAlert(), deps);

    expect(first).toMatchObject({ kind: 'posted', as: 'group-first', groupKey: KEY, count: 1 });
    expect(second).toMatchObject({ kind: 'grouped', count: 2, update: 'deferred', deferredBecause: 'render-slot-busy' });
    expect(third).toMatchObject({ kind: 'grouped', count: 3, update: 'updated' });
    expect(slack.posts).toHaveLength(1);
    expect(rendered(slack.posts[0]!.message).state.group).toBeUndefined();
    expect(slack.updates).toHaveLength(1);
    expect(rendered(slack.updates[0]!.message).state.group).toEqual({
      count: 3,
      firstSeen: new Date(T0).toISOString(),
      lastSeen: new Date(T0 + 6000).toISOString(),
    });
    expect((await state.messages.get(slack.posts[0]!.posted))?.state.group?.count).toBe(3);
  });

  it('starts a new message after the window, and the sweep renders the old one exactly', async () => {
    await processAlert(groupAlert(), deps);
    clock.advance(1000);
    await processAlert(groupAlert(), deps); // deferred: slot busy
    clock.advance(10 * 60_000);
    const next = await processAlert(groupAlert(), deps);

    expect(next).toMatchObject({ kind: 'posted', as: 'group-first', count: 1 });
    expect(slack.posts).toHaveLength(2);
    const report = await sweep(deps);
    expect(report.groups).toMatchObject([{ action: 'rendered', count: 2, openedAt: T0 }]);
    expect(slack.shown(slack.posts[0]!.posted)?.state.group?.count).toBe(2);
    expect(await state.groups.listDirty()).toEqual([]);
  });

  it('keeps acknowledgements and other state when the counter updates', async () => {
    await processAlert(groupAlert(), deps);
    const message = slack.posts[0]!.posted;
    await state.messages.updateState(message, { acknowledged: { by: 'U2', at: '2026-11-20T10:00:03Z' } });
    clock.advance(6000);
    await processAlert(groupAlert(), deps);
    expect(slack.shown(message)?.state).toMatchObject({ acknowledged: { by: 'U2' }, group: { count: 2 } });
  });

  it('counts a redelivered first alert once', async () => {
    const first = groupAlert();
    await processAlert(first, deps);
    clock.advance(6000);
    const again = await processAlert(first, deps);
    expect(again).toMatchObject({ kind: 'posted', recovered: true, count: 1 });
    expect(slack.posts).toHaveLength(1);
    expect((await state.groups.get({ groupKey: KEY, openedAt: T0 }))?.count).toBe(1);
  });
});

describe('last alert per monitor', () => {
  const alarm = (state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', changedAt: string): Alert => {
    const base = alarmAlert();
    return alarmAlert({ deliveryId: `last-${state}-${changedAt}`, time: changedAt, alarm: { ...base.alarm!, state, changedAt } });
  };

  it('records posted and grouped alerts with their message, the latest by alert time', async () => {
    await processAlert(groupAlert({ summary: 'first' }), deps);
    const message = slack.posts[0]!.posted;
    clock.advance(1000);
    await processAlert(groupAlert({ summary: 'second, counted into the group' }), deps);
    expect(await state.lastAlerts.list()).toEqual([
      { monitorId: 'admin-policy-attached', at: new Date(T0 + 1000).toISOString(), summary: 'second, counted into the group', message },
    ]);

    // A late delivery of an older event does not hide the newer one.
    await processAlert(groupAlert({ groupKey: undefined, summary: 'late', time: new Date(T0 - 60_000).toISOString() }), deps);
    expect((await state.lastAlerts.list())[0]?.summary).toBe('second, counted into the group');
  });

  it('records an ALARM but not its OK, INSUFFICIENT_DATA, a test, a silenced alert or one without a monitor', async () => {
    await processAlert(alarm('ALARM', '2026-11-20T10:05:00Z'), deps);
    await processAlert(alarm('OK', '2026-11-20T10:10:00Z'), deps);
    await processAlert(alarm('INSUFFICIENT_DATA', '2026-11-20T10:15:00Z'), deps);
    await processAlert(groupAlert({ source: 'test' }), deps);
    await processAlert(notificationAlert(), deps);
    await state.silences.put({ monitorId: 'config-noncompliant', until: '2026-11-21T00:00:00Z', by: 'U1', reason: undefined, message: undefined });
    await processAlert(configAlert(), deps);

    expect(await state.lastAlerts.list()).toEqual([
      { monitorId: 'cis-unauthorized-api-calls', at: '2026-11-20T10:05:00Z', summary: alarmAlert().summary, message: slack.posts[0]!.posted },
    ]);
  });

  it('records an alert whose time does not parse as arriving now', async () => {
    await processAlert(groupAlert({ groupKey: undefined, time: 'not a time' }), deps);
    expect((await state.lastAlerts.list())[0]?.at).toBe(new Date(T0).toISOString());
  });
});

describe('failures', () => {
  it('propagates a failed post, and the retry of that delivery posts the group once', async () => {
    const first = groupAlert();
    slack.failNext('post');
    const error = await rejection(processAlert(first, deps));
    expect(isSecmonError(error, 'SLACK_API')).toBe(true);
    expect(slack.posts).toHaveLength(0);

    clock.advance(60_000); // Lambda's first retry
    const retried = await processAlert(first, deps);

    expect(retried).toMatchObject({ kind: 'posted', as: 'group-first', recovered: true, count: 1 });
    expect(slack.posts).toHaveLength(1);
    expect(await state.groups.get({ groupKey: KEY, openedAt: T0 })).toMatchObject({ count: 1, message: slack.posts[0]!.posted });
  });

  it('after a failed first post, lets the next alert of the group post at once with the exact count', async () => {
    const first = groupAlert();
    slack.failNext('post');
    await rejection(processAlert(first, deps));
    clock.advance(1000);
    expect(await processAlert(groupAlert(), deps)).toMatchObject({ kind: 'posted', as: 'group-takeover', count: 2 });
    expect(slack.posts).toHaveLength(1);
    expect(rendered(slack.posts[0]!.message)).toMatchObject({ deliveryId: first.deliveryId, state: { group: { count: 2 } } });
    // The failed delivery's retry finds its group posted: nothing new.
    expect(await processAlert(first, deps)).toMatchObject({ kind: 'posted', recovered: true });
    expect(slack.posts).toHaveLength(1);
  });

  it('after a failed first post with no retry and no later alert, the sweep posts it', async () => {
    slack.failNext('post');
    await rejection(processAlert(groupAlert(), deps));
    clock.advance(1000);
    const report = await sweep(deps);
    expect(report.groups).toMatchObject([{ action: 'posted', count: 1, markerCleared: true }]);
    expect(slack.posts).toHaveLength(1);
  });

  it("lets the failed delivery's own retry post at once", async () => {
    const first = groupAlert();
    slack.failNext('post');
    await rejection(processAlert(first, deps));
    clock.advance(100);
    expect(await processAlert(first, deps)).toMatchObject({ kind: 'posted', as: 'group-first' });
    expect(slack.posts).toHaveLength(1);
  });

  it('lets a later alert take over a post whose lease expired', async () => {
    slack.failNext('post');
    await rejection(processAlert(groupAlert(), deps));
    clock.advance(30_000);
    expect(await processAlert(groupAlert(), deps)).toMatchObject({ kind: 'posted', as: 'group-takeover', count: 2 });
    expect(slack.posts).toHaveLength(1);
  });

  it('propagates a failed update and leaves the group for the sweep to render exactly', async () => {
    await processAlert(groupAlert(), deps);
    clock.advance(6000);
    slack.failNext('update');
    const error = await rejection(processAlert(groupAlert(), deps));
    expect(isSecmonError(error, 'SLACK_API')).toBe(true);
    expect(await state.groups.listDirty()).toMatchObject([{ groupKey: KEY, count: 2 }]);

    clock.advance(6000);
    await sweep(deps);
    expect(slack.shown(slack.posts[0]!.posted)?.state.group?.count).toBe(2);
    expect(await state.groups.listDirty()).toEqual([]);
  });

  it('propagates store errors as they are', async () => {
    const thrown = new SecmonError('STATE_STORE', 'state table UpdateItem group#k / current failed: ProvisionedThroughputExceededException');
    class ThrottledUpdates extends MemoryTable {
      override update(): Promise<undefined> {
        return Promise.reject(thrown);
      }
    }
    expect(await rejection(processAlert(groupAlert(), { ...deps, state: createStateStores(new ThrottledUpdates()) }))).toBe(thrown);
    expect(slack.posts).toHaveLength(0);
  });

  it('finishes the sweep for the other groups and then fails with every failure', async () => {
    await processAlert(groupAlert(), deps);
    await processAlert(groupAlert({ groupKey: 'other' }), deps);
    clock.advance(1000);
    await processAlert(groupAlert(), deps);
    await processAlert(groupAlert({ groupKey: 'other' }), deps);
    clock.advance(6000);
    slack.failNext('update');

    const error = await rejection(sweep(deps));

    expect(error).toBeInstanceOf(SweepError);
    const sweepError = error as SweepError;
    expect(sweepError.code).toBe('SWEEP_FAILED');
    expect(sweepError.failures).toHaveLength(1);
    expect(sweepError.report.groups).toHaveLength(1);
    expect(slack.updates).toHaveLength(1);
    expect(await state.groups.listDirty()).toHaveLength(1);
  });
});

describe('pipeline: suppression rules', () => {
  const put = async (until = T0 + 3600_000) => {
    const created = await state.suppressions.put(
      { monitorId: 'admin-policy-attached', matchers: { principal: 'arn:aws:iam::111122223333:user/alice' }, until: new Date(until).toISOString(), by: 'U1', reason: 'drill', message: undefined },
      clock.now(),
    );
    if (created.status !== 'created') throw new Error('expected a rule');
    return created.rule;
  };

  it('counts a matching alert into the rule (critical too), before grouping, and posts one that does not match', async () => {
    const rule = await put();
    expect(await processAlert(groupAlert(), deps)).toEqual({ kind: 'suppressed', ruleId: rule.id, held: 1 });
    const bob = groupAlert({ activity: { ...eventAlert().activity!, actor: { ...eventAlert().activity!.actor, arn: 'arn:aws:iam::111122223333:user/bob' } } });
    // The held alert opened no group: bob's alert of the same key is the group's first.
    expect(await processAlert(bob, deps)).toMatchObject({ kind: 'posted', as: 'group-first', count: 1 });
    expect(await state.suppressions.get(rule.id)).toMatchObject({ held: 1, heldCritical: 1 });
  });

  it('posts an alert whose rule ended since the rules were read (a list cached for the invocation)', async () => {
    const rule = await put();
    const cached = await state.suppressions.listActive(clock.now());
    await state.suppressions.delete(rule.id);
    expect(await processAlert(groupAlert({ groupKey: undefined }), { ...deps, suppressionRules: () => Promise.resolve(cached) })).toMatchObject({ kind: 'posted' });
    const expiring = await put(T0 + 1000);
    const stale = await state.suppressions.listActive(clock.now());
    clock.advance(1000);
    expect(stale.map((r) => r.id)).toContain(expiring.id);
    expect(await processAlert(groupAlert({ groupKey: undefined }), { ...deps, suppressionRules: () => Promise.resolve(stale) })).toMatchObject({ kind: 'posted' });
  });
});

describe('sweep: groups', () => {
  it('waits for the render slot like the pipeline does, keeping the marker until it renders', async () => {
    await processAlert(groupAlert(), deps);
    clock.advance(6000);
    await processAlert(groupAlert(), deps); // rendered at +6 s
    await processAlert(groupAlert(), deps); // deferred: slot busy

    clock.advance(4999);
    expect((await sweep(deps)).groups).toMatchObject([{ action: 'deferred', reason: 'render-slot-busy' }]);
    expect(await state.groups.listDirty()).toMatchObject([{ count: 3 }]);
    clock.advance(1);
    expect((await sweep(deps)).groups).toMatchObject([{ action: 'rendered', count: 3, markerCleared: true }]);
    expect(slack.updates.map((u) => rendered(u.message).state.group?.count)).toEqual([2, 3]);
    expect(await sweep(deps)).toEqual({ groups: [], silences: [], suppressions: [], reverts: [], floods: [] });
  });
});

describe('sweep: silences', () => {
  it('ends expired silences with a summary (thread reply or channel post) and removes them', async () => {
    const thread = { channel: CHANNEL, ts: '1763632000.000100' };
    await state.silences.put({ monitorId: 'admin-policy-attached', until: new Date(T0 + 60_000).toISOString(), by: 'U1', reason: undefined, message: thread });
    await state.silences.put({ monitorId: 'config-noncompliant', until: new Date(T0 + 60_000).toISOString(), by: 'U1', reason: undefined, message: undefined });
    await state.silences.put({ monitorId: 'root-activity', until: new Date(T0 + 3600_000).toISOString(), by: 'U1', reason: undefined, message: undefined });
    await processAlert(groupAlert(), deps);
    await processAlert(groupAlert(), deps);
    await processAlert(configAlert(), deps);

    expect((await sweep(deps)).silences).toEqual([]);
    clock.advance(60_000);
    const report = await sweep(deps);

    expect(report.silences).toEqual([
      { monitorId: 'admin-policy-attached', suppressed: 2, summary: 'Silence of admin-policy-attached ended: 2 events suppressed', notice: 'thread-reply' },
      { monitorId: 'config-noncompliant', suppressed: 1, summary: 'Silence of config-noncompliant ended: 1 event suppressed', notice: 'channel-post' },
    ]);
    expect(slack.replies).toMatchObject([{ target: thread, text: 'Silence of admin-policy-attached ended: 2 events suppressed' }]);
    expect(slack.posts.map((p) => p.message.text)).toEqual(['Silence of config-noncompliant ended: 1 event suppressed']);
    expect((await state.silences.listActive(clock.now())).map((s) => s.monitorId)).toEqual(['root-activity']);
    expect(await state.silences.listExpired(clock.now())).toEqual([]);
  });

  it('repeats a summary that failed rather than losing it', async () => {
    await state.silences.put({ monitorId: 'root-activity', until: new Date(T0).toISOString(), by: 'U1', reason: undefined, message: undefined });
    slack.failNext('post');
    await rejection(sweep(deps));
    const report = await sweep(deps);
    expect(report.silences).toMatchObject([{ monitorId: 'root-activity', suppressed: 0 }]);
    expect(slack.posts).toHaveLength(1);
  });
});

describe('storm', () => {
  it('posts 10,000 alerts of one group once, updates at most every 5 s, and shows the exact count after the sweep', async () => {
    const total = 10_000;
    const batch = 20; // concurrent invocations
    const step = (5 * 60_000) / total; // 30 ms of simulated time per alert
    const outcomes: PipelineOutcome[] = [];
    for (let sent = 0; sent < total; sent += batch) {
      outcomes.push(...(await Promise.all(Array.from({ length: batch }, () => processAlert(groupAlert(), deps)))));
      clock.advance(step * batch);
    }
    expect(slack.posts).toHaveLength(1);
    const message = slack.posts[0]!.posted;
    // The burst ended between two render slots: what is shown lags, and the marker asks for the full count.
    expect(slack.shown(message)?.state.group?.count).toBeLessThan(total);
    expect(await state.groups.listDirty()).toMatchObject([{ groupKey: KEY, count: total }]);

    clock.advance(5000);
    await sweep(deps);

    const times = slack.updates.map((update) => update.at);
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5000);
    expect(slack.updates.length).toBeLessThanOrEqual(5 * 12 + 2);
    expect(slack.shown(message)?.state.group?.count).toBe(total);
    expect(slack.shown(message)?.state.group?.lastSeen).toBe(new Date(T0 + (total / batch - 1) * step * batch).toISOString());
    expect((await state.groups.get({ groupKey: KEY, openedAt: T0 }))?.count).toBe(total);
    expect(outcomes.filter((o) => o.kind === 'posted')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'grouped')).toHaveLength(total - 1);
    expect((await state.messages.get(message))?.state.group?.count).toBe(total);
    expect(await state.groups.listDirty()).toEqual([]);
  });
});

describe('alerts that carry a remediation', () => {
  it('are never grouped: each change gets its own message, with its own revert target', async () => {
    const first = groupAlert({ revert: revertTarget({ rules: [addedRule({ fromPort: 22, toPort: 22 })] }) });
    const second = groupAlert({ revert: revertTarget({ eventId: 'e-2', rules: [addedRule({ ruleId: 'sgr-0a1b2c3d4e5f60099', fromPort: 3389, toPort: 3389 })] }) });
    expect(await processAlert(first, deps)).toMatchObject({ kind: 'posted', as: 'ungrouped' });
    expect(await processAlert(second, deps)).toMatchObject({ kind: 'posted', as: 'ungrouped' });
    expect(slack.posts.map((post) => rendered(post.message).deliveryId)).toEqual([first.deliveryId, second.deliveryId]);
    expect((await state.messages.get(slack.posts[1]!.posted))?.alert.revert?.rules.map((rule) => rule.fromPort)).toEqual([3389]);
  });
});

describe('post budget', () => {
  const distinct = (n: number, overrides: Partial<Alert> = {}) =>
    eventAlert({ deliveryId: `storm-${n}`, groupKey: `storm-group-${n}`, severity: 'medium', time: clock.now().toISOString(), ...overrides });

  it('holds non-critical new messages beyond the budget; critical alerts and tests post regardless; joins never count', async () => {
    const budget = { ...deps, postsPerMinute: 3 };
    const outcomes = [];
    for (let n = 0; n < 5; n++) outcomes.push(await processAlert(distinct(n), budget));
    expect(outcomes.map((o) => o.kind)).toEqual(['posted', 'posted', 'posted', 'held', 'held']);
    expect(outcomes[4]).toEqual({ kind: 'held', window: new Date(T0).toISOString(), heldInWindow: 2 });
    // A held alert opened no group: nothing waits to be posted for it.
    expect(await state.groups.listDirty()).toEqual([]);

    expect(await processAlert(distinct(5, { severity: 'critical' }), budget)).toMatchObject({ kind: 'posted' });
    expect(await processAlert(distinct(6, { source: 'test' }), budget)).toMatchObject({ kind: 'posted', as: 'test' });
    expect(await processAlert(notificationAlert({ deliveryId: 'n-1' }), budget)).toMatchObject({ kind: 'held' });
    // Joining a posted group updates its message: no new message, so no slot needed.
    expect(await processAlert(distinct(0, { deliveryId: 'storm-0-again' }), budget)).toMatchObject({ kind: 'grouped' });

    clock.advance(60_000);
    expect(await processAlert(distinct(7), budget)).toMatchObject({ kind: 'posted' });
  });

  it('the sweep posts one summary per minute that held alerts, once the minute is well over, then forgets it', async () => {
    const budget = { ...deps, postsPerMinute: 1 };
    for (let n = 0; n < 14; n++) await processAlert(distinct(n, n % 2 === 0 ? {} : { monitor: { id: 'console-login-failure', title: 'Console sign-in failed', severity: 'medium' } }), budget);
    expect(slack.posts).toHaveLength(1);

    clock.advance(60_000 + 29_000); // the minute ended 29 s ago: a slow invocation may still hold one
    expect((await sweep(deps)).floods).toEqual([]);
    clock.advance(1_000);
    const report = await sweep(deps);
    expect(report.floods).toEqual([{ channel: CHANNEL, windowStart: new Date(T0).toISOString(), held: 13, message: slack.posts[1]!.posted }]);
    expect(rendered(slack.posts[1]!.message).title).toBe('13 alerts held back to stay within Slack\'s rate limit');
    expect(slack.posts[1]!.channel).toBe(CHANNEL);
    expect((await sweep(deps)).floods).toEqual([]);
    expect(slack.posts).toHaveLength(2);
  });
});

describe('sweep: reverts that never finished', () => {
  const message = { channel: CHANNEL, ts: '1763632800.000900' };
  const leases = REVERT_LEASES;
  async function openRevert(deliveryId: string, started: boolean): Promise<void> {
    await state.messages.create(message, { alert: sgRevertAlert({ deliveryId }), state: NEW_MESSAGE_STATE }, clock.now());
    await state.remediations.request({ deliveryId, by: 'U0ALICE', now: clock.now(), attempt: 'job-1', leases });
    if (started) await state.remediations.start(deliveryId, { by: 'U0ALICE', now: clock.now(), leaseMs: leases.claimMs, attempt: 'job-1' });
    await state.messages.updateState(message, { remediation: { status: 'in_progress', by: 'U0ALICE', at: clock.now().toISOString(), outcomes: [] } });
    await state.openReverts.add({ deliveryId, message }, clock.now());
  }

  it('ends a claim whose worker died once its lease passed: failed, buttons back, said in the thread', async () => {
    await openRevert('stale-1', true);
    clock.advance(5 * 60_000); // the worker's timeout: it may still run
    expect((await sweep(deps)).reverts).toEqual([]);
    clock.advance(leases.claimMs - 5 * 60_000);
    expect((await sweep(deps)).reverts).toEqual([{ deliveryId: 'stale-1', was: 'in_progress' }]);
    expect(await state.remediations.get('stale-1')).toMatchObject({ status: 'failed', outcomes: [{ outcome: 'failed' }, { outcome: 'failed' }] });
    expect(slack.shown(message)?.state.remediation).toMatchObject({ status: 'failed', by: 'U0ALICE' });
    expect(slack.replies.at(-1)?.text).toMatch(/did not finish: the worker stopped before finishing/);
    expect(await state.openReverts.list()).toEqual([]);
    // The dead worker's late finish changes nothing.
    expect(await state.remediations.finish('stale-1', { attempt: 'job-1', status: 'done', outcomes: [], now: clock.now() })).toBeUndefined();
  });

  it('ends a request whose worker never started, after the request lease', async () => {
    await openRevert('stale-2', false);
    clock.advance(leases.requestMs);
    expect((await sweep(deps)).reverts).toEqual([{ deliveryId: 'stale-2', was: 'requested' }]);
    expect(slack.replies.at(-1)?.text).toMatch(/the worker never started this revert/);
  });

  it('an undo that never finished is ended the same way, and says it was an undo', async () => {
    const deliveryId = 'stale-undo-1';
    const undo = { kind: 'ebs-encryption-default', region: 'eu-west-1', accountId: undefined, eventId: 'e0000000-0000-4000-8000-0000000000f1', changedBy: undefined } as const;
    await state.messages.create(message, { alert: eventAlert({ deliveryId, undo }), state: NEW_MESSAGE_STATE }, clock.now());
    await state.remediations.request({ deliveryId, by: 'U0ALICE', now: clock.now(), attempt: 'job-1', leases });
    await state.remediations.start(deliveryId, { by: 'U0ALICE', now: clock.now(), leaseMs: leases.claimMs, attempt: 'job-1' });
    await state.openReverts.add({ deliveryId, message }, clock.now());
    clock.advance(leases.claimMs);
    expect((await sweep(deps)).reverts).toEqual([{ deliveryId, was: 'in_progress' }]);
    expect(slack.shown(message)?.state.remediation).toMatchObject({ status: 'failed', undone: { outcome: 'failed', reason: expect.stringContaining('may or may not be undone') } });
    expect(slack.replies.at(-1)?.text).toMatch(/^:warning: The undo <@U0ALICE> asked for did not finish: .*Retry undo or Keep change are offered again\.$/);
  });

  it('drops reverts that ended by themselves, bringing a message that missed its update up to date', async () => {
    await openRevert('ended-1', true);
    await state.remediations.finish('ended-1', { attempt: 'job-1', status: 'failed', outcomes: [], now: clock.now() });
    expect((await sweep(deps)).reverts).toEqual([]);
    expect(slack.shown(message)?.state.remediation).toMatchObject({ status: 'failed' });
    expect(await state.openReverts.list()).toEqual([]);
  });
});
