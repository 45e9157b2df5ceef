/**
 * The audit trail when the state table fails (issue 10, "if the audit write fails after an AWS write"): the real
 * worker (handlers/worker.ts) against dynalite behind an endpoint that fails chosen requests the way DynamoDB does
 * (HTTP 500 InternalServerError, retried by the SDK). An action that writes to AWS is audited as started before any
 * AWS call; its result's audit write is retried; when it still fails there is the start record and a Slack report
 * that says the result's record is missing; when the start cannot be recorded, nothing is done in AWS.
 */
import { CloudWatchClient, PutAlarmMuteRuleCommand } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionJobPayload } from '../../../src/slack/app/job.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { DynamoTable } from '../../../src/store/table/dynamo-table.js';
import { CloudWatchAsDocumented, EventBridgeAsDocumented } from '../../helpers/aws-as-documented.js';
import { DynamoFaults, type DynamoCall } from '../../helpers/dynamo-faults.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { submitJob } from '../../helpers/jobs.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { grantActionRole, workerEnvironment } from '../../helpers/worker-environment.js';

const slack = new LocalSlackApi();
const sts = mockClient(STSClient);
const cloudwatch = mockClient(CloudWatchClient);
const events = mockClient(EventBridgeClient);
let dynamo: LocalDynamo;
let faults: DynamoFaults;
let state: StateStores;
let worker: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

const ADMIN = 'U0ADMIN01';
/** The worker's state-table client tries each request three times (src/aws/clients.ts). */
const SDK_ATTEMPTS = 3;

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-audit-failures' });
  faults = await new DynamoFaults(dynamo.endpoint).start();
  state = createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName }));
  Object.assign(process.env, workerEnvironment({ slackApiUrl: slack.url, tableName: dynamo.tableName, dynamoEndpoint: faults.url, admins: ADMIN }));
  ({ handler: worker } = await import('../../../handlers/worker.js'));
});
afterAll(async () => {
  await faults.stop();
  await slack.stop();
  await dynamo.close();
});
beforeEach(() => {
  slack.reset();
  faults.reset();
  sts.reset();
  cloudwatch.reset();
  events.reset();
  grantActionRole(sts);
  new CloudWatchAsDocumented(cloudwatch, { alarms: ['secmon-console-login-failure'] });
  new EventBridgeAsDocumented(events, { rules: {} });
});

const silence = (): ActionJobPayload => ({
  kind: 'action',
  action: 'silence',
  params: { monitorId: 'console-login-failure', durationSeconds: 3600 },
  actor: { userId: ADMIN },
  requestedAt: new Date().toISOString(),
  reply: { responseUrl: `${slack.url}response/silence`, channel: 'C0SECMON01' },
  target: 'console-login-failure',
});

/** An audit write of the given result (`started`, `succeeded`, ...). */
const auditWrite = (result: string) => (call: DynamoCall) =>
  call.operation === 'PutItem' && call.pk === 'audit#all' && (call.body['Item'] as { result?: { S?: string } }).result?.S === result;

async function auditOf(jobId: string) {
  return (await state.audit.list({ limit: 100 })).filter((record) => record.detail?.includes(jobId) === true).map((record) => record.result);
}

describe('audit writes that fail', () => {
  it('the result cannot be recorded after the AWS write: the start record stands, Slack says the record is missing', async () => {
    faults.failNext(auditWrite('succeeded'), 3 * SDK_ATTEMPTS); // every retry of the worker, each with the SDK's own
    const reference = await submitJob(state.jobs, silence());
    await worker(reference, lambdaContext('secmon-worker'));

    expect(cloudwatch).toHaveReceivedCommandWith(PutAlarmMuteRuleCommand, { Name: 'secmon-console-login-failure' });
    expect(faults.failed).toBe(3 * SDK_ATTEMPTS);
    expect(await auditOf(reference.jobId)).toEqual(['started']);
    const answer = String(slack.callsOf('response/silence')[0]?.body['text']);
    expect(answer).toMatch(/:white_check_mark: Silenced/);
    expect(answer).toMatch(/:warning: The audit record of this result could not be written \(the start of the action is recorded/);
  });

  it('a result write that fails once is retried and recorded', async () => {
    faults.failNext(auditWrite('succeeded'), SDK_ATTEMPTS);
    const reference = await submitJob(state.jobs, silence());
    await worker(reference, lambdaContext('secmon-worker'));
    expect(await auditOf(reference.jobId)).toEqual(['succeeded', 'started']);
    expect(String(slack.callsOf('response/silence')[0]?.body['text'])).not.toContain(':warning:');
  });

  it('the start cannot be recorded: nothing is done in AWS, and Slack says why', async () => {
    faults.failNext(auditWrite('started'), SDK_ATTEMPTS);
    const reference = await submitJob(state.jobs, silence());
    await worker(reference, lambdaContext('secmon-worker'));

    expect(sts.calls()).toHaveLength(0);
    expect(cloudwatch).not.toHaveReceivedCommand(PutAlarmMuteRuleCommand);
    expect(await auditOf(reference.jobId)).toEqual(['failed']);
    expect(String(slack.callsOf('response/silence')[0]?.body['text'])).toMatch(/:x: Not started: secmon could not write the audit record of this action/);
  });
});
