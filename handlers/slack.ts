/**
 * The Slack request function (Lambda Function URL): slash commands and interactions. Thin: configuration and
 * clients once per cold start; the checks are in src/slack/app/receiver.ts, the listeners in src/slack/app/.
 * Everything slow is handed to the worker (handlers/worker.ts) with an asynchronous invoke.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { buildCatalog } from '../src/catalog/index.js';
import { createStateTableClients } from '../src/aws/clients.js';
import { readCachedSecret } from '../src/aws/secrets.js';
import { loadSlackAppConfig } from '../src/config.js';
import { SecmonError } from '../src/errors.js';
import { createSecmonBolt } from '../src/slack/app/app.js';
import { createAdminPolicy } from '../src/slack/app/authorize.js';
import type { JobReference } from '../src/slack/app/job.js';
import { createFunctionUrlAdapter } from '../src/slack/app/receiver.js';
import { resolveSlackCredentials } from '../src/slack/credentials.js';
import { createStateStores } from '../src/store/index.js';
import { createRequestLedger } from '../src/store/slack-requests/request-ledger.js';
import { DynamoTable } from '../src/store/table/dynamo-table.js';

const logger = new Logger({ serviceName: 'secmon-slack' });
const config = loadSlackAppConfig();
// Two attempts, not three: every request must be answered within Slack's 3 seconds.
const { documents } = createStateTableClients(2);
const lambda = new LambdaClient({ maxAttempts: 2 });
const catalog = buildCatalog({
  namePrefix: config.namePrefix,
  cloudTrailLogGroup: config.cloudTrailLogGroup,
  allowedRegions: config.allowedRegions,
});
const table = new DynamoTable({ client: documents, tableName: config.stateTable });
const state = createStateStores(table);

let credentials: Promise<{ botToken: string; signingSecret: string }> | undefined;
function slackCredentials() {
  credentials ??= (async () => {
    if (config.slack.kind === 'env') return { botToken: config.slack.botToken, signingSecret: config.slack.signingSecret };
    const resolved = await resolveSlackCredentials(config.slack, readCachedSecret);
    if (resolved.signingSecret === undefined) {
      throw new SecmonError('CONFIG_INVALID', `the Slack secret ${config.slack.secretArn} has no signingSecret`);
    }
    return { botToken: resolved.botToken, signingSecret: resolved.signingSecret };
  })().catch((error: unknown) => {
    credentials = undefined;
    throw error;
  });
  return credentials;
}

/** The worker gets the job's id alone: it reads the job the listener wrote to the state table. */
async function invokeWorker(reference: JobReference): Promise<void> {
  await lambda.send(
    new InvokeCommand({
      FunctionName: config.workerFunctionName,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(reference)),
    }),
  );
}

let bolt: ReturnType<typeof createSecmonBolt> | undefined;
const adapter = createFunctionUrlAdapter({
  signingSecret: async () => (await slackCredentials()).signingSecret,
  bolt: async () => {
    if (bolt) return bolt;
    const { botToken, signingSecret } = await slackCredentials();
    bolt = createSecmonBolt(
      { signingSecret, botToken, botId: config.botId, botUserId: config.botUserId, slackApiUrl: config.slackApiUrl },
      {
        catalog,
        state,
        admins: createAdminPolicy({ admins: config.admins, logger }),
        invokeWorker,
        logger,
        now: () => new Date(),
        newId: randomUUID,
      },
    );
    return bolt;
  },
  ledger: createRequestLedger(table),
  logger,
});

export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  logger.addContext(context);
  return adapter(event, context);
};
