/**
 * The AlertStateStore contract against DynamoDB (dynalite, the table as template.yaml declares it), plus what only
 * the DynamoDB store has: error translation, lists as Queries, items without undefined values.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSecmonError } from '../../../src/errors.js';
import { DynamoStateStore } from '../../../src/store/dynamo-state-store.js';
import type { Item } from '../../../src/store/items.js';
import { eventAlert } from '../../helpers/alerts.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { describeStateStoreContract } from '../../unit/store/state-store.contract.js';

let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});

async function rawItem(client: DynamoDBDocumentClient, tableName: string, key: { pk: string; sk: string }): Promise<Item | undefined> {
  const output = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return output.Item as Item | undefined;
}

describeStateStoreContract('DynamoStateStore on dynalite', {
  async create() {
    const tableName = await dynamo.createTable();
    const client = dynamo.documentClient;
    return {
      store: new DynamoStateStore({ client, tableName }),
      rawItem: (key) => rawItem(client, tableName, key),
      rawPartition: async (pk) => {
        const output = await client.send(
          new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
        );
        return (output.Items ?? []) as Item[];
      },
    };
  },
});

describe('DynamoStateStore specifics', () => {
  it('turns AWS errors into STATE_STORE errors that keep the AWS error as cause', async () => {
    const store = new DynamoStateStore({ client: dynamo.documentClient, tableName: 'no-such-table' });
    const error = await store.getSilence('root-activity').then(
      () => undefined,
      (rejected: unknown) => rejected,
    );
    expect(isSecmonError(error, 'STATE_STORE')).toBe(true);
    expect((error as Error).message).toContain('getSilence');
    expect((error as Error & { cause: Error }).cause.name).toBe('ResourceNotFoundException');
  });

  it('lists with Queries only, never a Scan', async () => {
    const tableName = await dynamo.createTable();
    const commands: string[] = [];
    const client = dynamo.documentClient;
    const name = `spy-${tableName}`;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const store = new DynamoStateStore({ client, tableName });
      const now = new Date('2026-11-20T10:00:00Z');
      await store.putSilence({ monitorId: 'm', until: '2026-11-20T11:00:00Z', by: 'U1', reason: undefined, message: undefined });
      await store.putAudit({ at: now.toISOString(), actor: 'U1', action: 'a', target: 't', result: 'denied', detail: undefined });
      await store.markGroupDirty({ groupKey: 'k', openedAt: 1 }, 2, now);
      commands.length = 0;
      expect(await store.listActiveSilences(now)).toHaveLength(1);
      expect(await store.listExpiredSilences(now)).toHaveLength(0);
      expect(await store.listDirtyGroups()).toHaveLength(1);
      expect(await store.listAudit()).toHaveLength(1);
      expect(commands).toEqual(['QueryCommand', 'QueryCommand', 'QueryCommand', 'QueryCommand']);
    } finally {
      client.middlewareStack.remove(name);
    }
  });

  it('writes alerts with undefined fields through a document client without removeUndefinedValues', async () => {
    const tableName = await dynamo.createTable();
    const store = new DynamoStateStore({ client: dynamo.documentClient, tableName });
    const alert = eventAlert({ rawText: undefined, revert: undefined });
    const opened = await store.openGroup({ groupKey: 'g', alert, now: new Date(0), windowMs: 1000 });
    expect(opened.status).toBe('created');
    const item = await rawItem(dynamo.documentClient, tableName, { pk: 'group#g', sk: 'current' });
    expect(item?.alert).not.toHaveProperty('rawText');
    expect((await store.getGroup({ groupKey: 'g', openedAt: 0 }))?.alert).toEqual(alert);
  });
});
