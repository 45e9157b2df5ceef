/**
 * The worker's job runner: everything that may take longer than Slack's 3 seconds. Validates the job, assumes the
 * action role for the Slack user (SourceIdentity = their id), runs the action, and reports the result: the audit
 * record and a structured log line first, then Slack (the command's response_url, replacing "working on it", with the
 * list or status view for read-only commands; the alert message re-rendered with its new state; a thread reply).
 *
 * Failure semantics:
 * - A malformed job or an unknown action throws: nothing ran, and the dead-letter destination keeps the job.
 * - An action that reports `ok: false` (its own, readable failure) is audited `failed`, shown as failed in Slack, and
 *   the invocation SUCCEEDS: Lambda must not run a half-done write again on its own.
 * - An action (or the role assumption) that throws is audited `failed`, shown as failed, and then rethrown so the
 *   job lands in the dead-letter destination for a human (the worker's async config should set
 *   MaximumRetryAttempts 0 for the same reason; actions are written to be safe to re-run regardless).
 * - A Slack report that fails after the audit is logged, not rethrown: the AWS side is done and recorded.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { AwsCredentialIdentity } from '@smithy/types';
import { renderAlert } from '../../../blocks/alert.js';
import { userMention } from '../../../blocks/escape.js';
import type { ActionDefinition, ActionName, ActionResult, ActionState, DeploymentSettings, SlackActor } from '../../actions/types.js';
import type { ActionClients } from '../../aws/action-clients.js';
import type { AccountReach } from '../../aws/account-reach.js';
import type { Monitor } from '../../catalog/types.js';
import { SecmonError } from '../../errors.js';
import { auditActionName, parseWorkerJob, type WorkerJob } from './job.js';
import { renderView } from './views.js';

export interface WorkerDeps {
  readonly findAction: (name: ActionName) => ActionDefinition<unknown> | undefined;
  readonly assumeRole: (actor: SlackActor) => Promise<AwsCredentialIdentity | undefined>;
  readonly clients: (credentials: AwsCredentialIdentity | undefined, actor: SlackActor) => ActionClients;
  /** Other accounts of the organization, for this actor (src/aws/account-reach.ts). */
  readonly reach: (actor: SlackActor, homeClients: ActionClients) => AccountReach;
  readonly catalog: readonly Monitor[];
  readonly state: ActionState;
  readonly settings: DeploymentSettings;
  readonly slack: () => Promise<WebClient>;
  /** POSTs a JSON message to a response_url. */
  readonly respond: (url: string, message: Record<string, unknown>) => Promise<void>;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly now: () => Date;
}

export interface WorkerOutcome {
  readonly job: WorkerJob;
  readonly result: ActionResult;
}

const VERB: Readonly<Record<ActionName, string>> = {
  enable: 'enabled',
  disable: 'disabled',
  silence: 'silenced',
  unsilence: 'lifted the silence of',
  test: 'sent a test alert for',
  status: 'read the status of',
  revert: 'reverted',
  keep: 'approved keeping',
};

export async function runWorkerJob(raw: unknown, deps: WorkerDeps): Promise<WorkerOutcome> {
  const job = parseWorkerJob(raw);
  const action = deps.findAction(job.action);
  if (!action) throw new SecmonError('INPUT_INVALID', `worker job ${job.id}: no action named ${job.action}`);
  const actor: SlackActor = { userId: job.actor.userId, userName: job.actor.userName };

  let result: ActionResult;
  let unexpected: unknown;
  const parsed = action.params.safeParse(job.params);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
    result = { ok: false, summary: `The request was not valid (${problems}).`, detail: { invalidParams: problems } };
  } else {
    try {
      const credentials = await deps.assumeRole(actor);
      const clients = deps.clients(credentials, actor);
      result = await action.run(parsed.data, {
        actor,
        catalog: deps.catalog,
        state: deps.state,
        settings: deps.settings,
        now: deps.now,
        credentials,
        clients,
        accounts: deps.reach(actor, clients),
      });
    } catch (error) {
      unexpected = error;
      result = { ok: false, summary: 'It failed unexpectedly; the error is logged and the request kept for a retry.', detail: {}, cause: error };
    }
  }

  const at = deps.now();
  deps.logger.info('action finished', {
    audit: { requestId: job.id, actor: actor.userId, action: auditActionName(job.action), target: job.target, ok: result.ok, detail: result.detail },
    ...(result.cause !== undefined ? { cause: describeCause(result.cause) } : {}),
  });
  // keep writes its own audit record (approval or refusal), so it is not recorded twice.
  if (job.action !== 'keep' || unexpected !== undefined || !parsed.success) {
    await deps.state.audit.append({
      at: at.toISOString(),
      actor: actor.userId,
      action: auditActionName(job.action),
      target: job.target,
      result: result.ok ? 'succeeded' : 'failed',
      detail: `${result.summary} (request ${job.id})`.slice(0, 2000),
    });
  }

  try {
    await report(job, result, deps);
  } catch (error) {
    deps.logger.error('reporting the result to Slack failed', { requestId: job.id, error: error as Error });
  }
  if (unexpected !== undefined) throw unexpected;
  return { job, result };
}

async function report(job: WorkerJob, result: ActionResult, deps: WorkerDeps): Promise<void> {
  const mark = result.ok ? ':white_check_mark:' : ':x:';
  const line = `${mark} ${result.summary}`;
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
  await slack.chat.postMessage({ channel: message.channel, thread_ts: message.ts, text: `${mark} ${what}: ${result.summary}`, unfurl_links: false });
}

function describeCause(cause: unknown): unknown {
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  return cause;
}
