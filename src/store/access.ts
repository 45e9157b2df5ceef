/**
 * Which kinds of state item each Lambda function reads and writes: the least each needs, so its role can be scoped
 * with `dynamodb:LeadingKeys` (`<kind>#*`) per kind. Read = GetItem/Query; write = PutItem/UpdateItem/DeleteItem
 * (a conditional write needs only the write action). The handlers' integration tests check every request each
 * function makes against this table, and the README renders it.
 */
import type { StateKind } from './kinds.js';

export interface StateAccess {
  readonly read: readonly StateKind[];
  readonly write: readonly StateKind[];
}

export const STATE_ACCESS = {
  /** The pipeline (groups, posts, alarms, silences, last alerts), the sweep, and Powertools' delivery dedupe. */
  alerts: {
    read: ['group', 'dirty', 'message', 'silence', 'alarm', 'dedupe'],
    write: ['group', 'dirty', 'message', 'silence', 'alarm', 'last-alert', 'dedupe'],
  },
  /** The public Function URL: request ledger, acknowledge and the "working on it" states, revert requests, refusals. */
  slack: {
    read: ['message', 'remediation'],
    write: ['slack-request', 'message', 'remediation', 'audit'],
  },
  /** The actions: silences, reverts, keep, status, their message states and audit records. */
  worker: {
    read: ['message', 'silence', 'remediation', 'last-alert'],
    write: ['message', 'silence', 'remediation', 'audit'],
  },
} as const satisfies Record<string, StateAccess>;

export type StateFunction = keyof typeof STATE_ACCESS;

/**
 * What a function uses besides, in an organization deployment only (ORGANIZATION_ID set): the account directory's
 * cache and the last event seen per account and region. Its integration test in organization mode checks these.
 */
export const ORGANIZATION_STATE_ACCESS = {
  /** The directory's refresh (sweep) and lookups; last-seen for every queued event. */
  alerts: { read: ['account'], write: ['account', 'last-seen'] },
  /** `/secmon status`: reporting accounts and regions, with their names. */
  worker: { read: ['account', 'last-seen'], write: [] },
} as const satisfies Partial<Record<StateFunction, StateAccess>>;
