/**
 * The real worker (handlers/worker.ts) in an organization deployment, with dynalite, the local Slack Web API and
 * mocked AWS: a Revert clicked on an alert from a member account assumes `<prefix>-member-actions` in that account
 * for the Slack user and revokes there; the account comes from the stored alert only (an invocation that names one is
 * refused before any role is assumed); monitors go on the central bus to the queue, alarms into the trail account;
 * `/secmon status` calls out silent accounts.
 */
import { CloudWatchClient, DescribeAlarmsCommand, ListAlarmMuteRulesCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeMetricFiltersCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsEncryptionByDefaultCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { EventBridgeClient, ListRulesCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { ArchiveFindingsCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeRevertValue, encodeUndoValue } from '../../../blocks/action-values.js';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { NEW_MESSAGE_STATE } from '../../../src/alerts/model.js';
import type { ActionJobPayload, JobReference } from '../../../src/slack/app/job.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { DynamoTable } from '../../../src/store/table/dynamo-table.js';
import { addedRule, revertTarget, sgRevertAlert } from '../../helpers/alerts.js';
import { findingAlert } from '../../helpers/findings.js';
import { startDynalite, type DynamoRequest, type LocalDynamo } from '../../helpers/dynalite.js';
import { invokedReference, submitJob } from '../../helpers/jobs.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { CENTRAL, MANAGEMENT, ORGANIZATION_ID, PROD, SANDBOX, TREE, UNLISTED } from '../../helpers/organization.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { TEST_SIGNING_SECRET, blockActionPayload, interaction } from '../../helpers/slack-requests.js';
import { expectDeclaredStateAccess } from '../../helpers/state-access.js';

const slack = new LocalSlackApi();
const sts = mockClient(STSClient);
const ec2 = mockClient(EC2Client);
const events = mockClient(EventBridgeClient);
const cloudwatch = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);
const lambda = mockClient(LambdaClient);
const securityhub = mockClient(SecurityHubClient);
const guardduty = mockClient(GuardDutyClient);
const iam = mockClient(IAMClient);
let dynamo: LocalDynamo;
let state: StateStores;
let worker: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;
let slackHandler: (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;
const workerRequests: DynamoRequest[] = [];

const ADMIN = 'U0ADMIN01';
const HOME_ROLE = `arn:aws:iam::${CENTRAL}:role/secmon-worker-actions`;
const memberRole = (account: string) => `arn:aws:iam::${account}:role/secmon-member-actions`;
const QUEUE_ARN = `arn:aws:sqs:eu-west-1:${CENTRAL}:secmon-org-events`;

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-org-worker-state', recordRequests: true });
  state = createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName }));
  Object.assign(process.env, {
    SLACK_BOT_TOKEN: 'xoxb-worker-token',
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    SECMON_ADMINS: ADMIN,
    WORKER_FUNCTION_NAME: 'secmon-worker',
    SLACK_BOT_ID: 'B0BOT0001',
    SLACK_BOT_USER_ID: 'U0BOT0001',
    STATE_TABLE: dynamo.tableName,
    SECMON_NAME_PREFIX: 'secmon',
    HOME_REGION: 'eu-west-1',
    ACCOUNT_ID: CENTRAL,
    CLOUDTRAIL_LOG_GROUP: 'aws-controltower/CloudTrailLogs',
    ALARM_TOPIC_ARN: `arn:aws:sns:eu-west-1:${CENTRAL}:secmon-alarms`,
    ALERTS_FUNCTION_ARN: `arn:aws:lambda:eu-west-1:${CENTRAL}:function:secmon-alerts`,
    HOME_EVENT_BUS_ARN: `arn:aws:events:eu-west-1:${CENTRAL}:event-bus/default`,
    FORWARDING_ROLE_ARN: `arn:aws:iam::${CENTRAL}:role/secmon-event-forwarding`,
    ACTION_ROLE_ARN: HOME_ROLE,
    ORGANIZATION_ID,
    ORG_EVENT_BUS_ARN: `arn:aws:events:eu-west-1:${CENTRAL}:event-bus/secmon-org`,
    ORG_EVENTS_QUEUE_ARN: QUEUE_ARN,
    TRAIL_ACCOUNT_ID: MANAGEMENT,
    SILENT_AFTER_HOURS: '3',
    ALERT_ROUTING: JSON.stringify({ accounts: { [SANDBOX]: { name: 'sandbox' } } }),
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const { handler } = await import('../../../handlers/worker.js');
  worker = async (event, context) => {
    const from = dynamo.requests.length;
    try {
      return await handler(event, context);
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

/** STS answers each role with its own access key, so a test can tell which session a client used. */
const keyOf = (roleArn: string) => `ASIA${roleArn.split(':')[4]}`;
beforeEach(() => {
  for (const mock of [sts, ec2, events, cloudwatch, logs, lambda, securityhub, guardduty, iam]) mock.reset();
  slack.reset();
  sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => ({
    Credentials: { AccessKeyId: keyOf(input.RoleArn), SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 900_000) },
  }));
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
});

/** The access key the client behind a mocked call resolved: which role's session made the call. */
async function sessionOf(call: { thisValue: unknown }): Promise<string> {
  const client = call.thisValue as { config: { credentials: () => Promise<{ accessKeyId: string }> } };
  return (await client.config.credentials()).accessKeyId;
}

const GROUP = 'sg-0fedcba9876543210';
const rule = addedRule({ ruleId: 'sgr-0c1c2c3c4c5c60001', protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' });
let counter = 0;

/** An alert from `account` stored with its message, and the job the Slack function hands over for a Revert click. */
async function clickRevert(account: string): Promise<{ message: { channel: string; ts: string }; payload: JobReference }> {
  counter += 1;
  const alert = sgRevertAlert({ deliveryId: `org-revert-${counter}`, account, revert: revertTarget({ accountId: account, groupId: GROUP, region: 'eu-west-1', rules: [rule] }) });
  const message = { channel: 'C0SECMON01', ts: `1700000002.0000${String(counter).padStart(2, '0')}` };
  await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
  const value = encodeRevertValue({ deliveryId: alert.deliveryId, monitorId: alert.monitor!.id, target: alert.revert! });
  await slackHandler(interaction(blockActionPayload({ actionId: ACTION_IDS.revert, value, userId: ADMIN, messageTs: message.ts })), lambdaContext('secmon-slack'));
  const payload = invokedReference(lambda.commandCalls(InvokeCommand));
  slack.reset();
  return { message, payload };
}

const threadReplies = () => slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] !== undefined).map((call) => String(call.body['text']));

describe('cross-account revert', () => {
  it('assumes <prefix>-member-actions in the account the stored alert names, for the Slack user, and revokes there', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [{ SecurityGroupRuleId: rule.ruleId, GroupId: GROUP, IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' }],
    });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const { payload } = await clickRevert(PROD);
    await worker(payload, lambdaContext('secmon-worker'));

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: memberRole(PROD), SourceIdentity: ADMIN, RoleSessionName: `secmon-${ADMIN}` });
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, { GroupId: GROUP, SecurityGroupRuleIds: [rule.ruleId!] });
    // Both EC2 calls ran with the member account's session, not the home action role's.
    for (const call of ec2.calls()) expect(await sessionOf(call)).toBe(keyOf(memberRole(PROD)));
    expect(threadReplies()).toEqual([expect.stringMatching(/reverted `sg-0fedcba9876543210`: Revert of sg-0fedcba9876543210: 1 of 1 rules revoked/)]);
  });

  it('takes the account from the stored alert only: an invocation that names a target is refused before any role is assumed', async () => {
    const { payload } = await clickRevert(PROD);
    const forged = { ...payload, params: { target: { accountId: SANDBOX, groupId: GROUP, region: 'eu-west-1' } } };
    await expect(worker(forged, lambdaContext('secmon-worker'))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect(sts).not.toHaveReceivedAnyCommand();
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ result: 'denied', detail: expect.stringContaining('not a job reference from the Slack function') });
    // The job the Slack function wrote is still there, and acts in the stored alert's account only.
    await worker(payload, lambdaContext('secmon-worker'));
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: memberRole(PROD) });
    expect(sts).not.toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: memberRole(SANDBOX) });
  });

  it('an account whose member role cannot be assumed gets a readable refusal naming the member stack', async () => {
    sts.on(AssumeRoleCommand, { RoleArn: memberRole(SANDBOX) }).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    const { payload } = await clickRevert(SANDBOX);
    await worker(payload, lambdaContext('secmon-worker'));
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect(threadReplies()[0]).toMatch(/Not reverted: .*may not assume the role secmon-member-actions in account 444455556666.*is the member stack deployed in account 444455556666\?/);
  });
});

describe('cross-account undo', () => {
  it('turns EBS encryption by default back on in the account and region the stored alert names, through its member role', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    counter += 1;
    const undo = { kind: 'ebs-encryption-default', region: 'eu-central-1', accountId: PROD, eventId: 'e0000000-0000-4000-8000-0000000000e1', changedBy: undefined } as const;
    const alert = sgRevertAlert({ deliveryId: `org-undo-${counter}`, account: PROD, revert: undefined, undo });
    const message = { channel: 'C0SECMON01', ts: `1700000002.0000${String(counter).padStart(2, '0')}` };
    await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    const value = encodeUndoValue({ deliveryId: alert.deliveryId, target: undo });
    await slackHandler(interaction(blockActionPayload({ actionId: ACTION_IDS.undo, value, userId: ADMIN, messageTs: message.ts })), lambdaContext('secmon-slack'));
    await worker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: memberRole(PROD), SourceIdentity: ADMIN });
    expect(ec2).toHaveReceivedCommandTimes(EnableEbsEncryptionByDefaultCommand, 1);
    for (const call of ec2.calls()) {
      expect(await sessionOf(call)).toBe(keyOf(memberRole(PROD)));
      expect(await (call.thisValue as { config: { region: () => Promise<string> } }).config.region()).toBe('eu-central-1');
    }
    expect(threadReplies()).toEqual([expect.stringContaining('Undo of EBS encryption by default in eu-central-1: undone.')]);
  });

  it('deactivates an access key made in a member account through its member role, with the global IAM endpoint', async () => {
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: 'billing-export', AccessKeyId: 'AKIAEXAMPLEBILLING01', Status: 'Active', CreateDate: new Date('2026-03-09T10:15:42Z') }], IsTruncated: false });
    iam.on(UpdateAccessKeyCommand).resolves({});
    counter += 1;
    const undo = {
      kind: 'iam-access-key', region: 'us-east-1', accountId: PROD, eventId: 'e0000000-0000-4000-8000-0000000000e2', changedBy: undefined,
      userName: 'billing-export', accessKeyId: 'AKIAEXAMPLEBILLING01',
    } as const;
    const alert = sgRevertAlert({ deliveryId: `org-undo-${counter}`, account: PROD, revert: undefined, undo });
    const message = { channel: 'C0SECMON01', ts: `1700000002.0000${String(counter).padStart(2, '0')}` };
    await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    const value = encodeUndoValue({ deliveryId: alert.deliveryId, target: undo });
    await slackHandler(interaction(blockActionPayload({ actionId: ACTION_IDS.undo, value, userId: ADMIN, messageTs: message.ts })), lambdaContext('secmon-slack'));
    await worker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: memberRole(PROD), SourceIdentity: ADMIN });
    expect(iam).toHaveReceivedCommandWith(UpdateAccessKeyCommand, { UserName: 'billing-export', AccessKeyId: 'AKIAEXAMPLEBILLING01', Status: 'Inactive' });
    for (const call of iam.calls()) {
      expect(await sessionOf(call)).toBe(keyOf(memberRole(PROD)));
      expect(await (call.thisValue as { config: { region: () => Promise<string> } }).config.region()).toBe('us-east-1');
    }
    expect(threadReplies()).toEqual([expect.stringContaining('Undo of access key AKIAEXAMPLEBILLING01 of IAM user billing-export: undone.')]);
  });
});

describe('monitors in an organization', () => {
  const enable = (target: string, via: 'event' | 'alarm') =>
    submitJob(state.jobs, {
      kind: 'action',
      action: 'enable',
      params: { target, via },
      actor: { userId: ADMIN, userName: 'alice' },
      requestedAt: new Date().toISOString(),
      reply: { responseUrl: `${slack.url}response/enable`, channel: 'C0SECMON01' },
      target,
    });

  it('an event monitor gets one rule on the central bus, delivering to the organization queue (no us-east-1 forwarding rule)', async () => {
    events.on(PutRuleCommand).resolves({ RuleArn: `arn:aws:events:eu-west-1:${CENTRAL}:rule/secmon-org/secmon-root-activity` });
    events.on(PutTargetsCommand).resolves({ FailedEntryCount: 0, FailedEntries: [] });
    await worker(await enable('root-activity', 'event'), lambdaContext('secmon-worker'));
    expect(events).toHaveReceivedCommandTimes(PutRuleCommand, 1);
    expect(events).toHaveReceivedCommandWith(PutRuleCommand, { Name: 'secmon-root-activity', EventBusName: 'secmon-org', State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' });
    expect(events).toHaveReceivedCommandWith(PutTargetsCommand, { Rule: 'secmon-root-activity', EventBusName: 'secmon-org', Targets: [{ Id: 'secmon-org-queue', Arn: QUEUE_ARN }] });
    for (const call of events.calls()) expect(await sessionOf(call)).toBe(keyOf(HOME_ROLE));
  });

  it("an alarm monitor's metric filter and alarm go into the trail account through its member role, with no SNS action", async () => {
    logs.on(PutMetricFilterCommand).resolves({});
    cloudwatch.on(PutMetricAlarmCommand).resolves({});
    await worker(await enable('cis-root-usage', 'alarm'), lambdaContext('secmon-worker'));
    expect(logs).toHaveReceivedCommandWith(PutMetricFilterCommand, { logGroupName: 'aws-controltower/CloudTrailLogs', filterName: 'secmon-cis-root-usage' });
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricAlarmCommand, { AlarmName: 'secmon-cis-root-usage', ActionsEnabled: false, AlarmActions: [], OKActions: [] });
    for (const call of [...logs.calls(), ...cloudwatch.calls()]) expect(await sessionOf(call)).toBe(keyOf(memberRole(MANAGEMENT)));
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: memberRole(MANAGEMENT), SourceIdentity: ADMIN });
  });
});

describe('/secmon status in an organization', () => {
  it('shows which accounts and regions report, calling out a silent region and an account never seen', async () => {
    const now = Date.now();
    await state.lastSeen.record({ accountId: PROD, region: 'eu-west-1', atMs: now - 10 * 60_000, source: 'heartbeat' });
    await state.lastSeen.record({ accountId: PROD, region: 'us-east-1', atMs: now - 20 * 60_000, source: 'event' });
    await state.lastSeen.record({ accountId: SANDBOX, region: 'eu-west-1', atMs: now - 5 * 3600_000, source: 'heartbeat' });
    await state.accounts.put({ accountId: MANAGEMENT, name: 'management', ouPath: '', ouIds: ['r-ab12'] }, now);
    await state.accounts.put({ accountId: PROD, name: 'payments-prod', ouPath: 'Workloads/Prod', ouIds: ['r-ab12', 'ou-ab12-work0001'] }, now);
    events.on(ListRulesCommand).resolves({ Rules: [] });
    logs.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [] });
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] }).on(ListAlarmMuteRulesCommand).resolves({ AlarmMuteRuleSummaries: [] });
    const status: ActionJobPayload = {
      kind: 'action',
      action: 'status',
      params: {},
      actor: { userId: 'U0VIEWER1', userName: 'carol' },
      requestedAt: new Date().toISOString(),
      reply: { responseUrl: `${slack.url}response/status`, channel: 'C0SECMON01' },
      view: 'status',
      target: 'status',
    };
    await worker(await submitJob(state.jobs, status), lambdaContext('secmon-worker'));
    // Rules are listed on the central bus only.
    expect(events).toHaveReceivedCommandWith(ListRulesCommand, { NamePrefix: 'secmon-', EventBusName: 'secmon-org' });
    const blocks = JSON.stringify(slack.callsOf('response/status')[0]!.body['blocks']);
    expect(blocks).toContain('Silent accounts and regions* (2)');
    expect(blocks).toContain(`\`${SANDBOX}\` sandbox: silent everywhere: eu-west-1 since`);
    expect(blocks).toContain(`\`${MANAGEMENT}\` management: no event seen (is the member stack deployed?)`);
    expect(blocks).toContain('1 of 3 accounts reporting in every region they were seen in (2 regions)');
    expect(blocks).not.toContain(`\`${PROD}\` payments-prod:`);
  });
});

describe('finding write-backs in an organization', () => {
  beforeEach(async () => {
    // The organization as the sweep listed it (the directory): the administrator accounts these tests use.
    for (const accountId of [PROD, SANDBOX]) await state.accounts.put({ accountId, name: undefined, ouPath: 'Workloads', ouIds: [TREE.root, TREE.workloads.id] }, Date.now());
    securityhub.on(BatchUpdateFindingsCommand).callsFake((input: { FindingIdentifiers: unknown[] }) => ({ ProcessedFindings: input.FindingIdentifiers, UnprocessedFindings: [] }));
    guardduty.on(ArchiveFindingsCommand).resolves({});
  });

  /** A finding alert administered from `adminAccount`, stored with its message, and its Suppress job. */
  async function suppressJob(source: 'securityhub' | 'guardduty', adminAccount: string): Promise<{ alert: ReturnType<typeof findingAlert>; payload: JobReference }> {
    counter += 1;
    const alert = findingAlert(source, { deliveryId: `org-finding-${counter}`, finding: { account: SANDBOX, adminAccount, adminRegion: 'eu-west-1', region: 'eu-west-1' } });
    const message = { channel: 'C0SECMON01', ts: `1700000003.0000${String(counter).padStart(2, '0')}` };
    await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    const job: ActionJobPayload = {
      kind: 'action',
      action: 'finding-suppress',
      params: { deliveryId: alert.deliveryId, message, reason: 'Known scanner' },
      actor: { userId: ADMIN, userName: 'alice' },
      requestedAt: new Date().toISOString(),
      reply: { message, channel: message.channel },
      target: `${source} finding ${alert.finding!.id}`,
    };
    return { alert, payload: await submitJob(state.jobs, job) };
  }

  it("goes to the finding's administrator account through its member role, for the Slack user, in the administrator's region", async () => {
    const { alert, payload } = await suppressJob('securityhub', PROD);
    await worker(payload, lambdaContext('secmon-worker'));
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: memberRole(PROD), SourceIdentity: ADMIN, RoleSessionName: `secmon-${ADMIN}` });
    expect(securityhub).toHaveReceivedCommandWith(BatchUpdateFindingsCommand, {
      FindingIdentifiers: [{ Id: alert.finding!.id, ProductArn: alert.finding!.productArn! }],
      Workflow: { Status: 'SUPPRESSED' },
    });
    const call = securityhub.call(0);
    expect(await sessionOf(call)).toBe(keyOf(memberRole(PROD)));
    expect(await (call.thisValue as SecurityHubClient).config.region()).toBe('eu-west-1');
    // Not the account the finding is about: the write goes where the finding is administered.
    expect(sts).not.toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: memberRole(SANDBOX) });
  });

  it('a finding administered from the central account uses the home action role', async () => {
    const { alert, payload } = await suppressJob('guardduty', CENTRAL);
    await worker(payload, lambdaContext('secmon-worker'));
    expect(guardduty).toHaveReceivedCommandWith(ArchiveFindingsCommand, { DetectorId: alert.finding!.detectorId!, FindingIds: [alert.finding!.id] });
    expect(await sessionOf(guardduty.call(0))).toBe(keyOf(HOME_ROLE));
    expect(sts).not.toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: memberRole(CENTRAL) });
  });

  it('an administrator account the listed organization does not hold is refused before any role is assumed', async () => {
    const { payload } = await suppressJob('guardduty', UNLISTED);
    await worker(payload, lambdaContext('secmon-worker'));
    expect(sts).not.toHaveReceivedAnyCommand();
    expect(guardduty).not.toHaveReceivedAnyCommand();
    expect(threadReplies()[0]).toContain('Not suppressed: the finding is administered from account 777788889999, which is not in the organization as secmon last listed it.');
  });

  it('an administrator account whose member role cannot be assumed is refused with a readable reason, nothing written', async () => {
    sts.on(AssumeRoleCommand, { RoleArn: memberRole(SANDBOX) }).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
    const { payload } = await suppressJob('guardduty', SANDBOX);
    await worker(payload, lambdaContext('secmon-worker'));
    expect(guardduty).not.toHaveReceivedAnyCommand();
    expect(threadReplies()[0]).toMatch(/Not suppressed: .*may not assume the role secmon-member-actions in account 444455556666.*is the member stack deployed in account 444455556666\?/);
  });
});

describe('state access', () => {
  it('uses exactly its declared organization state access besides the single-account one (src/store/access.ts)', () => {
    expectDeclaredStateAccess('worker', workerRequests, 'AKIDLOCAL', 'organization');
  });
});
