/**
 * The dead-letter queue of the asynchronous invocations, over SQS, for the sweep's redrive (src/alerts/redrive.ts).
 * The SQS client is loaded and built on the first sweep that needs it (once per cold start): the alerts function's
 * event path never pays for it.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { FailedInvocation, FailedInvocationQueue } from '../alerts/redrive.js';

/** Long enough to process a batch before the records become visible again for the next sweep. */
const VISIBILITY_SECONDS = 120;

export function sqsFailedInvocationQueue(queueUrl: string): FailedInvocationQueue {
  let client: Promise<{ sqs: SQSClient; sdk: typeof import('@aws-sdk/client-sqs') }> | undefined;
  const sqs = () =>
    (client ??= import('@aws-sdk/client-sqs').then((sdk) => ({ sdk, sqs: new sdk.SQSClient({ maxAttempts: 3 }) })));
  return {
    async receive(): Promise<FailedInvocation[]> {
      const { sqs: client, sdk } = await sqs();
      const out = await client.send(
        new sdk.ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: VISIBILITY_SECONDS,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      return (out.Messages ?? [])
        .filter((message) => message.ReceiptHandle !== undefined)
        .map((message) => ({
          id: message.ReceiptHandle!,
          body: message.Body ?? '',
          receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1'),
        }));
    },
    async remove(id) {
      const { sqs: client, sdk } = await sqs();
      await client.send(new sdk.DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: id }));
    },
  };
}
