/** What the Slack listeners are given: built once per cold start by handlers/slack.ts, or by a test. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Monitor } from '../../catalog/types.js';
import type { StateStores } from '../../store/index.js';
import type { AdminPolicy } from './authorize.js';
import type { JobReference } from './job.js';

export interface SlackAppDeps {
  readonly catalog: readonly Monitor[];
  /** No audit log: the worker alone writes audit records (refusals and acknowledgements are handed to it as jobs). */
  readonly state: Pick<StateStores, 'messages' | 'remediations' | 'openReverts' | 'jobs'>;
  readonly admins: AdminPolicy;
  /** Invokes the worker (asynchronously) with a job's id: resolves once Lambda accepted it, never waits for it. */
  readonly invokeWorker: (reference: JobReference) => Promise<void>;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly now: () => Date;
  /** A new job id: a random UUID. */
  readonly newId: () => string;
}

export const REFUSAL_TEXT =
  ':no_entry: Only secmon admins can do this. Ask an admin (listed in SECMON_ADMINS) if it needs doing.';
