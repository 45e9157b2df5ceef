/**
 * The dead-letter queue drained by the real alerts handler's sweep (handlers/alerts.ts; dynalite, the local Slack
 * API, SQS mocked as the API answers): an alert that failed while Slack was down is posted once Slack is back and
 * removed from the queue; a worker failure or an input that keeps failing is reported in Slack and removed; nothing
 * is removed while Slack still fails.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { alertsEnvironment } from '../../helpers/alerts-environment.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { ALARM_TOPIC_ARN, loadEvent } from '../../unit/alerts/fixtures.js';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/secmon-failed-invocations';
const ALERTS_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:secmon-alerts';
const slack = new LocalSlackApi();
const sqs = mockClient(SQSClient);
let dynamo: LocalDynamo;
let handler: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;
const sweepEvent = { version: '0', id: 'sweep-1', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '111122223333', time: '2026-11-20T10:00:00Z', region: 'us-east-1', resources: [], detail: {} };

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-redrive' });
  Object.assign(process.env, {
    ...alertsEnvironment({ slackApiUrl: slack.url, tableName: dynamo.tableName, dynamoEndpoint: dynamo.endpoint, botToken: 'xoxb-redrive-token', alarmTopicArn: ALARM_TOPIC_ARN }),
    FAILED_INVOCATIONS_QUEUE_URL: QUEUE_URL,
  });
  ({ handler } = await import('../../../handlers/alerts.js'));
});
afterAll(async () => {
  await slack.stop();
  await dynamo.close();
});
beforeEach(() => {
  slack.reset();
  sqs.reset();
  sqs.on(DeleteMessageCommand).resolves({});
});

let serial = 0;
/** A record as Lambda's on-failure destination writes it. */
function record(functionArn: string, payload: unknown, receiveCount = 1): Message {
  serial += 1;
  return {
    MessageId: `m-${serial}`,
    ReceiptHandle: `receipt-${serial}`,
    Attributes: { ApproximateReceiveCount: String(receiveCount) },
    Body: JSON.stringify({
      version: '1.0',
      timestamp: '2026-11-20T09:58:00.000Z',
      requestContext: { requestId: `req-${serial}`, functionArn: `${functionArn}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: payload,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'SecmonError', errorMessage: 'Slack chat.postMessage failed: ratelimited' },
    }),
  };
}
/** A world-open security group change on a group of its own (so its own alert group). */
const opened = () => {
  const event = structuredClone(loadEvent('eventbridge/sg-open-to-world.json')) as Record<string, unknown> & { detail: { requestParameters: { groupId: string } } };
  event['id'] = `redrive-${(serial += 1)}`;
  event.detail.requestParameters.groupId = `sg-0redrive${String(serial).padStart(8, '0')}`;
  return event;
};
const sweep = () => handler(sweepEvent, lambdaContext('secmon-alerts'));
const deleted = () => sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input.ReceiptHandle);
const posts = () => slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] === undefined);

describe('the sweep drains the dead-letter queue', () => {
  it('posts an alert that failed while Slack was down, once, and removes its record', async () => {
    const failed = record(ALERTS_ARN, opened());
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [failed] });
    await sweep();
    expect(sqs).toHaveReceivedCommandWith(ReceiveMessageCommand, { QueueUrl: QUEUE_URL, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] });
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body['text']).toMatch(/Security group opened to the internet/);
    expect(deleted()).toEqual([failed.ReceiptHandle]);
    // Delivered again (the delete had failed, say): dedupe posts nothing more.
    await sweep();
    expect(posts()).toHaveLength(1);
  });

  it('removes nothing while Slack still fails, and drains the queue once Slack is back', async () => {
    const failed = [record(ALERTS_ARN, opened()), record(ALERTS_ARN, opened())];
    sqs.on(ReceiveMessageCommand).resolves({ Messages: failed });
    slack.failNext('chat.postMessage', { status: 500 }, 100);
    await sweep().catch(() => undefined);
    expect(deleted()).toEqual([]);
    slack.reset();
    await sweep();
    expect(posts()).toHaveLength(2);
    expect(deleted()).toEqual(failed.map((message) => message.ReceiptHandle));
  });

  it("reports a worker's failed action in Slack and removes it, never running the action again", async () => {
    const job = { v: 1, id: 'job-1', action: 'revert', actor: { userId: 'U0ADMIN01' } };
    const failed = record('arn:aws:lambda:us-east-1:111122223333:function:secmon-worker', job);
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [failed] });
    await sweep();
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body['text']).toMatch(/secmon could not process an invocation/);
    expect(JSON.stringify(posts()[0]!.body['blocks'])).toMatch(/secmon-worker failed after its retries \(an action is never re-run by itself/);
    expect(deleted()).toEqual([failed.ReceiptHandle]);
  });

  it('reports an input that keeps failing after five receives, bounded, and removes it', async () => {
    const failed = record(ALERTS_ARN, { note: 'z'.repeat(100_000) }, 5);
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [failed] });
    await sweep();
    expect(posts()).toHaveLength(1);
    expect(JSON.stringify(posts()[0]!.body).length).toBeLessThan(20_000);
    expect(deleted()).toEqual([failed.ReceiptHandle]);
  });

  it('reports a record that is not an invocation record, and removes it', async () => {
    const junk: Message = { MessageId: 'junk', ReceiptHandle: 'receipt-junk', Body: 'not json', Attributes: { ApproximateReceiveCount: '1' } };
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [junk] });
    await sweep();
    expect(JSON.stringify(posts()[0]!.body['blocks'])).toMatch(/could not be read/);
    expect(deleted()).toEqual(['receipt-junk']);
  });

  it('goes on with the sweep when the queue cannot be read', async () => {
    sqs.on(ReceiveMessageCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(sweep()).resolves.toMatchObject({ kind: 'sweep', redrive: undefined });
  });
});
