/**
 * Which DynamoDB operations each Lambda function performs on which kind of state item: the least each needs. The
 * template grants each role exactly this, one statement per set of operations, scoped with `dynamodb:LeadingKeys`
 * (`<kind>#*`) to its kinds (test/unit/deploy/template.test.ts keeps them equal); the handlers' integration tests
 * check every request each function makes against it, both ways (nothing beyond it, nothing declared unused); the
 * README renders it.
 *
 * What it says about trust: only the worker writes audit records, and only with PutItem (a record is never updated
 * or deleted by anyone); the internet-facing Slack function reads no more than messages and remediations and can
 * neither query nor delete anything.
 */
import type { StateKind } from './kinds.js';

export const READ_OPERATIONS = ['GetItem', 'Query'] as const;
export const WRITE_OPERATIONS = ['PutItem', 'UpdateItem', 'DeleteItem'] as const;
export type StateOperation = (typeof READ_OPERATIONS)[number] | (typeof WRITE_OPERATIONS)[number];

export type StateAccess = Readonly<Partial<Record<StateKind, readonly StateOperation[]>>>;

export const STATE_ACCESS = {
  /** The pipeline (groups, posts, alarms, silences, last alerts, the post budget, findings), the sweep, Powertools' dedupe. */
  alerts: {
    group: ['GetItem', 'PutItem', 'UpdateItem'],
    dirty: ['Query', 'UpdateItem', 'DeleteItem'],
    message: ['GetItem', 'PutItem', 'UpdateItem'],
    alarm: ['GetItem', 'PutItem', 'DeleteItem'],
    silence: ['GetItem', 'Query', 'UpdateItem', 'DeleteItem'],
    'last-alert': ['PutItem'],
    dedupe: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
    /** The sweep ends reverts whose worker never finished. */
    remediation: ['GetItem', 'UpdateItem'],
    'open-revert': ['Query', 'DeleteItem'],
    flood: ['Query', 'PutItem', 'UpdateItem', 'DeleteItem'],
    /** Threshold counts: an update that returns the item needs no read. */
    threshold: ['UpdateItem'],
    /** The message of each finding shown, so its updates update it (an update that returns the item). */
    finding: ['GetItem', 'PutItem', 'UpdateItem'],
    /** Suppression rules: listed once per invocation, counted into (an update), claimed and removed by the sweep. */
    suppression: ['Query', 'UpdateItem', 'DeleteItem'],
  },
  /** The public Function URL: request ledger, acknowledge and "working on it" states, revert requests, jobs. */
  slack: {
    'slack-request': ['PutItem'],
    message: ['GetItem', 'UpdateItem'],
    remediation: ['GetItem', 'UpdateItem'],
    'open-revert': ['PutItem'],
    job: ['PutItem'],
  },
  /** The jobs: claimed; the actions (silences, reverts, keep, status) and their message states; the audit trail. */
  worker: {
    job: ['GetItem', 'UpdateItem'],
    message: ['GetItem', 'UpdateItem'],
    silence: ['Query', 'PutItem', 'DeleteItem'],
    remediation: ['GetItem', 'UpdateItem'],
    'last-alert': ['Query'],
    audit: ['PutItem'],
    /** `/secmon suppress`, `suppressions`, `unsuppress` and the status list. */
    suppression: ['Query', 'PutItem', 'DeleteItem'],
  },
} as const satisfies Record<string, StateAccess>;

export type StateFunction = keyof typeof STATE_ACCESS;

/**
 * What a function uses besides, in an organization deployment only (ORGANIZATION_ID set): the account directory's
 * cache and the last event seen per account and region. Its integration test in organization mode checks these; the
 * template grants them only with an OrganizationId.
 */
export const ORGANIZATION_STATE_ACCESS = {
  /** The directory's refresh (sweep) and lookups; last-seen for every queued event. */
  alerts: { account: ['GetItem', 'Query', 'PutItem'], 'last-seen': ['PutItem'] },
  /** `/secmon status`: reporting accounts and regions, with their names. */
  worker: { account: ['Query'], 'last-seen': ['Query'] },
} as const satisfies Partial<Record<StateFunction, StateAccess>>;

/**
 * What functions use besides when escalation is configured (EscalateAfterMinutes > 0): the alerts function records a
 * critical alert's message, and the sweep lists, claims, marks and removes them; the worker reads one on acknowledge
 * (to resolve its incident) and removes it. The template grants these only with escalation on; the escalation tests
 * of each handler check them.
 */
export const ESCALATION_STATE_ACCESS = {
  alerts: { escalation: ['Query', 'PutItem', 'UpdateItem', 'DeleteItem'] },
  worker: { escalation: ['GetItem', 'DeleteItem'] },
} as const satisfies Partial<Record<StateFunction, StateAccess>>;

/** The kinds an access reads (GetItem, Query) or writes (PutItem, UpdateItem, DeleteItem). */
export function kindsIn(access: StateAccess, mode: 'read' | 'write'): StateKind[] {
  const operations: readonly StateOperation[] = mode === 'read' ? READ_OPERATIONS : WRITE_OPERATIONS;
  return (Object.entries(access) as [StateKind, readonly StateOperation[]][])
    .filter(([, ops]) => ops.some((op) => operations.includes(op)))
    .map(([kind]) => kind);
}

/** The kinds a function reads or writes in any deployment. */
export function kindsOf(fn: StateFunction, mode: 'read' | 'write'): StateKind[] {
  return kindsIn(STATE_ACCESS[fn], mode);
}
