/**
 * The state table on dynalite for the tests of the concept modules (test/unit/store/): one dynalite per test file,
 * a fresh table per test, and raw reads that show exactly what was stored.
 *
 *   const dynamo = useDynaliteTables();
 *   beforeEach(async () => { table = await dynamo.table(); });
 *   ... new Silences(table) ... expect(await dynamo.raw(silenceKey('m'))).toMatchObject({ expiresAt: ... });
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { DynamoTable } from '../../src/store/table/dynamo-table.js';
import type { Item, ItemKey } from '../../src/store/table/table.js';
import { startDynalite, type LocalDynamo } from './dynalite.js';

export interface DynaliteTables {
  /** A fresh, empty state table (as template.yaml declares it); `raw` and `partition` read the latest one. */
  table(): Promise<DynamoTable>;
  raw(key: ItemKey): Promise<Item | undefined>;
  partition(pk: string): Promise<Item[]>;
  readonly dynamo: LocalDynamo;
}

export function useDynaliteTables(): DynaliteTables {
  let dynamo: LocalDynamo | undefined;
  let latest: DynamoTable | undefined;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo?.close();
  });
  const current = (): DynamoTable => {
    if (latest === undefined) throw new Error('no table yet: call table() first');
    return latest;
  };
  return {
    get dynamo() {
      if (dynamo === undefined) throw new Error('dynalite is not started yet');
      return dynamo;
    },
    async table() {
      if (dynamo === undefined) throw new Error('dynalite is not started yet');
      latest = new DynamoTable({ client: dynamo.documentClient, tableName: await dynamo.createTable() });
      return latest;
    },
    async raw(key) {
      const table = current();
      const output = await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }));
      return output.Item as Item | undefined;
    },
    async partition(pk) {
      const table = current();
      const output = await table.client.send(
        new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
      );
      return (output.Items ?? []) as Item[];
    },
  };
}
