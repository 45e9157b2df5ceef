/**
 * What only the DynamoDB table does: AWS errors become STATE_STORE errors that keep the AWS error as cause, and every
 * list of the concept modules is a Query, never a Scan.
 */
import { describe, expect, it } from 'vitest';
import { isSecmonError } from '../../../../src/errors.js';
import { createStateStores } from '../../../../src/store/index.js';
import { DynamoTable } from '../../../../src/store/table/dynamo-table.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';

const tables = useDynaliteTables();

describe('the DynamoDB table', () => {
  it('turns AWS errors into STATE_STORE errors naming the operation and key, keeping the AWS error as cause', async () => {
    const table = new DynamoTable({ client: tables.dynamo.documentClient, tableName: 'no-such-table' });
    const error = await createStateStores(table).silences.get('root-activity').then(
      () => undefined,
      (rejected: unknown) => rejected,
    );
    expect(isSecmonError(error, 'STATE_STORE')).toBe(true);
    expect((error as Error).message).toContain('GetItem silence#all / root-activity');
    expect((error as Error & { cause: Error }).cause.name).toBe('ResourceNotFoundException');
  });

  it('lists with Queries only, never a Scan', async () => {
    const state = createStateStores(await tables.table());
    const client = tables.dynamo.documentClient;
    const commands: string[] = [];
    const name = 'command-spy';
    client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const now = new Date('2026-11-20T10:00:00Z');
      await state.silences.put({ monitorId: 'm', until: '2026-11-20T11:00:00Z', by: 'U1', reason: undefined, message: undefined });
      await state.audit.append({ at: now.toISOString(), actor: 'U1', action: 'a', target: 't', result: 'denied', detail: undefined });
      await state.groups.markDirty({ groupKey: 'k', openedAt: 1 }, 2, now);
      await state.lastAlerts.record({ monitorId: 'm', at: now.toISOString(), summary: 's', message: undefined });
      commands.length = 0;
      expect(await state.silences.listActive(now)).toHaveLength(1);
      expect(await state.silences.listExpired(now)).toHaveLength(0);
      expect(await state.groups.listDirty()).toHaveLength(1);
      expect(await state.audit.list()).toHaveLength(1);
      expect(await state.lastAlerts.list()).toHaveLength(1);
      expect(commands).toEqual(['QueryCommand', 'QueryCommand', 'QueryCommand', 'QueryCommand', 'QueryCommand']);
    } finally {
      client.middlewareStack.remove(name);
    }
  });
});
