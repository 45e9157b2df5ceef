/**
 * Escalation end to end, through the real handlers as Lambda loads them (alerts, Slack, worker) against a local
 * DynamoDB (dynalite), a local Slack Web API and a local PagerDuty/Opsgenie stand-in, with the keys in the Slack
 * secret (Secrets Manager mocked): a critical alert nobody acknowledged is called out once, however many sweeps
 * run; one acknowledged in time, or not critical, is not; an acknowledgement after the escalation resolves its
 * incidents. Only Date is faked: the sweeps run minutes apart.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeAcknowledgeValue } from '../../../blocks/action-values.js';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { isSecmonError } from '../../../src/errors.js';
import { incidentKey } from '../../../src/incidents/incident.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { DynamoTable } from '../../../src/store/table/dynamo-table.js';
import { startDynalite, type DynamoRequest, type LocalDynamo } from '../../helpers/dynalite.js';
import { LocalIncidentServices } from '../../helpers/incident-server.js';
import { invokedReference } from '../../helpers/jobs.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { TEST_SIGNING_SECRET, blockActionPayload, interaction } from '../../helpers/slack-requests.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { expectDeclaredStateAccess } from '../../helpers/state-access.js';
import { workerEnvironment } from '../../helpers/worker-environment.js';
import { loadEvent } from '../../unit/alerts/fixtures.js';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:secmon/slack-AbCdEf';
const KEYS = { pagerDutyRoutingKey: 'R0UT1NGKEY0123456789abcdefABCDEF', opsgenieApiKey: 'eb243592-faa2-4ba2-a551-1afdf565c889' };
const BOT_TOKEN = 'xoxb-1234567890-0987654321-EscalationTest';
const CHANNEL = 'C0SECMON01';

const slack = new LocalSlackApi();
const incidents = new LocalIncidentServices(KEYS);
const secrets = mockClient(SecretsManagerClient);
const lambda = mockClient(LambdaClient);
let dynamo: LocalDynamo;
let state: StateStores;
type Handler<E = unknown, R = unknown> = (event: E, context: ReturnType<typeof lambdaContext>) => Promise<R>;
let alerts: Handler;
let worker: Handler;
let slackHandler: Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;
const requestsOf: Record<'alerts' | 'worker', DynamoRequest[]> = { alerts: [], worker: [] };
const logged: string[] = [];

/** Keeps each function's requests to the state table apart: the three run in one process here. */
function recorded(fn: 'alerts' | 'worker', handler: Handler): Handler {
  return async (event, context) => {
    const from = dynamo.requests.length;
    try {
      return await handler(event, context);
    } finally {
      requestsOf[fn].push(...dynamo.requests.slice(from));
    }
  };
}

beforeAll(async () => {
  await slack.start();
  await incidents.start();
  dynamo = await startDynalite({ tableName: 'secmon-escalation-state', recordRequests: true });
  state = createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName }));
  Object.assign(process.env, {
    ...workerEnvironment({ slackApiUrl: slack.url, tableName: dynamo.tableName, dynamoEndpoint: dynamo.endpoint, admins: 'U0ADMIN01' }),
    SLACK_SECRET_ARN: SECRET_ARN,
    SLACK_CHANNEL_ID: CHANNEL,
    WORKER_FUNCTION_NAME: 'secmon-worker',
    SLACK_BOT_ID: 'B0BOT0001',
    SLACK_BOT_USER_ID: 'U0BOT0001',
    ESCALATE_AFTER_MINUTES: '15',
    ESCALATION_USERGROUP: 'S0ONCALL01',
    PAGERDUTY_EVENTS_URL: incidents.pagerDutyUrl,
    OPSGENIE_API_URL: incidents.opsgenieUrl,
    // Everything the functions log is captured below: no key may appear in it.
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
  });
  delete process.env['SLACK_BOT_TOKEN'];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
  }
  alerts = recorded('alerts', (await import('../../../handlers/alerts.js')).handler);
  worker = recorded('worker', (await import('../../../handlers/worker.js')).handler);
  slackHandler = (await import('../../../handlers/slack.js')).handler;
});
afterAll(async () => {
  vi.restoreAllMocks();
  await slack.stop();
  await incidents.stop();
  await dynamo.close();
});
beforeEach(() => {
  slack.reset();
  incidents.reset();
  secrets.reset();
  lambda.reset();
  secrets.on(GetSecretValueCommand).resolves({
    ARN: SECRET_ARN,
    Name: 'secmon/slack',
    SecretString: JSON.stringify({ botToken: BOT_TOKEN, signingSecret: TEST_SIGNING_SECRET, ...KEYS }),
  });
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A fixture with a fresh delivery id (and principal) so tests neither dedupe nor group together. */
function fresh(relative: string, tag: string): Record<string, unknown> {
  const event = structuredClone(loadEvent(relative)) as Record<string, unknown>;
  event['id'] = `${String(event['id'])}-${tag}`;
  const detail = event['detail'] as Record<string, { arn?: string }> | undefined;
  if (detail?.['userIdentity']?.arn) detail['userIdentity'].arn = `${detail['userIdentity'].arn}-${tag}`;
  return event;
}

const sweepAt = async (iso: string) => {
  vi.setSystemTime(new Date(iso));
  return alerts({ source: 'aws.events', 'detail-type': 'Scheduled Event', id: `sweep-${iso}`, detail: {} }, lambdaContext());
};
const posts = () => slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] === undefined);
const replies = () => slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] !== undefined);

/** Posts a critical alert (a security group opened to the world) at `iso`; its message. */
async function criticalAt(iso: string, tag: string): Promise<{ channel: string; ts: string; deliveryId: string }> {
  vi.setSystemTime(new Date(iso));
  const event = fresh('eventbridge/sg-open-to-world.json', tag);
  await alerts(event, lambdaContext());
  const post = posts().at(-1)!;
  expect(post.body['text']).toMatch(/Security group opened to the internet/);
  return { channel: CHANNEL, ts: String(post.response!['ts']), deliveryId: String(event['id']) };
}

describe('escalation of a critical alert nobody acknowledged', () => {
  it('calls the on-call group in its thread, posts once in the channel and opens the incidents, exactly once over several sweeps', async () => {
    const message = await criticalAt('2026-11-21T08:00:00Z', 'unacked');
    slack.reset();
    await sweepAt('2026-11-21T08:14:00Z');
    expect(slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(incidents.requests).toHaveLength(0);

    incidents.failNext('pagerduty', 429); // throttled once: retried within the invocation
    await sweepAt('2026-11-21T08:15:00Z');
    expect(replies()).toHaveLength(1);
    expect(replies()[0]!.body).toMatchObject({ channel: CHANNEL, thread_ts: message.ts });
    expect(replies()[0]!.body['text']).toBe('<!subteam^S0ONCALL01> :rotating_light: This critical alert was not acknowledged after 15 minutes.');
    expect(posts()).toHaveLength(1);
    const permalink = `https://secmon-test.slack.com/archives/${CHANNEL}/p${message.ts.replace('.', '')}`;
    expect(posts()[0]!.body).toMatchObject({ channel: CHANNEL, text: `<!subteam^S0ONCALL01> :rotating_light: Critical alert not acknowledged after 15 minutes: <${permalink}|Security group opened to the internet>` });

    const triggers = incidents.of('pagerduty');
    expect(triggers.map((request) => request.status)).toEqual([429, 202]);
    expect(triggers[1]!.body).toMatchObject({
      routing_key: KEYS.pagerDutyRoutingKey,
      event_action: 'trigger',
      dedup_key: incidentKey(message.deliveryId),
      payload: { severity: 'critical', source: 'aws-account-111122223333', summary: expect.stringMatching(/^Security group opened to the internet: /) },
      links: [{ href: permalink, text: 'The alert in Slack' }],
    });
    const [opened] = incidents.of('opsgenie');
    expect(opened).toMatchObject({ path: '/v2/alerts', authorization: `GenieKey ${KEYS.opsgenieApiKey}`, status: 202 });
    expect(opened!.body).toMatchObject({ message: 'Security group opened to the internet', alias: incidentKey(message.deliveryId), priority: 'P1', source: 'secmon' });

    slack.reset();
    incidents.reset();
    await sweepAt('2026-11-21T08:16:00Z');
    await sweepAt('2026-11-21T08:17:00Z');
    expect(slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(incidents.requests).toHaveLength(0);
    expect(await state.escalations.get(message)).toMatchObject({ status: 'escalated', incidents: ['pagerduty', 'opsgenie'] });
  });

  it('then resolves both incidents when someone acknowledges it, through the Slack function and the worker', async () => {
    const message = await criticalAt('2026-11-21T09:00:00Z', 'late-ack');
    await sweepAt('2026-11-21T09:15:00Z');
    expect(await state.escalations.get(message)).toMatchObject({ status: 'escalated' });
    incidents.reset();

    vi.setSystemTime(new Date('2026-11-21T09:20:00Z'));
    const value = encodeAcknowledgeValue({ deliveryId: message.deliveryId, monitorId: 'sg-open-to-world', groupKey: undefined });
    const answer = await slackHandler(interaction(blockActionPayload({ actionId: ACTION_IDS.acknowledge, value, userId: 'U0ONCALL01', messageTs: message.ts })), lambdaContext('secmon-slack'));
    expect(answer.statusCode).toBe(200);
    await worker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));

    expect(incidents.of('pagerduty').map((request) => request.body)).toEqual([
      { routing_key: KEYS.pagerDutyRoutingKey, event_action: 'resolve', dedup_key: incidentKey(message.deliveryId) },
    ]);
    expect(incidents.of('opsgenie').map(({ path, query, status }) => ({ path, query, status }))).toEqual([
      { path: `/v2/alerts/${incidentKey(message.deliveryId)}/close`, query: { identifierType: 'alias' }, status: 202 },
    ]);
    expect(await state.escalations.get(message)).toBeUndefined();
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ actor: 'U0ONCALL01', action: 'alert.acknowledge', result: 'succeeded' });
  });

  it('has the sweep resolve the incidents of an acknowledgement the worker could not resolve (it does not retry)', async () => {
    const message = await criticalAt('2026-11-21T09:30:00Z', 'worker-fails');
    await sweepAt('2026-11-21T09:45:00Z');
    incidents.reset();
    incidents.failNext('pagerduty', 500, 4); // PagerDuty down while the worker runs
    vi.setSystemTime(new Date('2026-11-21T09:50:00Z'));
    const value = encodeAcknowledgeValue({ deliveryId: message.deliveryId, monitorId: 'sg-open-to-world', groupKey: undefined });
    await slackHandler(interaction(blockActionPayload({ actionId: ACTION_IDS.acknowledge, value, userId: 'U0ONCALL01', messageTs: message.ts })), lambdaContext('secmon-slack'));
    const error = await worker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker')).catch((e: unknown) => e);
    expect(isSecmonError(error, 'INCIDENT_API')).toBe(true);
    expect(await state.escalations.get(message)).toMatchObject({ status: 'escalated' });

    incidents.reset();
    slack.reset();
    const swept = (await sweepAt('2026-11-21T09:51:00Z')) as { escalations: unknown[] };
    expect(swept.escalations).toEqual([{ action: 'resolved', message: { channel: message.channel, ts: message.ts }, incidents: ['pagerduty', 'opsgenie'] }]);
    expect(incidents.requests.map(({ vendor, status }) => `${vendor} ${status}`)).toEqual(['pagerduty 202', 'opsgenie 202']);
    expect(incidents.of('pagerduty')[0]!.body).toMatchObject({ event_action: 'resolve', dedup_key: incidentKey(message.deliveryId) });
    expect(slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(await state.escalations.get(message)).toBeUndefined();
  });

  it('resumes a sweep that failed half-way (Opsgenie down) without posting or triggering twice', async () => {
    const message = await criticalAt('2026-11-21T10:00:00Z', 'half-way');
    slack.reset();
    // The thread reply, the channel post and PagerDuty go through; Opsgenie is down for the whole invocation.
    incidents.failNext('opsgenie', 500, 4);
    const error = await sweepAt('2026-11-21T10:15:00Z').catch((e: unknown) => e);
    expect(isSecmonError(error, 'SWEEP_FAILED')).toBe(true);
    const cause = (error as Error).cause as AggregateError;
    expect(isSecmonError(cause.errors[0], 'INCIDENT_API')).toBe(true);
    expect((cause.errors[0] as Error).message).toBe('Opsgenie refused or failed the request: HTTP 500 after 4 attempt(s)');
    expect(replies()).toHaveLength(1);
    expect(posts()).toHaveLength(1);
    expect(incidents.of('pagerduty').map((request) => request.status)).toEqual([202]);

    // The next sweep, once the claim's lease has passed: only what was not done (Opsgenie), nothing posted again.
    slack.reset();
    incidents.reset();
    await sweepAt('2026-11-21T10:17:00Z');
    expect(slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(incidents.of('pagerduty')).toHaveLength(0);
    expect(incidents.of('opsgenie').map((request) => request.status)).toEqual([202]);
    expect(await state.escalations.get(message)).toMatchObject({ status: 'escalated', incidents: ['pagerduty', 'opsgenie'] });
  });

  it('says which service refused an invalid event, naming no key', async () => {
    const message = await criticalAt('2026-11-21T11:00:00Z', 'refused');
    incidents.failNext('pagerduty', 400);
    const error = await sweepAt('2026-11-21T11:15:00Z').catch((e: unknown) => e);
    const cause = ((error as Error).cause as AggregateError).errors[0] as Error;
    expect(isSecmonError(cause, 'INCIDENT_API')).toBe(true);
    expect(cause.message).toBe('PagerDuty refused or failed the request: HTTP 400');
    expect(incidents.of('pagerduty')).toHaveLength(1); // a refusal is not retried
    await state.escalations.remove(message);
  });
});

describe('a mistyped incident key in the secret', () => {
  it('stops neither the alert nor the Slack part of its escalation; the sweep fails typed, naming the field only', async () => {
    const badKey = `GenieKey ${KEYS.opsgenieApiKey}`;
    secrets.on(GetSecretValueCommand).resolves({
      ARN: SECRET_ARN,
      Name: 'secmon/slack',
      SecretString: JSON.stringify({ botToken: BOT_TOKEN, signingSecret: TEST_SIGNING_SECRET, opsgenieApiKey: badKey }),
    });
    const message = await criticalAt('2026-11-21T14:00:00Z', 'bad-key');
    slack.reset();
    const error = await sweepAt('2026-11-21T14:15:00Z').catch((e: unknown) => e);
    const cause = ((error as Error).cause as AggregateError).errors[0] as Error;
    expect(isSecmonError(cause, 'CONFIG_INVALID')).toBe(true);
    expect(cause.message).toMatch(/opsgenieApiKey must be an Opsgenie API integration key/);
    expect(cause.message).not.toContain(KEYS.opsgenieApiKey);
    expect(replies()).toHaveLength(1);
    expect(posts()).toHaveLength(1);
    expect(incidents.requests).toHaveLength(0);
    await state.escalations.remove(message);
  });
});

describe('no escalation', () => {
  it('for a critical alert acknowledged in time: dropped without a word', async () => {
    const message = await criticalAt('2026-11-21T12:00:00Z', 'acked');
    vi.setSystemTime(new Date('2026-11-21T12:05:00Z'));
    const value = encodeAcknowledgeValue({ deliveryId: message.deliveryId, monitorId: 'sg-open-to-world', groupKey: undefined });
    await slackHandler(interaction(blockActionPayload({ actionId: ACTION_IDS.acknowledge, value, userId: 'U0ONCALL01', messageTs: message.ts })), lambdaContext('secmon-slack'));
    slack.reset();
    await sweepAt('2026-11-21T12:15:00Z');
    expect(slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(incidents.requests).toHaveLength(0);
    expect(await state.escalations.get(message)).toBeUndefined();
  });

  it('for an alert that is not critical: nothing stored, nothing posted later', async () => {
    vi.setSystemTime(new Date('2026-11-21T13:00:00Z'));
    await alerts(fresh('eventbridge/unauthorized-api-calls.json', 'medium'), lambdaContext());
    const post = posts().at(-1)!;
    expect(await state.escalations.get({ channel: CHANNEL, ts: String(post.response!['ts']) })).toBeUndefined();
    slack.reset();
    await sweepAt('2026-11-21T13:30:00Z');
    expect(slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(incidents.requests).toHaveLength(0);
  });
});

describe('secrets and state access', () => {
  // Last in the file: by now the tests above have run the functions through every escalation path.
  it('never logs a key or the bot token', () => {
    const output = logged.join('');
    expect(output).toContain('sweep done'); // the capture works, for every level
    expect(output).toContain('escalation failed');
    expect(output).toContain('escalation incidents resolved');
    for (const secret of [KEYS.pagerDutyRoutingKey, KEYS.opsgenieApiKey, BOT_TOKEN, TEST_SIGNING_SECRET]) expect(output).not.toContain(secret);
  });

  it('uses exactly the escalation state access declared for the alerts function and the worker', () => {
    expectDeclaredStateAccess('alerts', requestsOf.alerts, 'AKIDLOCAL', 'escalation');
    expectDeclaredStateAccess('worker', requestsOf.worker, 'AKIDLOCAL', 'escalation');
  });
});
