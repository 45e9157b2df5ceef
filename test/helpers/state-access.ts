/**
 * Checks what a function asked of the state table (the requests dynalite received, signed with the function's own
 * credentials) against its declared access (src/store/access.ts): reads are GetItem and Query, writes PutItem,
 * UpdateItem and DeleteItem, each on the kind its partition key names.
 */
import { expect } from 'vitest';
import { ORGANIZATION_STATE_ACCESS, STATE_ACCESS, type StateAccess, type StateFunction } from '../../src/store/access.js';
import type { DynamoRequest } from './dynalite.js';

const READS = new Set(['GetItem', 'Query']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/**
 * Fails unless the function used exactly its declared access, as `read:<kind>` / `write:<kind>`: nothing beyond it
 * (the role would refuse), and nothing declared that its tests never exercise (the role would grant too much). In
 * `organization` mode the function may also use its organization access (src/store/access.ts), and must use all of
 * that (the tests of the single-account paths check the rest).
 */
export function expectDeclaredStateAccess(fn: StateFunction, requests: readonly DynamoRequest[], accessKeyId: string, mode: 'account' | 'organization' = 'account'): void {
  const organization: StateAccess | undefined = (ORGANIZATION_STATE_ACCESS as Partial<Record<StateFunction, StateAccess>>)[fn];
  const declared: StateAccess =
    mode === 'account'
      ? STATE_ACCESS[fn]
      : { read: [...STATE_ACCESS[fn].read, ...(organization?.read ?? [])], write: [...STATE_ACCESS[fn].write, ...(organization?.write ?? [])] };
  const used = new Set<string>();
  for (const request of requests) {
    if (request.accessKeyId !== accessKeyId || request.pk === undefined) continue;
    const kind = request.pk.split('#')[0] ?? '';
    const mode = READS.has(request.operation) ? 'read' : WRITES.has(request.operation) ? 'write' : `other ${request.operation}`;
    used.add(`${mode}:${kind}`);
  }
  const allowed = new Set([...declared.read.map((k) => `read:${k}`), ...declared.write.map((k) => `write:${k}`)]);
  expect([...used].filter((use) => !allowed.has(use)), `${fn} used state it is not declared to`).toEqual([]);
  const required = mode === 'account' ? allowed : new Set([...(organization?.read ?? []).map((k) => `read:${k}`), ...(organization?.write ?? []).map((k) => `write:${k}`)]);
  expect([...required].filter((use) => !used.has(use)), `${fn} is declared state access its tests never used`).toEqual([]);
}
