/**
 * Finding actions end to end, one account: the real Slack handler (buttons, the reason modal, the admin check, the
 * hand-off) and the real worker (handlers/worker.ts) with dynalite, the local Slack Web API and mocked AWS. The writes
 * go to the finding's source with exactly the ids of the stored finding (Security Hub BatchUpdateFindings, GuardDuty
 * ArchiveFindings, Access Analyzer UpdateFindings), for the Slack user (STS source identity); non-admins, forged jobs
 * and findings the action does not fit are refused before any AWS call. Acknowledge sets NOTIFIED only when configured.
 */
import { AccessAnalyzerClient, UpdateFindingsCommand } from '@aws-sdk/client-accessanalyzer';
import { ArchiveFindingsCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeAcknowledgeValue, encodeFindingValue } from '../../../blocks/action-values.js';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { NEW_MESSAGE_STATE, type Alert } from '../../../src/alerts/model.js';
import type { PostedMessage } from '../../../src/alerts/ports.js';
import type { FindingInfo, FindingSource } from '../../../src/findings/model.js';
import { FINDING_SUPPRESS_ACTION_ID, FINDING_SUPPRESS_BLOCK_ID, FINDING_SUPPRESS_CALLBACK_ID } from '../../../src/slack/app/finding-interactions.js';
import type { ActionJobPayload, JobReference } from '../../../src/slack/app/job.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { DynamoTable } from '../../../src/store/table/dynamo-table.js';
import { findingAlert } from '../../helpers/findings.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { invokedReference, submitJob } from '../../helpers/jobs.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { TEST_SIGNING_SECRET, blockActionPayload, interaction, viewSubmissionPayload } from '../../helpers/slack-requests.js';
import { assertWithinSlackLimits } from '../../helpers/slack-limits.js';
import { grantActionRole, workerEnvironment } from '../../helpers/worker-environment.js';

const slack = new LocalSlackApi();
const sts = mockClient(STSClient);
const lambda = mockClient(LambdaClient);
const securityhub = mockClient(SecurityHubClient);
const guardduty = mockClient(GuardDutyClient);
const analyzer = mockClient(AccessAnalyzerClient);
let dynamo: LocalDynamo;
let state: StateStores;
type Handler<E, R> = (event: E, context: ReturnType<typeof lambdaContext>) => Promise<R>;
let worker: Handler<unknown, unknown>;
let slackHandler: Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

const ADMIN = 'U0ADMIN01';
const VIEWER = 'U0VIEWER1';
const ACTION_ROLE = 'arn:aws:iam::111122223333:role/secmon-worker-actions';

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-finding-actions' });
  state = createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName }));
  Object.assign(process.env, {
    ...workerEnvironment({ slackApiUrl: slack.url, tableName: dynamo.tableName, dynamoEndpoint: dynamo.endpoint, admins: ADMIN }),
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    WORKER_FUNCTION_NAME: 'secmon-worker',
    SLACK_BOT_ID: 'B0BOT0001',
    SLACK_BOT_USER_ID: 'U0BOT0001',
  });
  delete process.env['FINDINGS_ACK_NOTIFIED'];
  ({ handler: worker } = await import('../../../handlers/worker.js'));
  ({ handler: slackHandler } = await import('../../../handlers/slack.js'));
});
afterAll(async () => {
  await slack.stop();
  await dynamo.close();
});
beforeEach(() => {
  for (const mock of [sts, lambda, securityhub, guardduty, analyzer]) mock.reset();
  slack.reset();
  grantActionRole(sts);
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  securityhub.on(BatchUpdateFindingsCommand).callsFake((input: { FindingIdentifiers: unknown[] }) => ({ ProcessedFindings: input.FindingIdentifiers, UnprocessedFindings: [] }));
  guardduty.on(ArchiveFindingsCommand).resolves({});
  analyzer.on(UpdateFindingsCommand).resolves({});
});

let serial = 0;
/** A finding alert of `source` posted and stored as the alerts function does. */
async function postFinding(source: FindingSource, finding: Partial<FindingInfo> = {}): Promise<{ alert: Alert; message: PostedMessage }> {
  serial += 1;
  const alert = findingAlert(source, { deliveryId: `finding-${source}-${serial}`, finding });
  const message = { channel: 'C0SECMON01', ts: `1700000100.${String(serial).padStart(6, '0')}` };
  await state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
  return { alert, message };
}

const threadReplies = () => slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] !== undefined).map((call) => String(call.body['text']));
const ephemerals = () => slack.callsOf('chat.postEphemeral').map((call) => String(call.body['text']));
const nothingWritten = () => {
  expect(securityhub).not.toHaveReceivedAnyCommand();
  expect(guardduty).not.toHaveReceivedAnyCommand();
  expect(analyzer).not.toHaveReceivedAnyCommand();
};

/** The button row of the message's last update, by action id. */
function lastButtons(): string[] {
  const blocks = slack.callsOf('chat.update').at(-1)?.body['blocks'] as { type: string; elements?: { action_id?: string }[] }[];
  return blocks.filter((block) => block.type === 'actions').flatMap((block) => (block.elements ?? []).map((element) => element.action_id ?? ''));
}

async function click(actionId: string, value: string, message: PostedMessage, userId = ADMIN): Promise<void> {
  const response = await slackHandler(interaction(blockActionPayload({ actionId, value, userId, messageTs: message.ts, channelId: message.channel })), lambdaContext('secmon-slack'));
  expect(response.statusCode).toBe(200);
}

function job(action: 'finding-suppress' | 'finding-resolve', message: PostedMessage, deliveryId: string, extra: Record<string, unknown> = {}, userId = ADMIN): ActionJobPayload {
  return {
    kind: 'action',
    action,
    params: { deliveryId, message, ...extra },
    actor: { userId, userName: 'alice' },
    requestedAt: new Date().toISOString(),
    reply: { message, channel: message.channel },
    target: 'finding',
  };
}
const run = async (payload: ActionJobPayload) => worker(await submitJob(state.jobs, payload), lambdaContext('secmon-worker'));

describe('Suppress, from the button to the source', () => {
  it('GuardDuty: the button asks for a reason, the worker archives exactly the stored finding for the Slack user, the message says so', async () => {
    const { alert, message } = await postFinding('guardduty');
    const value = encodeFindingValue({ deliveryId: alert.deliveryId, source: 'guardduty' });
    await click(ACTION_IDS.findingSuppress, value, message);
    const modal = JSON.parse(String(slack.callsOf('views.open')[0]?.body['view'])) as { callback_id: string; private_metadata: string; blocks: { text?: { text: string } }[] };
    expect(modal.callback_id).toBe(FINDING_SUPPRESS_CALLBACK_ID);
    expect(modal.blocks[0]?.text?.text).toBe("At GuardDuty: archived. The reason is recorded in secmon's audit trail.");
    expect(lambda).not.toHaveReceivedAnyCommand();

    const reason = 'Weekly scanner, ticket SEC-7';
    await slackHandler(
      interaction(viewSubmissionPayload({ callbackId: FINDING_SUPPRESS_CALLBACK_ID, privateMetadata: modal.private_metadata, values: { [FINDING_SUPPRESS_BLOCK_ID]: { [FINDING_SUPPRESS_ACTION_ID]: reason } } })),
      lambdaContext('secmon-slack'),
    );
    expect(ephemerals()).toContain(':hourglass_flowing_sand: Suppressing the GuardDuty finding…');
    slack.reset();
    await worker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ACTION_ROLE, SourceIdentity: ADMIN });
    expect(guardduty).toHaveReceivedCommandTimes(ArchiveFindingsCommand, 1);
    expect(guardduty).toHaveReceivedCommandWith(ArchiveFindingsCommand, { DetectorId: alert.finding!.detectorId!, FindingIds: [alert.finding!.id] });
    expect(guardduty.commandCalls(ArchiveFindingsCommand)[0]!.args[0].input).toEqual({ DetectorId: alert.finding!.detectorId, FindingIds: [alert.finding!.id] });
    expect(threadReplies()).toEqual([`:white_check_mark: <@${ADMIN}> suppressed \`guardduty finding ${alert.finding!.id}\`: Suppressed at GuardDuty (archived): ${reason}`]);
    const update = slack.callsOf('chat.update').at(-1)!;
    expect(JSON.stringify(update.body['blocks'])).toContain(`:mute: *Suppressed at GuardDuty* (archived) by <@${ADMIN}>`);
    expect(lastButtons()).not.toContain(ACTION_IDS.findingSuppress);
    expect(lastButtons()).not.toContain(ACTION_IDS.acknowledge);
    assertWithinSlackLimits(update.body as { text: string; blocks: object[] });
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ actor: ADMIN, action: 'finding.suppress', result: 'succeeded' });
  });

  it('Security Hub: workflow SUPPRESSED with a note naming the Slack user, on the stored Id and ProductArn', async () => {
    const { alert, message } = await postFinding('securityhub');
    await run(job('finding-suppress', message, alert.deliveryId, { reason: 'Accepted risk:\nbucket is a public website' }));
    expect(securityhub.commandCalls(BatchUpdateFindingsCommand)[0]!.args[0].input).toEqual({
      FindingIdentifiers: [{ Id: alert.finding!.id, ProductArn: alert.finding!.productArn }],
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: `Accepted risk: bucket is a public website (secmon, Slack user alice ${ADMIN})`, UpdatedBy: 'secmon' },
    });
    expect(securityhub.call(0).thisValue).toBeInstanceOf(SecurityHubClient);
    expect(await (securityhub.call(0).thisValue as SecurityHubClient).config.region()).toBe('us-east-1');
    expect((await state.messages.get(message))?.state.findingAction).toMatchObject({ status: 'suppressed', by: ADMIN, atSource: true });
  });

  it('Security Hub: a note stays within 512 characters and still names the user', async () => {
    const { alert, message } = await postFinding('securityhub');
    await run(job('finding-suppress', message, alert.deliveryId, { reason: 'x'.repeat(300) }, ADMIN));
    const note = (securityhub.commandCalls(BatchUpdateFindingsCommand)[0]!.args[0].input.Note as { Text: string }).Text;
    expect(note.length).toBeLessThanOrEqual(512);
    expect(note.endsWith(`(secmon, Slack user alice ${ADMIN})`)).toBe(true);
  });

  it('Security Hub: a finding it reports unprocessed is a failure, said in words, and the finding stays open in secmon', async () => {
    securityhub.on(BatchUpdateFindingsCommand).callsFake((input: { FindingIdentifiers: unknown[] }) => ({
      ProcessedFindings: [],
      UnprocessedFindings: [{ FindingIdentifier: input.FindingIdentifiers[0], ErrorCode: 'FindingNotFound', ErrorMessage: 'Finding Not Found' }],
    }));
    const { alert, message } = await postFinding('securityhub');
    await run(job('finding-suppress', message, alert.deliveryId, { reason: 'false positive' }));
    expect(threadReplies()).toEqual([
      `:x: <@${ADMIN}>'s finding-suppress failed: Not suppressed at Security Hub: Security Hub has no such finding in the administrator account and region (it may have been deleted or aggregated elsewhere).`,
    ]);
    expect(threadReplies()[0]).not.toContain('Finding Not Found');
    expect((await state.messages.get(message))?.state.findingAction).toBeUndefined();
    expect(lastButtons()).toContain(ACTION_IDS.findingSuppress);
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'finding.suppress', result: 'failed' });
  });

  it('Access Analyzer: UpdateFindings ARCHIVED on the stored analyzer and id, the job id as client token', async () => {
    const { alert, message } = await postFinding('access-analyzer');
    const reference = await submitJob(state.jobs, job('finding-suppress', message, alert.deliveryId, { reason: 'Shared with our audit account on purpose' }));
    await worker(reference, lambdaContext('secmon-worker'));
    expect(analyzer.commandCalls(UpdateFindingsCommand)[0]!.args[0].input).toEqual({
      analyzerArn: alert.finding!.analyzerArn,
      ids: [alert.finding!.id],
      status: 'ARCHIVED',
      clientToken: reference.jobId,
    });
    expect(threadReplies()[0]).toMatch(/Suppressed at IAM Access Analyzer \(archived\): Shared with our audit account on purpose$/);
  });

  it.each(['inspector', 'macie'] as const)('%s: no write-back, so secmon records the suppression and says the finding stays open there', async (source) => {
    const { alert, message } = await postFinding(source);
    await run(job('finding-suppress', message, alert.deliveryId, { reason: 'Patched in the next AMI' }));
    nothingWritten();
    const name = source === 'inspector' ? 'Inspector' : 'Macie';
    expect(threadReplies()[0]).toContain(`Suppressed in secmon only: Patched in the next AMI. secmon does not write back to ${name}, so the finding stays open there.`);
    expect((await state.messages.get(message))?.state.findingAction).toMatchObject({ status: 'suppressed', atSource: false });
    expect(JSON.stringify(slack.callsOf('chat.update').at(-1)?.body['blocks'])).toContain(`secmon does not write back to ${name}: the finding stays open there.`);
  });
});

describe('the reason and AWS errors', () => {
  const submitReason = (privateMetadata: string, reason: string) =>
    slackHandler(
      interaction(viewSubmissionPayload({ callbackId: FINDING_SUPPRESS_CALLBACK_ID, privateMetadata, values: { [FINDING_SUPPRESS_BLOCK_ID]: { [FINDING_SUPPRESS_ACTION_ID]: reason } } })),
      lambdaContext('secmon-slack'),
    );

  it('a reason shorter than 3 characters keeps the modal open with an error, and starts nothing', async () => {
    const { alert, message } = await postFinding('guardduty');
    const value = encodeFindingValue({ deliveryId: alert.deliveryId, source: 'guardduty' });
    const result = await submitReason(JSON.stringify({ value, channel: message.channel, ts: message.ts }), ' ok ');
    expect(JSON.parse(String(result.body))).toEqual({ response_action: 'errors', errors: { [FINDING_SUPPRESS_BLOCK_ID]: 'Give a reason.' } });
    expect(lambda).not.toHaveReceivedAnyCommand();
  });

  it('a modal whose message no longer holds that finding starts nothing, and says so', async () => {
    const { message } = await postFinding('guardduty');
    const value = encodeFindingValue({ deliveryId: 'finding-guardduty-elsewhere', source: 'guardduty' });
    await submitReason(JSON.stringify({ value, channel: message.channel, ts: message.ts }), 'benign scanner');
    expect(lambda).not.toHaveReceivedAnyCommand();
    expect(ephemerals()).toEqual([':warning: secmon no longer has the details of this finding: nothing was suppressed.']);
  });

  it('an AWS error reaches Slack as a sentence, never as the raw error', async () => {
    guardduty.on(ArchiveFindingsCommand).rejects(
      Object.assign(new Error('User: arn:aws:sts::111122223333:assumed-role/secmon-worker-actions/U0ADMIN01 is not authorized to perform: guardduty:ArchiveFindings'), { name: 'AccessDeniedException' }),
    );
    const { alert, message } = await postFinding('guardduty');
    await run(job('finding-suppress', message, alert.deliveryId, { reason: 'benign scanner' }));
    expect(threadReplies()[0]).toContain("Not suppressed at GuardDuty: secmon's worker role may not archive the GuardDuty finding (access denied: check the worker's IAM policy).");
    expect(threadReplies()[0]).not.toContain('arn:aws:sts');
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'finding.suppress', result: 'failed' });
  });
});

describe('Resolve (Security Hub only)', () => {
  it('the button (with a confirm dialog) hands over a job; the worker sets RESOLVED on the stored finding', async () => {
    const { alert, message } = await postFinding('securityhub');
    await click(ACTION_IDS.findingResolve, encodeFindingValue({ deliveryId: alert.deliveryId, source: 'securityhub' }), message);
    expect(ephemerals()).toContain(':hourglass_flowing_sand: Resolving the Security Hub finding…');
    await worker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));
    expect(securityhub.commandCalls(BatchUpdateFindingsCommand)[0]!.args[0].input).toEqual({
      FindingIdentifiers: [{ Id: alert.finding!.id, ProductArn: alert.finding!.productArn }],
      Workflow: { Status: 'RESOLVED' },
      Note: { Text: `Resolved from Slack (secmon, Slack user alice ${ADMIN})`, UpdatedBy: 'secmon' },
    });
    expect(lastButtons()).not.toContain(ACTION_IDS.findingResolve);
    expect(JSON.stringify(slack.callsOf('chat.update').at(-1)?.body['blocks'])).toContain('*Resolved at Security Hub* (workflow status RESOLVED)');
  });

  it('a job asking to resolve a GuardDuty finding is refused before any role is assumed', async () => {
    const { alert, message } = await postFinding('guardduty');
    await run(job('finding-resolve', message, alert.deliveryId));
    expect(sts).not.toHaveReceivedAnyCommand();
    nothingWritten();
    expect(threadReplies()[0]).toContain('Not resolved: secmon cannot do this with a GuardDuty finding.');
    expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'finding.resolve', result: 'denied' });
  });
});

describe('refusals: nothing is written', () => {
  it("a non-admin's Suppress and Resolve are refused in Slack (no modal, no job), and the refusal is audited by the worker", async () => {
    const { alert, message } = await postFinding('securityhub');
    const value = encodeFindingValue({ deliveryId: alert.deliveryId, source: 'securityhub' });
    await click(ACTION_IDS.findingSuppress, value, message, VIEWER);
    await click(ACTION_IDS.findingResolve, value, message, VIEWER);
    expect(slack.callsOf('views.open')).toHaveLength(0);
    expect(ephemerals()).toHaveLength(2);
    for (const call of lambda.commandCalls(InvokeCommand)) await worker(invokedReference([call]), lambdaContext('secmon-worker'));
    expect(sts).not.toHaveReceivedAnyCommand();
    nothingWritten();
    const audit = await state.audit.list({ limit: 2 });
    expect(audit.map((record) => [record.actor, record.action, record.result]).sort()).toEqual([
      [VIEWER, 'finding.resolve', 'denied'],
      [VIEWER, 'finding.suppress', 'denied'],
    ]);
  });

  it("a job for a non-admin (whoever wrote it) is refused by the worker's own admin check", async () => {
    const { alert, message } = await postFinding('guardduty');
    await run(job('finding-suppress', message, alert.deliveryId, { reason: 'not mine to decide' }, VIEWER));
    expect(sts).not.toHaveReceivedAnyCommand();
    nothingWritten();
    expect(threadReplies()[0]).toContain('you are not a secmon admin');
  });

  it('a job naming another finding, account or detector acts on the stored finding only', async () => {
    const { alert, message } = await postFinding('guardduty');
    await run(job('finding-suppress', message, alert.deliveryId, { reason: 'benign', detectorId: 'f'.repeat(32), findingId: 'other', adminAccount: '999988887777' }));
    expect(guardduty.commandCalls(ArchiveFindingsCommand).map((call) => call.args[0].input)).toEqual([{ DetectorId: alert.finding!.detectorId, FindingIds: [alert.finding!.id] }]);
  });

  it('a job whose delivery id is not the alert its message shows is refused', async () => {
    const { message } = await postFinding('guardduty');
    await run(job('finding-suppress', message, 'finding-guardduty-forged', { reason: 'benign' }));
    expect(sts).not.toHaveReceivedAnyCommand();
    nothingWritten();
    expect(threadReplies()[0]).toContain('Not suppressed: the message shows another alert.');
  });

  it("a finding administered from another account is refused outside an organization, before any role is assumed", async () => {
    const { alert, message } = await postFinding('securityhub', { adminAccount: '222233334444' });
    await run(job('finding-suppress', message, alert.deliveryId, { reason: 'benign' }));
    expect(sts).not.toHaveReceivedAnyCommand();
    nothingWritten();
    expect(threadReplies()[0]).toContain("the finding is administered from account 222233334444, and secmon's worker acts in 111122223333 only");
  });

  it('an alert without a finding, and a finding already suppressed, are refused', async () => {
    const { alert, message } = await postFinding('guardduty');
    await run(job('finding-suppress', message, alert.deliveryId, { reason: 'first' }));
    slack.reset();
    await run(job('finding-suppress', message, alert.deliveryId, { reason: 'second' }));
    expect(guardduty).toHaveReceivedCommandTimes(ArchiveFindingsCommand, 1);
    expect(threadReplies()[0]).toContain(`Not suppressed: it was already suppressed by <@${ADMIN}>.`);

    const plain = { ...alert, deliveryId: 'plain-event-1', finding: undefined, source: 'event' as const };
    const plainMessage = { channel: 'C0SECMON01', ts: '1700000199.000001' };
    await state.messages.create(plainMessage, { alert: plain, state: NEW_MESSAGE_STATE }, new Date());
    slack.reset();
    await run(job('finding-suppress', plainMessage, plain.deliveryId, { reason: 'benign' }));
    expect(threadReplies()[0]).toContain('Not suppressed: this alert is not a finding of an AWS detector.');
  });
});

describe('Acknowledge and Security Hub NOTIFIED', () => {
  async function acknowledge(userId: string): Promise<{ alert: Alert; message: PostedMessage }> {
    const posted = await postFinding('securityhub');
    const value = encodeAcknowledgeValue({ deliveryId: posted.alert.deliveryId, monitorId: posted.alert.monitor!.id, groupKey: undefined });
    await click(ACTION_IDS.acknowledge, value, posted.message, userId);
    await worker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));
    return posted;
  }

  it('off by default: acknowledging changes nothing at Security Hub', async () => {
    await acknowledge(ADMIN);
    expect(sts).not.toHaveReceivedAnyCommand();
    nothingWritten();
  });

  describe('with FINDINGS_ACK_NOTIFIED=true', () => {
    let notifyingWorker: Handler<unknown, unknown>;
    beforeAll(async () => {
      vi.resetModules();
      process.env['FINDINGS_ACK_NOTIFIED'] = 'true';
      ({ handler: notifyingWorker } = await import('../../../handlers/worker.js'));
      delete process.env['FINDINGS_ACK_NOTIFIED'];
    });

    async function acknowledgeWith(userId: string): Promise<{ alert: Alert; message: PostedMessage }> {
      const posted = await postFinding('securityhub');
      const value = encodeAcknowledgeValue({ deliveryId: posted.alert.deliveryId, monitorId: posted.alert.monitor!.id, groupKey: undefined });
      await click(ACTION_IDS.acknowledge, value, posted.message, userId);
      const reference: JobReference = invokedReference(lambda.commandCalls(InvokeCommand));
      await notifyingWorker(reference, lambdaContext('secmon-worker'));
      return posted;
    }

    it("an admin's acknowledgement sets the finding NOTIFIED (no note), as the admin, audited", async () => {
      const { alert } = await acknowledgeWith(ADMIN);
      expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ACTION_ROLE, SourceIdentity: ADMIN });
      expect(securityhub.commandCalls(BatchUpdateFindingsCommand).map((call) => call.args[0].input)).toEqual([
        { FindingIdentifiers: [{ Id: alert.finding!.id, ProductArn: alert.finding!.productArn }], Workflow: { Status: 'NOTIFIED' } },
      ]);
      const audit = await state.audit.list({ limit: 3 });
      expect(audit.map((record) => `${record.action} ${record.result}`)).toEqual(expect.arrayContaining(['alert.acknowledge succeeded', 'finding.notify succeeded']));
      expect(threadReplies().at(-1)).toContain('Security Hub workflow status set to NOTIFIED.');
    });

    it("a non-admin's acknowledgement stays secmon's alone", async () => {
      await acknowledgeWith(VIEWER);
      expect(sts).not.toHaveReceivedAnyCommand();
      nothingWritten();
      expect((await state.audit.list({ limit: 1 }))[0]).toMatchObject({ actor: VIEWER, action: 'alert.acknowledge', result: 'succeeded' });
    });

    it('a finding no longer NEW, or from another source, is left alone', async () => {
      const posted = await postFinding('securityhub', { workflowStatus: 'NOTIFIED' });
      await click(ACTION_IDS.acknowledge, encodeAcknowledgeValue({ deliveryId: posted.alert.deliveryId, monitorId: posted.alert.monitor!.id, groupKey: undefined }), posted.message);
      await notifyingWorker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));
      lambda.resetHistory();
      const guard = await postFinding('guardduty');
      await click(ACTION_IDS.acknowledge, encodeAcknowledgeValue({ deliveryId: guard.alert.deliveryId, monitorId: guard.alert.monitor!.id, groupKey: undefined }), guard.message);
      await notifyingWorker(invokedReference(lambda.commandCalls(InvokeCommand)), lambdaContext('secmon-worker'));
      expect(sts).not.toHaveReceivedAnyCommand();
      nothingWritten();
    });
  });
});
