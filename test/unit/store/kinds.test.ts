/**
 * The key layout IAM relies on: every item the state modules write has a partition key `<kind>#<id>` whose kind is
 * one of STATE_KINDS and matches the item's `kind` attribute, so `dynamodb:LeadingKeys` with `<kind>#*` scopes a
 * function to exactly the kinds it is given.
 */
import { describe, expect, it } from 'vitest';
import { createStateStores, STATE_KINDS } from '../../../src/store/index.js';
import { createRequestLedger } from '../../../src/store/slack-requests/request-ledger.js';
import { MemoryTable } from '../../../src/store/table/memory-table.js';
import { eventAlert, messageState } from '../../helpers/alerts.js';
import { at } from './support.js';

describe('state kinds', () => {
  it('are distinct lower-case words', () => {
    expect(new Set(STATE_KINDS).size).toBe(STATE_KINDS.length);
    for (const kind of STATE_KINDS) expect(kind).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('prefix the partition key of every item each module writes, and name the item', async () => {
    const table = new MemoryTable();
    const state = createStateStores(table);
    const message = { channel: 'C1', ts: '1.1' };
    const opened = await state.groups.open({ groupKey: 'g', alert: eventAlert(), now: at(0), windowMs: 1000 });
    if (opened.status !== 'created') throw new Error('expected a new group');
    await state.groups.open({ groupKey: 'g', alert: eventAlert({ deliveryId: 'd2' }), now: at(2000), windowMs: 1000 }); // archives
    await state.groups.markDirty(opened.group, 2, at(3000));
    await state.messages.create(message, { alert: eventAlert(), state: messageState() }, at(0));
    await state.alarms.set('secmon-root', message, at(0));
    await state.silences.put({ monitorId: 'root-activity', until: at(60_000).toISOString(), by: 'U1', reason: undefined, message });
    await state.remediations.start('d1', { by: 'U1', now: at(0), leaseMs: 1000, attempt: 'job-1' });
    await state.openReverts.add({ deliveryId: 'd1', message }, at(0));
    await state.jobs.create('job-1', { kind: 'action' }, at(0));
    await state.postBudget.take('C1', at(0), { limit: 1, force: false });
    await state.postBudget.hold('C1', { monitorId: 'root-activity', source: 'event', severity: 'medium', title: 't', summary: 's', time: at(0).toISOString() }, at(0));
    await state.lastAlerts.record({ monitorId: 'root-activity', at: at(0).toISOString(), summary: 's', message });
    await state.audit.append({ at: at(0).toISOString(), actor: 'U1', action: 'a', target: 't', result: 'succeeded', detail: undefined });
    await createRequestLedger(table).claim('abc', at(0));
    await state.thresholds.count({ monitorId: 'secrets-bulk-read', key: 'k1', weight: 1, at: at(0), now: at(0), windowMs: 300_000 });
    await state.lastSeen.record({ accountId: '111122223333', region: 'eu-west-1', atMs: at(0).getTime(), source: 'heartbeat' });
    await state.accounts.put({ accountId: '111122223333', name: 'prod', ouPath: 'Workloads', ouIds: ['r-ab12'] }, at(0).getTime());
    await state.accounts.markListed(at(0).getTime(), 1);
    await state.suppressions.put({ monitorId: 'root-activity', matchers: { account: '111122223333' }, until: at(60_000).toISOString(), by: 'U1', reason: 'r', message }, at(0));
    await state.findings.remember({ source: 'guardduty', id: 'f1' }, { message, updatedMs: 1, deliveryId: 'd1' }, at(0));
    await state.escalations.add(message, { deliveryId: 'd1', title: 't', summary: 's', account: undefined, monitorId: undefined, time: at(0).toISOString() }, { now: at(0), afterMs: 60_000 });

    const items = table.items();
    const kinds = new Set(items.map((item) => item.pk.split('#')[0]));
    expect([...kinds].sort()).toEqual(STATE_KINDS.filter((kind) => kind !== 'dedupe').sort()); // dedupe: Powertools writes it
    for (const item of items) expect(item.pk.startsWith(`${String(item['kind'])}#`), `${item.pk} / kind ${String(item['kind'])}`).toBe(true);
  });
});
