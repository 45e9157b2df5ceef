/**
 * The real Slack request handler (handlers/slack.ts, as Lambda loads it) with signed Function URL events, a local
 * Slack Web API, a local DynamoDB (dynalite) and mocked Lambda/STS clients: what Slack gets back, what the worker is
 * handed, and that rejected requests change nothing.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  alertActionsBlockId,
  encodeAcknowledgeValue,
  encodeKeepValue,
  encodeRevertValue,
  encodeSilenceValue,
} from '../../../blocks/action-values.js';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { NEW_MESSAGE_STATE, type Alert } from '../../../src/alerts/model.js';
import type { PostedMessage } from '../../../src/alerts/ports.js';
import { KEEP_REASON_ACTION_ID, KEEP_REASON_BLOCK_ID, KEEP_REASON_CALLBACK_ID } from '../../../src/slack/app/interactions.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { DynamoTable } from '../../../src/store/table/dynamo-table.js';
import { eventAlert, sgRevertAlert } from '../../helpers/alerts.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { REVERT_LEASES } from '../../../src/store/remediations/remediations.js';
import { handedJobs, invokedReference, invokedReferences } from '../../helpers/jobs.js';
import { expectDeclaredStateAccess } from '../../helpers/state-access.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import {
  TEST_SIGNING_SECRET,
  blockActionPayload,
  functionUrlEvent,
  interaction,
  slashCommand,
  slashCommandBody,
  viewSubmissionPayload,
} from '../../helpers/slack-requests.js';

const slack = new LocalSlackApi();
const lambda = mockClient(LambdaClient);
const sts = mockClient(STSClient);
let dynamo: LocalDynamo;
let state: StateStores;
let handler: (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

const ADMIN = 'U0ADMIN01';
const OUTSIDER = 'U0OUTSIDE';

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-slack-state', recordRequests: true });
  state = createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName }));
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
/** The jobs handed to the worker, read from the state table as the worker reads them. */
const jobs = async () => (await handedJobs(lambda.commandCalls(InvokeCommand), dynamo)) as unknown as Record<string, unknown>[];
/** The action jobs among them (refusals and acknowledgements go to the worker too, for the audit trail). */
const actionJobs = async () => (await jobs()).filter((job) => job['kind'] === 'action');
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
    expect((await jobs())[0]).toMatchObject({ action: 'silence', params: { monitorId: 'root-activity', durationSeconds: 7200, reason: 'ünterhalt 🔧' } });
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
    expect((await jobs())).toHaveLength(1);
    expect((await jobs())[0]).toMatchObject({
      kind: 'action',
      ...job,
      actor: { userId: ADMIN, userName: 'alice' },
      reply: { responseUrl, channel: 'C0SECMON01' },
    });
    // The worker is invoked with the job's id alone.
    expect(invokedReferences(lambda.commandCalls(InvokeCommand))).toEqual([{ v: 2, jobId: (await jobs())[0]!['id'] }]);
    expect((await jobs())[0]!['params']).toEqual(job['params']);
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

  it('refuses a non-admin ephemerally, hands the refusal to the worker for the audit trail, and starts nothing', async () => {
    const result = await invoke(slashCommand({ text: 'disable essentials', userId: OUTSIDER }));
    expect(json(result)).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/Only secmon admins/) });
    expect(await jobs()).toEqual([
      expect.objectContaining({ kind: 'refusal', action: 'disable', actor: { userId: OUTSIDER, userName: 'alice' }, target: 'essentials', reason: 'not a secmon admin' }),
    ]);
    expect(sts.calls()).toHaveLength(0);
    // The worker writes the audit record, not this internet-facing function.
    expect(await state.audit.list({ limit: 5 })).toEqual([]);
    // The user group was looked up (and found not to contain the user).
    expect(slack.callsOf('usergroups.users.list')[0]?.body).toMatchObject({ usergroup: 'S0ADMINS' });
  });

  it('lets anyone read the status', async () => {
    await invoke(slashCommand({ text: 'status', userId: OUTSIDER }));
    expect((await jobs())[0]).toMatchObject({ kind: 'action', action: 'status', actor: { userId: OUTSIDER } });
  });
});

describe('alert buttons', () => {
  it('acknowledge: updates the message with who and when, replies in the thread and audits', async () => {
    const alert = eventAlert({ deliveryId: 'ack-delivery-1' });
    const message = { channel: 'C0SECMON01', ts: '1700000000.000777' };
    await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    const value = encodeAcknowledgeValue({ deliveryId: alert.deliveryId, monitorId: alert.monitor!.id, groupKey: undefined });
    const result = await invoke(
      interaction(blockActionPayload({ actionId: ACTION_IDS.acknowledge, value, userId: OUTSIDER, messageTs: message.ts })),
    );
    expect(result.statusCode).toBe(200);
    const update = slack.callsOf('chat.update')[0]!;
    expect(update.body).toMatchObject({ channel: message.channel, ts: message.ts });
    expect(JSON.stringify(update.body['blocks'])).toContain(`Acknowledged by <@${OUTSIDER}>`);
    expect((await state.messages.get(message))?.state.acknowledged?.by).toBe(OUTSIDER);
    const reply = slack.callsOf('chat.postMessage').find((call) => call.body['thread_ts'] === message.ts);
    expect(reply?.body['text']).toContain(`<@${OUTSIDER}> acknowledged`);
    expect(await jobs()).toEqual([expect.objectContaining({ kind: 'acknowledge', actor: { userId: OUTSIDER, userName: 'alice' }, message, target: alert.monitor!.id })]);
  });

  it('acks a console link button without doing anything', async () => {
    const result = await invoke(interaction(blockActionPayload({ actionId: 'secmon_open_console_1' })));
    expect(result.statusCode).toBe(200);
    expect(slack.calls).toHaveLength(0);
    expect(lambda.calls()).toHaveLength(0);
  });
});

describe('silence select', () => {
  const alert = eventAlert({ deliveryId: 'silence-select-1', monitor: { id: 'root-activity', title: 'Root activity', severity: 'critical' } });
  const message = { channel: 'C0SECMON01', ts: '1700000000.000801' };
  const click = (userId: string) =>
    invoke(
      interaction(
        blockActionPayload({
          type: 'static_select',
          actionId: ACTION_IDS.silence,
          selectedValue: encodeSilenceValue({ monitorId: 'root-activity', duration: '4h' }),
          blockId: alertActionsBlockId(alert.deliveryId),
          userId,
          messageTs: message.ts,
        }),
      ),
    );

  it('admin: hands the worker a silence job with the monitor and the duration of the option, and says so', async () => {
    const result = await click(ADMIN);
    expect(result.statusCode).toBe(200);
    expect((await jobs())).toHaveLength(1);
    expect((await jobs())[0]).toMatchObject({
      kind: 'action',
      action: 'silence',
      target: 'root-activity',
      actor: { userId: ADMIN, userName: 'alice' },
      reply: { message, channel: message.channel },
    });
    expect((await jobs())[0]!['params']).toEqual({ monitorId: 'root-activity', durationSeconds: 4 * 3600, message });
    const note = slack.callsOf('chat.postEphemeral')[0]?.body;
    expect(note).toMatchObject({ channel: message.channel, user: ADMIN, text: expect.stringContaining('Silencing `root-activity` for 4h') });
    expect(sts.calls()).toHaveLength(0);
  });

  it('non-admin: ephemeral refusal, handed over for the audit trail, nothing started, no STS call', async () => {
    const result = await click(OUTSIDER);
    expect(result.statusCode).toBe(200);
    expect(slack.callsOf('chat.postEphemeral')[0]?.body).toMatchObject({ user: OUTSIDER, text: expect.stringMatching(/Only secmon admins/) });
    expect(await jobs()).toEqual([expect.objectContaining({ kind: 'refusal', action: 'silence', actor: { userId: OUTSIDER, userName: 'alice' }, target: 'root-activity' })]);
    expect(sts.calls()).toHaveLength(0);
    expect(slack.callsOf('chat.update')).toHaveLength(0);
  });

  it('refuses an option value that does not decode, and starts nothing', async () => {
    const result = await invoke(
      interaction(
        blockActionPayload({
          type: 'static_select',
          actionId: ACTION_IDS.silence,
          selectedValue: '{"v":1,"m":"root-activity","d":"99y"}',
          blockId: alertActionsBlockId(alert.deliveryId),
          userId: ADMIN,
        }),
      ),
    );
    expect(result.statusCode).toBe(200);
    expect(lambda.calls()).toHaveLength(0);
    expect(slack.callsOf('chat.postEphemeral')[0]?.body['text']).toContain('can no longer act on');
  });
});

describe('revert button', () => {
  let counter = 0;
  async function storedAlert(): Promise<{ alert: Alert; message: PostedMessage; value: string }> {
    counter += 1;
    const alert = sgRevertAlert({ deliveryId: `revert-click-${counter}` });
    const message = { channel: 'C0SECMON01', ts: `1700000000.0009${String(counter).padStart(2, '0')}` };
    await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    const value = encodeRevertValue({ deliveryId: alert.deliveryId, monitorId: alert.monitor!.id, target: alert.revert! });
    return { alert, message, value };
  }
  const click = (value: string, message: PostedMessage, userId = ADMIN) =>
    invoke(interaction(blockActionPayload({ actionId: ACTION_IDS.revert, value, userId, messageTs: message.ts })));

  it('admin: shows "Reverting… requested by" before the job goes to the worker; the job names the alert, not the change', async () => {
    const { alert, message, value } = await storedAlert();
    let updatesWhenInvoked = -1;
    lambda.on(InvokeCommand).callsFake(() => {
      updatesWhenInvoked = slack.callsOf('chat.update').length;
      return { StatusCode: 202 };
    });
    const result = await click(value, message);
    expect(result.statusCode).toBe(200);

    const update = slack.callsOf('chat.update')[0]!;
    expect(update.body).toMatchObject({ channel: message.channel, ts: message.ts });
    expect(JSON.stringify(update.body['blocks'])).toContain(`*Reverting…* requested by <@${ADMIN}>`);
    expect(updatesWhenInvoked).toBe(1);
    expect((await jobs())).toHaveLength(1);
    const [job] = await jobs();
    expect(job).toMatchObject({
      kind: 'action',
      action: 'revert',
      target: alert.revert!.groupId,
      actor: { userId: ADMIN },
      reply: { message, channel: message.channel },
    });
    // The worker reads the rules from the stored alert: the job carries none.
    expect(job!['params']).toEqual({ deliveryId: alert.deliveryId, message });
    expect(await state.remediations.get(alert.deliveryId)).toMatchObject({ status: 'requested', requestedBy: ADMIN, attempt: job!['id'] });
    expect(await state.openReverts.list()).toContainEqual({ deliveryId: alert.deliveryId, message });
    expect((await state.messages.get(message))?.state.remediation).toMatchObject({ status: 'in_progress', by: ADMIN });
    expect(sts.calls()).toHaveLength(0);
  });

  it('a second click while the first is in progress starts nothing and says who started it', async () => {
    const { alert, message, value } = await storedAlert();
    await click(value, message);
    // The worker has picked the first job up meanwhile.
    await state.remediations.start(alert.deliveryId, { by: ADMIN, now: new Date(), leaseMs: 300_000, attempt: String((await jobs())[0]!['id']) });
    slack.reset();
    lambda.reset();
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });

    await click(value, message);
    expect(lambda.calls()).toHaveLength(0);
    expect(slack.callsOf('chat.update')).toHaveLength(0);
    expect(slack.callsOf('chat.postEphemeral')[0]?.body).toMatchObject({
      user: ADMIN,
      text: expect.stringContaining(`already in progress, asked for by <@${ADMIN}>`),
    });
  });

  it('two clicks at once hand over one job', async () => {
    const { message, value } = await storedAlert();
    await Promise.all([click(value, message), click(value, message)]);
    expect((await jobs())).toHaveLength(1);
    expect(slack.callsOf('chat.postEphemeral').map((call) => call.body['text'])).toEqual([expect.stringContaining('already in progress')]);
  });

  it('a failed hand-off shows the Revert button again, and the next click hands it over at once', async () => {
    const { alert, message, value } = await storedAlert();
    lambda.on(InvokeCommand).rejects(Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' }));
    await click(value, message);
    expect(slack.callsOf('chat.postEphemeral')[0]?.body['text']).toContain('could not start');
    expect((await state.messages.get(message))?.state.remediation).toBeUndefined();
    expect(await state.remediations.get(alert.deliveryId)).toMatchObject({ status: 'failed' });

    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await click(value, message);
    expect(await state.remediations.get(alert.deliveryId)).toMatchObject({ status: 'requested', attempt: invokedReference(lambda.commandCalls(InvokeCommand)).jobId });
  });

  it('a request whose worker never started is taken over by the next click after a minute, not before', async () => {
    const { alert, message, value } = await storedAlert();
    await click(value, message);
    const first = invokedReference(lambda.commandCalls(InvokeCommand)).jobId;
    await click(value, message);
    expect(invokedReferences(lambda.commandCalls(InvokeCommand))).toHaveLength(1);
    await backdate(alert.deliveryId, 'requestedAtMs', REVERT_LEASES.requestMs + 1000);
    await click(value, message);
    const second = invokedReference(lambda.commandCalls(InvokeCommand)).jobId;
    expect(second).not.toBe(first);
    expect(await state.remediations.get(alert.deliveryId)).toMatchObject({ status: 'requested', attempt: second });
  });

  it('a claim whose worker died is taken over once its lease (longer than the worker timeout) has passed', async () => {
    const { alert, message, value } = await storedAlert();
    await click(value, message);
    await state.remediations.start(alert.deliveryId, { by: ADMIN, now: new Date(), leaseMs: REVERT_LEASES.claimMs, attempt: invokedReference(lambda.commandCalls(InvokeCommand)).jobId });
    await backdate(alert.deliveryId, 'startedAtMs', 300_000); // the worker's timeout: it may still be running
    await click(value, message);
    expect(invokedReferences(lambda.commandCalls(InvokeCommand))).toHaveLength(1);
    await backdate(alert.deliveryId, 'startedAtMs', REVERT_LEASES.claimMs);
    await click(value, message);
    expect(invokedReferences(lambda.commandCalls(InvokeCommand))).toHaveLength(2);
    expect(await state.remediations.get(alert.deliveryId)).toMatchObject({ status: 'requested' });
  });

  it('after keeping was approved, a click reverts nothing and says who kept it', async () => {
    const { alert, message, value } = await storedAlert();
    await state.remediations.keep(alert.deliveryId, { by: OUTSIDER, now: new Date(), reason: 'bastion' });
    await click(value, message);
    expect(lambda.calls()).toHaveLength(0);
    expect(slack.callsOf('chat.postEphemeral')[0]?.body['text']).toContain(`This change was kept by <@${OUTSIDER}>: nothing more was started`);
  });

  /** Moves a remediation's time attribute `ms` into the past, as if that long had passed. */
  async function backdate(deliveryId: string, attribute: 'requestedAtMs' | 'startedAtMs', ms: number): Promise<void> {
    const record = await dynamo.documentClient.send(new GetCommand({ TableName: dynamo.tableName, Key: { pk: `remediation#${deliveryId}`, sk: 'revert' } }));
    await dynamo.documentClient.send(
      new UpdateCommand({
        TableName: dynamo.tableName,
        Key: { pk: `remediation#${deliveryId}`, sk: 'revert' },
        UpdateExpression: 'SET #a = :at',
        ExpressionAttributeNames: { '#a': attribute },
        ExpressionAttributeValues: { ':at': Number(record.Item?.[attribute]) - ms },
      }),
    );
  }

  it('non-admin: refused (handed over for the audit trail), the message untouched, nothing started, no STS call', async () => {
    const { alert, message, value } = await storedAlert();
    await click(value, message, OUTSIDER);
    expect(slack.callsOf('chat.postEphemeral')[0]?.body['text']).toMatch(/Only secmon admins/);
    expect(slack.callsOf('chat.update')).toHaveLength(0);
    expect(await actionJobs()).toEqual([]);
    expect(await jobs()).toEqual([expect.objectContaining({ kind: 'refusal', action: 'revert', actor: expect.objectContaining({ userId: OUTSIDER }) })]);
    expect(sts.calls()).toHaveLength(0);
    expect(await state.remediations.get(alert.deliveryId)).toBeUndefined();
  });
});

describe('keep button', () => {
  const alert = sgRevertAlert({ deliveryId: 'keep-click-1' });
  const message = { channel: 'C0SECMON01', ts: '1700000000.000990' };
  const value = encodeKeepValue({ deliveryId: alert.deliveryId, monitorId: alert.monitor!.id, target: alert.revert! });

  beforeAll(async () => {
    await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
  });

  it('opens the reason modal with the click\'s trigger_id, and starts nothing yet', async () => {
    const payload = blockActionPayload({ actionId: ACTION_IDS.keep, value, userId: ADMIN, messageTs: message.ts });
    const result = await invoke(interaction(payload));
    expect(result.statusCode).toBe(200);
    const open = slack.callsOf('views.open')[0]!;
    expect(open.body['trigger_id']).toBe(payload['trigger_id']);
    const view = JSON.parse(String(open.body['view'])) as Record<string, unknown>;
    expect(view).toMatchObject({ type: 'modal', callback_id: KEEP_REASON_CALLBACK_ID });
    expect(JSON.parse(String(view['private_metadata']))).toEqual({ value, channel: message.channel, ts: message.ts });
    expect(lambda.calls()).toHaveLength(0);
  });

  it('non-admin: no modal, ephemeral refusal, handed over for the audit trail', async () => {
    await invoke(interaction(blockActionPayload({ actionId: ACTION_IDS.keep, value, userId: OUTSIDER, messageTs: message.ts })));
    expect(slack.callsOf('views.open')).toHaveLength(0);
    expect(slack.callsOf('chat.postEphemeral')[0]?.body['text']).toMatch(/Only secmon admins/);
    expect(await jobs()).toEqual([expect.objectContaining({ kind: 'refusal', action: 'keep', actor: expect.objectContaining({ userId: OUTSIDER }) })]);
  });

  const submit = (reason: string, userId = ADMIN) =>
    invoke(
      interaction(
        viewSubmissionPayload({
          callbackId: KEEP_REASON_CALLBACK_ID,
          privateMetadata: JSON.stringify({ value, channel: message.channel, ts: message.ts }),
          values: { [KEEP_REASON_BLOCK_ID]: { [KEEP_REASON_ACTION_ID]: reason } },
          userId,
          userName: 'bob',
        }),
      ),
    );

  it('the submitted reason goes to the worker as a keep job naming the alert and who approves (who changed it is the worker\'s to read)', async () => {
    const result = await submit('  Bastion for the migration, OPS-42  ');
    expect(result.statusCode).toBe(200);
    expect((await jobs())).toHaveLength(1);
    expect((await jobs())[0]).toMatchObject({
      action: 'keep',
      target: alert.revert!.groupId,
      actor: { userId: ADMIN, userName: 'bob' },
      reply: { message },
    });
    expect((await jobs())[0]!['params']).toEqual({ deliveryId: alert.deliveryId, reason: 'Bastion for the migration, OPS-42', message });
  });

  it('an empty reason keeps the modal open with an error, and starts nothing', async () => {
    const result = await submit('   ');
    expect(result.statusCode).toBe(200);
    expect(json(result)).toEqual({ response_action: 'errors', errors: { [KEEP_REASON_BLOCK_ID]: 'Give a reason.' } });
    expect(lambda.calls()).toHaveLength(0);
  });
});

describe('state access', () => {
  // Last in the file: by now the tests above have run the function through its paths.
  it('uses exactly the state access declared for the slack function (src/store/access.ts)', () => {
    expectDeclaredStateAccess('slack', dynamo.requests, 'AKIDLOCAL');
  });
});
