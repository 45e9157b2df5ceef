/**
 * The AlertStateStore contract: one suite that every implementation runs (memory in test/unit/store, DynamoDB on
 * dynalite in test/integration/store). Each test gets a fresh, empty store. `rawItem` reads the stored item under
 * a key, so the suite also pins the single-table layout and the TTL attribute of every kind of item.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/alerts/model.js';
import { isSecmonError } from '../../../src/errors.js';
import { stateKeys, type Item, type ItemKey } from '../../../src/store/items.js';
import type { AlertStateStore, GroupRef } from '../../../src/store/state-store.js';
import { alarmAlert, eventAlert, messageState } from '../../helpers/alerts.js';

export interface ContractSubject {
  readonly store: AlertStateStore;
  rawItem(key: ItemKey): Promise<Item | undefined>;
  /** Every stored item of a partition. */
  rawPartition(pk: string): Promise<Item[]>;
}

export interface ContractHarness {
  create(): Promise<ContractSubject>;
  dispose?(): Promise<void>;
}

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const WINDOW = 10 * 60_000;
const DAY = 24 * 3600_000;
const at = (offsetMs: number): Date => new Date(T0 + offsetMs);
const seconds = (ms: number): number => Math.floor(ms / 1000);

const KEY = 'admin-policy-attached|arn:aws:iam::111122223333:user/alice|ci-deploy';

function alert(n: number, overrides: Partial<Alert> = {}): Alert {
  return eventAlert({ deliveryId: `delivery-${n}`, time: new Date(T0 + n * 1000).toISOString(), ...overrides });
}

async function expectRejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (rejected: unknown) => rejected,
  );
  expect(isSecmonError(error), `expected a SecmonError ${code}, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

export function describeStateStoreContract(name: string, harness: ContractHarness): void {
  describe(`AlertStateStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: AlertStateStore;

    beforeEach(async () => {
      subject = await harness.create();
      store = subject.store;
    });
    afterEach(async () => {
      await harness.dispose?.();
    });

    /** Opens a generation at `offset` and returns its ref. */
    async function open(offset = 0, first = alert(0)): Promise<GroupRef> {
      const opened = await store.openGroup({ groupKey: KEY, alert: first, now: at(offset), windowMs: WINDOW });
      if (opened.status !== 'created') throw new Error('expected to open a group');
      return { groupKey: KEY, openedAt: opened.group.openedAt };
    }

    describe('alert groups', () => {
      it('opens a group once per window: the first caller creates, holds the posting lease, and sets the TTL', async () => {
        const first = await store.openGroup({ groupKey: KEY, alert: alert(0), now: at(0), windowMs: WINDOW });
        const second = await store.openGroup({ groupKey: KEY, alert: alert(1), now: at(60_000), windowMs: WINDOW });

        expect(first.status).toBe('created');
        expect(second).toEqual({ status: 'existing' });
        const group = await store.getGroup({ groupKey: KEY, openedAt: T0 });
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
        const item = await subject.rawItem(stateKeys.groupCurrent(KEY));
        expect(item).toMatchObject({ pk: `group#${KEY}`, sk: 'current', expiresAt: seconds(T0 + WINDOW + DAY) });
      });

      it('lets exactly one of 20 concurrent openers create the group', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, n) => store.openGroup({ groupKey: KEY, alert: alert(n), now: at(0), windowMs: WINDOW })),
        );
        expect(results.filter((result) => result.status === 'created')).toHaveLength(1);
        expect(results.filter((result) => result.status === 'existing')).toHaveLength(19);
      });

      it('counts hits into the open window, recognises the opener redelivered, and reports no open group otherwise', async () => {
        expect(await store.recordGroupHit(KEY, { deliveryId: 'delivery-1', seen: alert(1).time, now: at(0) })).toEqual({
          status: 'no-open-group',
        });
        await open();

        const hit = await store.recordGroupHit(KEY, { deliveryId: 'delivery-1', seen: alert(1).time, now: at(1000) });
        const own = await store.recordGroupHit(KEY, { deliveryId: 'delivery-0', seen: alert(0).time, now: at(2000) });
        const late = await store.recordGroupHit(KEY, { deliveryId: 'delivery-9', seen: alert(9).time, now: at(WINDOW) });

        expect(hit.status).toBe('counted');
        expect(hit.status === 'counted' && hit.group).toMatchObject({ count: 2, lastSeen: alert(1).time, firstSeen: alert(0).time });
        expect(own.status).toBe('own-delivery');
        expect(own.status === 'own-delivery' && own.group.count).toBe(2);
        expect(late).toEqual({ status: 'no-open-group' });
        expect((await store.getGroup({ groupKey: KEY, openedAt: T0 }))?.count).toBe(2);
      });

      it('counts 50 concurrent hits exactly, each seeing a distinct count', async () => {
        await open();
        const hits = await Promise.all(
          Array.from({ length: 50 }, (_, n) => store.recordGroupHit(KEY, { deliveryId: `hit-${n}`, seen: alert(n).time, now: at(1000) })),
        );
        const counts = hits.map((hit) => (hit.status === 'counted' ? hit.group.count : -1)).sort((a, b) => a - b);
        expect(counts).toEqual(Array.from({ length: 50 }, (_, n) => n + 2));
        expect((await store.getGroup({ groupKey: KEY, openedAt: T0 }))?.count).toBe(51);
      });

      it('reopens after the window ended, archiving the ended generation and marking it for its final render', async () => {
        const old = await open();
        await store.recordGroupHit(KEY, { deliveryId: 'delivery-1', seen: alert(1).time, now: at(1000) });

        const reopened = await store.openGroup({ groupKey: KEY, alert: alert(700), now: at(WINDOW), windowMs: WINDOW });

        expect(reopened.status).toBe('created');
        if (reopened.status !== 'created') return;
        expect(reopened.replaced).toEqual(old);
        expect(reopened.group).toMatchObject({ openedAt: T0 + WINDOW, count: 1, openedBy: 'delivery-700' });
        expect(await store.getGroup(old)).toMatchObject({ openedAt: T0, count: 2, openedBy: 'delivery-0' });
        expect(await subject.rawItem(stateKeys.groupArchived(old))).toMatchObject({ expiresAt: seconds(T0 + WINDOW + DAY) });
        expect(await store.listDirtyGroups()).toEqual([{ ...old, count: 2, markedAt: T0 + WINDOW }]);
        const hit = await store.recordGroupHit(KEY, { deliveryId: 'delivery-701', seen: alert(701).time, now: at(WINDOW + 1) });
        expect(hit.status === 'counted' && hit.group).toMatchObject({ openedAt: T0 + WINDOW, count: 2 });
        expect((await store.getGroup(old))?.count).toBe(2);
      });

      it('lets exactly one of 20 concurrent openers replace an ended generation', async () => {
        const old = await open();
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, n) =>
            store.openGroup({ groupKey: KEY, alert: alert(100 + n), now: at(WINDOW + 5), windowMs: WINDOW }),
          ),
        );
        expect(results.filter((result) => result.status === 'created')).toHaveLength(1);
        expect((await store.getGroup(old))?.openedAt).toBe(T0);
        expect((await store.getGroup({ groupKey: KEY, openedAt: T0 + WINDOW + 5 }))?.count).toBe(1);
      });

      it('does not archive a finished generation as dirty', async () => {
        const old = await open();
        await store.attachGroupMessage(old, { channel: 'C1', ts: '1.1' }, { now: at(100), renderedCount: 1 });
        await store.openGroup({ groupKey: KEY, alert: alert(700), now: at(WINDOW), windowMs: WINDOW });
        expect(await store.listDirtyGroups()).toEqual([]);
        expect((await store.getGroup(old))?.message).toEqual({ channel: 'C1', ts: '1.1' });
      });

      it('hands the posting lease over only after it expired, to one claimer at a time', async () => {
        const ref = await open();
        expect(await store.claimGroupPosting(ref, { now: at(29_999), leaseMs: 30_000 })).toBeUndefined();
        const claimed = await store.claimGroupPosting(ref, { now: at(30_000), leaseMs: 30_000 });
        expect(claimed).toMatchObject({ postingSince: T0 + 30_000, message: undefined });
        expect(await store.claimGroupPosting(ref, { now: at(30_001), leaseMs: 30_000 })).toBeUndefined();

        const concurrent = await Promise.all(
          Array.from({ length: 20 }, () => store.claimGroupPosting(ref, { now: at(60_000), leaseMs: 30_000 })),
        );
        expect(concurrent.filter((group) => group !== undefined)).toHaveLength(1);
      });

      it('frees a released lease at once, and ignores a release once the message is attached', async () => {
        const ref = await open();
        await store.releaseGroupPosting(ref);
        expect(await store.claimGroupPosting(ref, { now: at(1), leaseMs: 30_000 })).toMatchObject({ postingSince: T0 + 1 });
        await store.attachGroupMessage(ref, { channel: 'C1', ts: '1.1' }, { now: at(2), renderedCount: 1 });
        await store.releaseGroupPosting(ref);
        expect(await store.getGroup(ref)).toMatchObject({ message: { channel: 'C1', ts: '1.1' } });
        expect(await store.claimGroupPosting(ref, { now: at(3), leaseMs: 30_000 })).toBeUndefined();
      });

      it('attaches the posted message once; the post counts as a render and ends the lease', async () => {
        const ref = await open();
        await store.recordGroupHit(KEY, { deliveryId: 'delivery-1', seen: alert(1).time, now: at(500) });
        expect(await store.attachGroupMessage(ref, { channel: 'C1', ts: '1.1' }, { now: at(1000), renderedCount: 1 })).toBe(true);
        expect(await store.attachGroupMessage(ref, { channel: 'C1', ts: '2.2' }, { now: at(2000), renderedCount: 2 })).toBe(false);
        expect(await store.getGroup(ref)).toMatchObject({
          message: { channel: 'C1', ts: '1.1' },
          renderedAt: T0 + 1000,
          renderedCount: 1,
          postingSince: undefined,
          count: 2,
        });
        expect(await store.claimGroupPosting(ref, { now: at(100_000), leaseMs: 30_000 })).toBeUndefined();
      });

      it('grants a render slot only to a posted group whose last render is old enough, recording the count', async () => {
        const ref = await open();
        expect(await store.claimRenderSlot(ref, { now: at(10_000), intervalMs: 5000 })).toBeUndefined(); // not posted
        await store.attachGroupMessage(ref, { channel: 'C1', ts: '1.1' }, { now: at(1000), renderedCount: 1 });
        await store.recordGroupHit(KEY, { deliveryId: 'delivery-1', seen: alert(1).time, now: at(2000) });
        expect(await store.claimRenderSlot(ref, { now: at(5999), intervalMs: 5000 })).toBeUndefined();

        const claimed = await store.claimRenderSlot(ref, { now: at(6000), intervalMs: 5000 });
        expect(claimed).toMatchObject({ renderedAt: T0 + 6000, renderedCount: 2, count: 2 });
        expect(await store.claimRenderSlot(ref, { now: at(10_999), intervalMs: 5000 })).toBeUndefined();
        expect(await store.claimRenderSlot(ref, { now: at(11_000), intervalMs: 5000 })).toMatchObject({ renderedAt: T0 + 11_000 });
      });

      it('lets exactly one of 20 concurrent render-slot claims win', async () => {
        const ref = await open();
        await store.attachGroupMessage(ref, { channel: 'C1', ts: '1.1' }, { now: at(0), renderedCount: 1 });
        const claims = await Promise.all(Array.from({ length: 20 }, () => store.claimRenderSlot(ref, { now: at(5000), intervalMs: 5000 })));
        expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
      });

      it('claims render slots and attaches messages on an archived generation too', async () => {
        const old = await open();
        await store.recordGroupHit(KEY, { deliveryId: 'delivery-1', seen: alert(1).time, now: at(1000) });
        await store.openGroup({ groupKey: KEY, alert: alert(700), now: at(WINDOW), windowMs: WINDOW });

        expect(await store.attachGroupMessage(old, { channel: 'C1', ts: '1.1' }, { now: at(WINDOW + 1), renderedCount: 1 })).toBe(true);
        const claimed = await store.claimRenderSlot(old, { now: at(WINDOW + 10_000), intervalMs: 5000 });
        expect(claimed).toMatchObject({ openedAt: T0, renderedCount: 2, message: { channel: 'C1', ts: '1.1' } });
        expect((await store.getGroup({ groupKey: KEY, openedAt: T0 + WINDOW }))?.message).toBeUndefined();
      });

      it('raises dirty markers (never lowers them) and clears them only when a render covered them', async () => {
        const ref = await open();
        await store.markGroupDirty(ref, 3, at(1000));
        await store.markGroupDirty(ref, 2, at(2000));
        expect(await store.listDirtyGroups()).toEqual([{ ...ref, count: 3, markedAt: T0 + 1000 }]);
        await store.markGroupDirty(ref, 5, at(3000));
        expect(await store.listDirtyGroups()).toEqual([{ ...ref, count: 5, markedAt: T0 + 3000 }]);
        expect(await subject.rawItem(stateKeys.dirty(ref))).toMatchObject({ pk: 'dirty', expiresAt: seconds(T0 + 3000 + DAY) });

        expect(await store.clearDirtyGroup(ref, 4)).toBe(false);
        expect(await store.listDirtyGroups()).toHaveLength(1);
        expect(await store.clearDirtyGroup(ref, 5)).toBe(true);
        expect(await store.listDirtyGroups()).toEqual([]);
        expect(await store.clearDirtyGroup(ref, 5)).toBe(true);
      });

      it('keeps the highest count when 30 hits raise the marker concurrently', async () => {
        const ref = await open();
        await Promise.all(Array.from({ length: 30 }, (_, n) => store.markGroupDirty(ref, n + 1, at(1000))));
        expect((await store.listDirtyGroups())[0]?.count).toBe(30);
      });

      it('rejects an empty group key', async () => {
        await expectRejectsWithCode(store.openGroup({ groupKey: '', alert: alert(0), now: at(0), windowMs: WINDOW }), 'INPUT_INVALID');
      });
    });

    describe('messages', () => {
      const target = { channel: 'C0SECMON', ts: '1763632933.000100' };

      it('saves content once, loads it back as it was, and keeps it 30 days', async () => {
        const content = { alert: eventAlert(), state: messageState() };
        expect(await store.createMessage(target, content, at(0))).toBe('created');
        expect(await store.createMessage(target, { alert: alarmAlert(), state: messageState() }, at(1))).toBe('exists');

        expect(await store.getMessage(target)).toEqual(content);
        expect(await store.getMessage({ ...target, ts: '1.0' })).toBeUndefined();
        expect(await subject.rawItem(stateKeys.message(target))).toMatchObject({
          pk: 'message#C0SECMON',
          sk: target.ts,
          expiresAt: seconds(T0 + 30 * DAY),
        });
      });

      it('patches only the given state fields, clears fields set to undefined, and keeps concurrent patches', async () => {
        await store.createMessage(target, { alert: eventAlert(), state: messageState() }, at(0));
        const acknowledged = { by: 'U1', at: '2026-11-20T10:01:00Z' };
        const group = { count: 3, firstSeen: 'a', lastSeen: 'b' };

        await Promise.all([
          store.updateMessageState(target, { acknowledged }),
          store.updateMessageState(target, { group }),
          store.updateMessageState(target, { resolvedAt: '2026-11-20T10:09:00Z' }),
        ]);
        expect((await store.getMessage(target))?.state).toEqual(
          messageState({ acknowledged, group, resolvedAt: '2026-11-20T10:09:00Z' }),
        );

        const after = await store.updateMessageState(target, { resolvedAt: undefined, group: { ...group, count: 4 } });
        expect(after?.state).toEqual(messageState({ acknowledged, group: { ...group, count: 4 } }));
        expect(await store.updateMessageState({ ...target, ts: '9.9' }, { resolvedAt: 'x' })).toBeUndefined();
      });

      it('remembers the open message of an alarm and forgets it only if it is still that message', async () => {
        const first = { channel: 'C1', ts: '1.1' };
        const second = { channel: 'C1', ts: '2.2' };
        expect(await store.getOpenAlarm('secmon-root-activity')).toBeUndefined();
        await store.setOpenAlarm('secmon-root-activity', first, at(0));
        await store.setOpenAlarm('secmon-root-activity', second, at(1));
        expect(await store.getOpenAlarm('secmon-root-activity')).toEqual(second);
        expect(await subject.rawItem(stateKeys.openAlarm('secmon-root-activity'))).toMatchObject({
          sk: 'open',
          expiresAt: seconds(T0 + 1 + 30 * DAY),
        });

        expect(await store.clearOpenAlarm('secmon-root-activity', first)).toBe(false);
        expect(await store.getOpenAlarm('secmon-root-activity')).toEqual(second);
        expect(await store.clearOpenAlarm('secmon-root-activity', second)).toBe(true);
        expect(await store.getOpenAlarm('secmon-root-activity')).toBeUndefined();
      });
    });

    describe('silences', () => {
      const silence = {
        monitorId: 'console-login-failures',
        until: new Date(T0 + 3600_000).toISOString(),
        by: 'U0123ABCD',
        reason: 'pen test',
        message: { channel: 'C1', ts: '1.1' },
      };

      it('puts, gets and lists silences by whether they are in force, with a TTL a week after the end', async () => {
        const put = await store.putSilence(silence);
        await store.putSilence({ ...silence, monitorId: 'root-activity', until: new Date(T0 + 60_000).toISOString(), reason: undefined, message: undefined });

        expect(put).toEqual({ ...silence, suppressed: 0, endedAt: undefined });
        expect(await store.getSilence('console-login-failures')).toEqual(put);
        expect(await store.getSilence('nope')).toBeUndefined();
        expect((await store.listActiveSilences(at(0))).map((s) => s.monitorId)).toEqual(['console-login-failures', 'root-activity']);
        expect((await store.listActiveSilences(at(60_000))).map((s) => s.monitorId)).toEqual(['console-login-failures']);
        expect((await store.listExpiredSilences(at(60_000))).map((s) => s.monitorId)).toEqual(['root-activity']);
        expect(await subject.rawItem(stateKeys.silence('console-login-failures'))).toMatchObject({
          pk: 'silence',
          sk: 'console-login-failures',
          expiresAt: seconds(T0 + 3600_000 + 7 * DAY),
        });
      });

      it('counts suppressed events atomically while the silence is in force, and never creates a silence', async () => {
        await store.putSilence(silence);
        await Promise.all(Array.from({ length: 50 }, () => store.countSuppressed('console-login-failures', at(1000))));
        expect(await store.countSuppressed('console-login-failures', at(2000))).toBe(51);
        expect(await store.countSuppressed('console-login-failures', at(3600_000))).toBeUndefined();
        expect(await store.countSuppressed('unsilenced', at(1000))).toBeUndefined();
        expect(await store.getSilence('unsilenced')).toBeUndefined();
      });

      it('ends an expired silence with a final count, then removes it only once ended', async () => {
        await store.putSilence(silence);
        await store.countSuppressed('console-login-failures', at(1000));
        expect(await store.endSilence('console-login-failures', at(3599_999))).toBeUndefined();
        expect(await store.removeEndedSilence('console-login-failures')).toBe(false);

        const ended = await store.endSilence('console-login-failures', at(3600_000));
        expect(ended).toMatchObject({ suppressed: 1, endedAt: at(3600_000).toISOString() });
        expect(await store.countSuppressed('console-login-failures', at(10))).toBeUndefined(); // ended: final
        expect(await store.endSilence('console-login-failures', at(3700_000))).toEqual(ended);
        expect((await store.listExpiredSilences(at(0))).map((s) => s.monitorId)).toEqual(['console-login-failures']);
        expect(await store.listActiveSilences(at(0))).toEqual([]);

        expect(await store.removeEndedSilence('console-login-failures')).toBe(true);
        expect(await store.getSilence('console-login-failures')).toBeUndefined();
        expect(await store.endSilence('console-login-failures', at(3700_000))).toBeUndefined();
      });

      it('keeps a new silence put after the old one ended', async () => {
        await store.putSilence(silence);
        await store.endSilence('console-login-failures', at(3600_000));
        await store.putSilence({ ...silence, until: new Date(T0 + 7200_000).toISOString() });
        expect(await store.removeEndedSilence('console-login-failures')).toBe(false);
        expect(await store.getSilence('console-login-failures')).toMatchObject({ suppressed: 0, endedAt: undefined });
      });

      it('deletes a silence early and returns it with its count', async () => {
        await store.putSilence(silence);
        await store.countSuppressed('console-login-failures', at(1));
        expect(await store.deleteSilence('console-login-failures')).toMatchObject({ monitorId: 'console-login-failures', suppressed: 1 });
        expect(await store.deleteSilence('console-login-failures')).toBeUndefined();
        expect(await store.getSilence('console-login-failures')).toBeUndefined();
      });

      it('rejects a silence without a valid end or monitor', async () => {
        await expectRejectsWithCode(store.putSilence({ ...silence, until: 'tomorrow-ish' }), 'INPUT_INVALID');
        await expectRejectsWithCode(store.putSilence({ ...silence, monitorId: '' }), 'INPUT_INVALID');
      });
    });

    describe('remediations', () => {
      const LEASE = 5 * 60_000;
      const outcome = {
        rule: { ruleId: 'sgr-0abc', protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0', cidrIpv6: undefined },
        outcome: 'revoked' as const,
        reason: undefined,
      };

      it('goes requested -> in_progress -> done, keyed by deliveryId, with a TTL 30 days after the last change', async () => {
        const requested = await store.requestRemediation({ deliveryId: 'd1', by: 'U1', now: at(0) });
        expect(requested).toMatchObject({ status: 'requested', record: { status: 'requested', requestedBy: 'U1', attempts: 0 } });
        expect(await store.requestRemediation({ deliveryId: 'd1', by: 'U2', now: at(1) })).toMatchObject({
          status: 'existing',
          record: { status: 'requested', requestedBy: 'U1' },
        });

        const started = await store.startRemediation('d1', { by: 'U2', now: at(1000), leaseMs: LEASE });
        if (started.status !== 'started') throw new Error('expected to start');
        expect(started.record).toMatchObject({ status: 'in_progress', requestedBy: 'U1', startedBy: 'U2', attempts: 1 });
        expect(started.record.claim).toEqual(expect.any(String));

        const done = await store.finishRemediation('d1', { claim: started.record.claim ?? '', status: 'done', outcomes: [outcome], now: at(2000) });
        expect(done).toMatchObject({ status: 'done', finishedAt: at(2000).toISOString() });
        expect(done?.outcomes).toEqual([outcome]);
        expect(await store.getRemediation('d1')).toEqual(done);
        expect(await subject.rawItem(stateKeys.remediation('d1'))).toMatchObject({
          pk: 'remediation#d1',
          sk: 'revert',
          kind: 'remediation',
          expiresAt: seconds(T0 + 2000 + 30 * DAY),
        });
      });

      it('never starts again once done, nor while in progress within the lease; a second finish is refused', async () => {
        const first = await store.startRemediation('d2', { by: 'U1', now: at(0), leaseMs: LEASE });
        if (first.status !== 'started') throw new Error('expected to start');
        expect(first.record).toMatchObject({ status: 'in_progress', requestedBy: 'U1', attempts: 1 });
        expect(await store.startRemediation('d2', { by: 'U2', now: at(1000), leaseMs: LEASE })).toMatchObject({
          status: 'existing',
          record: { status: 'in_progress', startedBy: 'U1' },
        });
        expect(await store.requestRemediation({ deliveryId: 'd2', by: 'U2', now: at(1000) })).toMatchObject({ status: 'existing' });
        const claim = first.record.claim ?? '';
        expect(await store.finishRemediation('d2', { claim: 'not-the-claim', status: 'done', outcomes: [], now: at(2000) })).toBeUndefined();
        expect(await store.finishRemediation('d2', { claim, status: 'done', outcomes: [], now: at(2000) })).toMatchObject({ status: 'done' });
        expect(await store.finishRemediation('d2', { claim, status: 'failed', outcomes: [], now: at(3000) })).toBeUndefined();
        expect(await store.startRemediation('d2', { by: 'U3', now: at(10 * LEASE), leaseMs: LEASE })).toMatchObject({
          status: 'existing',
          record: { status: 'done' },
        });
      });

      it('lets one of many concurrent starts win', async () => {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, n) => store.startRemediation('d3', { by: `U${n}`, now: at(0), leaseMs: LEASE })),
        );
        expect(results.filter((r) => r.status === 'started')).toHaveLength(1);
        expect((await store.getRemediation('d3'))?.attempts).toBe(1);
      });

      it('allows a retry after a failure and a takeover of a stale claim, and the old claim can no longer finish', async () => {
        const first = await store.startRemediation('d4', { by: 'U1', now: at(0), leaseMs: LEASE });
        if (first.status !== 'started') throw new Error('expected to start');
        await store.finishRemediation('d4', { claim: first.record.claim ?? '', status: 'failed', outcomes: [], now: at(10) });
        expect(await store.requestRemediation({ deliveryId: 'd4', by: 'U2', now: at(20) })).toMatchObject({
          status: 'requested',
          record: { status: 'requested', requestedBy: 'U2', attempts: 1, claim: undefined },
        });
        const second = await store.startRemediation('d4', { by: 'U2', now: at(30), leaseMs: LEASE });
        if (second.status !== 'started') throw new Error('expected to start');
        const takeover = await store.startRemediation('d4', { by: 'U3', now: at(30 + LEASE), leaseMs: LEASE });
        if (takeover.status !== 'started') throw new Error('expected a takeover');
        expect(takeover.record).toMatchObject({ attempts: 3, startedBy: 'U3' });
        expect(await store.finishRemediation('d4', { claim: second.record.claim ?? '', status: 'done', outcomes: [], now: at(LEASE + 40) })).toBeUndefined();
        expect(await store.getRemediation('d4')).toMatchObject({ status: 'in_progress', startedBy: 'U3' });
      });

      it('returns undefined for an unknown remediation and rejects empty keys', async () => {
        expect(await store.getRemediation('nope')).toBeUndefined();
        expect(await store.finishRemediation('nope', { claim: 'x', status: 'done', outcomes: [], now: at(0) })).toBeUndefined();
        await expectRejectsWithCode(store.startRemediation('', { by: 'U1', now: at(0), leaseMs: LEASE }), 'INPUT_INVALID');
        await expectRejectsWithCode(store.requestRemediation({ deliveryId: 'd5', by: '', now: at(0) }), 'INPUT_INVALID');
      });
    });

    describe('last alert per monitor', () => {
      const last = (monitorId: string, minute: number, summary = `alert at minute ${minute}`) => ({
        monitorId,
        at: new Date(T0 + minute * 60_000).toISOString(),
        summary,
        message: { channel: 'C0SECMON', ts: `1763632800.${String(minute).padStart(6, '0')}` },
      });

      it('keeps the latest alert of each monitor, whatever order deliveries arrive in, with a TTL 90 days after it', async () => {
        expect(await store.listLastAlerts()).toEqual([]);
        expect(await store.recordLastAlert(last('root-activity', 5))).toBe(true);
        expect(await store.recordLastAlert(last('root-activity', 3))).toBe(false); // older: ignored
        expect(await store.recordLastAlert(last('admin-policy-attached', 1))).toBe(true);
        expect(await store.recordLastAlert({ ...last('admin-policy-attached', 2), message: undefined })).toBe(true);

        expect(await store.listLastAlerts()).toEqual([{ ...last('admin-policy-attached', 2), message: undefined }, last('root-activity', 5)]);
        expect(await subject.rawItem(stateKeys.lastAlert('root-activity'))).toMatchObject({
          pk: 'last-alert',
          sk: 'root-activity',
          expiresAt: seconds(T0 + 5 * 60_000 + 90 * DAY),
        });
      });

      it('keeps the latest of 20 concurrent records', async () => {
        const minutes = Array.from({ length: 20 }, (_, n) => (n * 7) % 20);
        await Promise.all(minutes.map((minute) => store.recordLastAlert(last('root-activity', minute))));
        expect(await store.listLastAlerts()).toEqual([last('root-activity', 19)]);
      });

      it('cuts a long summary, and rejects a record without a monitor or a valid time', async () => {
        await store.recordLastAlert(last('root-activity', 0, 'x'.repeat(1000)));
        const [stored] = await store.listLastAlerts();
        expect(stored?.summary).toHaveLength(300);
        expect(stored?.summary.endsWith('…')).toBe(true);
        await expectRejectsWithCode(store.recordLastAlert(last('', 0)), 'INPUT_INVALID');
        await expectRejectsWithCode(store.recordLastAlert({ ...last('root-activity', 0), at: 'just now' }), 'INPUT_INVALID');
      });
    });

    describe('audit', () => {
      const record = (minute: number, action = 'monitor.enable') => ({
        at: new Date(T0 + minute * 60_000).toISOString(),
        actor: 'U0123ABCD',
        action,
        target: 'root-activity',
        result: 'succeeded' as const,
        detail: minute % 2 === 0 ? undefined : `minute ${minute}`,
      });

      it('lists records newest first, from a time, up to a limit, and keeps them 400 days', async () => {
        for (const minute of [3, 1, 4, 2, 0]) await store.putAudit(record(minute));
        await store.putAudit(record(2, 'alert.revert'));

        const all = await store.listAudit();
        expect(all.map((r) => r.at)).toEqual([4, 3, 2, 2, 1, 0].map((m) => record(m).at));
        expect(all[0]).toEqual(record(4));
        expect((await store.listAudit({ since: record(2).at })).map((r) => r.at)).toEqual([4, 3, 2, 2].map((m) => record(m).at));
        expect(await store.listAudit({ limit: 2 })).toEqual([record(4), record(3)]);
      });

      it('keeps records under pk "audit" sorted by time, with a TTL 400 days after the action', async () => {
        await store.putAudit(record(0));
        const items = await subject.rawPartition('audit');
        expect(items).toHaveLength(1);
        expect(items[0]).toMatchObject({ pk: 'audit', expiresAt: seconds(T0 + 400 * DAY) });
        expect(items[0]?.sk.startsWith(`${record(0).at}#`)).toBe(true);
      });

      it('rejects a record without a valid time or actor', async () => {
        await expectRejectsWithCode(store.putAudit({ ...record(0), at: 'yesterday' }), 'INPUT_INVALID');
        await expectRejectsWithCode(store.putAudit({ ...record(0), actor: '' }), 'INPUT_INVALID');
        await expectRejectsWithCode(store.listAudit({ limit: 0 }), 'INPUT_INVALID');
      });
    });
  });
}
