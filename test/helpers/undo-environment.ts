/**
 * The environment of the undo tests (test/integration/undo/): the real Slack function and worker (handlers/) with
 * dynalite, the local Slack Web API and the AWS clients mocked (each test says what AWS answers, as its API
 * reference documents). Call `undoEnvironment()` at the top of a test file: it registers the hooks and gives the
 * steps of an undo as a user makes it (an alert posted from a recorded event, a click on Undo, a job written
 * directly as an attacker or a second admin would).
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { encodeUndoValue } from '../../blocks/action-values.js';
import { ACTION_IDS } from '../../blocks/ids.js';
import { NEW_MESSAGE_STATE, type Alert } from '../../src/alerts/model.js';
import type { PostedMessage } from '../../src/alerts/ports.js';
import { undoSubject } from '../../blocks/undo.js';
import { undoTargetOf } from '../../src/alerts/undo/target.js';
import type { ActionJobPayload, JobReference } from '../../src/slack/app/job.js';
import { createStateStores, type StateStores } from '../../src/store/index.js';
import { DynamoTable } from '../../src/store/table/dynamo-table.js';
import { eventAlert } from './alerts.js';
import { startDynalite, type LocalDynamo } from './dynalite.js';
import { invokedReference, submitJob } from './jobs.js';
import { lambdaContext } from './lambda-context.js';
import { LocalSlackApi } from './slack-server.js';
import { TEST_SIGNING_SECRET, blockActionPayload, interaction } from './slack-requests.js';
import { grantActionRole, workerEnvironment } from './worker-environment.js';

export const ADMIN = 'U0ADMIN01';
export const OTHER_ADMIN = 'U0ADMIN02';
/** The worker's action role in its own account (111122223333). */
export const ACTION_ROLE = 'arn:aws:iam::111122223333:role/secmon-worker-actions';
/** ADMIN acts in AWS as mallory, OTHER_ADMIN as bob (SecmonIdentityMap): Keep's four-eyes rule compares these. */
export const MALLORY = 'arn:aws:iam::111122223333:user/mallory';

/** The member role the worker assumes in `account` in an organization deployment. */
export const memberRole = (account: string) => `arn:aws:iam::${account}:role/secmon-member-actions`;
/** STS answers each role with its own access key, so a test can tell which session a client used. */
export const sessionKeyOf = (roleArn: string) => `ASIA${roleArn.split(':')[4]}`;

/**
 * `organization`: the worker is the central stack of an AWS Organization (its own account 111122223333 is the
 * delegated administrator), so an undo acts in the alert's account through that account's member role.
 */
export function undoEnvironment(tableName: string, options: { readonly organization?: boolean } = {}) {
  const slack = new LocalSlackApi();
  const mocks = {
    sts: mockClient(STSClient),
    lambda: mockClient(LambdaClient),
    ec2: mockClient(EC2Client),
    guardduty: mockClient(GuardDutyClient),
    iam: mockClient(IAMClient),
    cloudtrail: mockClient(CloudTrailClient),
    config: mockClient(ConfigServiceClient),
    kms: mockClient(KMSClient),
    rds: mockClient(RDSClient),
  };
  let dynamo: LocalDynamo;
  let state: StateStores | undefined;
  let worker: ((event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>) | undefined;
  let slackHandler: ((event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>) | undefined;

  beforeAll(async () => {
    await slack.start();
    dynamo = await startDynalite({ tableName });
    state = createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName }));
    Object.assign(process.env, {
      ...workerEnvironment({
        slackApiUrl: slack.url,
        tableName: dynamo.tableName,
        dynamoEndpoint: dynamo.endpoint,
        admins: `${ADMIN},${OTHER_ADMIN}`,
        identityMap: `${ADMIN}=${MALLORY},${OTHER_ADMIN}=arn:aws:iam::111122223333:user/bob`,
      }),
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      WORKER_FUNCTION_NAME: 'secmon-worker',
      SLACK_BOT_ID: 'B0BOT0001',
      SLACK_BOT_USER_ID: 'U0BOT0001',
      ...(options.organization === true
        ? {
            ORGANIZATION_ID: 'o-a1b2c3d4e5',
            ORG_EVENT_BUS_ARN: 'arn:aws:events:us-east-1:111122223333:event-bus/secmon-org',
            ORG_EVENTS_QUEUE_ARN: 'arn:aws:sqs:us-east-1:111122223333:secmon-org-events',
            TRAIL_ACCOUNT_ID: '999988887777',
          }
        : {}),
    });
    ({ handler: worker } = await import('../../handlers/worker.js'));
    ({ handler: slackHandler } = await import('../../handlers/slack.js'));
  });
  afterAll(async () => {
    await slack.stop();
    await dynamo.close();
  });
  beforeEach(() => {
    slack.reset();
    for (const mock of Object.values(mocks)) mock.reset();
    if (options.organization === true) {
      mocks.sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => ({
        Credentials: { AccessKeyId: sessionKeyOf(input.RoleArn), SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 900_000) },
      }));
    } else {
      grantActionRole(mocks.sts);
    }
    mocks.lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    slack.setUser(OTHER_ADMIN, { email: 'bob@example.com' });
  });

  const stores = (): StateStores => state ?? fail('the state table');
  let counter = 0;

  /** An alert of `record` (its undo target as the alerts function builds it), posted and stored as Slack shows it. */
  async function postedAlert(record: unknown, overrides: Partial<Alert> = {}): Promise<{ alert: Alert; message: PostedMessage }> {
    counter += 1;
    const alert = eventAlert({ deliveryId: `${tableName}-${counter}`, region: 'eu-west-1', undo: undoTargetOf(record), ...overrides });
    const message = { channel: 'C0SECMON01', ts: `1700000003.${String(counter).padStart(6, '0')}` };
    await stores().messages.create(message, { alert, state: NEW_MESSAGE_STATE }, new Date());
    return { alert, message };
  }

  /**
   * Clicks the alert's Undo button as Slack sends it (`enableKey`: a KMS key deletion's "Cancel deletion and enable
   * key" button; `value`: what a tampered button sends instead); the worker reference the Slack function invoked, if any.
   */
  async function clickUndo(alert: Alert, message: PostedMessage, user = ADMIN, click: { readonly enableKey?: boolean; readonly value?: string } = {}): Promise<JobReference | undefined> {
    const enableKey = click.enableKey === true;
    const value = click.value ?? encodeUndoValue({ deliveryId: alert.deliveryId, target: alert.undo!, enableKey });
    const actionId = enableKey ? ACTION_IDS.undoEnable : ACTION_IDS.undo;
    await (slackHandler ?? fail('the Slack handler'))(interaction(blockActionPayload({ actionId, value, userId: user, messageTs: message.ts })), lambdaContext('secmon-slack'));
    const calls = mocks.lambda.commandCalls(InvokeCommand);
    return calls.length === 0 ? undefined : invokedReference(calls);
  }

  /** Runs the worker on a job reference, as Lambda invokes it. */
  async function runWorker(reference: JobReference | undefined): Promise<unknown> {
    return (worker ?? fail('the worker'))(reference, lambdaContext('secmon-worker'));
  }

  /** A job written straight to the state table (what a second admin's click or a forged request would leave). */
  async function submit(action: 'undo' | 'keep', alert: Alert, message: PostedMessage, user: string, extra: Record<string, unknown> = {}): Promise<JobReference> {
    const payload: ActionJobPayload = {
      kind: 'action',
      action,
      params: { deliveryId: alert.deliveryId, message, ...extra },
      actor: { userId: user },
      requestedAt: new Date().toISOString(),
      reply: { message, channel: message.channel },
      target: alert.undo === undefined ? 'unknown' : undoSubject(alert.undo),
    };
    return submitJob(stores().jobs, payload);
  }

  /** The blocks of the last chat.update of the message, as JSON text. */
  const lastUpdate = (message: PostedMessage) => JSON.stringify(slack.callsOf('chat.update').filter((call) => call.body['ts'] === message.ts).at(-1)?.body['blocks']);
  /** The texts posted in the message's thread (the worker's replies). */
  const threadReplies = (message: PostedMessage) =>
    slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] === message.ts).map((call) => String(call.body['text']));
  /** A mock's calls as [command name, input] pairs, to compare with exactly what was sent. */
  const sent = (mock: { calls(): readonly { args: readonly [unknown, ...unknown[]] }[] }) =>
    mock.calls().map((call) => [(call.args[0] as object).constructor.name, (call.args[0] as { input: unknown }).input]);

  return { slack, ...mocks, state: stores, postedAlert, clickUndo, runWorker, submit, lastUpdate, threadReplies, sent };
}

function fail(what: string): never {
  throw new Error(`${what} is set up in beforeAll: use it inside a test`);
}
