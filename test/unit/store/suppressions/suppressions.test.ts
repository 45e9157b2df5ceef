import { describe, expect, it } from 'vitest';
import { MAX_ACTIVE_SUPPRESSIONS, SUMMARY_CLAIM_MS, Suppressions, newSuppressionId, SUPPRESSION_ID } from '../../../../src/store/suppressions/suppressions.js';
import { MemoryTable } from '../../../../src/store/table/memory-table.js';
import { at, DAY, seconds } from '../support.js';

const HOUR = 3600_000;
const rule = (until = at(HOUR)) => ({ monitorId: 'root-activity', matchers: { account: '111122223333' }, until: until.toISOString(), by: 'U0ADMIN', reason: 'drill', message: undefined });

describe('Suppressions', () => {
  it('writes a rule under a short typeable id, with nothing held and a TTL a week after its end', async () => {
    const table = new MemoryTable();
    const created = await new Suppressions(table).put(rule(), at(0));
    if (created.status !== 'created') throw new Error('expected a rule');
    expect(created.rule.id).toMatch(SUPPRESSION_ID);
    expect(created.rule).toMatchObject({ monitorId: 'root-activity', matchers: { account: '111122223333' }, held: 0, heldCritical: 0 });
    expect(table.items()[0]).toMatchObject({ pk: 'suppression#all', sk: created.rule.id, expiresAt: seconds(at(HOUR).getTime() + 7 * DAY) });
    expect(new Set(Array.from({ length: 50 }, newSuppressionId)).size).toBe(50);
  });

  it('refuses a rule beyond the most in force at once', async () => {
    let n = 0;
    const store = new Suppressions(new MemoryTable(), () => `id${String(n++).padStart(6, 'a')}`);
    for (let i = 0; i < MAX_ACTIVE_SUPPRESSIONS; i++) expect((await store.put(rule(), at(0))).status).toBe('created');
    expect(await store.put(rule(), at(0))).toEqual({ status: 'too-many', active: MAX_ACTIVE_SUPPRESSIONS });
    // Expired rules do not count.
    expect((await store.put(rule(), at(2 * HOUR))).status).toBe('created');
  });

  it('counts held alerts (criticals apart) only while the rule is in force', async () => {
    const store = new Suppressions(new MemoryTable());
    const created = await store.put(rule(), at(0));
    if (created.status !== 'created') throw new Error('expected a rule');
    await store.countHeld(created.rule.id, false, at(1000));
    expect(await store.countHeld(created.rule.id, true, at(2000))).toMatchObject({ held: 2, heldCritical: 1 });
    expect(await store.countHeld(created.rule.id, false, at(HOUR))).toBeUndefined();
    expect(await store.countHeld('nosuchid', false, at(1000))).toBeUndefined();
    expect(await store.listActive(at(HOUR - 1))).toHaveLength(1);
    expect(await store.listExpired(at(HOUR))).toHaveLength(1);
  });

  it('lets one sweep at a time claim an expired rule for its summary, and another take over a stale claim', async () => {
    const store = new Suppressions(new MemoryTable());
    const created = await store.put(rule(), at(0));
    if (created.status !== 'created') throw new Error('expected a rule');
    const id = created.rule.id;
    expect(await store.claimSummary(id, at(HOUR - 1))).toBeUndefined();
    expect(await store.claimSummary(id, at(HOUR))).toMatchObject({ id });
    expect(await store.claimSummary(id, at(HOUR + 1000))).toBeUndefined();
    expect(await store.claimSummary(id, at(HOUR + SUMMARY_CLAIM_MS))).toMatchObject({ id });
    expect(await store.delete(id)).toMatchObject({ id });
    expect(await store.claimSummary(id, at(2 * HOUR))).toBeUndefined();
    expect(await store.delete(id)).toBeUndefined();
  });
});
