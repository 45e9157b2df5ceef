/**
 * The real alerts handler (handlers/alerts.ts) in an organization deployment: batches of the organization's queue
 * with events from several accounts, against dynalite, the local Slack Web API and mocked STS, Organizations and
 * CloudWatch Logs. Routing, account names, partial batch failures, heartbeats, and the organization alarm path.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FLOOD_POSTS_PER_MINUTE } from '../../../src/alerts/flood.js';
import { LastSeen } from '../../../src/store/last-seen/last-seen.js';
import { DynamoTable } from '../../../src/store/table/dynamo-table.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import {
  alarmStateChange,
  CENTRAL,
  heartbeat,
  HOME_REGION,
  MANAGEMENT,
  memberEvent,
  ORGANIZATION_ID,
  PROD,
  queueBatch,
  SANDBOX,
  TREE,
  UNLISTED,
} from '../../helpers/organization.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { expectDeclaredStateAccess } from '../../helpers/state-access.js';

const slack = new LocalSlackApi();
const logs = mockClient(CloudWatchLogsClient);
const cloudwatch = mockClient(CloudWatchClient);
const sts = mockClient(STSClient);
const organizations = mockClient(OrganizationsClient);
const sqs = mockClient(SQSClient);
const DEAD_LETTERS = `https://sqs.${HOME_REGION}.amazonaws.com/${CENTRAL}/secmon-org-events-dlq`;
let dynamo: LocalDynamo;
let handler: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

const DEFAULT_CHANNEL = 'C0SECMON01';
const PROD_CHANNEL = 'C0PROD0001';
const SANDBOX_CHANNEL = 'C0SANDBOX1';
const IAM_CHANNEL = 'C0IAMCHAN1';
const READER_ROLE = `arn:aws:iam::${MANAGEMENT}:role/secmon-trail-reader`;
const DIRECTORY_ROLE = `arn:aws:iam::${MANAGEMENT}:role/secmon-org-directory`;

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-state', recordRequests: true });
  Object.assign(process.env, {
    SLACK_BOT_TOKEN: 'xoxb-integration-token',
    SLACK_CHANNEL_ID: DEFAULT_CHANNEL,
    SLACK_API_URL: slack.url,
    STATE_TABLE: dynamo.tableName,
    CLOUDTRAIL_LOG_GROUP: 'aws-controltower/CloudTrailLogs',
    ALARM_TOPIC_ARN: `arn:aws:sns:${HOME_REGION}:${CENTRAL}:secmon-alarms`,
    AWS_REGION: HOME_REGION,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ORGANIZATION_ID,
    TRAIL_ACCOUNT_ID: MANAGEMENT,
    TRAIL_READER_ROLE_ARN: READER_ROLE,
    ORG_DIRECTORY_ROLE_ARN: DIRECTORY_ROLE,
    SSO_START_URL: 'https://acme.awsapps.com/start/',
    ORG_DEAD_LETTER_QUEUE_URL: DEAD_LETTERS,
    ALERT_ROUTING: JSON.stringify({
      routes: [
        { channel: IAM_CHANNEL, monitors: ['admin-policy-attached'] },
        { channel: PROD_CHANNEL, ous: ['Workloads/Prod'] },
        { channel: SANDBOX_CHANNEL, accounts: [SANDBOX] },
      ],
      accounts: { [SANDBOX]: { name: 'sandbox (configured)' } },
    }),
  });
  ({ handler } = await import('../../../handlers/alerts.js'));
});
afterAll(async () => {
  await slack.stop();
  await dynamo.close();
});

const credentials = { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) };
beforeEach(() => {
  slack.reset();
  logs.reset();
  cloudwatch.reset();
  sts.reset();
  organizations.reset();
  sqs.reset();
  sqs.on(ReceiveMessageCommand).resolves({ Messages: [] }).on(DeleteMessageCommand).resolves({});
  sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });
  organizations.on(ListRootsCommand).resolves({ Roots: [{ Id: TREE.root, Name: 'Root' }] });
  organizations
    .on(ListAccountsForParentCommand, { ParentId: TREE.root })
    .resolves({ Accounts: [{ Id: MANAGEMENT, Name: 'management', Status: 'ACTIVE' }, { Id: CENTRAL, Name: 'security-tooling', Status: 'ACTIVE' }] })
    .on(ListAccountsForParentCommand, { ParentId: TREE.workloads.id })
    .resolves({ Accounts: [] })
    .on(ListAccountsForParentCommand, { ParentId: TREE.prod.id })
    // Two pages: the walk follows NextToken.
    .resolvesOnce({ Accounts: [{ Id: PROD, Name: 'payments-prod', Status: 'ACTIVE' }], NextToken: 'page-2' })
    .resolves({ Accounts: [{ Id: '555566667777', Name: 'closed', Status: 'SUSPENDED' }] });
  organizations
    .on(ListOrganizationalUnitsForParentCommand, { ParentId: TREE.root })
    .resolves({ OrganizationalUnits: [{ Id: TREE.workloads.id, Name: TREE.workloads.name }] })
    .on(ListOrganizationalUnitsForParentCommand, { ParentId: TREE.workloads.id })
    .resolves({ OrganizationalUnits: [{ Id: TREE.prod.id, Name: TREE.prod.name }] })
    .on(ListOrganizationalUnitsForParentCommand, { ParentId: TREE.prod.id })
    .resolves({ OrganizationalUnits: [] });
});

const sweep = (id: string) => handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', id, resources: [], detail: {} }, lambdaContext());
const posts = () => slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] === undefined);
const postIn = (channel: string) => posts().filter((call) => call.body['channel'] === channel);

describe('alerts handler in an organization', () => {
  it('lists the organization on the sweep through the directory role, once, then names accounts from the cache', async () => {
    await sweep('sweep-directory');
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: DIRECTORY_ROLE, RoleSessionName: 'secmon-alerts' });
    expect(organizations).toHaveReceivedCommandTimes(ListAccountsForParentCommand, 4);
    organizations.resetHistory();
    await sweep('sweep-directory-again');
    expect(organizations).not.toHaveReceivedAnyCommand();
  });

  it('routes a batch from several accounts by OU, account and monitor, naming each account, default channel for the rest', async () => {
    const batch = queueBatch([
      memberEvent('eventbridge/sg-open-to-world.json', PROD),
      memberEvent('eventbridge/kms-key-deletion.json', SANDBOX),
      memberEvent('eventbridge/admin-policy-attached.json', PROD),
      memberEvent('eventbridge/cloudtrail-tampering.json', CENTRAL),
    ]);
    const response = await handler(batch, lambdaContext());
    expect(response).toEqual({ batchItemFailures: [] });

    const [prod] = postIn(PROD_CHANNEL);
    expect(postIn(PROD_CHANNEL)).toHaveLength(1);
    expect(prod!.body['text']).toMatch(/Security group opened/);
    expect(JSON.stringify(prod!.body['blocks'])).toContain(`\`${PROD}\` payments-prod · Workloads/Prod`);
    // Console links sign in to the account through the access portal.
    expect(JSON.stringify(prod!.body['blocks'])).toContain(`https://acme.awsapps.com/start/#/console?account_id=${PROD}&destination=https%3A%2F%2Feu-west-1.console.aws.amazon.com%2Fcloudtrailv2`);

    expect(postIn(SANDBOX_CHANNEL)).toHaveLength(1);
    expect(JSON.stringify(postIn(SANDBOX_CHANNEL)[0]!.body['blocks'])).toContain('sandbox (configured)');
    // The first matching route wins: a monitor route before the OU route.
    expect(postIn(IAM_CHANNEL)).toHaveLength(1);
    expect(postIn(DEFAULT_CHANNEL)).toHaveLength(1);
    expect(JSON.stringify(postIn(DEFAULT_CHANNEL)[0]!.body['blocks'])).toContain('security-tooling');
  });

  it('reports only the record Slack failed on; the rest of the batch is posted, and the retried record posts once', async () => {
    const failing = memberEvent('eventbridge/mfa-deactivated.json', PROD);
    const batch = queueBatch([memberEvent('eventbridge/s3-bucket-policy-changed.json', CENTRAL), failing, memberEvent('eventbridge/sns-topic-deleted.json', CENTRAL)]);
    // Every post of the second record fails (Slack's internal_error); the others succeed.
    const isMfaAlert = (body: Record<string, unknown>) => /MFA/.test(String(body['text']));
    const response = (await withFailingPosts(isMfaAlert, () => handler(batch, lambdaContext()))) as { batchItemFailures: { itemIdentifier: string }[] };
    expect(response.batchItemFailures).toHaveLength(1);
    expect(response.batchItemFailures[0]!.itemIdentifier).toBe(batch.Records[1]!['messageId']);
    const delivered = posts().filter((call) => call.response?.['ok'] === true);
    expect(delivered.map((call) => String(call.body['text']))).toEqual([expect.stringMatching(/bucket policy/i), expect.stringMatching(/SNS topic/i)]);

    slack.reset();
    await handler(queueBatch([failing]), lambdaContext());
    await handler(queueBatch([failing]), lambdaContext()); // SQS delivers at least once: a second copy posts nothing
    expect(posts()).toHaveLength(1);
    expect(String(posts()[0]!.body['text'])).toMatch(/MFA/);
  });

  it('records heartbeats and events as the last seen per account and region, posting nothing for a heartbeat', async () => {
    // Later than the events of the tests above: last-seen keeps the latest event of each account and region.
    const time = '2026-11-20T13:00:00Z';
    const response = await handler(queueBatch([heartbeat(PROD, 'eu-west-1', time), heartbeat(PROD, 'us-east-1', time), heartbeat(SANDBOX, 'eu-west-1', time)]), lambdaContext());
    expect(response).toEqual({ batchItemFailures: [] });
    expect(posts()).toHaveLength(0);
    const seen = await new LastSeen(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName })).list();
    expect(seen).toEqual(
      expect.arrayContaining([
        { accountId: PROD, region: 'eu-west-1', atMs: Date.parse(time), source: 'heartbeat' },
        { accountId: PROD, region: 'us-east-1', atMs: Date.parse(time), source: 'heartbeat' },
        { accountId: SANDBOX, region: 'eu-west-1', atMs: Date.parse(time), source: 'heartbeat' },
      ]),
    );
  });

  it('an unlisted account shows by id and makes the next sweep list the organization again', async () => {
    await handler(queueBatch([memberEvent('eventbridge/lambda-code-changed.json', UNLISTED)]), lambdaContext());
    expect(JSON.stringify(posts()[0]!.body['blocks'])).toContain(`\`${UNLISTED}\``);
    organizations.resetHistory();
    // Too soon after the last listing (EARLY_REFRESH_MS): not yet.
    await sweep('sweep-early');
    expect(organizations).not.toHaveReceivedAnyCommand();
  });

  it("organization alarm path: the trail account's alarm, enriched through its reader role, names the account of the calls; OK resolves it", async () => {
    const record = memberEvent('eventbridge/root-activity.json', SANDBOX)['detail'];
    logs.on(FilterLogEventsCommand).resolves({ events: [{ message: JSON.stringify(record), timestamp: Date.now() }] });
    const alarm = alarmStateChange({ account: MANAGEMENT, alarmName: 'secmon-cis-root-usage', state: 'ALARM', previous: 'OK', time: '2026-11-20T11:05:31Z' });
    expect(await handler(queueBatch([alarm]), lambdaContext())).toEqual({ batchItemFailures: [] });
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: READER_ROLE });
    expect(logs).toHaveReceivedCommandWith(FilterLogEventsCommand, { logGroupName: 'aws-controltower/CloudTrailLogs', filterPattern: expect.stringContaining('Root') });
    expect(posts()).toHaveLength(1);
    const blocks = JSON.stringify(posts()[0]!.body['blocks']);
    expect(blocks).toContain('ConsoleLogin');
    // The alert names the account the calls were made in (recipientAccountId), not the trail owner's.
    expect(blocks).toContain(`\`${SANDBOX}\` sandbox (configured)`);
    expect(posts()[0]!.body['channel']).toBe(SANDBOX_CHANNEL);

    const ok = alarmStateChange({ account: MANAGEMENT, alarmName: 'secmon-cis-root-usage', state: 'OK', previous: 'ALARM', time: '2026-11-20T11:20:31Z' });
    await handler(queueBatch([ok]), lambdaContext());
    // CloudWatch's own event: no DescribeAlarms needed (and none allowed across accounts).
    expect(cloudwatch).not.toHaveReceivedAnyCommand();
    expect(posts()).toHaveLength(1);
    const update = slack.callsOf('chat.update').at(-1)!;
    expect(update.body['ts']).toBe(posts()[0]!.response!['ts']);
    expect(JSON.stringify(update.body['blocks'])).toMatch(/[Rr]esolved/);
  });

  it('an alarm state change from any other account, or with a forged source, is shown as untrusted and changes nothing', async () => {
    const fromMember = alarmStateChange({ account: PROD, alarmName: 'secmon-cis-root-usage', state: 'ALARM', previous: 'OK', time: '2026-11-20T12:00:00Z' });
    const forged = alarmStateChange({ account: MANAGEMENT, alarmName: 'secmon-cis-root-usage', state: 'OK', previous: 'ALARM', time: '2026-11-20T12:00:00Z', source: 'acme.cloudwatch' });
    await handler(queueBatch([fromMember, forged]), lambdaContext());
    expect(posts()).toHaveLength(2);
    for (const post of posts()) expect(String(post.body['text'])).toMatch(/Untrusted alarm state change/);
    expect(logs).not.toHaveReceivedAnyCommand();
    expect(slack.callsOf('chat.update')).toHaveLength(0);
  });
});

describe('a storm over routed channels', () => {
  it("each channel has its own post budget, and the sweep posts each channel's flood summary in that channel", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-20T15:00:00Z'));
      await sweep('sweep-before-storm'); // the directory is listed (PROD's OU routes it)
      slack.reset();
      const EACH = FLOOD_POSTS_PER_MINUTE + 5;
      /** A refused call by a principal of its own (a group of its own) in `account`. */
      const refused = (account: string, n: number) => {
        const event = memberEvent('eventbridge/unauthorized-api-calls.json', account) as { detail: { userIdentity: { arn: string } } };
        event.detail.userIdentity.arn = `arn:aws:iam::${account}:user/probe-${n}`;
        return event;
      };
      for (let n = 0; n < EACH; n += 5) {
        const records = [PROD, SANDBOX].flatMap((account) => Array.from({ length: 5 }, (_, i) => refused(account, n + i)));
        expect(await handler(queueBatch(records), lambdaContext())).toEqual({ batchItemFailures: [] });
      }
      expect(postIn(PROD_CHANNEL)).toHaveLength(FLOOD_POSTS_PER_MINUTE);
      expect(postIn(SANDBOX_CHANNEL)).toHaveLength(FLOOD_POSTS_PER_MINUTE);

      vi.setSystemTime(new Date('2026-11-20T15:01:31Z'));
      await sweep('sweep-after-storm');
      for (const channel of [PROD_CHANNEL, SANDBOX_CHANNEL]) {
        const summaries = postIn(channel).slice(FLOOD_POSTS_PER_MINUTE);
        expect(summaries).toHaveLength(1);
        expect(String(summaries[0]!.body['text'])).toMatch(/\b5 alerts held back/);
      }
      expect(postIn(DEFAULT_CHANNEL)).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the organization queue's dead letters", () => {
  it('the sweep processes them again as queued events and removes them; one that keeps failing is reported, then removed', async () => {
    const again = memberEvent('eventbridge/config-disabled.json', PROD);
    const broken = { id: 'broken-1', 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', detail: 'not a record' };
    sqs.on(ReceiveMessageCommand, { QueueUrl: DEAD_LETTERS }).resolves({
      Messages: [
        { MessageId: 'd1', ReceiptHandle: 'r1', Body: JSON.stringify(again), Attributes: { ApproximateReceiveCount: '1' } },
        { MessageId: 'd2', ReceiptHandle: 'r2', Body: JSON.stringify(broken), Attributes: { ApproximateReceiveCount: '5' } },
      ],
    });
    await sweep('sweep-dead-letters');
    expect(postIn(PROD_CHANNEL).map((call) => String(call.body['text']))).toEqual([expect.stringMatching(/Config/)]);
    const notice = postIn(DEFAULT_CHANNEL).find((call) => /could not process/.test(String(call.body['text'])));
    expect(JSON.stringify(notice?.body['blocks'])).toContain('An organization event failed on the queue and 5 more times');
    expect(sqs).toHaveReceivedCommandWith(DeleteMessageCommand, { QueueUrl: DEAD_LETTERS, ReceiptHandle: 'r1' });
    expect(sqs).toHaveReceivedCommandWith(DeleteMessageCommand, { QueueUrl: DEAD_LETTERS, ReceiptHandle: 'r2' });
  });
});

describe('state access', () => {
  it('uses exactly its declared organization state access besides the single-account one (src/store/access.ts)', () => {
    expectDeclaredStateAccess('alerts', dynamo.requests, 'AKIDLOCAL', 'organization');
  });
});

/** Runs `act` while the local Slack API fails every chat.postMessage whose body `matches` (as Slack's 500s would). */
async function withFailingPosts<T>(matches: (body: Record<string, unknown>) => boolean, act: () => Promise<T>): Promise<T> {
  const server = slack as unknown as { answer: (method: string, body: Record<string, unknown>) => Record<string, unknown> };
  const answer = server.answer.bind(slack);
  server.answer = (method, body) => (method === 'chat.postMessage' && matches(body) ? { ok: false, error: 'internal_error' } : answer(method, body));
  try {
    return await act();
  } finally {
    server.answer = answer;
  }
}
