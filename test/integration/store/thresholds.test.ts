/** The DynamoDB threshold counter against dynalite (the table as template.yaml declares it). */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSecmonError } from '../../../src/errors.js';
import { DynamoThresholdCounter, thresholdItemKey } from '../../../src/store/thresholds/index.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { describeThresholdCounterContract, hit } from '../../unit/store/thresholds/counter.contract.js';

let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});

describeThresholdCounterContract('DynamoThresholdCounter on dynalite', async () => {
  const tableName = await dynamo.createTable();
  return new DynamoThresholdCounter({ client: dynamo.documentClient, tableName });
});

describe('DynamoThresholdCounter specifics', () => {
  it('keeps one item per monitor and key under threshold#, with a TTL past every window that may read it', async () => {
    const tableName = await dynamo.createTable();
    const counter = new DynamoThresholdCounter({ client: dynamo.documentClient, tableName });
    const first = hit({ offsetMs: 30_000 });
    await counter.count(first);
    await counter.count(hit({ offsetMs: 90_000, weight: 3 }));
    const key = thresholdItemKey('secrets-bulk-read', 'k-alice');
    expect(key).toEqual({ pk: 'threshold#secrets-bulk-read#k-alice', sk: 'counter' });
    const { Item } = await dynamo.documentClient.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    const minute = Math.floor(first.at.getTime() / 60_000);
    expect(Item).toMatchObject({ kind: 'threshold', monitorId: 'secrets-bulk-read', [`b${minute % 6}`]: minute, [`c${minute % 6}`]: 1 });
    expect(Item).toMatchObject({ [`b${(minute + 1) % 6}`]: minute + 1, [`c${(minute + 1) % 6}`]: 3 });
    // The TTL attribute of the table, in epoch seconds, later than the last bucket's window.
    const expires = Item?.[dynamo.ttlAttribute] as number;
    expect(expires).toBeGreaterThan((first.at.getTime() + 6 * 60_000 + 300_000) / 1000);
    expect(expires).toBeLessThan((first.at.getTime() + 60 * 60_000) / 1000);
  });

  it('turns AWS errors into STATE_STORE errors that keep the AWS error as cause', async () => {
    const counter = new DynamoThresholdCounter({ client: dynamo.documentClient, tableName: 'no-such-table' });
    const error = await counter.count(hit()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isSecmonError(error, 'STATE_STORE')).toBe(true);
    expect((error as Error & { cause: Error }).cause.name).toBe('ResourceNotFoundException');
  });
});
