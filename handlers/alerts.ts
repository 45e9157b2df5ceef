/**
 * The alerts function: SNS alarm notifications, EventBridge events (CloudTrail, Config, secmon tests) and the
 * scheduled sweep. Thin: configuration and clients are made once per cold start; the work is in src/alerts/.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { Context } from 'aws-lambda';
import { renderAlert } from '../blocks/alert.js';
import { rawFindingReply } from '../blocks/finding.js';
import { cloudWatchAlarmState } from '../src/alerts/alarm-state.js';
import { FLOOD_POSTS_PER_MINUTE } from '../src/alerts/flood.js';
import { createAlertsInvocation, type OrganizationAlertsDeps } from '../src/alerts/invocation.js';
import { lazyStsClient, serviceRoleCredentials } from '../src/aws/service-role.js';
import { clientWithRole } from '../src/aws/role-client.js';
import { organizationsListing } from '../src/aws/organizations.js';
import { createAlertsClients } from '../src/aws/clients.js';
import { sqsFailedInvocationQueue } from '../src/aws/failed-invocations.js';
import { readCachedSecret } from '../src/aws/secrets.js';
import { incidentClients } from '../src/incidents/clients.js';
import { resolveIncidentKeys } from '../src/incidents/keys.js';
import { buildCatalog } from '../src/catalog/index.js';
import { createCatalogMatcher, type CatalogMatcher } from '../src/catalog/matcher.js';
import { loadAlertsConfig } from '../src/config.js';
import { AccountDirectory } from '../src/org/account-directory.js';
import { checkRouteMonitors } from '../src/org/routing-config.js';
import { resolveSlackCredentials } from '../src/slack/credentials.js';
import { createSlackMessenger } from '../src/slack/messenger.js';
import { createSlackWebClient } from '../src/slack/web-client.js';
import { createIdempotencyPersistence, dedupeDeliveries } from '../src/store/dedupe/delivery-dedupe.js';
import { createStateStores } from '../src/store/index.js';
import { DynamoTable } from '../src/store/table/dynamo-table.js';

const logger = new Logger({ serviceName: 'secmon-alerts' });
const config = loadAlertsConfig();
const clients = createAlertsClients();
const catalog = buildCatalog({
  namePrefix: config.namePrefix,
  cloudTrailLogGroup: config.cloudTrailLogGroup,
  allowedRegions: config.allowedRegions,
});
checkRouteMonitors(config.routing, catalog.map((monitor) => monitor.id));
const persistenceStore = createIdempotencyPersistence({ client: clients.dynamo, tableName: config.stateTable });

/** The current invocation's context: a rate-limited Slack call waits only as long as the invocation has time. */
let invocation: Context | undefined;
const remainingMs = () => invocation?.getRemainingTimeInMillis() ?? 0;
let messenger: ReturnType<typeof createSlackMessenger> | undefined;
async function slack() {
  // The token is fetched once per cold start (Powertools caches the secret for 5 minutes besides).
  messenger ??= createSlackMessenger(
    createSlackWebClient({
      token: (await resolveSlackCredentials(config.slack, readCachedSecret)).botToken,
      apiUrl: config.slackApiUrl,
    }),
    { remainingMs },
  );
  return messenger;
}
/** The incident services whose keys are in the Slack secret, read when an escalation is due (the secret is cached). */
async function incidents() {
  return incidentClients(await resolveIncidentKeys(config.slack, readCachedSecret), config.incidentUrls, { remainingMs });
}

// Built on first use (~4 ms of cold start otherwise): every CloudTrail event's monitor comes from matching the catalog,
// but alarm notifications and the sweep never need it. buildCatalog has already compiled and checked every pattern,
// so this cannot fail.
let catalogMatcher: CatalogMatcher | undefined;
const built = (): CatalogMatcher => (catalogMatcher ??= createCatalogMatcher(catalog));
const matcher: CatalogMatcher = { match: (input) => built().match(input), examine: (input) => built().examine(input) };

const state = createStateStores(new DynamoTable({ client: clients.documents, tableName: config.stateTable }));
const organization = config.organization;
// In an organization, the trail's log group may live in another account: searched through its reader role there.
const sts = organization === undefined ? undefined : lazyStsClient();
const trailLogs =
  organization?.trailReaderRoleArn === undefined || sts === undefined
    ? clients.logs
    : clientWithRole(serviceRoleCredentials(sts, organization.trailReaderRoleArn, 'secmon-alerts'), (credentials) => new CloudWatchLogsClient({ maxAttempts: 3, credentials }));
const accounts = new AccountDirectory({
  routing: config.routing,
  cache: state.accounts,
  listing:
    organization === undefined
      ? undefined
      : organizationsListing({
          credentials:
            organization.directoryRoleArn === undefined || sts === undefined ? undefined : serviceRoleCredentials(sts, organization.directoryRoleArn, 'secmon-alerts'),
        }),
  now: () => new Date(),
});
const organizationDeps: OrganizationAlertsDeps | undefined =
  organization === undefined
    ? undefined
    : {
        lastSeen: state.lastSeen,
        alarmTrust: { accountId: organization.trailAccountId, namePrefix: config.namePrefix },
        heartbeatRuleName: `${config.namePrefix}-heartbeat`,
        deadLetters: organization.deadLetterQueueUrl === undefined ? undefined : sqsFailedInvocationQueue(organization.deadLetterQueueUrl),
      };

const invoke = createAlertsInvocation({
  catalog,
  matcher,
  state,
  slack,
  render: renderAlert,
  renderRawFinding: rawFindingReply,
  channel: config.channelId,
  now: () => new Date(),
  groupWindowMs: config.groupWindowMs,
  postsPerMinute: FLOOD_POSTS_PER_MINUTE,
  alarmTopicArn: config.alarmTopicArn,
  alarmState: cloudWatchAlarmState(clients.cloudwatch),
  logs: config.cloudTrailLogGroup ? { client: trailLogs, logGroupName: config.cloudTrailLogGroup } : undefined,
  dedupe: (process) => dedupeDeliveries(process, { persistenceStore }),
  logger,
  failedInvocations: config.failedInvocationsQueueUrl === undefined ? undefined : sqsFailedInvocationQueue(config.failedInvocationsQueueUrl),
  routing: config.routing,
  accounts,
  ssoStartUrl: config.ssoStartUrl,
  organization: organizationDeps,
  escalation: config.escalation === undefined ? undefined : { ...config.escalation, incidents },
});

export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  invocation = context;
  const result = await invoke(event, context);
  // A queue batch answers Lambda's event source mapping exactly as it expects: the failed records, nothing else.
  return result.kind === 'queue' ? { batchItemFailures: result.batchItemFailures } : result;
};
