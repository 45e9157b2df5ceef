/** The last alert per monitor on DynamoDB (dynalite): the latest by event time wins, whatever the arrival order. */
import { beforeEach, describe, expect, it } from 'vitest';
import { LastAlerts, lastAlertKey } from '../../../../src/store/last-alerts/last-alerts.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { DAY, T0, expectRejectsWithCode, seconds } from '../support.js';

const tables = useDynaliteTables();
let lastAlerts: LastAlerts;

beforeEach(async () => {
  lastAlerts = new LastAlerts(await tables.table());
});

describe('last alert per monitor', () => {
  const last = (monitorId: string, minute: number, summary = `alert at minute ${minute}`) => ({
    monitorId,
    at: new Date(T0 + minute * 60_000).toISOString(),
    summary,
    message: { channel: 'C0SECMON', ts: `1763632800.${String(minute).padStart(6, '0')}` },
  });

  it('keeps the latest alert of each monitor, whatever order deliveries arrive in, with a TTL 90 days after it', async () => {
    expect(await lastAlerts.list()).toEqual([]);
    expect(await lastAlerts.record(last('root-activity', 5))).toBe(true);
    expect(await lastAlerts.record(last('root-activity', 3))).toBe(false); // older: ignored
    expect(await lastAlerts.record(last('admin-policy-attached', 1))).toBe(true);
    expect(await lastAlerts.record({ ...last('admin-policy-attached', 2), message: undefined })).toBe(true);

    expect(await lastAlerts.list()).toEqual([{ ...last('admin-policy-attached', 2), message: undefined }, last('root-activity', 5)]);
    expect(await tables.raw(lastAlertKey('root-activity'))).toMatchObject({
      pk: 'last-alert#all',
      sk: 'root-activity',
      expiresAt: seconds(T0 + 5 * 60_000 + 90 * DAY),
    });
  });

  it('keeps the latest of 20 concurrent records', async () => {
    const minutes = Array.from({ length: 20 }, (_, n) => (n * 7) % 20);
    await Promise.all(minutes.map((minute) => lastAlerts.record(last('root-activity', minute))));
    expect(await lastAlerts.list()).toEqual([last('root-activity', 19)]);
  });

  it('cuts a long summary, and rejects a record without a monitor or a valid time', async () => {
    await lastAlerts.record(last('root-activity', 0, 'x'.repeat(1000)));
    const [stored] = await lastAlerts.list();
    expect(stored?.summary).toHaveLength(300);
    expect(stored?.summary.endsWith('…')).toBe(true);
    await expectRejectsWithCode(lastAlerts.record(last('', 0)), 'INPUT_INVALID');
    await expectRejectsWithCode(lastAlerts.record({ ...last('root-activity', 0), at: 'just now' }), 'INPUT_INVALID');
  });
});
