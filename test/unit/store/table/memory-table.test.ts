/**
 * The memory table against DynamoDB: every operator of the table port (conditions, changes, deletes, queries, the
 * item size limit) runs the same steps on MemoryTable and on DynamoTable over dynalite, and both must give the same
 * results and leave the same items. This is what lets `secmon replay --slack` and the unit tests run the concept
 * modules on memory with the Lambdas' semantics.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { isSecmonError } from '../../../../src/errors.js';
import { MemoryTable } from '../../../../src/store/table/memory-table.js';
import {
  and,
  copyOf,
  exists,
  ifMissing,
  is,
  isOneOf,
  itemExists,
  itemMissing,
  missing,
  or,
  type Item,
  type StateTable,
} from '../../../../src/store/table/table.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';

type Step = (table: StateTable) => Promise<unknown>;

const tables = useDynaliteTables();
let dynamo: StateTable;

beforeEach(async () => {
  dynamo = await tables.table();
});

/** Runs the steps on both tables; each step's result (or error code) and the final partitions must agree. */
async function expectSameOnBoth(steps: Step[], partitions: string[]): Promise<unknown[]> {
  const run = async (table: StateTable) => {
    const results: unknown[] = [];
    for (const step of steps) {
      results.push(
        await step(table).then(
          (value) => ({ value }),
          (error: unknown) => ({ error: isSecmonError(error) ? error.code : String(error) }),
        ),
      );
    }
    const stored: Item[] = [];
    for (const pk of partitions) stored.push(...(await table.query(pk)));
    return { results, stored };
  };
  const memory = await run(new MemoryTable());
  const real = await run(dynamo);
  expect(memory).toEqual(real);
  return real.results;
}

const base: Item = { pk: 'thing#1', sk: 'a', count: 2, status: 'requested', label: 'b', flag: true, message: { channel: 'C1', ts: '1.1' } };
const key = { pk: 'thing#1', sk: 'a' };

describe('the memory table behaves as DynamoDB', () => {
  it('puts only when the condition holds, for each comparison, type and missing attribute', async () => {
    const putIf = (condition: Parameters<typeof and>[0]): Step => (t) => t.put({ ...base, sk: 'b' }, { if: condition });
    const results = await expectSameOnBoth(
      [
        (t) => t.put(base, { if: itemMissing }),
        (t) => t.put(base, { if: itemMissing }),
        (t) => t.put({ ...base, sk: 'b' }),
        ...(['=', '<>', '<', '<=', '>', '>='] as const).flatMap((op) => [
          putIf(is('count', op, 2)),
          putIf(is('count', op, 3)),
          putIf(is('label', op, 'a')),
          putIf(is('label', op, 'b')),
          putIf(is('count', op, '2')), // a number compared with a string: never equal, never ordered
          putIf(is('absent', op, 1)), // a missing attribute: only <> holds
        ]),
        putIf(is('flag', '=', true)),
        putIf(is('flag', '<', true)),
        putIf(isOneOf('status', ['requested', 'failed'])),
        putIf(isOneOf('status', ['done'])),
        putIf(isOneOf('absent', ['done'])),
        putIf(and(exists('message'), is('message.channel', '=', 'C1'), is('message.ts', '=', '1.1'))),
        putIf(is('message.ts', '=', '2.2')),
        putIf(or(missing('count'), is('count', '>', 5))),
        putIf(or(itemMissing, and(exists('count'), missing('absent')))),
      ],
      ['thing#1'],
    );
    expect(results.slice(0, 2)).toEqual([{ value: true }, { value: false }]);
  });

  it('applies SET, if_not_exists, copies, ADD and REMOVE against the item as it was before the update', async () => {
    await expectSameOnBoth(
      [
        (t) => t.put(base),
        (t) => t.update(key, { set: { renderedCount: copyOf('count'), status: 'in_progress', attempts: ifMissing(0) }, add: { rev: 1 } }),
        (t) => t.update(key, { set: { attempts: ifMissing(7), label: ifMissing('x') }, add: { count: 1, rev: 1 } }),
        (t) => t.update(key, { set: { attempts: 1 }, add: { attempts: 1 } }),
        (t) => t.update(key, { set: { state: {} }, remove: ['state.group'] }),
        (t) => t.update(key, { set: { 'message.ts': '2.2', state: { group: { count: 1 } } }, remove: ['flag', 'absent'] }),
        (t) => t.update(key, { set: { 'state.acknowledged': { by: 'U1' } }, remove: ['state.group', 'message.channel'] }),
        (t) => t.update(key, { add: { count: 5 } }, { if: is('status', '=', 'done') }),
        (t) => t.update({ pk: 'thing#2', sk: 'new' }, { set: { status: 'requested' }, add: { attempts: 1 } }, { if: itemMissing }),
        (t) => t.update({ pk: 'thing#3', sk: 'never' }, { add: { count: 1 } }, { if: itemExists }),
        (t) => t.update(key, { set: { 'nowhere.field': 1 } }),
        (t) => t.update(key, { set: { renderedCount: copyOf('absent') } }),
      ],
      ['thing#1', 'thing#2', 'thing#3'],
    );
  });

  it('reads every right-hand side from the item as it was before the update (memory only: dynalite differs)', async () => {
    // The developer guide ("Using update expressions"): every action is evaluated against the attribute values as
    // they were before the update. dynalite applies SET before ADD instead, so this one is pinned on memory alone.
    const table = new MemoryTable();
    await table.put(base);
    expect(await table.update(key, { set: { renderedCount: copyOf('count') }, add: { count: 1 } })).toMatchObject({ count: 3, renderedCount: 2 });
  });

  it('deletes unconditionally or on a condition, returning what was deleted', async () => {
    const results = await expectSameOnBoth(
      [
        (t) => t.delete(key),
        (t) => t.put(base),
        (t) => t.delete(key, { if: is('count', '>', 2) }),
        (t) => t.delete(key, { if: and(is('message.channel', '=', 'C1'), is('count', '<=', 2)) }),
        (t) => t.delete(key, { if: exists('count') }),
        (t) => t.delete(key, { if: or(itemMissing, is('count', '<=', 1)) }),
      ],
      ['thing#1'],
    );
    expect(results[0]).toEqual({ value: { deleted: true, old: undefined } });
    expect(results[3]).toEqual({ value: { deleted: true, old: base } });
  });

  it('queries one partition in UTF-8 byte order of the sort key, both ways, from a key, up to a limit', async () => {
    // JavaScript orders '\uffff' after '𝒜' (a surrogate pair); DynamoDB's byte order puts it before.
    const sortKeys = ['b', 'a', 'é', '\uffff', '𝒜', '2026-11-20T10:00:00.000Z#x', '000000000000100#k'];
    await expectSameOnBoth(
      [
        ...sortKeys.map((sk): Step => (t) => t.put({ pk: 'list#all', sk, kind: 'x' })),
        (t) => t.put({ pk: 'list#other', sk: 'a' }),
        (t) => t.query('list#all'),
        (t) => t.query('list#all', { descending: true, limit: 3 }),
        (t) => t.query('list#all', { skFrom: 'b' }),
        (t) => t.query('list#all', { skFrom: 'b', descending: true, limit: 2 }),
        (t) => t.query('list#none'),
      ],
      ['list#all', 'list#other'],
    );
  });

  it('accepts an item within 400 KB and rejects a larger one', async () => {
    const results = await expectSameOnBoth(
      [
        (t) => t.put({ ...base, text: 'x'.repeat(400 * 1024 - 200) }),
        (t) => t.put({ ...base, sk: 'big', text: 'x'.repeat(400 * 1024 + 10) }),
        (t) => t.update(key, { set: { more: 'é'.repeat(300) } }),
      ],
      ['thing#1'],
    );
    expect(results.map((r) => 'error' in (r as object))).toEqual([false, true, true]);
  });
});
