/** Remediations on DynamoDB (dynalite): the revert state machine, decided by conditional writes. */
import { beforeEach, describe, expect, it } from 'vitest';
import { Remediations, remediationKey } from '../../../../src/store/remediations/remediations.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { T0, at, expectRejectsWithCode, seconds } from '../support.js';

const DAY = 24 * 3600_000;
const tables = useDynaliteTables();
let remediations: Remediations;

beforeEach(async () => {
  remediations = new Remediations(await tables.table());
});

describe('remediations', () => {
  const LEASE = 5 * 60_000;
  const outcome = {
    rule: { ruleId: 'sgr-0abc', protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0', cidrIpv6: undefined },
    outcome: 'revoked' as const,
    reason: undefined,
  };

  it('goes requested -> in_progress -> done, keyed by deliveryId, with a TTL 30 days after the last change', async () => {
    const requested = await remediations.request({ deliveryId: 'd1', by: 'U1', now: at(0) });
    expect(requested).toMatchObject({ status: 'requested', record: { status: 'requested', requestedBy: 'U1', attempts: 0 } });
    expect(await remediations.request({ deliveryId: 'd1', by: 'U2', now: at(1) })).toMatchObject({
      status: 'existing',
      record: { status: 'requested', requestedBy: 'U1' },
    });

    const started = await remediations.start('d1', { by: 'U2', now: at(1000), leaseMs: LEASE });
    if (started.status !== 'started') throw new Error('expected to start');
    expect(started.record).toMatchObject({ status: 'in_progress', requestedBy: 'U1', startedBy: 'U2', attempts: 1 });
    expect(started.record.claim).toEqual(expect.any(String));

    const done = await remediations.finish('d1', { claim: started.record.claim ?? '', status: 'done', outcomes: [outcome], now: at(2000) });
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

  it('never starts again once done, nor while in progress within the lease; a second finish is refused', async () => {
    const first = await remediations.start('d2', { by: 'U1', now: at(0), leaseMs: LEASE });
    if (first.status !== 'started') throw new Error('expected to start');
    expect(first.record).toMatchObject({ status: 'in_progress', requestedBy: 'U1', attempts: 1 });
    expect(await remediations.start('d2', { by: 'U2', now: at(1000), leaseMs: LEASE })).toMatchObject({
      status: 'existing',
      record: { status: 'in_progress', startedBy: 'U1' },
    });
    expect(await remediations.request({ deliveryId: 'd2', by: 'U2', now: at(1000) })).toMatchObject({ status: 'existing' });
    const claim = first.record.claim ?? '';
    expect(await remediations.finish('d2', { claim: 'not-the-claim', status: 'done', outcomes: [], now: at(2000) })).toBeUndefined();
    expect(await remediations.finish('d2', { claim, status: 'done', outcomes: [], now: at(2000) })).toMatchObject({ status: 'done' });
    expect(await remediations.finish('d2', { claim, status: 'failed', outcomes: [], now: at(3000) })).toBeUndefined();
    expect(await remediations.start('d2', { by: 'U3', now: at(10 * LEASE), leaseMs: LEASE })).toMatchObject({
      status: 'existing',
      record: { status: 'done' },
    });
  });

  it('lets one of many concurrent starts win', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, n) => remediations.start('d3', { by: `U${n}`, now: at(0), leaseMs: LEASE })),
    );
    expect(results.filter((r) => r.status === 'started')).toHaveLength(1);
    expect((await remediations.get('d3'))?.attempts).toBe(1);
  });

  it('allows a retry after a failure and a takeover of a stale claim, and the old claim can no longer finish', async () => {
    const first = await remediations.start('d4', { by: 'U1', now: at(0), leaseMs: LEASE });
    if (first.status !== 'started') throw new Error('expected to start');
    await remediations.finish('d4', { claim: first.record.claim ?? '', status: 'failed', outcomes: [], now: at(10) });
    expect(await remediations.request({ deliveryId: 'd4', by: 'U2', now: at(20) })).toMatchObject({
      status: 'requested',
      record: { status: 'requested', requestedBy: 'U2', attempts: 1, claim: undefined },
    });
    const second = await remediations.start('d4', { by: 'U2', now: at(30), leaseMs: LEASE });
    if (second.status !== 'started') throw new Error('expected to start');
    const takeover = await remediations.start('d4', { by: 'U3', now: at(30 + LEASE), leaseMs: LEASE });
    if (takeover.status !== 'started') throw new Error('expected a takeover');
    expect(takeover.record).toMatchObject({ attempts: 3, startedBy: 'U3' });
    expect(await remediations.finish('d4', { claim: second.record.claim ?? '', status: 'done', outcomes: [], now: at(LEASE + 40) })).toBeUndefined();
    expect(await remediations.get('d4')).toMatchObject({ status: 'in_progress', startedBy: 'U3' });
  });

  it('returns undefined for an unknown remediation and rejects empty keys', async () => {
    expect(await remediations.get('nope')).toBeUndefined();
    expect(await remediations.finish('nope', { claim: 'x', status: 'done', outcomes: [], now: at(0) })).toBeUndefined();
    await expectRejectsWithCode(remediations.start('', { by: 'U1', now: at(0), leaseMs: LEASE }), 'INPUT_INVALID');
    await expectRejectsWithCode(remediations.request({ deliveryId: 'd5', by: '', now: at(0) }), 'INPUT_INVALID');
  });
});
