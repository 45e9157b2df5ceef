/**
 * The real worker (handlers/worker.ts) with a local DynamoDB, a local Slack Web API, mocked STS and CloudWatch: it
 * claims the job the Slack function wrote, acts for the Slack user through AssumeRole with SourceIdentity, runs the
 * action, and reports to Slack and the audit trail. Also: the Slack handler answers within Slack's 3 seconds while
 * the worker's AWS call is slow; revert and keep end to end, from the click to the worker.
 */
import {
  CloudWatchClient,
  DeleteAlarmMuteRuleCommand,
  DescribeAlarmsCommand,
  ListAlarmMuteRulesCommand,
  PutAlarmMuteRuleCommand,
} from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeAcknowledgeValue, encodeRevertValue } from '../../../blocks/action-values.js';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { SUPPRESS_SIMILAR_CALLBACK_ID, suppressFieldId, type SuppressField } from '../../../blocks/suppress-modal.js';
import { NEW_MESSAGE_STATE, type AddedRule } from '../../../src/alerts/model.js';
import type { PostedMessage } from '../../../src/alerts/ports.js';
import type { ChangeAuthor } from '../../../src/cloudtrail/author.js';
import { isSecmonError } from '../../../src/errors.js';
import type { ActionJobPayload, JobReference } from '../../../src/slack/app/job.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { DynamoTable } from '../../../src/store/table/dynamo-table.js';
import { activity, addedRule, eventAlert, revertTarget, roleActor, sgRevertAlert } from '../../helpers/alerts.js';
import { CloudWatchAsDocumented, EventBridgeAsDocumented } from '../../helpers/aws-as-documented.js';
import { startDynalite, type DynamoRequest, type LocalDynamo } from '../../helpers/dynalite.js';
import { invokedReference, submitJob } from '../../helpers/jobs.js';
import { expectDeclaredStateAccess } from '../../helpers/state-access.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { grantActionRole, workerEnvironment } from '../../helpers/worker-environment.js';
import { assertWithinSlackLimits } from '../../helpers/slack-limits.js';
import { TEST_SIGNING_SECRET, blockActionPayload, interaction, slashCommand, viewSubmissionPayload } from '../../helpers/slack-requests.js';

const slack = new LocalSlackApi();
const sts = mockClient(STSClient);
const cloudwatch = mockClient(CloudWatchClient);
const lambda = mockClient(LambdaClient);
const ec2 = mockClient(EC2Client);
const logs = mockClient(CloudWatchLogsClient);
const events = mockClient(EventBridgeClient);
let dynamo: LocalDynamo;
let state: StateStores;
let worker: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;
const workerRequests: DynamoRequest[] = [];
let slackHandler: (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

const ADMIN = 'U0ADMIN01';
const OTHER_ADMIN = 'U0ADMIN02';
const ROLE = 'arn:aws:iam::111122223333:role/secmon-worker-actions';

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-worker-state', recordRequests: true });
  state = createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName }));
  Object.assign(process.env, {
    ...workerEnvironment({
      slackApiUrl: slack.url,
      tableName: dynamo.tableName,
      dynamoEndpoint: dynamo.endpoint,
      admins: `${ADMIN},${OTHER_ADMIN}`,
      identityMap: `${OTHER_ADMIN}=arn:aws:iam::111122223333:user/bob`,
    }),
    // The Slack function runs in this file too.
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    WORKER_FUNCTION_NAME: 'secmon-worker',
    SLACK_BOT_ID: 'B0BOT0001',
    SLACK_BOT_USER_ID: 'U0BOT0001',
  });
  const { handler: workerHandler } = await import('../../../handlers/worker.js');
  // The Slack function runs in this file too: keep the worker's own requests to the state table apart.
  worker = async (event, context) => {
    const from = dynamo.requests.length;
    try {
      return await workerHandler(event, context);
    } finally {
      workerRequests.push(...dynamo.requests.slice(from));
    }
  };
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
  ec2.reset();
  logs.reset();
  events.reset();
  grantActionRole(sts);
  // console-login-failure is enabled on both paths: its alarm and its rule exist (answering as the APIs document).
  new CloudWatchAsDocumented(cloudwatch, { alarms: ['secmon-console-login-failure'] });
  new EventBridgeAsDocumented(events, { rules: { 'secmon-console-login-failure': ['secmon-alerts'] } });
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
});

/** Writes the job as the Slack function does and invokes the worker with its reference. */
async function run(payload: ActionJobPayload): Promise<unknown> {
  return worker(await submitJob(state.jobs, payload), lambdaContext('secmon-worker'));
}

function silenceJob(overrides: Partial<ActionJobPayload> = {}): ActionJobPayload {
  return {
    kind: 'action',
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
    await run(silenceJob());
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ROLE, SourceIdentity: ADMIN, RoleSessionName: `secmon-${ADMIN}` });
    expect(cloudwatch).toHaveReceivedCommandWith(PutAlarmMuteRuleCommand, { Name: 'secmon-console-login-failure' });
    const answer = slack.callsOf('response/silence')[0];
    expect(answer?.body).toMatchObject({ replace_original: true, response_type: 'in_channel', text: expect.stringContaining(':white_check_mark:') });
    // The start before any AWS write, then the result.
    expect((await state.audit.list({ limit: 2 })).map((record) => [record.action, record.result])).toEqual([
      ['silence.set', 'succeeded'],
      ['silence.set', 'started'],
    ]);
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ actor: ADMIN, target: 'console-login-failure' });
    expect((await state.silences.get('console-login-failure'))?.reason).toBe('pen test ünterhalt 🔧');
  });

  it('updates the alert message and replies in its thread when the action came from a button', async () => {
    const alert = eventAlert({ deliveryId: 'worker-silence-1' });
    const message = { channel: 'C0SECMON01', ts: '1700000000.000900' };
    await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    await run(silenceJob({ params: { monitorId: 'console-login-failure', durationSeconds: 3600, message }, reply: { message, channel: message.channel } }));
    const update = slack.callsOf('chat.update')[0]!;
    expect(update.body).toMatchObject({ channel: message.channel, ts: message.ts });
    expect(JSON.stringify(update.body['blocks'])).toContain(`Silenced by <@${ADMIN}>`);
    const reply = slack.callsOf('chat.postMessage').find((call) => call.body['thread_ts'] === message.ts);
    expect(reply?.body['text']).toMatch(/:white_check_mark: <@U0ADMIN01> silenced `console-login-failure`/);
  });

  it('unsilence ends the silence it set: the mute rule deleted, the silence record removed', async () => {
    await run(silenceJob());
    await run(silenceJob({ action: 'unsilence', params: { monitorId: 'console-login-failure' }, reply: { responseUrl: `${slack.url}response/unsilence`, channel: 'C0SECMON01' } }));
    expect(cloudwatch).toHaveReceivedCommandWith(DeleteAlarmMuteRuleCommand, { AlarmMuteRuleName: 'secmon-console-login-failure' });
    expect(await state.silences.get('console-login-failure')).toBeUndefined();
    expect(slack.callsOf('response/unsilence')[0]?.body['text']).toMatch(/:white_check_mark: Unsilenced console-login-failure: mute rule secmon-console-login-failure deleted and silence record removed/);
  });

  it('reports a failed action as failed, audits it, and completes (no Lambda retry of a half-done write)', async () => {
    cloudwatch.on(PutAlarmMuteRuleCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(run(silenceJob())).resolves.toMatchObject({ ok: false });
    expect(slack.callsOf('response/silence')[0]?.body['text']).toContain(':x:');
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'silence.set', result: 'failed' });
  });

  it('never posts a result to a response_url outside Slack', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      await run(silenceJob({ reply: { responseUrl: 'https://169.254.169.254/latest/meta-data/', channel: 'C0SECMON01' } }));
      expect(fetchSpy.mock.calls.map(([url]) => String(url))).not.toContainEqual(expect.stringContaining('169.254.169.254'));
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('writes the audit record of a refusal the Slack function handed over, and runs nothing', async () => {
    await slackHandler(slashCommand({ text: 'disable essentials', userId: 'U0OUTSIDE' }), lambdaContext('secmon-slack'));
    await worker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));
    expect(sts.calls()).toHaveLength(0);
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({
      actor: 'U0OUTSIDE',
      action: 'monitor.disable',
      target: 'essentials',
      result: 'denied',
      detail: expect.stringContaining('not a secmon admin (refused by the Slack function'),
    });
  });

  it('writes the audit record of an acknowledgement the message shows', async () => {
    const alert = eventAlert({ deliveryId: 'worker-ack-1' });
    const message = { channel: 'C0SECMON01', ts: '1700000000.000901' };
    await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    const value = encodeAcknowledgeValue({ deliveryId: alert.deliveryId, monitorId: alert.monitor!.id, groupKey: undefined });
    await slackHandler(interaction(blockActionPayload({ actionId: ACTION_IDS.acknowledge, value, userId: 'U0OUTSIDE', messageTs: message.ts })), lambdaContext('secmon-slack'));
    await worker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ actor: 'U0OUTSIDE', action: 'alert.acknowledge', target: alert.monitor!.id, result: 'succeeded' });
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

    // Lambda would now run the worker with the job reference the handler sent.
    const workerStarted = Date.now();
    await worker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));
    expect(Date.now() - workerStarted).toBeGreaterThanOrEqual(9_900);
    expect(slack.callsOf('response/slow')[0]?.body['text']).toContain(':white_check_mark:');
  });
});

describe('list and status', () => {
  const job = (view: 'list' | 'status', params: Record<string, unknown> = {}): ActionJobPayload => ({
    kind: 'action',
    action: 'status',
    params,
    actor: { userId: 'U0READER1' },
    requestedAt: new Date().toISOString(),
    reply: { responseUrl: `${slack.url}response/${view}`, channel: 'C0SECMON01' },
    view,
    target: 'all monitors',
  });

  beforeEach(() => {
    logs.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [{ filterName: 'secmon-console-login-failure' }] });
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'secmon-console-login-failure', StateValue: 'ALARM' }] });
    cloudwatch.on(ListAlarmMuteRulesCommand).resolves({ AlarmMuteRuleSummaries: [] });
    events.on(ListRulesCommand).resolves({ Rules: [{ Name: 'secmon-root-activity', State: 'ENABLED' }] });
  });

  it('status: replaces "working on it" with the status view, alarm states and the last alert per monitor', async () => {
    await state.lastAlerts.record({
      monitorId: 'console-login-failure',
      at: '2026-11-20T09:58:00Z',
      summary: 'bob failed to sign in 6 times',
      message: { channel: 'C0SECMON01', ts: '1700000000.000111' },
    });
    await run(job('status'));
    const answer = slack.callsOf('response/status')[0]!.body as { text: string; blocks: object[] };
    expect(answer).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    assertWithinSlackLimits(answer);
    const shown = JSON.stringify(answer.blocks);
    expect(answer.text).toMatch(/^secmon status: 2 enabled, 1 in ALARM/);
    expect(shown).toContain('`console-login-failure` via alarm (ALARM) · last alert 2026-11-20 09:58 UTC: bob failed to sign in 6 times');
    expect(shown).toContain('`root-activity` via event · no alerts yet');
  });

  it('status: lists the suppression rules in force, with what they match and hold back', async () => {
    const created = await state.suppressions.put(
      { monitorId: 'root-activity', matchers: { account: '111122223333', userAgent: 'terraform' }, until: new Date(Date.now() + 3_600_000).toISOString(), by: ADMIN, reason: 'drill', message: undefined },
      new Date(),
    );
    if (created.status !== 'created') throw new Error('expected a rule');
    await state.suppressions.countHeld(created.rule.id, true, new Date());
    try {
      await run(job('status'));
      const answer = slack.callsOf('response/status')[0]!.body as { text: string; blocks: object[] };
      assertWithinSlackLimits(answer);
      expect(answer.text).toMatch(/, 1 suppression rule$/);
      expect(JSON.stringify(answer.blocks)).toContain(`\`${created.rule.id}\` \`root-activity\` (account=111122223333, user-agent=\\"terraform\\") until `);
      expect(JSON.stringify(answer.blocks)).toContain('· 1 held back');
    } finally {
      await state.suppressions.delete(created.rule.id);
    }
  });

  it('list cis: the CIS pack only, with how each monitor is enabled', async () => {
    await run(job('list', { pack: 'cis' }));
    const answer = slack.callsOf('response/list')[0]!.body as { text: string; blocks: object[] };
    expect(answer).toMatchObject({ replace_original: true, response_type: 'ephemeral', text: expect.stringContaining('CIS pack') });
    assertWithinSlackLimits(answer);
    expect(JSON.stringify(answer.blocks)).not.toContain('`root-activity`');
  });

  it('answers a failed read with the human reason, without blocks', async () => {
    events.on(ListRulesCommand).rejects(Object.assign(new Error('raw arn:aws:iam::111122223333:role/x'), { name: 'AccessDeniedException' }));
    await run(job('status'));
    const answer = slack.callsOf('response/status')[0]!.body;
    expect(answer['blocks']).toBeUndefined();
    expect(answer['text']).toMatch(/^:x: Could not read the status/);
    expect(answer['text']).not.toContain('arn:aws');
  });
});

describe('suppressions, from the command to the worker', () => {
  const command = (text: string, userId: string, name: string) =>
    slackHandler(slashCommand({ text, userId, responseUrl: `${slack.url}response/${name}` }), lambdaContext('secmon-slack'));
  const runHanded = () => worker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));
  const answerOf = (name: string) => slack.callsOf(`response/${name}`)[0]?.body;
  const body = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(String(result.body)) as Record<string, unknown>;

  it('an admin writes a rule, anyone lists it, the admin ends it early and is told what it held back; all audited', async () => {
    const handed = await command('suppress unauthorized-api-calls principal=arn:aws:iam::111122223333:role/scanner for 2h Scanner re-run SEC-12', ADMIN, 'suppress');
    expect(body(handed)).toMatchObject({ response_type: 'in_channel', text: expect.stringContaining('Suppressing matching `unauthorized-api-calls` alerts for 2h') });
    await runHanded();
    // State only: no role assumed, no AWS call.
    expect(sts.calls()).toHaveLength(0);
    const [rule] = await state.suppressions.listActive(new Date());
    expect(rule).toMatchObject({ monitorId: 'unauthorized-api-calls', matchers: { principal: 'arn:aws:iam::111122223333:role/scanner' }, by: ADMIN, reason: 'Scanner re-run SEC-12', held: 0 });
    expect(answerOf('suppress')).toMatchObject({
      response_type: 'in_channel',
      text: expect.stringContaining(`:white_check_mark: Suppression ${rule!.id}: unauthorized-api-calls alerts matching principal=arn:aws:iam::111122223333:role/scanner are held back until`),
    });
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ actor: ADMIN, action: 'suppression.set', target: 'unauthorized-api-calls', result: 'succeeded' });

    await state.suppressions.countHeld(rule!.id, false, new Date());
    await command('suppressions', 'U0READER1', 'suppressions');
    await runHanded();
    expect(answerOf('suppressions')).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(new RegExp(`^1 suppression in force:\\n• \`${rule!.id}\` unauthorized-api-calls \\(principal=arn:aws:iam::111122223333:role/scanner\\) until .*, by <@${ADMIN}>: Scanner re-run SEC-12; 1 alert held back so far$`)) });

    await command(`unsuppress ${rule!.id}`, ADMIN, 'unsuppress');
    await runHanded();
    expect(answerOf('unsuppress')?.['text']).toBe(
      `<@${ADMIN}>: :white_check_mark: Suppression ${rule!.id} of unauthorized-api-calls (principal=arn:aws:iam::111122223333:role/scanner) by <@${ADMIN}> ended early: 1 alert held back`,
    );
    expect(await state.suppressions.get(rule!.id)).toBeUndefined();
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'suppression.remove', target: `suppression ${rule!.id}`, result: 'succeeded' });

    await command(`unsuppress ${rule!.id}`, ADMIN, 'unsuppress-again');
    await runHanded();
    expect(answerOf('unsuppress-again')?.['text']).toMatch(new RegExp(`:x: No suppression ${rule!.id} is in force`));
  });

  it('refuses a non-admin (audited), and names a mistake before anything is handed over', async () => {
    const refused = await command('suppress root-activity for 1h quiet please', 'U0OUTSIDE', 'refused');
    expect(body(refused)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Only secmon admins') });
    await runHanded();
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ actor: 'U0OUTSIDE', action: 'suppression.set', result: 'denied' });
    expect(await state.suppressions.listActive(new Date())).toEqual([]);

    const invokes = lambda.commandCalls(InvokeCommand).length;
    const mistaken = await command('suppress root-activity adress=10.0.0.1 for 1h x', ADMIN, 'mistaken');
    expect(body(mistaken)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('`adress` is not a matcher') });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(invokes);
  });
});

describe('Suppress similar, from the button to the rule', () => {
  const alert = eventAlert({ deliveryId: 'similar-click-1', activity: activity({ actor: roleActor() }) });
  const message = { channel: 'C0SECMON01', ts: '1700000000.000777' };
  const value = encodeAcknowledgeValue({ deliveryId: alert.deliveryId, monitorId: alert.monitor!.id, groupKey: undefined });
  const click = (userId: string) =>
    slackHandler(interaction(blockActionPayload({ actionId: ACTION_IDS.suppressSimilar, value, userId, messageTs: message.ts })), lambdaContext('secmon-slack'));
  const submit = (privateMetadata: string, fields: Partial<Record<SuppressField, string>>) =>
    slackHandler(
      interaction(
        viewSubmissionPayload({
          callbackId: SUPPRESS_SIMILAR_CALLBACK_ID,
          privateMetadata,
          values: Object.fromEntries(Object.entries(fields).map(([field, text]) => [suppressFieldId(field as SuppressField), { [suppressFieldId(field as SuppressField)]: text }])),
          userId: ADMIN,
        }),
      ),
      lambdaContext('secmon-slack'),
    );

  it('opens a modal with the alert\'s role and account filled in, checks each field, and the worker writes the rule replying in the thread', async () => {
    await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    await click(ADMIN);
    const view = JSON.parse(String(slack.callsOf('views.open')[0]?.body['view'])) as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { initial_value?: string } }[] };
    expect(view.callback_id).toBe(SUPPRESS_SIMILAR_CALLBACK_ID);
    const initial = (field: SuppressField) => view.blocks.find((block) => block.block_id === suppressFieldId(field))?.element?.initial_value;
    expect([initial('principal'), initial('account'), initial('ip'), initial('duration')]).toEqual(['arn:aws:iam::111122223333:role/ci-deploy', '111122223333', undefined, '4h']);
    const invokes = lambda.commandCalls(InvokeCommand).length;

    const wrong = await submit(view.private_metadata, { principal: 'ci-deploy', account: '111122223333', ip: '198.51.100.0/33', duration: 'a while', reason: 'CI deploys' });
    expect(JSON.parse(String(wrong.body))).toEqual({
      response_action: 'errors',
      errors: {
        [suppressFieldId('principal')]: 'A principal is an IAM or STS ARN, such as arn:aws:iam::111122223333:role/ci-deploy.',
        [suppressFieldId('ip')]: 'Give an IP address or a CIDR block, such as 203.0.113.7 or 10.0.0.0/8.',
        [suppressFieldId('duration')]: 'Not a duration: use minutes, hours or days, such as 30m, 2h, 1d.',
      },
    });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(invokes);

    await submit(view.private_metadata, { principal: 'arn:aws:iam::111122223333:role/ci-deploy', account: '111122223333', ip: '198.51.100.0/24', duration: '2h', reason: 'CI deploys this week' });
    slack.reset();
    await worker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));
    const rule = (await state.suppressions.listActive(new Date())).find((candidate) => candidate.message?.ts === message.ts);
    expect(rule).toMatchObject({
      monitorId: 'admin-policy-attached',
      matchers: { principal: 'arn:aws:iam::111122223333:role/ci-deploy', account: '111122223333', ip: '198.51.100.0/24' },
      reason: 'CI deploys this week',
      by: ADMIN,
      message,
    });
    const replies = slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] === message.ts).map((call) => call.body['text']);
    expect(replies).toEqual([expect.stringContaining(`:white_check_mark: <@${ADMIN}> suppressed alerts of \`admin-policy-attached\`: Suppression ${rule!.id}: admin-policy-attached alerts matching account=111122223333, principal=arn:aws:iam::111122223333:role/ci-deploy, ip=198.51.100.0/24 are held back until`)]);
    await state.suppressions.delete(rule!.id);
  });

  it('a non-admin gets no modal, only the refusal', async () => {
    await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    await click('U0OUTSIDE');
    expect(slack.callsOf('views.open')).toHaveLength(0);
    expect(slack.callsOf('chat.postEphemeral')[0]?.body['text']).toMatch(/Only secmon admins/);
  });
});

describe('revert, end to end', () => {
  const GROUP = 'sg-0123456789abcdef0';
  /** The event added two rules: one CloudTrail named by id, one (an older record) only by its permissions. */
  const byId = addedRule({ ruleId: 'sgr-0a1b2c3d4e5f60001', protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' });
  const byPermissions = addedRule({ ruleId: undefined, protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrIpv4: '0.0.0.0/0' });
  const awsRule = (id: string, rule: Pick<AddedRule, 'protocol' | 'fromPort' | 'toPort' | 'cidrIpv4'>): SecurityGroupRule => ({
    SecurityGroupRuleId: id,
    GroupId: GROUP,
    IsEgress: false,
    IpProtocol: rule.protocol,
    FromPort: rule.fromPort,
    ToPort: rule.toPort,
    CidrIpv4: rule.cidrIpv4,
  });
  /** Rules the group had before the event: similar ports or sources, none of them the event's. */
  const preExisting = [
    awsRule('sgr-0aaaaaaaaaaaa0001', { protocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0' }),
    awsRule('sgr-0aaaaaaaaaaaa0002', { protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '10.0.0.0/8' }),
    awsRule('sgr-0aaaaaaaaaaaa0003', { protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrIpv4: '10.20.0.0/16' }),
  ];
  const eventRules = [awsRule('sgr-0a1b2c3d4e5f60001', byId), awsRule('sgr-0bbbbbbbbbbbb0009', byPermissions)];

  let counter = 0;
  async function clickRevert(rules: readonly AddedRule[] = [byId, byPermissions]): Promise<{ deliveryId: string; message: PostedMessage; payload: JobReference }> {
    counter += 1;
    const alert = sgRevertAlert({ deliveryId: `revert-e2e-${counter}`, revert: revertTarget({ groupId: GROUP, rules }) });
    const message = { channel: 'C0SECMON01', ts: `1700000001.0000${String(counter).padStart(2, '0')}` };
    await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    const value = encodeRevertValue({ deliveryId: alert.deliveryId, monitorId: alert.monitor!.id, target: alert.revert! });
    await slackHandler(
      interaction(blockActionPayload({ actionId: ACTION_IDS.revert, value, userId: ADMIN, messageTs: message.ts })),
      lambdaContext('secmon-slack'),
    );
    const payload = invokedReference(lambda.commandCalls(InvokeCommand));
    slack.reset();
    return { deliveryId: alert.deliveryId, message, payload };
  }

  /** A revert job as the click writes it (src/slack/app/interactions.ts). */
  const revertJob = (deliveryId: string, message: PostedMessage): ActionJobPayload => ({
    kind: 'action',
    action: 'revert',
    params: { deliveryId, message },
    actor: { userId: ADMIN },
    requestedAt: new Date().toISOString(),
    reply: { message, channel: message.channel },
    target: GROUP,
  });

  const lastUpdate = (message: PostedMessage) =>
    JSON.stringify(slack.callsOf('chat.update').filter((call) => call.body['ts'] === message.ts).at(-1)?.body['blocks']);
  const threadReplies = (message: PostedMessage) =>
    slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] === message.ts).map((call) => String(call.body['text']));

  it('revokes exactly the rules the event added, reports each in the message and the thread, and audits', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [...preExisting, ...eventRules] });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const { deliveryId, message, payload } = await clickRevert();

    await worker(payload, lambdaContext('secmon-worker'));

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ROLE, SourceIdentity: ADMIN });
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupRulesCommand, { Filters: [{ Name: 'group-id', Values: [GROUP] }] });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 2);
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, { GroupId: GROUP, SecurityGroupRuleIds: ['sgr-0a1b2c3d4e5f60001'] });
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, {
      GroupId: GROUP,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
    for (const rule of preExisting) {
      expect(ec2).not.toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, { SecurityGroupRuleIds: [rule.SecurityGroupRuleId!] });
      expect(ec2).not.toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, {
        IpPermissions: [{ IpProtocol: rule.IpProtocol, FromPort: rule.FromPort, ToPort: rule.ToPort, IpRanges: [{ CidrIp: rule.CidrIpv4 }] }],
      });
    }

    const shown = lastUpdate(message);
    expect(shown).toContain(`*Reverted* by <@${ADMIN}>`);
    expect(shown).toContain('`sgr-0a1b2c3d4e5f60001` tcp 22 from `0.0.0.0/0`: :white_check_mark: revoked');
    expect(shown).toContain('tcp 3389 from `0.0.0.0/0`: :white_check_mark: revoked');
    expect(threadReplies(message)).toEqual([expect.stringMatching(new RegExp(`^:white_check_mark: <@${ADMIN}> reverted \`${GROUP}\`: Revert of ${GROUP}: 2 of 2 rules revoked`))]);
    expect(await state.remediations.get(deliveryId)).toMatchObject({ status: 'done', startedBy: ADMIN, attempts: 1, attempt: payload.jobId });
    expect((await state.audit.list({ limit: 2 })).map(({ actor, action, target, result }) => ({ actor, action, target, result }))).toEqual([
      { actor: ADMIN, action: 'alert.revert', target: GROUP, result: 'succeeded' },
      { actor: ADMIN, action: 'alert.revert', target: GROUP, result: 'started' },
    ]);
    expect((await state.audit.list({ limit: 1 }))[0]?.detail).toContain(payload.jobId);
  });

  it('a duplicate delivery of the job runs nothing; a second job for the same delivery says it was already reverted', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [...preExisting, ...eventRules] });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const { deliveryId, message, payload } = await clickRevert();
    await worker(payload, lambdaContext('secmon-worker'));
    const done = await state.remediations.get(deliveryId);
    ec2.resetHistory();
    sts.resetHistory();
    slack.reset();

    // Lambda delivers the same asynchronous event again: the job is claimed already.
    await expect(worker(payload, lambdaContext('secmon-worker'))).resolves.toMatchObject({ requestId: payload.jobId, refused: 'taken' });
    expect(sts.calls()).toHaveLength(0);
    expect(slack.calls).toHaveLength(0);
    // A second job for the same alert (written as the Slack function would, bypassing its own check).
    await run(revertJob(deliveryId, message));

    expect(ec2.calls()).toHaveLength(0);
    expect(await state.remediations.get(deliveryId)).toEqual(done);
    expect(lastUpdate(message)).toContain(`*Reverted* by <@${ADMIN}>`);
    expect(threadReplies(message)).toEqual([expect.stringContaining('already reverted')]);
  });

  it('two jobs for the same delivery at once revoke each rule once', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [...preExisting, ...eventRules] });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const { deliveryId, message } = await clickRevert();
    const job = revertJob(deliveryId, message);
    await Promise.all([run(job), run(job), run(job)]);
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 2);
  });

  it('reports a rule already gone as such, revoking only the one still there', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [...preExisting, eventRules[0]!] });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const { deliveryId, message, payload } = await clickRevert();
    await worker(payload, lambdaContext('secmon-worker'));

    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, { SecurityGroupRuleIds: ['sgr-0a1b2c3d4e5f60001'] });
    const shown = lastUpdate(message);
    expect(shown).toContain('`sgr-0a1b2c3d4e5f60001` tcp 22 from `0.0.0.0/0`: :white_check_mark: revoked');
    expect(shown).toContain('tcp 3389 from `0.0.0.0/0`: :heavy_minus_sign: already gone');
    expect(threadReplies(message)[0]).toContain('1 of 2 rules revoked');
    expect(await state.remediations.get(deliveryId)).toMatchObject({ status: 'done' });
  });

  it('reports a refused revoke with a human reason, audits it failed, and lets a later click retry', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [...preExisting, ...eventRules] });
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .rejects(Object.assign(new Error('You are not authorized to perform this operation. Encoded authorization failure message: xyz'), { name: 'UnauthorizedOperation' }));
    const { deliveryId, message, payload } = await clickRevert();
    await expect(worker(payload, lambdaContext('secmon-worker'))).resolves.toMatchObject({ ok: false });

    const shown = lastUpdate(message);
    expect(shown).toContain('*Revert failed*');
    expect(shown).toContain(':x: failed');
    expect(shown).not.toContain('Encoded authorization failure');
    expect(shown).toContain('Retry revert');
    expect(threadReplies(message)[0]).toMatch(/^:x: <@U0ADMIN01>'s revert failed/);
    expect(await state.remediations.get(deliveryId)).toMatchObject({ status: 'failed' });
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'alert.revert', result: 'failed' });
  });

  it('an alert of 250 rules reverts whole: rule ids revoked in chunks, all 250 reported', async () => {
    const rules = Array.from({ length: 250 }, (_, n) =>
      addedRule({ ruleId: `sgr-0${(0x10000 + n).toString(16).padStart(16, '0')}`, protocol: 'tcp', fromPort: 1000 + n, toPort: 1000 + n, cidrIpv4: '0.0.0.0/0' }),
    );
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: rules.map((rule) => awsRule(rule.ruleId!, rule)) });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const { deliveryId, message, payload } = await clickRevert(rules);
    await worker(payload, lambdaContext('secmon-worker'));

    // 250 ids: more than one filter takes (200), so the group is read whole; revoked 50 ids per call.
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupRulesCommand, { Filters: [{ Name: 'group-id', Values: [GROUP] }] });
    const revoked = ec2.commandCalls(RevokeSecurityGroupIngressCommand).map((call) => call.args[0].input.SecurityGroupRuleIds ?? []);
    expect(revoked.map((ids) => ids.length)).toEqual([50, 50, 50, 50, 50]);
    expect(revoked.flat().sort()).toEqual(rules.map((rule) => rule.ruleId).sort());
    expect(await state.remediations.get(deliveryId)).toMatchObject({ status: 'done' });
    expect(threadReplies(message)[0]).toMatch(/250 of 250 rules revoked.*and 230 more, listed in the alert's message/s);
  });

  it('a chunk refused because one rule vanished meanwhile is revoked rule by rule', async () => {
    const rules = Array.from({ length: 3 }, (_, n) => addedRule({ ruleId: `sgr-0${(0x20000 + n).toString(16).padStart(16, '0')}`, fromPort: 2000 + n, toPort: 2000 + n }));
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: rules.map((rule) => awsRule(rule.ruleId!, rule)) });
    const gone = rules[1]!.ruleId!;
    ec2.on(RevokeSecurityGroupIngressCommand).callsFake((input: { SecurityGroupRuleIds?: string[] }) => {
      if (input.SecurityGroupRuleIds?.includes(gone)) {
        throw Object.assign(new Error(`The security group rule ID '${gone}' does not exist`), { name: 'InvalidSecurityGroupRuleId.NotFound' });
      }
      return { Return: true };
    });
    const { deliveryId, payload } = await clickRevert(rules);
    await worker(payload, lambdaContext('secmon-worker'));
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 4);
    expect((await state.remediations.get(deliveryId))?.outcomes.map((o) => o.outcome)).toEqual(['revoked', 'already_gone', 'revoked']);
  });
});

describe('keep, through the worker', () => {
  /** An IAM Identity Center session: its name is the user's sign-in, set by AWS. */
  const SSO_AUTHOR: ChangeAuthor = {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com',
    userName: undefined,
    issuerArn: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef',
    issuerType: 'Role',
    sourceIdentity: undefined,
  };
  let serial = 0;
  async function keep(approver: string, author: ChangeAuthor | undefined = SSO_AUTHOR): Promise<{ message: PostedMessage; deliveryId: string }> {
    serial += 1;
    const alert = sgRevertAlert({ deliveryId: `keep-${serial}`, revert: { ...revertTarget(), ...(author === undefined ? { author: undefined } : { author }) } });
    const message = { channel: 'C0SECMON01', ts: `1700000002.0000${String(serial).padStart(2, '0')}` };
    await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    await run({
      kind: 'action',
      action: 'keep',
      params: { deliveryId: alert.deliveryId, reason: 'Bastion for the migration, OPS-42', message },
      actor: { userId: approver },
      requestedAt: new Date().toISOString(),
      reply: { message, channel: message.channel },
      target: alert.revert!.groupId,
    });
    return { message, deliveryId: alert.deliveryId };
  }
  beforeAll(() => {
    slack.setUser(ADMIN, { email: 'Alice@Example.com' });
    slack.setUser(OTHER_ADMIN, { email: 'bob@example.com' });
  });

  it('refuses the person who made the change (SSO session vs Slack e-mail), audits the refusal once, and leaves the message unkept', async () => {
    const { message, deliveryId } = await keep(ADMIN);
    expect(slack.callsOf('users.info')[0]?.body).toMatchObject({ user: ADMIN });
    expect((await state.messages.get(message))?.state.kept).toBeUndefined();
    expect(await state.remediations.get(deliveryId)).toBeUndefined();
    const audit = (await state.audit.list({ limit: 5 })).filter((record) => record.action === 'alert.keep');
    expect(audit[0]).toMatchObject({ actor: ADMIN, result: 'denied', detail: expect.stringContaining('made by you') });
    expect(audit.filter((record) => record.target === 'sg-0123456789abcdef0' && record.detail?.includes(deliveryId) !== true)).toHaveLength(1);
    const reply = slack.callsOf('chat.postMessage').find((call) => call.body['thread_ts'] === message.ts);
    expect(reply?.body['text']).toMatch(/^:x: .*keep failed: Not kept: the change was made by you/);
  });

  it("records someone else's approval with the reason, on the remediation, the message and in the audit", async () => {
    const { message, deliveryId } = await keep(OTHER_ADMIN);
    expect((await state.messages.get(message))?.state.kept).toMatchObject({ by: OTHER_ADMIN, reason: 'Bastion for the migration, OPS-42' });
    expect(await state.remediations.get(deliveryId)).toMatchObject({ status: 'kept', kept: { by: OTHER_ADMIN } });
    expect(JSON.stringify(slack.callsOf('chat.update')[0]?.body['blocks'])).toContain(`*Change kept*: approved by <@${OTHER_ADMIN}>`);
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'alert.keep', result: 'succeeded', actor: OTHER_ADMIN });
  });

  it('refuses an author secmon cannot map (a role session named by its caller), and an IAM user mapped to the approver', async () => {
    const roleSession = await keep(OTHER_ADMIN, revertTarget().author);
    expect(threadText(roleSession.message)).toMatch(/Not kept: secmon cannot tell who made this change \(a session of the role ci-deploy/);
    const bob = { ...SSO_AUTHOR, type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/bob', userName: 'bob', issuerArn: undefined, issuerType: undefined };
    const mapped = await keep(OTHER_ADMIN, bob);
    expect(threadText(mapped.message)).toMatch(/Not kept: the change was made by you/);
    expect(await state.remediations.get(mapped.deliveryId)).toBeUndefined();
  });

  const threadText = (message: PostedMessage) =>
    String(slack.callsOf('chat.postMessage').find((call) => call.body['thread_ts'] === message.ts)?.body['text'] ?? '');
});

describe('state access', () => {
  // Last in the file: by now the tests above have run the function through its paths.
  it('uses exactly the state access declared for the worker function (src/store/access.ts)', () => {
    expectDeclaredStateAccess('worker', workerRequests, 'AKIDLOCAL');
  });
});
