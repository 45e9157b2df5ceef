/** The audit log on DynamoDB (dynalite): appended, listed newest first from a time, kept 400 days. */
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../src/store/audit/audit-log.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { DAY, T0, expectRejectsWithCode, seconds } from '../support.js';

const tables = useDynaliteTables();
let audit: AuditLog;

beforeEach(async () => {
  audit = new AuditLog(await tables.table());
});

describe('audit log', () => {
  const record = (minute: number, action = 'monitor.enable') => ({
    at: new Date(T0 + minute * 60_000).toISOString(),
    actor: 'U0123ABCD',
    action,
    target: 'root-activity',
    result: 'succeeded' as const,
    detail: minute % 2 === 0 ? undefined : `minute ${minute}`,
  });

  it('lists records newest first, from a time, up to a limit, and keeps them 400 days', async () => {
    for (const minute of [3, 1, 4, 2, 0]) await audit.append(record(minute));
    await audit.append(record(2, 'alert.revert'));

    const all = await audit.list();
    expect(all.map((r) => r.at)).toEqual([4, 3, 2, 2, 1, 0].map((m) => record(m).at));
    expect(all[0]).toEqual(record(4));
    expect((await audit.list({ since: record(2).at })).map((r) => r.at)).toEqual([4, 3, 2, 2].map((m) => record(m).at));
    expect(await audit.list({ limit: 2 })).toEqual([record(4), record(3)]);
  });

  it('keeps records under pk "audit" sorted by time, with a TTL 400 days after the action', async () => {
    await audit.append(record(0));
    const items = await tables.partition('audit#all');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ pk: 'audit#all', expiresAt: seconds(T0 + 400 * DAY) });
    expect(items[0]?.sk.startsWith(`${record(0).at}#`)).toBe(true);
  });

  it('rejects a record without a valid time or actor', async () => {
    await expectRejectsWithCode(audit.append({ ...record(0), at: 'yesterday' }), 'INPUT_INVALID');
    await expectRejectsWithCode(audit.append({ ...record(0), actor: '' }), 'INPUT_INVALID');
    await expectRejectsWithCode(audit.list({ limit: 0 }), 'INPUT_INVALID');
  });
});
