/**
 * The worker attacked as an outsider would (issue 10.2): the real handler (handlers/worker.ts) invoked directly, as
 * anyone with lambda:InvokeFunction on it can, with every payload shape we could think of, and with jobs in the state
 * table that the Slack function would never write. dynalite for the table, the local Slack Web API, and every AWS
 * client the worker or its actions use mocked (none may be called).
 *
 * For every variant: no AWS call at all (not even STS), no Slack message claiming success, and an audit record of
 * the refusal. The figures at the end count the variants and the side effects.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { STSClient } from '@aws-sdk/client-sts';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NEW_MESSAGE_STATE } from '../../../src/alerts/model.js';
import type { PostedMessage } from '../../../src/alerts/ports.js';
import type { JobPayload } from '../../../src/slack/app/job.js';
import { UNKNOWN_ACTOR } from '../../../src/slack/app/worker.js';
import type { AuditRecord } from '../../../src/store/audit/audit-log.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { JOB_VALIDITY_MS, jobKey } from '../../../src/store/jobs/jobs.js';
import { DynamoTable } from '../../../src/store/table/dynamo-table.js';
import { eventAlert, revertTarget, sgRevertAlert } from '../../helpers/alerts.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { submitJob } from '../../helpers/jobs.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { grantActionRole, workerEnvironment } from '../../helpers/worker-environment.js';

const slack = new LocalSlackApi();
const sts = mockClient(STSClient);
const aws = [sts, mockClient(EC2Client), mockClient(CloudWatchClient), mockClient(EventBridgeClient), mockClient(CloudWatchLogsClient), mockClient(LambdaClient)];
let dynamo: LocalDynamo;
let state: StateStores;
let worker: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

const ADMIN = 'U0ADMIN01';
const NOT_ADMIN = 'U0MALLORY';
const GROUP = 'sg-0123456789abcdef0';
/** The production load balancer's 443, which a forger would like revoked. */
const PRODUCTION_RULE = { ruleId: 'sgr-0prod0000000443', protocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0', cidrIpv6: undefined };
const message: PostedMessage = { channel: 'C0SECMON01', ts: '1700000009.000001' };
const otherMessage: PostedMessage = { channel: 'C0SECMON01', ts: '1700000009.000002' };
const plainMessage: PostedMessage = { channel: 'C0SECMON01', ts: '1700000009.000003' };
const stored = sgRevertAlert({ deliveryId: 'forged-jobs-alert-1', revert: revertTarget({ groupId: GROUP }) });
const otherStored = sgRevertAlert({ deliveryId: 'forged-jobs-alert-2', revert: revertTarget({ groupId: 'sg-0fedcba9876543210' }) });

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-forged-jobs' });
  state = createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName }));
  Object.assign(process.env, workerEnvironment({ slackApiUrl: slack.url, tableName: dynamo.tableName, dynamoEndpoint: dynamo.endpoint, admins: ADMIN }));
  ({ handler: worker } = await import('../../../handlers/worker.js'));
  await state.messages.create(message, { alert: stored, state: NEW_MESSAGE_STATE }, new Date());
  await state.messages.create(otherMessage, { alert: otherStored, state: NEW_MESSAGE_STATE }, new Date());
  await state.messages.create(plainMessage, { alert: eventAlert({ deliveryId: 'forged-jobs-plain' }), state: NEW_MESSAGE_STATE }, new Date());
  slack.setUser(ADMIN, { email: 'alice@example.com' });
});
afterAll(async () => {
  await slack.stop();
  await dynamo.close();
});
beforeEach(() => {
  slack.reset();
  for (const client of aws) client.reset();
});

const requestedAt = () => new Date().toISOString();
const action = (overrides: Partial<Extract<JobPayload, { kind: 'action' }>>): JobPayload => ({
  kind: 'action',
  action: 'enable',
  params: { target: 'essentials' },
  actor: { userId: ADMIN },
  requestedAt: requestedAt(),
  reply: { message, channel: message.channel },
  target: 'essentials',
  ...overrides,
});

/** The payload of the worker invocation the Slack function made before jobs went through the table. */
const v1Job = (act: string, params: unknown, target: string) => ({
  v: 1,
  id: '3f0e3a4c-8d0f-4f0a-9d55-1f6c2b7e9a01',
  action: act,
  params,
  actor: { userId: ADMIN, userName: 'alice' },
  requestedAt: requestedAt(),
  reply: { message, channel: message.channel },
  target,
});

let deep: unknown = 'x';
for (let i = 0; i < 5000; i++) deep = { jobId: deep };

/** Invocation payloads anyone with lambda:InvokeFunction can send: none names a pending job. */
const INVOCATIONS: [string, () => unknown][] = [
  ["today's full job: disable every monitor", () => v1Job('disable', { target: 'essentials' }, 'essentials')],
  ["today's full job: revert the production rule", () => v1Job('revert', { deliveryId: stored.deliveryId, target: { ...revertTarget(), rules: [PRODUCTION_RULE] }, message }, GROUP)],
  ["today's full job: keep another alert", () => v1Job('keep', { deliveryId: otherStored.deliveryId, reason: 'fine by me', message: otherMessage }, GROUP)],
  ['a reference with a job inlined', () => ({ v: 2, jobId: crypto.randomUUID(), action: 'disable', params: { target: 'essentials' } })],
  ['a reference to a job id never written', () => ({ v: 2, jobId: crypto.randomUUID() })],
  ['a reference whose id is a key path', () => ({ v: 2, jobId: 'job#../audit#all' })],
  ['a reference of version 1', () => ({ v: 1, jobId: crypto.randomUUID() })],
  ['a version as a string', () => ({ v: '2', jobId: crypto.randomUUID() })],
  ['a job id as a number', () => ({ v: 2, jobId: 42 })],
  ['an upper-case job id', () => ({ v: 2, jobId: crypto.randomUUID().toUpperCase() })],
  ['null', () => null],
  ['an array of references', () => [{ v: 2, jobId: crypto.randomUUID() }]],
  ['a string', () => 'enable essentials'],
  ['a number', () => 2],
  ['an SQS record of a job', () => ({ Records: [{ body: JSON.stringify(v1Job('disable', { target: 'essentials' }, 'essentials')) }] })],
  ['an oversized payload (5 MB)', () => ({ v: 2, jobId: 'a'.repeat(5 * 1024 * 1024) })],
  ['a payload nested 5,000 deep', () => ({ v: 2, jobId: deep })],
];

/** Jobs in the table the Slack function would never write (only table write access could put them there). */
const JOBS: [string, () => JobPayload][] = [
  ['an admin-only action for a user who is not an admin', () => action({ actor: { userId: NOT_ADMIN } })],
  ['a revert naming another alert than its message shows', () => action({ action: 'revert', params: { deliveryId: otherStored.deliveryId, message }, target: GROUP })],
  ['a revert of a message secmon does not have', () => action({ action: 'revert', params: { deliveryId: stored.deliveryId, message: { channel: 'C0SECMON01', ts: '1.000009' } }, target: GROUP })],
  ['a revert of an alert with nothing to revert', () => action({ action: 'revert', params: { deliveryId: 'forged-jobs-plain', message: plainMessage }, target: GROUP })],
  ['a revert naming another group and rules (no message)', () => action({ action: 'revert', params: { deliveryId: stored.deliveryId, target: { ...revertTarget(), rules: [PRODUCTION_RULE] } }, target: GROUP })],
  ['a keep of another alert', () => action({ action: 'keep', params: { deliveryId: otherStored.deliveryId, reason: 'fine by me', message }, target: GROUP })],
  ['a keep approved by its own author', () => action({ action: 'keep', params: { deliveryId: stored.deliveryId, reason: 'fine by me', message }, actor: { userId: ADMIN }, target: GROUP })],
  ['an action of an unknown name', () => ({ ...action({}), action: 'drop-tables' }) as unknown as JobPayload],
  ['an action job of wrong types', () => ({ ...action({}), actor: { userId: 42 }, requestedAt: 'yesterday' }) as unknown as JobPayload],
  ['an acknowledgement the message does not show', () => ({ kind: 'acknowledge', actor: { userId: NOT_ADMIN }, requestedAt: requestedAt(), message, target: 'sg-open-to-world' })],
];

/** What the invocation may have done besides refusing: AWS calls, Slack messages claiming success. */
function sideEffects(): { aws: number; success: number } {
  // A success mark, or an alert message that says it was reverted or kept.
  const claims = slack.calls.filter((call) => /:white_check_mark:|\*Reverted\*|\*Change kept\*/.test(JSON.stringify(call.body)));
  return { aws: aws.reduce((sum, client) => sum + client.calls().length, 0), success: claims.length };
}

async function newAuditRecords(before: number): Promise<AuditRecord[]> {
  const all = await state.audit.list({ limit: 1000 });
  return all.slice(0, all.length - before);
}

const figures = { variants: 0, awsCalls: 0, successClaims: 0, refusalsAudited: 0 };

describe('invocations that name no pending job', () => {
  it.each(INVOCATIONS)('%s: refused, typed, audited; nothing runs', async (_label, payload) => {
    const before = (await state.audit.list({ limit: 1000 })).length;
    const error = await worker(payload(), lambdaContext('secmon-worker')).then(
      () => undefined,
      (e: unknown) => e as { code?: string },
    );
    expect(['INPUT_INVALID', 'JOB_REFUSED']).toContain(error?.code);
    const effects = sideEffects();
    expect(effects).toEqual({ aws: 0, success: 0 });
    expect(slack.calls).toEqual([]);
    const audited = await newAuditRecords(before);
    expect(audited).toEqual([expect.objectContaining({ actor: UNKNOWN_ACTOR, action: 'worker.invoke', result: 'denied' })]);
    // The record says why, bounded, without replaying the payload.
    expect(audited[0]!.detail!.length).toBeLessThanOrEqual(2000);
    Object.assign(figures, { variants: figures.variants + 1, awsCalls: figures.awsCalls + effects.aws, successClaims: figures.successClaims + effects.success, refusalsAudited: figures.refusalsAudited + audited.length });
  });
});

describe('jobs the Slack function would not write', () => {
  it.each(JOBS)('%s: refused and audited; no AWS call, no success claimed', async (_label, payload) => {
    const before = (await state.audit.list({ limit: 1000 })).length;
    const reference = await submitJob(state.jobs, payload());
    await worker(reference, lambdaContext('secmon-worker')).catch((e: unknown) => e);
    const effects = sideEffects();
    expect(effects).toEqual({ aws: 0, success: 0 });
    const audited = await newAuditRecords(before);
    expect(audited.map((record) => record.result)).toEqual(['denied']);
    Object.assign(figures, { variants: figures.variants + 1, awsCalls: figures.awsCalls + effects.aws, successClaims: figures.successClaims + effects.success, refusalsAudited: figures.refusalsAudited + audited.length });
  });
});

describe('real jobs, replayed or late', () => {
  beforeEach(() => {
    grantActionRole(sts);
  });
  const statusJob = (): JobPayload => action({ action: 'status', params: {}, target: 'all monitors', reply: { channel: 'C0SECMON01' }, view: 'status' });

  it("another user's job, replayed after it ran: nothing runs again", async () => {
    const reference = await submitJob(state.jobs, { ...statusJob(), actor: { userId: 'U0READER1' } });
    await worker(reference, lambdaContext('secmon-worker'));
    for (const client of aws) client.reset();
    slack.reset();
    const before = (await state.audit.list({ limit: 1000 })).length;

    await expect(worker(reference, lambdaContext('secmon-worker'))).resolves.toMatchObject({ refused: 'taken' });
    const effects = sideEffects();
    expect(effects).toEqual({ aws: 0, success: 0 });
    expect(slack.calls).toEqual([]);
    const audited = await newAuditRecords(before);
    expect(audited).toEqual([expect.objectContaining({ action: 'worker.invoke', result: 'denied', detail: expect.stringContaining('a duplicate delivery or a replay') })]);
    Object.assign(figures, { variants: figures.variants + 1, awsCalls: figures.awsCalls + effects.aws, successClaims: figures.successClaims + effects.success, refusalsAudited: figures.refusalsAudited + audited.length });
  });

  it('a job not claimed within 15 minutes: expired, never runs', async () => {
    const reference = await submitJob(state.jobs, action({}), new Date(Date.now() - JOB_VALIDITY_MS - 1000));
    const before = (await state.audit.list({ limit: 1000 })).length;
    await expect(worker(reference, lambdaContext('secmon-worker'))).rejects.toMatchObject({ code: 'JOB_REFUSED' });
    const effects = sideEffects();
    expect(effects).toEqual({ aws: 0, success: 0 });
    const audited = await newAuditRecords(before);
    expect(audited).toEqual([expect.objectContaining({ result: 'denied', detail: expect.stringContaining('expired') })]);
    Object.assign(figures, { variants: figures.variants + 1, awsCalls: figures.awsCalls + effects.aws, successClaims: figures.successClaims + effects.success, refusalsAudited: figures.refusalsAudited + audited.length });
  });

  it('a job whose stored payload was tampered with after the Slack function wrote it: refused', async () => {
    const reference = await submitJob(state.jobs, action({ action: 'status', params: {}, target: 'all monitors' }));
    await dynamo.documentClient.send(
      new UpdateCommand({
        TableName: dynamo.tableName,
        Key: jobKey(reference.jobId),
        UpdateExpression: 'SET payload.#a = :a',
        ExpressionAttributeNames: { '#a': 'action' },
        ExpressionAttributeValues: { ':a': 'format-disk' },
      }),
    );
    const before = (await state.audit.list({ limit: 1000 })).length;
    await expect(worker(reference, lambdaContext('secmon-worker'))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    const effects = sideEffects();
    expect(effects).toEqual({ aws: 0, success: 0 });
    expect((await newAuditRecords(before)).map((record) => record.result)).toEqual(['denied']);
    Object.assign(figures, { variants: figures.variants + 1, awsCalls: figures.awsCalls + effects.aws, successClaims: figures.successClaims + effects.success, refusalsAudited: figures.refusalsAudited + 1 });
  });

  it('ten deliveries of one real job at once run it once', async () => {
    const reference = await submitJob(state.jobs, statusJob());
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => worker(reference, lambdaContext('secmon-worker'))));
    expect(outcomes.filter((outcome) => (outcome as { refused?: string }).refused === undefined)).toHaveLength(1);
  });
});

describe('figures', () => {
  it(`every variant refused and audited, with no side effect`, () => {
    // Printed for the closing note.
    console.info(`forged worker invocations and jobs: ${JSON.stringify(figures)}`);
    expect(figures).toEqual({ variants: INVOCATIONS.length + JOBS.length + 3, awsCalls: 0, successClaims: 0, refusalsAudited: INVOCATIONS.length + JOBS.length + 3 });
  });
});
