/**
 * The alerts function: SNS alarm notifications, EventBridge events (CloudTrail, Config, secmon tests) and the
 * scheduled sweep. Thin: configuration and clients are made once per cold start; the work is in src/alerts/.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { renderAlert } from '../blocks/alert.js';
import { cloudWatchAlarmState } from '../src/alerts/alarm-state.js';
import { FLOOD_POSTS_PER_MINUTE } from '../src/alerts/flood.js';
import { createAlertsInvocation } from '../src/alerts/invocation.js';
import { createAlertsClients } from '../src/aws/clients.js';
import { sqsFailedInvocationQueue } from '../src/aws/failed-invocations.js';
import { readCachedSecret } from '../src/aws/secrets.js';
import { buildCatalog } from '../src/catalog/index.js';
import { createCatalogMatcher, type CatalogMatcher } from '../src/catalog/matcher.js';
import { loadAlertsConfig } from '../src/config.js';
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
const persistenceStore = createIdempotencyPersistence({ client: clients.dynamo, tableName: config.stateTable });

/** The current invocation's context: a rate-limited Slack call waits only as long as the invocation has time. */
let invocation: Context | undefined;
let messenger: ReturnType<typeof createSlackMessenger> | undefined;
async function slack() {
  // The token is fetched once per cold start (Powertools caches the secret for 5 minutes besides).
  messenger ??= createSlackMessenger(
    createSlackWebClient({
      token: (await resolveSlackCredentials(config.slack, readCachedSecret)).botToken,
      apiUrl: config.slackApiUrl,
    }),
    { remainingMs: () => invocation?.getRemainingTimeInMillis() ?? 0 },
  );
  return messenger;
}

// Built on first use (~4 ms of cold start otherwise): every CloudTrail event's monitor comes from matching the catalog,
// but alarm notifications and the sweep never need it. buildCatalog has already compiled and checked every pattern,
// so this cannot fail.
let catalogMatcher: CatalogMatcher | undefined;
const built = (): CatalogMatcher => (catalogMatcher ??= createCatalogMatcher(catalog));
const matcher: CatalogMatcher = { match: (input) => built().match(input), examine: (input) => built().examine(input) };

const invoke = createAlertsInvocation({
  catalog,
  matcher,
  state: createStateStores(new DynamoTable({ client: clients.documents, tableName: config.stateTable })),
  slack,
  render: renderAlert,
  channel: config.channelId,
  now: () => new Date(),
  groupWindowMs: config.groupWindowMs,
  postsPerMinute: FLOOD_POSTS_PER_MINUTE,
  alarmTopicArn: config.alarmTopicArn,
  alarmState: cloudWatchAlarmState(clients.cloudwatch),
  logs: config.cloudTrailLogGroup ? { client: clients.logs, logGroupName: config.cloudTrailLogGroup } : undefined,
  dedupe: (process) => dedupeDeliveries(process, { persistenceStore }),
  logger,
  failedInvocations: config.failedInvocationsQueueUrl === undefined ? undefined : sqsFailedInvocationQueue(config.failedInvocationsQueueUrl),
});

export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  invocation = context;
  return invoke(event, context);
};
