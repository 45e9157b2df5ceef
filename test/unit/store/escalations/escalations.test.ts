/** Escalations on DynamoDB (dynalite): due listing, one claim at a time, steps recorded, never overwritten. */
import { beforeEach, describe, expect, it } from 'vitest';
import { Escalations, escalationKey, type EscalatedAlert } from '../../../../src/store/escalations/escalations.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { DAY, T0, at, expectRejectsWithCode, seconds } from '../support.js';

const tables = useDynaliteTables();
let escalations: Escalations;

beforeEach(async () => {
  escalations = new Escalations(await tables.table());
});

const MINUTES_15 = 15 * 60_000;
const alert = (deliveryId: string): EscalatedAlert => ({
  deliveryId,
  title: 'Security group opened to the internet',
  summary: 'sg-0abc opened 22 to 0.0.0.0/0',
  account: '111122223333',
  monitorId: 'sg-open-to-world',
  time: at(0).toISOString(),
});
const message = (ts: string) => ({ channel: 'C0SECMON01', ts });

describe('escalations', () => {
  it('are due afterMs after the post, listed earliest first, apart from the escalated ones, with a TTL of 30 days', async () => {
    await escalations.add(message('2.0'), alert('d2'), { now: at(60_000), afterMs: MINUTES_15 });
    await escalations.add(message('1.0'), alert('d1'), { now: at(0), afterMs: MINUTES_15 });
    expect(await escalations.list(at(MINUTES_15 - 1))).toEqual({ due: [], escalated: [] });
    expect((await escalations.list(at(MINUTES_15 + 60_000))).due.map((due) => due.alert.deliveryId)).toEqual(['d1', 'd2']);
    expect(await tables.raw(escalationKey(message('1.0')))).toMatchObject({ kind: 'escalation', status: 'pending', expiresAt: seconds(T0 + 30 * DAY) });

    await escalations.markEscalated(message('1.0'));
    const later = await escalations.list(at(DAY));
    expect(later.due.map((due) => due.alert.deliveryId)).toEqual(['d2']);
    expect(later.escalated.map((escalated) => escalated.alert.deliveryId)).toEqual(['d1']);
  });

  it('never overwrites: a retried delivery keeps the first due time and the steps done', async () => {
    await escalations.add(message('1.0'), alert('d1'), { now: at(0), afterMs: MINUTES_15 });
    await escalations.markStep(message('1.0'), 'replied');
    await escalations.add(message('1.0'), alert('d1'), { now: at(60_000), afterMs: MINUTES_15 });
    expect(await escalations.get(message('1.0'))).toMatchObject({ dueAtMs: T0 + MINUTES_15, replied: true, posted: false });
  });

  it('is claimed by one sweep at a time, again once the lease has passed, and not once escalated', async () => {
    await escalations.add(message('1.0'), alert('d1'), { now: at(0), afterMs: 0 });
    const lease = { leaseMs: 60_000 };
    expect(await escalations.claim(message('1.0'), { now: at(1000), ...lease })).toMatchObject({ status: 'pending', incidents: [] });
    expect(await escalations.claim(message('1.0'), { now: at(2000), ...lease })).toBeUndefined();
    expect(await escalations.claim(message('1.0'), { now: at(61_000), ...lease })).toBeDefined();
    await escalations.markIncidents(message('1.0'), ['pagerduty']);
    expect(await escalations.markEscalated(message('1.0'))).toBe(true);
    expect(await escalations.markEscalated(message('1.0'))).toBe(false);
    expect(await escalations.claim(message('1.0'), { now: at(DAY), ...lease })).toBeUndefined();
    expect(await escalations.get(message('1.0'))).toMatchObject({ status: 'escalated', incidents: ['pagerduty'] });
  });

  it('cannot be claimed or marked once removed (the marks do not bring it back)', async () => {
    await escalations.add(message('1.0'), alert('d1'), { now: at(0), afterMs: 0 });
    await escalations.remove(message('1.0'));
    expect(await escalations.claim(message('1.0'), { now: at(1000), leaseMs: 1000 })).toBeUndefined();
    await escalations.markStep(message('1.0'), 'posted');
    expect(await escalations.get(message('1.0'))).toBeUndefined();
  });

  it('refuses an item whose incidents another principal made up', async () => {
    const table = await tables.table();
    escalations = new Escalations(table);
    await escalations.add(message('1.0'), alert('d1'), { now: at(0), afterMs: 0 });
    await table.update(escalationKey(message('1.0')), { set: { incidents: ['webhook'] } });
    await expectRejectsWithCode(escalations.get(message('1.0')), 'STATE_STORE');
  });
});
