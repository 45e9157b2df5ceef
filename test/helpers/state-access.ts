/**
 * Checks what a function asked of the state table (the requests dynalite received, signed with the function's own
 * credentials) against its declared access (src/store/access.ts): each operation on the kind its partition key
 * names.
 */
import { expect } from 'vitest';
import { STATE_ACCESS, type StateAccess, type StateFunction } from '../../src/store/access.js';
import type { DynamoRequest } from './dynalite.js';

/**
 * Fails unless the function used exactly its declared access, as `<operation>:<kind>`: nothing beyond it (the role
 * would refuse), and nothing declared that its tests never exercise (the role would grant too much).
 */
export function expectDeclaredStateAccess(fn: StateFunction, requests: readonly DynamoRequest[], accessKeyId: string): void {
  const declared: StateAccess = STATE_ACCESS[fn];
  const used = new Set<string>();
  for (const request of requests) {
    if (request.accessKeyId !== accessKeyId || request.pk === undefined) continue;
    used.add(`${request.operation}:${request.pk.split('#')[0] ?? ''}`);
  }
  const allowed = new Set(Object.entries(declared).flatMap(([kind, operations]) => (operations ?? []).map((op) => `${op}:${kind}`)));
  expect([...used].filter((use) => !allowed.has(use)).sort(), `${fn} used state it is not declared to`).toEqual([]);
  expect([...allowed].filter((use) => !used.has(use)).sort(), `${fn} is declared state access its tests never used`).toEqual([]);
}
