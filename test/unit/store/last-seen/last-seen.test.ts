import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LastSeen } from '../../../../src/store/last-seen/last-seen.js';
import { DynamoTable } from '../../../../src/store/table/dynamo-table.js';
import { startDynalite, type LocalDynamo } from '../../../helpers/dynalite.js';
import { expectRejectsWithCode, T0 } from '../support.js';

let dynamo: LocalDynamo;
let seen: LastSeen;
beforeAll(async () => {
  dynamo = await startDynalite({ tableName: 'last-seen' });
  seen = new LastSeen(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName }));
});
afterAll(async () => dynamo.close());

describe('last seen per account and region (dynalite)', () => {
  it('keeps the latest event of each account and region, whatever order deliveries arrive in', async () => {
    expect(await seen.record({ accountId: '222233334444', region: 'eu-west-1', atMs: T0 + 60_000, source: 'event' })).toBe(true);
    expect(await seen.record({ accountId: '222233334444', region: 'eu-west-1', atMs: T0, source: 'heartbeat' })).toBe(false);
    expect(await seen.record({ accountId: '222233334444', region: 'us-east-1', atMs: T0, source: 'heartbeat' })).toBe(true);
    expect(await seen.record({ accountId: '111122223333', region: 'eu-west-1', atMs: T0, source: 'heartbeat' })).toBe(true);
    expect(await seen.list()).toEqual([
      { accountId: '111122223333', region: 'eu-west-1', atMs: T0, source: 'heartbeat' },
      { accountId: '222233334444', region: 'eu-west-1', atMs: T0 + 60_000, source: 'event' },
      { accountId: '222233334444', region: 'us-east-1', atMs: T0, source: 'heartbeat' },
    ]);
  });

  it('refuses what is not an account or a region (keys are built from them)', async () => {
    await expectRejectsWithCode(seen.record({ accountId: '12#4', region: 'eu-west-1', atMs: T0, source: 'event' }), 'INPUT_INVALID');
    await expectRejectsWithCode(seen.record({ accountId: '222233334444', region: 'eu#west', atMs: T0, source: 'event' }), 'INPUT_INVALID');
  });
});
