/**
 * The real worker (handlers/worker.ts) with a local DynamoDB, a local Slack Web API, mocked STS and CloudWatch: it
 * acts for the Slack user through AssumeRole with SourceIdentity, runs the action, and reports to Slack and the
 * audit trail. Also: the Slack handler answers within Slack's 3 seconds while the worker's AWS call is slow.
 */
import { CloudWatchClient, PutAlarmMuteRuleCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NEW_MESSAGE_STATE } from '../../../src/alerts/model.js';
import { isSecmonError } from '../../../src/errors.js';
import { JOB_VERSION, type WorkerJob } from '../../../src/slack/app/job.js';
import { DynamoStateStore } from '../../../src/store/dynamo-state-store.js';
import { eventAlert } from '../../helpers/alerts.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { TEST_SIGNING_SECRET, slashCommand } from '../../helpers/slack-requests.js';

const slack = new LocalSlackApi();
const sts = mockClient(STSClient);
const cloudwatch = mockClient(CloudWatchClient);
const lambda = mockClient(LambdaClient);
let dynamo: LocalDynamo;
let store: DynamoStateStore;
let worker: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;
let slackHandler: (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

const ADMIN = 'U0ADMIN01';
const ROLE = 'arn:aws:iam::111122223333:role/secmon-actions';

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-worker-state' });
  store = new DynamoStateStore({ client: dynamo.documentClient, tableName: dynamo.tableName });
  Object.assign(process.env, {
    SLACK_BOT_TOKEN: 'xoxb-worker-token',
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    SECMON_ADMINS: ADMIN,
    WORKER_FUNCTION_NAME: 'secmon-worker',
    SLACK_BOT_ID: 'B0BOT0001',
    SLACK_BOT_USER_ID: 'U0BOT0001',
    STATE_TABLE: dynamo.tableName,
    NAME_PREFIX: 'secmon',
    HOME_REGION: 'us-east-1',
    ACCOUNT_ID: '111122223333',
    CLOUDTRAIL_LOG_GROUP: 'aws-cloudtrail-logs-111122223333',
    ALARM_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:secmon-alarms',
    ALERTS_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:111122223333:function:secmon-alerts',
    HOME_EVENT_BUS_ARN: 'arn:aws:events:us-east-1:111122223333:event-bus/default',
    FORWARDING_ROLE_ARN: 'arn:aws:iam::111122223333:role/secmon-event-forwarding',
    ACTION_ROLE_ARN: ROLE,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  ({ handler: worker } = await import('../../../handlers/worker.js'));
  ({ handler: slackHandler } = await import('../../../handlers/slack.js'));
});
afterAll(async () => {
  await slack.stop();
  await dynamo.close();
});
beforeEach(() => {
  slack.reset();
  sts.reset();
  cloudwatch.reset();
  lambda.reset();
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'ASIAACTION', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 900_000) },
  });
  cloudwatch.on(PutAlarmMuteRuleCommand).resolves({});
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
});

function silenceJob(overrides: Partial<WorkerJob> = {}): WorkerJob {
  return {
    v: JOB_VERSION,
    id: `job-${Math.random().toString(36).slice(2)}`,
    action: 'silence',
    params: { monitorId: 'console-login-failure', durationSeconds: 7200, reason: 'pen test ünterhalt 🔧' },
    actor: { userId: ADMIN, userName: 'alice' },
    requestedAt: new Date().toISOString(),
    reply: { responseUrl: `${slack.url}response/silence`, channel: 'C0SECMON01' },
    target: 'console-login-failure',
    ...overrides,
  };
}

describe('worker', () => {
  it('assumes the action role with SourceIdentity = the Slack user, runs the action, answers and audits', async () => {
    await worker(silenceJob(), lambdaContext('secmon-worker'));
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ROLE, SourceIdentity: ADMIN, RoleSessionName: `secmon-${ADMIN}` });
    expect(cloudwatch).toHaveReceivedCommandWith(PutAlarmMuteRuleCommand, { Name: 'secmon-console-login-failure' });
    const answer = slack.callsOf('response/silence')[0];
    expect(answer?.body).toMatchObject({ replace_original: true, response_type: 'in_channel', text: expect.stringContaining(':white_check_mark:') });
    expect((await store.listAudit({ limit: 1 }))[0]).toMatchObject({
      actor: ADMIN,
      action: 'silence.set',
      target: 'console-login-failure',
      result: 'succeeded',
    });
    expect((await store.getSilence('console-login-failure'))?.reason).toBe('pen test ünterhalt 🔧');
  });

  it('updates the alert message and replies in its thread when the action came from a button', async () => {
    const alert = eventAlert({ deliveryId: 'worker-silence-1' });
    const message = { channel: 'C0SECMON01', ts: '1700000000.000900' };
    await store.createMessage(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    await worker(
      silenceJob({ params: { monitorId: 'console-login-failure', durationSeconds: 3600, message }, reply: { message, channel: message.channel } }),
      lambdaContext('secmon-worker'),
    );
    const update = slack.callsOf('chat.update')[0]!;
    expect(update.body).toMatchObject({ channel: message.channel, ts: message.ts });
    expect(JSON.stringify(update.body['blocks'])).toContain(`Silenced by <@${ADMIN}>`);
    const reply = slack.callsOf('chat.postMessage').find((call) => call.body['thread_ts'] === message.ts);
    expect(reply?.body['text']).toMatch(/:white_check_mark: <@U0ADMIN01> silenced `console-login-failure`/);
  });

  it('reports a failed action as failed, audits it, and completes (no Lambda retry of a half-done write)', async () => {
    cloudwatch.on(PutAlarmMuteRuleCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(worker(silenceJob(), lambdaContext('secmon-worker'))).resolves.toMatchObject({ ok: false });
    expect(slack.callsOf('response/silence')[0]?.body['text']).toContain(':x:');
    expect((await store.listAudit({ limit: 1 }))[0]).toMatchObject({ action: 'silence.set', result: 'failed' });
  });

  it('rejects a malformed job before any AWS call', async () => {
    const error = await worker({ v: 1, action: 'drop-tables' }, lambdaContext('secmon-worker')).catch((e: unknown) => e);
    expect(isSecmonError(error, 'INPUT_INVALID')).toBe(true);
    expect(sts.calls()).toHaveLength(0);
    expect(slack.calls).toHaveLength(0);
  });

  it('the Slack handler answers well within 3 s even though the worker\'s AWS call then takes 10 s', async () => {
    cloudwatch.on(PutAlarmMuteRuleCommand).callsFake(() => new Promise((resolve) => setTimeout(() => resolve({}), 10_000)));
    const responseUrl = `${slack.url}response/slow`;
    const started = Date.now();
    const answer = await slackHandler(
      slashCommand({ text: 'silence console-login-failure 2h', userId: ADMIN, responseUrl }),
      lambdaContext('secmon-slack'),
    );
    const elapsed = Date.now() - started;
    expect(answer.statusCode).toBe(200);
    expect(elapsed).toBeLessThan(3000);
    expect(slack.callsOf('response/slow')).toHaveLength(0);

    // Lambda would now run the worker with the job the handler sent.
    const payload = lambda.commandCalls(InvokeCommand)[0]!.args[0].input.Payload as Uint8Array;
    const workerStarted = Date.now();
    await worker(JSON.parse(new TextDecoder().decode(payload)), lambdaContext('secmon-worker'));
    expect(Date.now() - workerStarted).toBeGreaterThanOrEqual(9_900);
    expect(slack.callsOf('response/slow')[0]?.body['text']).toContain(':white_check_mark:');
  });
});
