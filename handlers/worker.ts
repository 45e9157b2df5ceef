/**
 * The worker (invoked asynchronously by the Slack function with the id of a job it wrote, see src/slack/app/job.ts):
 * claims the job, checks the Slack user's admin rights again, runs one action for them with the action role assumed
 * for them, then reports to Slack and the audit trail. Thin: configuration and clients once per cold start; the flow
 * and its failure semantics are in src/slack/app/worker.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { STSClient } from '@aws-sdk/client-sts';
import type { WebClient } from '@slack/web-api';
import type { Context } from 'aws-lambda';
import { findAction } from '../src/actions/registry.js';
import type { ActionDefinition } from '../src/actions/types.js';
import { actionClients, type ActionClients } from '../src/aws/action-clients.js';
import { createAccountReach } from '../src/aws/account-reach.js';
import { assumeRoleForActor } from '../src/aws/assume-role.js';
import type { SlackActor } from '../src/actions/types.js';
import { createStateTableClients } from '../src/aws/clients.js';
import { buildCatalog } from '../src/catalog/index.js';
import { readCachedSecret } from '../src/aws/secrets.js';
import { resolveEscalation } from '../src/alerts/escalation-resolve.js';
import type { PostedMessage } from '../src/alerts/ports.js';
import { incidentClients } from '../src/incidents/clients.js';
import { resolveIncidentKeys } from '../src/incidents/keys.js';
import { loadWorkerConfig } from '../src/config.js';
import { SecmonError } from '../src/errors.js';
import { createApproverLookup } from '../src/slack/approvers.js';
import { createAdminPolicy } from '../src/slack/app/authorize.js';
import { runWorkerInvocation } from '../src/slack/app/worker.js';
import { resolveSlackCredentials } from '../src/slack/credentials.js';
import { createSlackWebClient } from '../src/slack/web-client.js';
import { createStateStores } from '../src/store/index.js';
import { DynamoTable } from '../src/store/table/dynamo-table.js';

/** The session lasts the worker's longest run with room to spare (STS minimum: 900 s). */
const SESSION_SECONDS = 900;

const logger = new Logger({ serviceName: 'secmon-worker' });
const config = loadWorkerConfig();
const { documents } = createStateTableClients();
const sts = new STSClient({ maxAttempts: 3 });
const catalog = buildCatalog({
  namePrefix: config.settings.namePrefix,
  cloudTrailLogGroup: config.settings.cloudTrailLogGroup,
  allowedRegions: config.allowedRegions,
});
const state = createStateStores(new DynamoTable({ client: documents, tableName: config.stateTable }));

/** The incident services whose keys are in the Slack secret: an acknowledgement resolves what an escalation opened. */
let invocation: Context | undefined;
async function incidents() {
  return incidentClients(await resolveIncidentKeys(config.slack, readCachedSecret), config.incidentUrls, { remainingMs: () => invocation?.getRemainingTimeInMillis() ?? 0 });
}

async function acknowledged(message: PostedMessage, userId: string): Promise<void> {
  const resolved = await resolveEscalation(state, message, { acknowledgedBy: userId, incidents });
  if (resolved.length > 0) logger.info('escalation incidents resolved', { slackMessage: message, services: resolved });
}

let slack: Promise<WebClient> | undefined;
function slackClient(): Promise<WebClient> {
  slack ??= resolveSlackCredentials(config.slack, readCachedSecret)
    .then(({ botToken }) => createSlackWebClient({ token: botToken, apiUrl: config.slackApiUrl }))
    .catch((error: unknown) => {
      slack = undefined;
      throw error;
    });
  return slack;
}

/** Hosts a response_url may point at: Slack's, or the configured Web API's (a local server in tests). */
const RESPONSE_HOSTS = new Set(['hooks.slack.com', ...(config.slackApiUrl ? [new URL(config.slackApiUrl).host] : [])]);

async function respond(url: string, message: Record<string, unknown>): Promise<void> {
  // Defence in depth: jobs come from the Slack function (through the state table), but a job that names another
  // host must never make the worker a relay for requests inside the account's network.
  if (!RESPONSE_HOSTS.has(new URL(url).host)) throw new SecmonError('INPUT_INVALID', 'the job\'s response_url is not a Slack URL');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new SecmonError('SLACK_API', `Slack response_url answered HTTP ${response.status}`);
}

const admins = createAdminPolicy({ admins: config.admins, logger });
const identities = { approver: createApproverLookup(slackClient), map: config.identityMap };
const organization = config.settings.organization;
/** `<prefix>-member-actions` in an account of the organization (member.yaml), in the action role's partition. */
const memberRoleArn = (accountId: string) => `arn:${config.actionRoleArn.split(':')[1] ?? 'aws'}:iam::${accountId}:role/${config.settings.namePrefix}-member-actions`;
const asActor = (actor: SlackActor, roleArn: string, roleDescription?: string) =>
  assumeRoleForActor(sts, { roleArn, actor, sessionSeconds: SESSION_SECONDS, ...(roleDescription === undefined ? {} : { roleDescription }) });

/**
 * The actions' clients. In an organization whose trail (and so secmon's metric filters, alarms and mute rules) is in
 * another account, CloudWatch and CloudWatch Logs calls go there, through that account's member role for the same
 * Slack user (assumed on their first call); everything else stays with the home action role.
 */
function clientsFor(credentials: Parameters<typeof actionClients>[0], actor: SlackActor): ActionClients {
  const home = actionClients(credentials);
  if (organization === undefined || organization.trailAccountId === config.settings.accountId) return home;
  let session: ReturnType<typeof asActor> | undefined;
  const trail = actionClients(() => (session ??= asActor(actor, memberRoleArn(organization.trailAccountId))));
  return { ...home, cloudwatch: trail.cloudwatch, logs: trail.logs };
}

export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  invocation = context;
  const outcome = await runWorkerInvocation(event, {
    findAction: (name) => findAction(name) as ActionDefinition<unknown> | undefined,
    assumeRole: (actor) => assumeRoleForActor(sts, { roleArn: config.actionRoleArn, actor, sessionSeconds: SESSION_SECONDS }),
    clients: clientsFor,
    reach: (actor, homeClients) =>
      createAccountReach({
        homeAccountId: config.settings.accountId,
        homeClients,
        organization: organization === undefined ? undefined : { memberRoleArn },
        assume: (roleArn, roleDescription) => asActor(actor, roleArn, roleDescription),
        clients: (credentials) => actionClients(credentials),
      }),
    catalog,
    state,
    settings: config.settings,
    admins,
    identities,
    slack: slackClient,
    respond,
    logger,
    now: () => new Date(),
    findingsAckNotified: config.findingsAckNotified,
    ...(config.escalation ? { acknowledged } : {}),
  });
  return outcome.ran ? { requestId: outcome.jobId, ok: outcome.ok } : { requestId: outcome.jobId, ok: false, refused: outcome.refused };
};
