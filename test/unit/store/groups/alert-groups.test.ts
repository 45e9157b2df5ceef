/**
 * Alert groups and their dirty markers on DynamoDB (dynalite, the table as template.yaml declares it): one window per
 * key, exact counts under concurrency, the posting lease, the render slot, archiving, and the stored layout.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../../src/alerts/model.js';
import { AlertGroups } from '../../../../src/store/groups/alert-groups.js';
import { dirtyKey } from '../../../../src/store/groups/dirty-markers.js';
import { groupKeys, type GroupRef } from '../../../../src/store/groups/group-item.js';
import { eventAlert } from '../../../helpers/alerts.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { DAY, T0, at, expectRejectsWithCode, seconds } from '../support.js';

const WINDOW = 10 * 60_000;
const KEY = 'admin-policy-attached|arn:aws:iam::111122223333:user/alice|ci-deploy';

function alert(n: number, overrides: Partial<Alert> = {}): Alert {
  return eventAlert({ deliveryId: `delivery-${n}`, time: new Date(T0 + n * 1000).toISOString(), ...overrides });
}

const tables = useDynaliteTables();
let groups: AlertGroups;

beforeEach(async () => {
  groups = new AlertGroups(await tables.table());
});

/** Opens a generation at `offset` and returns its ref. */
async function open(offset = 0, first = alert(0)): Promise<GroupRef> {
  const opened = await groups.open({ groupKey: KEY, alert: first, now: at(offset), windowMs: WINDOW });
  if (opened.status !== 'created') throw new Error('expected to open a group');
  return { groupKey: KEY, openedAt: opened.group.openedAt };
}

describe('alert groups', () => {
  it('opens a group once per window: the first caller creates, holds the posting lease, and sets the TTL', async () => {
    const first = await groups.open({ groupKey: KEY, alert: alert(0), now: at(0), windowMs: WINDOW });
    const second = await groups.open({ groupKey: KEY, alert: alert(1), now: at(60_000), windowMs: WINDOW });

    expect(first.status).toBe('created');
    expect(second).toEqual({ status: 'existing' });
    const group = await groups.get({ groupKey: KEY, openedAt: T0 });
    expect(group).toMatchObject({
      groupKey: KEY,
      openedAt: T0,
      openedBy: 'delivery-0',
      windowEndsAt: T0 + WINDOW,
      count: 1,
      firstSeen: alert(0).time,
      lastSeen: alert(0).time,
      message: undefined,
      postingSince: T0,
      renderedAt: undefined,
    });
    expect(group?.alert).toEqual(alert(0));
    const item = await tables.raw(groupKeys.current(KEY));
    expect(item).toMatchObject({ pk: `group#${KEY}`, sk: 'current', expiresAt: seconds(T0 + WINDOW + DAY) });
  });

  it('lets exactly one of 20 concurrent openers create the group', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) => groups.open({ groupKey: KEY, alert: alert(n), now: at(0), windowMs: WINDOW })),
    );
    expect(results.filter((result) => result.status === 'created')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'existing')).toHaveLength(19);
  });

  it('counts hits into the open window, recognises the opener redelivered, and reports no open group otherwise', async () => {
    expect(await groups.recordHit(KEY, { deliveryId: 'delivery-1', seen: alert(1).time, now: at(0) })).toEqual({
      status: 'no-open-group',
    });
    await open();

    const hit = await groups.recordHit(KEY, { deliveryId: 'delivery-1', seen: alert(1).time, now: at(1000) });
    const own = await groups.recordHit(KEY, { deliveryId: 'delivery-0', seen: alert(0).time, now: at(2000) });
    const late = await groups.recordHit(KEY, { deliveryId: 'delivery-9', seen: alert(9).time, now: at(WINDOW) });

    expect(hit.status).toBe('counted');
    expect(hit.status === 'counted' && hit.group).toMatchObject({ count: 2, lastSeen: alert(1).time, firstSeen: alert(0).time });
    expect(own.status).toBe('own-delivery');
    expect(own.status === 'own-delivery' && own.group.count).toBe(2);
    expect(late).toEqual({ status: 'no-open-group' });
    expect((await groups.get({ groupKey: KEY, openedAt: T0 }))?.count).toBe(2);
  });

  it('counts 50 concurrent hits exactly, each seeing a distinct count', async () => {
    await open();
    const hits = await Promise.all(
      Array.from({ length: 50 }, (_, n) => groups.recordHit(KEY, { deliveryId: `hit-${n}`, seen: alert(n).time, now: at(1000) })),
    );
    const counts = hits.map((hit) => (hit.status === 'counted' ? hit.group.count : -1)).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: 50 }, (_, n) => n + 2));
    expect((await groups.get({ groupKey: KEY, openedAt: T0 }))?.count).toBe(51);
  });

  it('reopens after the window ended, archiving the ended generation and marking it for its final render', async () => {
    const old = await open();
    await groups.recordHit(KEY, { deliveryId: 'delivery-1', seen: alert(1).time, now: at(1000) });

    const reopened = await groups.open({ groupKey: KEY, alert: alert(700), now: at(WINDOW), windowMs: WINDOW });

    expect(reopened.status).toBe('created');
    if (reopened.status !== 'created') return;
    expect(reopened.replaced).toEqual(old);
    expect(reopened.group).toMatchObject({ openedAt: T0 + WINDOW, count: 1, openedBy: 'delivery-700' });
    expect(await groups.get(old)).toMatchObject({ openedAt: T0, count: 2, openedBy: 'delivery-0' });
    expect(await tables.raw(groupKeys.archived(old))).toMatchObject({ expiresAt: seconds(T0 + WINDOW + DAY) });
    expect(await groups.listDirty()).toEqual([{ ...old, count: 2, markedAt: T0 + WINDOW }]);
    const hit = await groups.recordHit(KEY, { deliveryId: 'delivery-701', seen: alert(701).time, now: at(WINDOW + 1) });
    expect(hit.status === 'counted' && hit.group).toMatchObject({ openedAt: T0 + WINDOW, count: 2 });
    expect((await groups.get(old))?.count).toBe(2);
  });

  it('lets exactly one of 20 concurrent openers replace an ended generation', async () => {
    const old = await open();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        groups.open({ groupKey: KEY, alert: alert(100 + n), now: at(WINDOW + 5), windowMs: WINDOW }),
      ),
    );
    expect(results.filter((result) => result.status === 'created')).toHaveLength(1);
    expect((await groups.get(old))?.openedAt).toBe(T0);
    expect((await groups.get({ groupKey: KEY, openedAt: T0 + WINDOW + 5 }))?.count).toBe(1);
  });

  it('does not archive a finished generation as dirty', async () => {
    const old = await open();
    await groups.attachMessage(old, { channel: 'C1', ts: '1.1' }, { now: at(100), renderedCount: 1 });
    await groups.open({ groupKey: KEY, alert: alert(700), now: at(WINDOW), windowMs: WINDOW });
    expect(await groups.listDirty()).toEqual([]);
    expect((await groups.get(old))?.message).toEqual({ channel: 'C1', ts: '1.1' });
  });

  it('hands the posting lease over only after it expired, to one claimer at a time', async () => {
    const ref = await open();
    expect(await groups.claimPosting(ref, { now: at(29_999), leaseMs: 30_000 })).toBeUndefined();
    const claimed = await groups.claimPosting(ref, { now: at(30_000), leaseMs: 30_000 });
    expect(claimed).toMatchObject({ postingSince: T0 + 30_000, message: undefined });
    expect(await groups.claimPosting(ref, { now: at(30_001), leaseMs: 30_000 })).toBeUndefined();

    const concurrent = await Promise.all(
      Array.from({ length: 20 }, () => groups.claimPosting(ref, { now: at(60_000), leaseMs: 30_000 })),
    );
    expect(concurrent.filter((group) => group !== undefined)).toHaveLength(1);
  });

  it('frees a released lease at once, and ignores a release once the message is attached', async () => {
    const ref = await open();
    await groups.releasePosting(ref);
    expect(await groups.claimPosting(ref, { now: at(1), leaseMs: 30_000 })).toMatchObject({ postingSince: T0 + 1 });
    await groups.attachMessage(ref, { channel: 'C1', ts: '1.1' }, { now: at(2), renderedCount: 1 });
    await groups.releasePosting(ref);
    expect(await groups.get(ref)).toMatchObject({ message: { channel: 'C1', ts: '1.1' } });
    expect(await groups.claimPosting(ref, { now: at(3), leaseMs: 30_000 })).toBeUndefined();
  });

  it('attaches the posted message once; the post counts as a render and ends the lease', async () => {
    const ref = await open();
    await groups.recordHit(KEY, { deliveryId: 'delivery-1', seen: alert(1).time, now: at(500) });
    expect(await groups.attachMessage(ref, { channel: 'C1', ts: '1.1' }, { now: at(1000), renderedCount: 1 })).toBe(true);
    expect(await groups.attachMessage(ref, { channel: 'C1', ts: '2.2' }, { now: at(2000), renderedCount: 2 })).toBe(false);
    expect(await groups.get(ref)).toMatchObject({
      message: { channel: 'C1', ts: '1.1' },
      renderedAt: T0 + 1000,
      renderedCount: 1,
      postingSince: undefined,
      count: 2,
    });
    expect(await groups.claimPosting(ref, { now: at(100_000), leaseMs: 30_000 })).toBeUndefined();
  });

  it('grants a render slot only to a posted group whose last render is old enough, recording the count', async () => {
    const ref = await open();
    expect(await groups.claimRenderSlot(ref, { now: at(10_000), intervalMs: 5000 })).toBeUndefined(); // not posted
    await groups.attachMessage(ref, { channel: 'C1', ts: '1.1' }, { now: at(1000), renderedCount: 1 });
    await groups.recordHit(KEY, { deliveryId: 'delivery-1', seen: alert(1).time, now: at(2000) });
    expect(await groups.claimRenderSlot(ref, { now: at(5999), intervalMs: 5000 })).toBeUndefined();

    const claimed = await groups.claimRenderSlot(ref, { now: at(6000), intervalMs: 5000 });
    expect(claimed).toMatchObject({ renderedAt: T0 + 6000, renderedCount: 2, count: 2 });
    expect(await groups.claimRenderSlot(ref, { now: at(10_999), intervalMs: 5000 })).toBeUndefined();
    expect(await groups.claimRenderSlot(ref, { now: at(11_000), intervalMs: 5000 })).toMatchObject({ renderedAt: T0 + 11_000 });
  });

  it('lets exactly one of 20 concurrent render-slot claims win', async () => {
    const ref = await open();
    await groups.attachMessage(ref, { channel: 'C1', ts: '1.1' }, { now: at(0), renderedCount: 1 });
    const claims = await Promise.all(Array.from({ length: 20 }, () => groups.claimRenderSlot(ref, { now: at(5000), intervalMs: 5000 })));
    expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
  });

  it('claims render slots and attaches messages on an archived generation too', async () => {
    const old = await open();
    await groups.recordHit(KEY, { deliveryId: 'delivery-1', seen: alert(1).time, now: at(1000) });
    await groups.open({ groupKey: KEY, alert: alert(700), now: at(WINDOW), windowMs: WINDOW });

    expect(await groups.attachMessage(old, { channel: 'C1', ts: '1.1' }, { now: at(WINDOW + 1), renderedCount: 1 })).toBe(true);
    const claimed = await groups.claimRenderSlot(old, { now: at(WINDOW + 10_000), intervalMs: 5000 });
    expect(claimed).toMatchObject({ openedAt: T0, renderedCount: 2, message: { channel: 'C1', ts: '1.1' } });
    expect((await groups.get({ groupKey: KEY, openedAt: T0 + WINDOW }))?.message).toBeUndefined();
  });

  it('raises dirty markers (never lowers them) and clears them only when a render covered them', async () => {
    const ref = await open();
    await groups.markDirty(ref, 3, at(1000));
    await groups.markDirty(ref, 2, at(2000));
    expect(await groups.listDirty()).toEqual([{ ...ref, count: 3, markedAt: T0 + 1000 }]);
    await groups.markDirty(ref, 5, at(3000));
    expect(await groups.listDirty()).toEqual([{ ...ref, count: 5, markedAt: T0 + 3000 }]);
    expect(await tables.raw(dirtyKey(ref))).toMatchObject({ pk: 'dirty#all', expiresAt: seconds(T0 + 3000 + DAY) });

    expect(await groups.clearDirty(ref, 4)).toBe(false);
    expect(await groups.listDirty()).toHaveLength(1);
    expect(await groups.clearDirty(ref, 5)).toBe(true);
    expect(await groups.listDirty()).toEqual([]);
    expect(await groups.clearDirty(ref, 5)).toBe(true);
  });

  it('keeps the highest count when 30 hits raise the marker concurrently', async () => {
    const ref = await open();
    await Promise.all(Array.from({ length: 30 }, (_, n) => groups.markDirty(ref, n + 1, at(1000))));
    expect((await groups.listDirty())[0]?.count).toBe(30);
  });

  it('rejects an empty group key', async () => {
    await expectRejectsWithCode(groups.open({ groupKey: '', alert: alert(0), now: at(0), windowMs: WINDOW }), 'INPUT_INVALID');
  });
});

describe('stored alerts', () => {
  it('writes alerts with undefined fields through a document client without removeUndefinedValues', async () => {
    const first = eventAlert({ rawText: undefined, revert: undefined });
    const opened = await groups.open({ groupKey: 'g', alert: first, now: new Date(0), windowMs: 1000 });
    expect(opened.status).toBe('created');
    expect((await tables.raw(groupKeys.current('g')))?.alert).not.toHaveProperty('rawText');
    expect((await groups.get({ groupKey: 'g', openedAt: 0 }))?.alert).toEqual(first);
  });
});
