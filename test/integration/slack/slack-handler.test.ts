/**
 * The real Slack request handler (handlers/slack.ts, as Lambda loads it) with signed Function URL events, a local
 * Slack Web API, a local DynamoDB (dynalite) and mocked Lambda/STS clients: what Slack gets back, what the worker is
 * handed, and that rejected requests change nothing.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeAcknowledgeValue } from '../../../blocks/action-values.js';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { NEW_MESSAGE_STATE } from '../../../src/alerts/model.js';
import { DynamoStateStore } from '../../../src/store/dynamo-state-store.js';
import { eventAlert } from '../../helpers/alerts.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import {
  TEST_SIGNING_SECRET,
  blockActionPayload,
  functionUrlEvent,
  interaction,
  slashCommand,
  slashCommandBody,
} from '../../helpers/slack-requests.js';

const slack = new LocalSlackApi();
const lambda = mockClient(LambdaClient);
const sts = mockClient(STSClient);
let dynamo: LocalDynamo;
let store: DynamoStateStore;
let handler: (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

const ADMIN = 'U0ADMIN01';
const OUTSIDER = 'U0OUTSIDE';

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-slack-state' });
  store = new DynamoStateStore({ client: dynamo.documentClient, tableName: dynamo.tableName });
  Object.assign(process.env, {
    SLACK_BOT_TOKEN: 'xoxb-slack-handler-token',
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    SECMON_ADMINS: `${ADMIN},S0ADMINS`,
    STATE_TABLE: dynamo.tableName,
    WORKER_FUNCTION_NAME: 'secmon-worker',
    SLACK_BOT_ID: 'B0BOT0001',
    SLACK_BOT_USER_ID: 'U0BOT0001',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  ({ handler } = await import('../../../handlers/slack.js'));
});
afterAll(async () => {
  await slack.stop();
  await dynamo.close();
});
beforeEach(() => {
  slack.reset();
  lambda.reset();
  sts.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
});

const invoke = (event: APIGatewayProxyEventV2) => handler(event, lambdaContext('secmon-slack'));
const json = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(String(result.body)) as Record<string, unknown>;
const jobs = () =>
  lambda.commandCalls(InvokeCommand).map((call) => JSON.parse(new TextDecoder().decode(call.args[0].input.Payload as Uint8Array)) as Record<string, unknown>);
async function tableItems(): Promise<number> {
  const scanned = await dynamo.documentClient.send(new ScanCommand({ TableName: dynamo.tableName }));
  return scanned.Count ?? 0;
}

describe('request checks', () => {
  it('accepts a correctly signed command', async () => {
    const result = await invoke(slashCommand({ text: 'help' }));
    expect(result.statusCode).toBe(200);
    expect(json(result)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('secmon commands') });
  });

  const rejected: [string, () => APIGatewayProxyEventV2][] = [
    ['a forged signature', () => slashCommand({ text: 'disable essentials' }, { secret: 'not-the-secret' })],
    ['a stale timestamp (301 s old)', () => slashCommand({ text: 'disable essentials' }, { timestamp: Math.floor(Date.now() / 1000) - 301 })],
    ['a future timestamp (301 s ahead)', () => slashCommand({ text: 'disable essentials' }, { timestamp: Math.floor(Date.now() / 1000) + 301 })],
    ['no signature', () => slashCommand({ text: 'disable essentials' }, { signature: '' })],
  ];
  it.each(rejected)('answers 401 to %s and changes nothing', async (_name, build) => {
    const before = await tableItems();
    const result = await invoke(build());
    expect(result.statusCode).toBe(401);
    expect(slack.calls).toHaveLength(0);
    expect(lambda).not.toHaveReceivedCommand(InvokeCommand);
    expect(sts.calls()).toHaveLength(0);
    expect(await tableItems()).toBe(before);
  });

  it('does not run a Slack retry of an accepted request twice', async () => {
    const body = slashCommandBody({ text: 'disable essentials', userId: ADMIN });
    const first = await invoke(functionUrlEvent(body));
    const retry = await invoke(functionUrlEvent(body, { retryNum: 1 }));
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
  });

  it('answers url_verification with the challenge', async () => {
    const body = JSON.stringify({ token: 'x', challenge: 'challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
    const result = await invoke(functionUrlEvent(body, { contentType: 'application/json' }));
    expect(result.statusCode).toBe(200);
    expect(json(result)).toEqual({ challenge: 'challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('answers ssl_check with 200 and does nothing', async () => {
    const before = await tableItems();
    const result = await invoke(functionUrlEvent('ssl_check=1&token=deprecated', { signature: 'v0=unsigned' }));
    expect(result).toEqual({ statusCode: 200, body: '' });
    expect(slack.calls).toHaveLength(0);
    expect(await tableItems()).toBe(before);
  });

  it('decodes a base64 body as UTF-8, so non-ASCII text reaches the command intact', async () => {
    const result = await invoke(slashCommand({ text: 'silence root-activity 2h ünterhalt 🔧', userId: ADMIN }, { base64: true }));
    expect(result.statusCode).toBe(200);
    expect(jobs()[0]).toMatchObject({ action: 'silence', params: { monitorId: 'root-activity', durationSeconds: 7200, reason: 'ünterhalt 🔧' } });
  });
});

describe('/secmon', () => {
  const cases: [string, string, Record<string, unknown>, 'in_channel' | 'ephemeral', RegExp][] = [
    ['list', 'list', { action: 'status', params: {}, view: 'list' }, 'ephemeral', /Listing/],
    ['list cis', 'list cis', { action: 'status', params: { pack: 'cis' }, view: 'list' }, 'ephemeral', /Listing/],
    ['status', 'status', { action: 'status', params: {}, view: 'status' }, 'ephemeral', /status/],
    ['enable', 'enable root-activity --via event', { action: 'enable', params: { target: 'root-activity', via: 'event' } }, 'in_channel', /Enabling monitor `root-activity` via event/],
    ['enable pack', 'enable essentials', { action: 'enable', params: { target: 'essentials' } }, 'in_channel', /Enabling pack/],
    ['disable', 'disable root-activity', { action: 'disable', params: { target: 'root-activity' } }, 'in_channel', /Disabling/],
    ['silence', 'silence root-activity 30m', { action: 'silence', params: { monitorId: 'root-activity', durationSeconds: 1800 } }, 'in_channel', /Silencing `root-activity` for 30m/],
    ['unsilence', 'unsilence root-activity', { action: 'unsilence', params: { monitorId: 'root-activity' } }, 'in_channel', /Lifting/],
    ['test', 'test root-activity', { action: 'test', params: { monitorId: 'root-activity' } }, 'in_channel', /test alert/],
  ];
  it.each(cases)('%s: answers at once and hands the job to the worker', async (_name, text, job, visibility, reply) => {
    const responseUrl = `${slack.url}response/${_name.replace(' ', '-')}`;
    const result = await invoke(slashCommand({ text, userId: ADMIN, responseUrl }));
    expect(result.statusCode).toBe(200);
    expect(json(result)).toMatchObject({ response_type: visibility, text: expect.stringMatching(reply) });
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, { InvocationType: 'Event', FunctionName: 'secmon-worker' });
    expect(jobs()).toHaveLength(1);
    expect(jobs()[0]).toMatchObject({
      v: 1,
      ...job,
      actor: { userId: ADMIN, userName: 'alice' },
      reply: { responseUrl, channel: 'C0SECMON01' },
    });
    expect(jobs()[0]!['params']).toEqual(job['params']);
  });

  it('suggests the closest monitor for a mistyped one, ephemerally, and starts nothing', async () => {
    const result = await invoke(slashCommand({ text: 'silence root-activty 2h', userId: ADMIN }));
    expect(json(result)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('`root-activity`') });
    expect(lambda).not.toHaveReceivedCommand(InvokeCommand);
  });

  it('suggests the closest subcommand', async () => {
    const result = await invoke(slashCommand({ text: 'enabel root-activity', userId: ADMIN }));
    expect(json(result)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('`enable`') });
  });

  it('refuses a non-admin ephemerally, audits the refusal and makes no AWS call', async () => {
    const result = await invoke(slashCommand({ text: 'disable essentials', userId: OUTSIDER }));
    expect(json(result)).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/Only secmon admins/) });
    expect(lambda.calls()).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
    const audit = await store.listAudit({ limit: 5 });
    expect(audit[0]).toMatchObject({ actor: OUTSIDER, action: 'monitor.disable', target: 'essentials', result: 'denied' });
    // The user group was looked up (and found not to contain the user).
    expect(slack.callsOf('usergroups.users.list')[0]?.body).toMatchObject({ usergroup: 'S0ADMINS' });
  });

  it('lets anyone read the status', async () => {
    await invoke(slashCommand({ text: 'status', userId: OUTSIDER }));
    expect(jobs()[0]).toMatchObject({ action: 'status', actor: { userId: OUTSIDER } });
  });
});

describe('alert buttons', () => {
  it('acknowledge: updates the message with who and when, replies in the thread and audits', async () => {
    const alert = eventAlert({ deliveryId: 'ack-delivery-1' });
    const message = { channel: 'C0SECMON01', ts: '1700000000.000777' };
    await store.createMessage(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    const value = encodeAcknowledgeValue({ deliveryId: alert.deliveryId, monitorId: alert.monitor!.id, groupKey: undefined });
    const result = await invoke(
      interaction(blockActionPayload({ actionId: ACTION_IDS.acknowledge, value, userId: OUTSIDER, messageTs: message.ts })),
    );
    expect(result.statusCode).toBe(200);
    const update = slack.callsOf('chat.update')[0]!;
    expect(update.body).toMatchObject({ channel: message.channel, ts: message.ts });
    expect(JSON.stringify(update.body['blocks'])).toContain(`Acknowledged by <@${OUTSIDER}>`);
    expect((await store.getMessage(message))?.state.acknowledged?.by).toBe(OUTSIDER);
    const reply = slack.callsOf('chat.postMessage').find((call) => call.body['thread_ts'] === message.ts);
    expect(reply?.body['text']).toContain(`<@${OUTSIDER}> acknowledged`);
    expect((await store.listAudit({ limit: 1 }))[0]).toMatchObject({ actor: OUTSIDER, action: 'alert.acknowledge', result: 'succeeded' });
    expect(lambda.calls()).toHaveLength(0);
  });

  it('acks a console link button without doing anything', async () => {
    const result = await invoke(interaction(blockActionPayload({ actionId: 'secmon_open_console_1' })));
    expect(result.statusCode).toBe(200);
    expect(slack.calls).toHaveLength(0);
    expect(lambda.calls()).toHaveLength(0);
  });
});
