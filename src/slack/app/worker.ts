/**
 * The worker's job runner: everything that may take longer than Slack's 3 seconds, and the only writer of the audit
 * trail. It acts only on jobs it can prove came from the Slack function (src/slack/app/job.ts):
 *
 * 1. The invocation must be a job reference `{ v: 2, jobId }`; the job must be in the state table, pending and fresh;
 *    the worker claims it atomically (of any number of deliveries of one id, one runs). Anything else is refused:
 *    audited `denied`, logged, nothing run. A reference that names no pending job (malformed, unknown, expired) fails
 *    the invocation, typed, so it shows as an error (ops alarm, dead-letter queue reported in Slack); a job claimed
 *    before (a duplicate delivery, or a replayed id) returns quietly after its audit record.
 * 2. Refusal and acknowledgement jobs: their audit record (an acknowledgement only when the message shows it); an
 *    acknowledgement then resolves the incident its alert's escalation opened, if any.
 * 3. Action jobs: the actor's admin rights are checked again here (SECMON_ADMINS; user groups with the bot token);
 *    an action that writes to AWS is audited `started` before any AWS call (no record, no call); the action role is
 *    assumed for the Slack user (SourceIdentity = their id) and the action runs; its result is audited (the write is
 *    retried) and reported in Slack: the command's response_url, replacing "working on it" (with the list or status
 *    view for read-only commands); the alert message re-rendered with its new state; a thread reply. A final audit
 *    write that still fails is said in the Slack report, and the `started` record stands for it.
 *
 * Failure semantics of action jobs:
 * - An action that reports `ok: false` (its own, readable failure or refusal) is audited `failed` or `denied`, shown
 *   in Slack, and the invocation SUCCEEDS: Lambda must not run a half-done write again on its own.
 * - An action (or the role assumption) that throws is audited `failed`, shown as failed, and rethrown so the job
 *   lands in the dead-letter destination for a human (the worker's async config sets MaximumRetryAttempts 0).
 * - Whatever happened, what the job's request holds (a requested or claimed revert) is released (`release`).
 * - A Slack report that fails is logged, not rethrown: the AWS side is done and recorded.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { AwsCredentialIdentity } from '@smithy/types';
import { renderAlert } from '../../../blocks/alert.js';
import { userMention } from '../../../blocks/escape.js';
import type {
  ActionDefinition,
  ActionName,
  ActionResult,
  ActionState,
  DeploymentSettings,
  IdentityLookup,
  SlackActor,
} from '../../actions/types.js';
import type { PostedMessage } from '../../alerts/ports.js';
import type { ActionClients } from '../../aws/action-clients.js';
import type { AccountReach } from '../../aws/account-reach.js';
import type { Monitor } from '../../catalog/types.js';
import { SecmonError } from '../../errors.js';
import type { AuditRecord } from '../../store/audit/audit-log.js';
import type { StateStores } from '../../store/index.js';
import { isAdminOnly, type AdminPolicy, type UserGroupsApi } from './authorize.js';
import { auditActionName, parseJobPayload, parseJobReference, type ActionJob, type WorkerJob } from './job.js';
import { renderView } from './views.js';

export interface WorkerDeps {
  readonly findAction: (name: ActionName) => ActionDefinition<unknown> | undefined;
  readonly assumeRole: (actor: SlackActor) => Promise<AwsCredentialIdentity | undefined>;
  readonly clients: (credentials: AwsCredentialIdentity | undefined, actor: SlackActor) => ActionClients;
  /** Other accounts of the organization, for this actor (src/aws/account-reach.ts). */
  readonly reach: (actor: SlackActor, homeClients: ActionClients) => AccountReach;
  readonly catalog: readonly Monitor[];
  readonly state: ActionState & Pick<StateStores, 'jobs'>;
  readonly settings: DeploymentSettings;
  /** SECMON_ADMINS, checked again for every admin-only job. */
  readonly admins: AdminPolicy;
  readonly identities: IdentityLookup;
  readonly slack: () => Promise<WebClient>;
  /** POSTs a JSON message to a response_url. */
  readonly respond: (url: string, message: Record<string, unknown>) => Promise<void>;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly now: () => Date;
  /**
   * FINDINGS_ACK_NOTIFIED: an admin's acknowledgement of a Security Hub finding also sets its workflow status to
   * NOTIFIED (the finding-notify action, run after the acknowledgement is audited). Off by default.
   */
  readonly findingsAckNotified?: boolean;
  /** Waits between attempts of the final audit write (default: setTimeout). */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * After an acknowledgement is recorded: resolves the incident an escalation opened for the message (escalation
   * configured only, src/alerts/escalation-resolve.ts). A failure fails the job, visibly, after the audit record.
   */
  readonly acknowledged?: (message: PostedMessage, userId: string) => Promise<void>;
}

export type WorkerOutcome =
  /** The job ran: an action (its result's `ok`), or an audit record written. */
  | { readonly jobId: string; readonly ran: true; readonly ok: boolean }
  /** The job had been claimed before: nothing ran. */
  | { readonly jobId: string; readonly ran: false; readonly refused: 'taken' };

/** Audit actor of refused invocations that name no job: nobody secmon can name. */
export const UNKNOWN_ACTOR = 'unknown';
/** Attempts of the final audit write (the `started` record is already there when it fails). */
const AUDIT_ATTEMPTS = 3;

const VERB: Readonly<Record<ActionName, string>> = {
  enable: 'enabled',
  disable: 'disabled',
  silence: 'silenced',
  unsilence: 'lifted the silence of',
  test: 'sent a test alert for',
  status: 'read the status of',
  revert: 'reverted',
  undo: 'undid',
  keep: 'approved keeping',
  'finding-suppress': 'suppressed',
  'finding-resolve': 'resolved',
  'finding-notify': 'acknowledged at Security Hub',
  suppress: 'suppressed alerts of',
  unsuppress: 'ended suppression',
  suppressions: 'listed suppressions',
};

export async function runWorkerInvocation(raw: unknown, deps: WorkerDeps): Promise<WorkerOutcome> {
  let jobId: string;
  try {
    jobId = parseJobReference(raw).jobId;
  } catch (error) {
    await refuse(deps, { jobId: undefined, why: `not a job reference from the Slack function: ${(error as Error).message}` });
    throw error;
  }

  const claim = await deps.state.jobs.claim(jobId, deps.now());
  if (claim.status === 'unknown') {
    await refuse(deps, { jobId, why: 'no such job: the Slack function never wrote it' });
    throw new SecmonError('JOB_REFUSED', `worker job ${jobId}: no such job`);
  }
  if (claim.status === 'expired') {
    await refuse(deps, { jobId, why: `expired: written at ${new Date(claim.createdAtMs).toISOString()} and not claimed in time` });
    throw new SecmonError('JOB_REFUSED', `worker job ${jobId}: expired`);
  }
  if (claim.status === 'taken') {
    await refuse(deps, { jobId, why: `already ${claim.jobStatus}: a duplicate delivery or a replay of its id; nothing ran again` });
    return { jobId, ran: false, refused: 'taken' };
  }

  let job: WorkerJob;
  try {
    job = parseJobPayload(jobId, claim.payload);
  } catch (error) {
    await refuse(deps, { jobId, why: (error as Error).message });
    await finishJob(deps, jobId, false);
    throw error;
  }

  let ok = false;
  try {
    ok = await runJob(job, deps);
  } finally {
    await finishJob(deps, jobId, ok);
  }
  return { jobId, ran: true, ok };
}

async function runJob(job: WorkerJob, deps: WorkerDeps): Promise<boolean> {
  switch (job.kind) {
    case 'refusal':
      await withRetries(deps, () =>
        appendAudit(deps, {
          actor: job.actor.userId,
          action: auditActionName(job.action),
          target: job.target,
          result: 'denied',
          detail: `${job.reason} (refused by the Slack function; request ${job.id})`,
        }),
      );
      return true;
    case 'acknowledge': {
      // Written by the Slack function after it updated the message: only what the message shows is recorded.
      const shown = (await deps.state.messages.get(job.message))?.state.acknowledged;
      const confirmed = shown?.by === job.actor.userId;
      await withRetries(deps, () =>
        appendAudit(deps, {
          actor: job.actor.userId,
          action: 'alert.acknowledge',
          target: job.target,
          result: confirmed ? 'succeeded' : 'denied',
          detail: confirmed ? undefined : `the message does not show this acknowledgement (request ${job.id})`,
        }),
      );
      if (confirmed && deps.findingsAckNotified === true) await notifySecurityHub(job, deps);
      if (confirmed) await deps.acknowledged?.(job.message, job.actor.userId);
      return confirmed;
    }
    case 'action':
      return (await runAction(job, deps)).ok;
  }
}

/**
 * The acknowledged alert's Security Hub finding, still NEW, set to NOTIFIED when the acknowledger is an admin (the
 * write-backs are admins' only): run as a finding-notify action job of its own, so it is audited, done with the action
 * role for the user and reported like any action. A non-admin's acknowledgement stays secmon's alone, quietly.
 */
async function notifySecurityHub(job: Extract<WorkerJob, { kind: 'acknowledge' }>, deps: WorkerDeps): Promise<void> {
  const alert = (await deps.state.messages.get(job.message))?.alert;
  const finding = alert?.finding;
  if (alert === undefined || finding?.source !== 'securityhub' || finding.workflowStatus !== 'NEW' || finding.state !== 'active') return;
  if (!(await deps.admins.isAdmin(job.actor.userId, groupsApi(deps)))) {
    deps.logger.info('acknowledged by a non-admin: the Security Hub finding is left as it is', { requestId: job.id, actor: job.actor.userId });
    return;
  }
  await runAction(
    {
      kind: 'action',
      action: 'finding-notify',
      params: { deliveryId: alert.deliveryId, message: job.message },
      actor: job.actor,
      requestedAt: job.requestedAt,
      reply: { message: job.message, channel: job.message.channel },
      target: `securityhub finding ${finding.id}`.slice(0, 512),
      id: job.id,
    },
    deps,
  );
}

async function runAction(job: ActionJob, deps: WorkerDeps): Promise<ActionResult> {
  const action = deps.findAction(job.action);
  if (!action) throw new SecmonError('INPUT_INVALID', `worker job ${job.id}: no action named ${job.action}`);
  const actor: SlackActor = { userId: job.actor.userId, userName: job.actor.userName };
  const context = {
    requestId: job.id,
    actor,
    catalog: deps.catalog,
    state: deps.state,
    settings: deps.settings,
    now: deps.now,
    identities: deps.identities,
  };
  const audit = (result: AuditRecord['result'], detail: string) =>
    appendAudit(deps, { actor: actor.userId, action: auditActionName(job.action), target: job.target, result, detail: `${detail} (request ${job.id})`.slice(0, 2000) });

  let result: ActionResult | undefined;
  let unexpected: unknown;
  const parsed = action.params.safeParse(job.params);
  try {
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
      result = { ok: false, denied: true, summary: `The request was not valid (${problems}).`, detail: { invalidParams: problems } };
    } else if (isAdminOnly(job.action) && !(await deps.admins.isAdmin(actor.userId, groupsApi(deps)))) {
      result = { ok: false, denied: true, summary: 'Not done: you are not a secmon admin (checked again when the job ran).', detail: { refused: 'not-admin' } };
    } else {
      // Refusals that need no AWS first: a refused job makes no AWS call at all.
      result = await action.refuse?.(parsed.data, context);
      if (result === undefined && action.writes && !(await audit('started', `started: ${job.target}`).then(() => true, (error: unknown) => logAuditFailure(deps, job, error)))) {
        result = { ok: false, summary: 'Not started: secmon could not write the audit record of this action, and acts on nothing it cannot record.', detail: {} };
      }
      if (result === undefined) {
        // An action that declares no permission (keep) runs without the role.
        const credentials = action.permissions.length === 0 ? undefined : await deps.assumeRole(actor);
        const clients = deps.clients(credentials, actor);
        result = await action.run(parsed.data, { ...context, credentials, clients, accounts: deps.reach(actor, clients) });
      }
    }
  } catch (error) {
    unexpected = error;
    result = { ok: false, summary: 'It failed unexpectedly; the error is logged and the request kept for a retry.', detail: {}, cause: error };
  }
  if (parsed.success && action.release !== undefined) {
    await action.release(parsed.data, context).catch((error: unknown) => deps.logger.error('releasing the request failed', { requestId: job.id, error: error as Error }));
  }

  deps.logger.info('action finished', {
    audit: { requestId: job.id, actor: actor.userId, action: auditActionName(job.action), target: job.target, ok: result.ok, detail: result.detail },
    ...(result.cause !== undefined ? { cause: describeCause(result.cause) } : {}),
  });
  let auditProblem: string | undefined;
  try {
    await withRetries(deps, () => audit(result.ok ? 'succeeded' : result.denied === true ? 'denied' : 'failed', result.summary));
  } catch (error) {
    logAuditFailure(deps, job, error);
    auditProblem = action.writes
      ? 'The audit record of this result could not be written (the start of the action is recorded; the result is in the worker\'s logs).'
      : 'The audit record of this result could not be written (the result is in the worker\'s logs).';
  }

  try {
    await report(job, result, auditProblem, deps);
  } catch (error) {
    deps.logger.error('reporting the result to Slack failed', { requestId: job.id, error: error as Error });
  }
  if (unexpected !== undefined) throw unexpected;
  return result;
}

/** An invocation refused before any job ran: audited `denied` (as far as the table lets it) and logged. */
async function refuse(deps: WorkerDeps, refusal: { readonly jobId: string | undefined; readonly why: string }): Promise<void> {
  deps.logger.warn('worker refused an invocation', { requestId: refusal.jobId, reason: refusal.why });
  await appendAudit(deps, {
    actor: UNKNOWN_ACTOR,
    action: 'worker.invoke',
    target: refusal.jobId === undefined ? 'worker' : `job ${refusal.jobId}`,
    result: 'denied',
    detail: `refused: ${refusal.why}`.slice(0, 2000),
  }).catch((error: unknown) => deps.logger.error('the refusal could not be audited', { requestId: refusal.jobId, error: error as Error }));
}

async function appendAudit(deps: WorkerDeps, record: Omit<AuditRecord, 'at'>): Promise<void> {
  await deps.state.audit.append({ at: deps.now().toISOString(), ...record });
}

async function withRetries(deps: WorkerDeps, write: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= AUDIT_ATTEMPTS) throw error;
      await (deps.sleep ?? sleep)(200 * 2 ** attempt);
    }
  }
}

function logAuditFailure(deps: WorkerDeps, job: ActionJob, error: unknown): false {
  deps.logger.error('audit write failed', { requestId: job.id, actor: job.actor.userId, action: job.action, target: job.target, error: error as Error });
  return false;
}

async function finishJob(deps: WorkerDeps, jobId: string, ok: boolean): Promise<void> {
  await deps.state.jobs.finish(jobId, { ok, now: deps.now() }).catch((error: unknown) => deps.logger.error('marking the job finished failed', { requestId: jobId, error: error as Error }));
}

/** User groups are resolved with the bot token, fetched only when a group has to be looked up. */
function groupsApi(deps: WorkerDeps): UserGroupsApi {
  return { usergroups: { users: { list: async (args) => (await deps.slack()).usergroups.users.list(args) } } };
}

async function report(job: ActionJob, result: ActionResult, auditProblem: string | undefined, deps: WorkerDeps): Promise<void> {
  const mark = result.ok ? ':white_check_mark:' : ':x:';
  const note = auditProblem === undefined ? '' : `\n:warning: ${auditProblem}`;
  const line = `${mark} ${result.summary}${note}`;
  if (job.reply.responseUrl !== undefined) {
    if (job.view !== undefined) {
      // `/secmon list` and `/secmon status`: the view's blocks, or the plain summary when there is nothing to render.
      const view = renderView(job.view, result, { catalog: deps.catalog, params: job.params, now: deps.now() });
      await deps.respond(job.reply.responseUrl, {
        replace_original: true,
        response_type: 'ephemeral',
        ...(view !== undefined ? { text: view.text, blocks: view.blocks } : { text: result.ok ? result.summary : line }),
      });
    } else {
      await deps.respond(job.reply.responseUrl, {
        replace_original: true,
        response_type: 'in_channel',
        text: `${userMention(job.actor.userId)}: ${line}`,
      });
    }
  }
  const message = job.reply.message;
  if (message === undefined) return;
  const slack = await deps.slack();
  if (job.action === 'silence' && result.ok && typeof result.detail['until'] === 'string') {
    const reason = (job.params as { reason?: unknown }).reason;
    await deps.state.messages.updateState(message, {
      silenced: { by: job.actor.userId, until: result.detail['until'], reason: typeof reason === 'string' ? reason : undefined },
    });
  }
  const content = await deps.state.messages.get(message);
  if (content) {
    const rendered = renderAlert(content.alert, content.state);
    await slack.chat.update({ channel: message.channel, ts: message.ts, text: rendered.text, blocks: rendered.blocks as KnownBlock[] });
  }
  const what = result.ok ? `${userMention(job.actor.userId)} ${VERB[job.action]} ${'`'}${job.target.replace(/`/g, '')}${'`'}` : `${userMention(job.actor.userId)}'s ${job.action} failed`;
  await slack.chat.postMessage({ channel: message.channel, thread_ts: message.ts, text: `${mark} ${what}: ${result.summary}${note}`, unfurl_links: false });
}

function describeCause(cause: unknown): unknown {
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  return cause;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
