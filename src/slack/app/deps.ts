/** What the Slack listeners are given: built once per cold start by handlers/slack.ts, or by a test. */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Monitor } from '../../catalog/types.js';
import type { AuditResult } from '../../store/audit/audit-log.js';
import type { StateStores } from '../../store/index.js';
import type { AdminPolicy } from './authorize.js';
import type { WorkerJob } from './job.js';

export interface SlackAppDeps {
  readonly catalog: readonly Monitor[];
  readonly state: Pick<StateStores, 'messages' | 'remediations' | 'audit'>;
  readonly admins: AdminPolicy;
  /** Hands a job to the worker (asynchronous Lambda invoke): resolves once Lambda accepted it, never waits for it. */
  readonly invokeWorker: (job: WorkerJob) => Promise<void>;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly now: () => Date;
  readonly newId: () => string;
}

export interface AuditEntry {
  readonly requestId: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly result: AuditResult;
  readonly detail: string | undefined;
}

/** The audit record and the structured log line of one action (the thread reply is the caller's: it knows the message). */
export async function audit(deps: Pick<SlackAppDeps, 'state' | 'logger'>, entry: AuditEntry, at: Date): Promise<void> {
  deps.logger.info('audit', { audit: { ...entry, at: at.toISOString() } });
  await deps.state.audit.append({
    at: at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    result: entry.result,
    detail: entry.detail,
  });
}

export const REFUSAL_TEXT =
  ':no_entry: Only secmon admins can do this. Ask an admin (listed in SECMON_ADMINS) if it needs doing.';
