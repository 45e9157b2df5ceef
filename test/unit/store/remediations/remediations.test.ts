/** Remediations on DynamoDB (dynalite): the revert state machine, decided by conditional writes. */
import { beforeEach, describe, expect, it } from 'vitest';
import { OpenReverts, openRevertKey } from '../../../../src/store/remediations/open-reverts.js';
import { Remediations, remediationKey } from '../../../../src/store/remediations/remediations.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { T0, at, expectRejectsWithCode, seconds } from '../support.js';

const DAY = 24 * 3600_000;
const tables = useDynaliteTables();
let remediations: Remediations;

beforeEach(async () => {
  remediations = new Remediations(await tables.table());
});

const LEASE = 6 * 60_000;
const LEASES = { requestMs: 60_000, claimMs: LEASE };
const outcome = {
  rule: { ruleId: 'sgr-0abc', protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0', cidrIpv6: undefined },
  outcome: 'revoked' as const,
  reason: undefined,
};
const request = (deliveryId: string, by: string, nowMs: number, attempt = `job-${by}-${nowMs}`) =>
  remediations.request({ deliveryId, by, now: at(nowMs), attempt, leases: LEASES });
const start = (deliveryId: string, by: string, nowMs: number, attempt = `job-${by}-${nowMs}`) =>
  remediations.start(deliveryId, { by, now: at(nowMs), leaseMs: LEASE, attempt });

describe('remediations', () => {
  it('goes requested -> in_progress -> done, keyed by deliveryId, with a TTL 30 days after the last change', async () => {
    const requested = await request('d1', 'U1', 0, 'job-1');
    expect(requested).toMatchObject({ status: 'requested', record: { status: 'requested', requestedBy: 'U1', attempts: 0, attempt: 'job-1' } });
    expect(await request('d1', 'U2', 1)).toMatchObject({ status: 'existing', record: { status: 'requested', requestedBy: 'U1' } });

    const started = await start('d1', 'U2', 1000, 'job-1');
    expect(started).toMatchObject({ status: 'started', record: { status: 'in_progress', requestedBy: 'U1', startedBy: 'U2', attempts: 1, attempt: 'job-1' } });

    const done = await remediations.finish('d1', { attempt: 'job-1', status: 'done', outcomes: [outcome], now: at(2000) });
    expect(done).toMatchObject({ status: 'done', finishedAt: at(2000).toISOString() });
    expect(done?.outcomes).toEqual([outcome]);
    expect(await remediations.get('d1')).toEqual(done);
    expect(await tables.raw(remediationKey('d1'))).toMatchObject({
      pk: 'remediation#d1',
      sk: 'revert',
      kind: 'remediation',
      expiresAt: seconds(T0 + 2000 + 30 * DAY),
    });
  });

  it('never starts again once done, nor while in progress within the lease; only the attempt holding the claim finishes', async () => {
    expect(await start('d2', 'U1', 0, 'job-a')).toMatchObject({ status: 'started', record: { status: 'in_progress', requestedBy: 'U1', attempts: 1 } });
    expect(await start('d2', 'U2', 1000)).toMatchObject({ status: 'existing', record: { status: 'in_progress', startedBy: 'U1' } });
    expect(await request('d2', 'U2', 1000)).toMatchObject({ status: 'existing' });
    expect(await remediations.finish('d2', { attempt: 'not-the-claim', status: 'done', outcomes: [], now: at(2000) })).toBeUndefined();
    expect(await remediations.finish('d2', { attempt: 'job-a', status: 'done', outcomes: [], now: at(2000) })).toMatchObject({ status: 'done' });
    expect(await remediations.finish('d2', { attempt: 'job-a', status: 'failed', outcomes: [], now: at(3000) })).toBeUndefined();
    expect(await start('d2', 'U3', 10 * LEASE)).toMatchObject({ status: 'existing', record: { status: 'done' } });
    expect(await request('d2', 'U3', 10 * LEASE)).toMatchObject({ status: 'existing', record: { status: 'done' } });
  });

  it('lets one of many concurrent starts win', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, n) => start('d3', `U${n}`, 0)));
    expect(results.filter((r) => r.status === 'started')).toHaveLength(1);
    expect((await remediations.get('d3'))?.attempts).toBe(1);
  });

  it('allows a retry after a failure and a takeover of a stale claim, and the old claim can no longer finish', async () => {
    await start('d4', 'U1', 0, 'job-1');
    await remediations.finish('d4', { attempt: 'job-1', status: 'failed', outcomes: [], now: at(10) });
    expect(await request('d4', 'U2', 20, 'job-2')).toMatchObject({
      status: 'requested',
      record: { status: 'requested', requestedBy: 'U2', attempts: 1, attempt: 'job-2', startedBy: undefined },
    });
    await start('d4', 'U2', 30, 'job-2');
    const takeover = await start('d4', 'U3', 30 + LEASE, 'job-3');
    expect(takeover).toMatchObject({ status: 'started', record: { attempts: 3, startedBy: 'U3', attempt: 'job-3' } });
    expect(await remediations.finish('d4', { attempt: 'job-2', status: 'done', outcomes: [], now: at(LEASE + 40) })).toBeUndefined();
    expect(await remediations.get('d4')).toMatchObject({ status: 'in_progress', startedBy: 'U3' });
  });

  it('a click takes over a request nobody started after the request lease, and a claim whose worker is gone after the claim lease', async () => {
    await request('d5', 'U1', 0);
    expect(await request('d5', 'U2', LEASES.requestMs - 1)).toMatchObject({ status: 'existing' });
    expect(await request('d5', 'U2', LEASES.requestMs, 'job-b')).toMatchObject({ status: 'requested', record: { requestedBy: 'U2', attempt: 'job-b' } });
    await start('d5', 'U2', LEASES.requestMs + 1, 'job-b');
    expect(await request('d5', 'U3', LEASES.requestMs + LEASE)).toMatchObject({ status: 'existing', record: { status: 'in_progress' } });
    expect(await request('d5', 'U3', LEASES.requestMs + 1 + LEASE, 'job-c')).toMatchObject({
      status: 'requested',
      record: { requestedBy: 'U3', attempt: 'job-c', startedBy: undefined },
    });
  });

  it('the sweep ends only stale requests and claims, as failed with the outcomes it gives', async () => {
    await request('d6', 'U1', 0);
    await start('d7', 'U1', 0, 'job-7');
    const failedRule = { ...outcome, outcome: 'failed' as const, reason: 'the worker stopped' };
    expect(await remediations.expire('d6', { now: at(LEASES.requestMs - 1), leases: LEASES, outcomes: [] })).toBeUndefined();
    expect(await remediations.expire('d7', { now: at(LEASE - 1), leases: LEASES, outcomes: [] })).toBeUndefined();
    expect(await remediations.expire('d6', { now: at(LEASES.requestMs), leases: LEASES, outcomes: [failedRule] })).toMatchObject({ status: 'failed', outcomes: [failedRule] });
    expect(await remediations.expire('d7', { now: at(LEASE), leases: LEASES, outcomes: [failedRule] })).toMatchObject({ status: 'failed' });
    // The dead worker's late finish changes nothing; a new click may start again.
    expect(await remediations.finish('d7', { attempt: 'job-7', status: 'done', outcomes: [], now: at(LEASE + 1) })).toBeUndefined();
    expect(await request('d7', 'U2', LEASE + 2)).toMatchObject({ status: 'requested' });
    expect(await remediations.expire('nope', { now: at(LEASE), leases: LEASES, outcomes: [] })).toBeUndefined();
  });

  it('abandon ends only what the given attempt holds, requested or in progress', async () => {
    await request('d8', 'U1', 0, 'job-8');
    expect(await remediations.abandon('d8', { attempt: 'job-other', now: at(1), outcomes: [] })).toBeUndefined();
    expect(await remediations.abandon('d8', { attempt: 'job-8', now: at(1), outcomes: [] })).toMatchObject({ status: 'failed' });
    await start('d9', 'U1', 0, 'job-9');
    expect(await remediations.abandon('d9', { attempt: 'job-9', now: at(1), outcomes: [] })).toMatchObject({ status: 'failed' });
    expect(await remediations.abandon('d9', { attempt: 'job-9', now: at(2), outcomes: [] })).toBeUndefined();
  });

  describe('keep and revert exclude each other', () => {
    it('keep: allowed when nothing was asked or the revert failed; refused while a revert is requested, runs or is done', async () => {
      expect(await remediations.keep('k1', { by: 'U1', now: at(0), reason: 'bastion' })).toMatchObject({
        status: 'kept',
        record: { status: 'kept', kept: { by: 'U1', at: at(0).toISOString(), reason: 'bastion' }, requestedBy: undefined },
      });
      await request('k2', 'U1', 0);
      expect(await remediations.keep('k2', { by: 'U2', now: at(1), reason: 'r' })).toMatchObject({ status: 'existing', record: { status: 'requested' } });
      await start('k2', 'U1', 2, 'job-k2');
      expect(await remediations.keep('k2', { by: 'U2', now: at(3), reason: 'r' })).toMatchObject({ status: 'existing', record: { status: 'in_progress' } });
      await remediations.finish('k2', { attempt: 'job-k2', status: 'failed', outcomes: [], now: at(4) });
      expect(await remediations.keep('k2', { by: 'U2', now: at(5), reason: 'after all' })).toMatchObject({ status: 'kept' });
      await start('k3', 'U1', 0, 'job-k3');
      await remediations.finish('k3', { attempt: 'job-k3', status: 'done', outcomes: [], now: at(1) });
      expect(await remediations.keep('k3', { by: 'U2', now: at(2), reason: 'r' })).toMatchObject({ status: 'existing', record: { status: 'done' } });
    });

    it('revert after a keep: no request, no start, ever', async () => {
      await remediations.keep('k4', { by: 'U1', now: at(0), reason: 'bastion' });
      expect(await request('k4', 'U2', 10 * LEASE)).toMatchObject({ status: 'existing', record: { status: 'kept' } });
      expect(await start('k4', 'U2', 10 * LEASE)).toMatchObject({ status: 'existing', record: { status: 'kept' } });
      expect(await remediations.keep('k4', { by: 'U3', now: at(1), reason: 'again' })).toMatchObject({ status: 'existing', record: { kept: { by: 'U1' } } });
    });

    it('a keep and a start at the same moment: exactly one wins', async () => {
      for (let n = 0; n < 6; n++) {
        const id = `race-${n}`;
        const [kept, started] = await Promise.all([remediations.keep(id, { by: 'U1', now: at(0), reason: 'r' }), start(id, 'U2', 0)]);
        expect([kept.status === 'kept', started.status === 'started'].filter(Boolean)).toHaveLength(1);
      }
    });
  });

  it('returns undefined for an unknown remediation and rejects empty keys', async () => {
    expect(await remediations.get('nope')).toBeUndefined();
    expect(await remediations.finish('nope', { attempt: 'x', status: 'done', outcomes: [], now: at(0) })).toBeUndefined();
    await expectRejectsWithCode(remediations.start('', { by: 'U1', now: at(0), leaseMs: LEASE, attempt: 'a' }), 'INPUT_INVALID');
    await expectRejectsWithCode(request('d10', '', 0), 'INPUT_INVALID');
    await expectRejectsWithCode(remediations.keep('d10', { by: '', now: at(0), reason: 'r' }), 'INPUT_INVALID');
  });
});

describe('open reverts', () => {
  it('lists what was added, once per delivery, until removed', async () => {
    const open = new OpenReverts(await tables.table());
    const message = { channel: 'C1', ts: '1.000001' };
    await open.add({ deliveryId: 'd1', message }, at(0));
    await open.add({ deliveryId: 'd1', message }, at(1));
    await open.add({ deliveryId: 'd2', message: undefined }, at(0));
    expect(await open.list()).toEqual([
      { deliveryId: 'd1', message },
      { deliveryId: 'd2', message: undefined },
    ]);
    expect(await tables.raw(openRevertKey('d1'))).toMatchObject({ pk: 'open-revert#all', kind: 'open-revert', expiresAt: seconds(T0 + 1 + 30 * DAY) });
    await open.remove('d1');
    expect(await open.list()).toEqual([{ deliveryId: 'd2', message: undefined }]);
  });
});
