/**
 * Checks what a function asked of the state table (the requests dynalite received, signed with the function's own
 * credentials) against its declared access (src/store/access.ts): each operation on the kind its partition key
 * names.
 */
import { expect } from 'vitest';
import { ESCALATION_STATE_ACCESS, ORGANIZATION_STATE_ACCESS, STATE_ACCESS, type StateAccess, type StateFunction } from '../../src/store/access.js';
import type { DynamoRequest } from './dynalite.js';

/**
 * Fails unless the function used exactly its declared access, as `<operation>:<kind>`: nothing beyond it (the role
 * would refuse), and nothing declared that its tests never exercise (the role would grant too much). In
 * `organization` mode the function may also use its organization access (src/store/access.ts), and must use all of
 * that (the tests of the single-account paths check the rest); likewise its escalation access in `escalation` mode.
 */
export function expectDeclaredStateAccess(fn: StateFunction, requests: readonly DynamoRequest[], accessKeyId: string, mode: 'account' | 'organization' | 'escalation' = 'account'): void {
  const extras = mode === 'escalation' ? ESCALATION_STATE_ACCESS : ORGANIZATION_STATE_ACCESS;
  const extra: StateAccess = (extras as Partial<Record<StateFunction, StateAccess>>)[fn] ?? {};
  const uses = (access: StateAccess) => Object.entries(access).flatMap(([kind, operations]) => (operations ?? []).map((op) => `${op}:${kind}`));
  const used = new Set<string>();
  for (const request of requests) {
    if (request.accessKeyId !== accessKeyId || request.pk === undefined) continue;
    used.add(`${request.operation}:${request.pk.split('#')[0] ?? ''}`);
  }
  const allowed = new Set([...uses(STATE_ACCESS[fn]), ...(mode === 'account' ? [] : uses(extra))]);
  expect([...used].filter((use) => !allowed.has(use)).sort(), `${fn} used state it is not declared to`).toEqual([]);
  const required = mode === 'account' ? [...allowed] : uses(extra);
  expect(required.filter((use) => !used.has(use)).sort(), `${fn} is declared state access its tests never used`).toEqual([]);
}
