/**
 * Checks what a function asked of the state table (the requests dynalite received, signed with the function's own
 * credentials) against its declared access (src/store/access.ts): reads are GetItem and Query, writes PutItem,
 * UpdateItem and DeleteItem, each on the kind its partition key names.
 */
import { expect } from 'vitest';
import { STATE_ACCESS, type StateFunction } from '../../src/store/access.js';
import type { DynamoRequest } from './dynalite.js';

const READS = new Set(['GetItem', 'Query']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/**
 * Fails unless the function used exactly its declared access, as `read:<kind>` / `write:<kind>`: nothing beyond it
 * (the role would refuse), and nothing declared that its tests never exercise (the role would grant too much).
 */
export function expectDeclaredStateAccess(fn: StateFunction, requests: readonly DynamoRequest[], accessKeyId: string): void {
  const declared = STATE_ACCESS[fn];
  const used = new Set<string>();
  for (const request of requests) {
    if (request.accessKeyId !== accessKeyId || request.pk === undefined) continue;
    const kind = request.pk.split('#')[0] ?? '';
    const mode = READS.has(request.operation) ? 'read' : WRITES.has(request.operation) ? 'write' : `other ${request.operation}`;
    used.add(`${mode}:${kind}`);
  }
  const allowed = new Set([...declared.read.map((k) => `read:${k}`), ...declared.write.map((k) => `write:${k}`)]);
  expect([...used].filter((use) => !allowed.has(use)), `${fn} used state it is not declared to`).toEqual([]);
  expect([...allowed].filter((use) => !used.has(use)), `${fn} is declared state access its tests never used`).toEqual([]);
}
