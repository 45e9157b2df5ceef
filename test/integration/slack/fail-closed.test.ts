/**
 * The Slack request handler fails closed on the two settings an operator can leave open by mistake, attacked through
 * the real handler (handlers/slack.ts, loaded fresh per deployment shape) with signed Function URL events:
 * - the stack-created secret still holding its placeholder signing secret (public in the template): a request signed
 *   with the placeholder runs nothing, and the error names the field;
 * - an empty admin list: every write is refused, whoever asks (the refusal goes to the worker for the audit trail,
 *   no action job does).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { handedJobs } from '../../helpers/jobs.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { TEST_SIGNING_SECRET, slashCommand } from '../../helpers/slack-requests.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';

type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

const slack = new LocalSlackApi();
const lambda = mockClient(LambdaClient);
const secrets = mockClient(SecretsManagerClient);
let dynamo: LocalDynamo;

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:secmon/slack-AbCdEf';
/** What template.yaml's SlackSecret holds until the operator fills it in. */
const TEMPLATE_PLACEHOLDERS = { botToken: 'REPLACE_WITH_BOT_TOKEN', signingSecret: 'REPLACE_WITH_SIGNING_SECRET' };
const WRITES = ['enable root-activity', 'disable essentials', 'silence root-activity 2h pen test', 'unsilence root-activity', 'test root-activity'];

/** The handler as a cold start with this environment loads it. */
async function loadHandler(env: Record<string, string>): Promise<Handler> {
  for (const name of ['SLACK_SECRET_ARN', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SECMON_ADMINS']) delete process.env[name];
  Object.assign(process.env, {
    SLACK_API_URL: slack.url,
    STATE_TABLE: dynamo.tableName,
    WORKER_FUNCTION_NAME: 'secmon-worker',
    SLACK_BOT_ID: 'B0BOT0001',
    SLACK_BOT_USER_ID: 'U0BOT0001',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ...env,
  });
  vi.resetModules();
  return ((await import('../../../handlers/slack.js')) as { handler: Handler }).handler;
}

async function tableItems(): Promise<number> {
  return (await dynamo.documentClient.send(new ScanCommand({ TableName: dynamo.tableName }))).Count ?? 0;
}

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-fail-closed' });
});
afterAll(async () => {
  await slack.stop();
  await dynamo.close();
});
beforeEach(() => {
  slack.reset();
  lambda.reset();
  secrets.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
});

describe('a stack whose Slack secret still holds the placeholders', () => {
  it.each([
    ['both placeholders', TEMPLATE_PLACEHOLDERS],
    ['a real bot token but the placeholder signing secret', { ...TEMPLATE_PLACEHOLDERS, botToken: 'xoxb-1234567890-0987654321-AbCdEfGhIj' }],
  ])('%s: a request signed with the placeholder runs nothing and the error names the field', async (_label, secret) => {
    secrets.on(GetSecretValueCommand).resolves({ ARN: SECRET_ARN, Name: 'secmon/slack', SecretString: JSON.stringify(secret) });
    const handler = await loadHandler({ SLACK_SECRET_ARN: SECRET_ARN, SECMON_ADMINS: 'U0ATTACKER' });
    const before = await tableItems();
    for (const text of ['disable essentials', 'help']) {
      const forged = slashCommand({ text, userId: 'U0ATTACKER' }, { secret: secret.signingSecret });
      const error = await handler(forged, lambdaContext('secmon-slack')).then(
        () => new Error('the request was answered'),
        (e: unknown) => e as Error,
      );
      expect(error.message).toMatch(/signingSecret must be the Slack app's Signing Secret/);
      expect(error.message).not.toContain('REPLACE_WITH');
    }
    expect(lambda).not.toHaveReceivedCommand(InvokeCommand);
    expect(slack.calls).toHaveLength(0);
    expect(await tableItems()).toBe(before);
  });
});

describe('a stack with no admins', () => {
  let handler: Handler;
  beforeAll(async () => {
    handler = await loadHandler({ SLACK_BOT_TOKEN: 'xoxb-fail-closed-token', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SECMON_ADMINS: '' });
  });

  it.each(WRITES)('refuses `/secmon %s` to anyone and hands the worker nothing to run', async (text) => {
    for (const userId of ['U0ANYONE1', 'U0WORKSPACEOWNER', 'W0ENTERPRISE']) {
      const result = await handler(slashCommand({ text, userId }), lambdaContext('secmon-slack'));
      expect(result.statusCode).toBe(200);
      expect(JSON.parse(String(result.body))).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/only secmon admins/i) });
    }
    // Only refusals, for the worker to audit.
    const kinds = (await handedJobs(lambda.commandCalls(InvokeCommand), dynamo)).map((job) => job.kind);
    expect(kinds).toEqual(['refusal', 'refusal', 'refusal']);
  });

  it('still answers read-only commands', async () => {
    const result = await handler(slashCommand({ text: 'status', userId: 'U0ANYONE1' }), lambdaContext('secmon-slack'));
    expect(result.statusCode).toBe(200);
    expect(await handedJobs(lambda.commandCalls(InvokeCommand), dynamo)).toEqual([expect.objectContaining({ kind: 'action', action: 'status' })]);
  });
});
