/**
 * The organization's buffer: EventBridge puts every event the central bus's rules match on an SQS queue, and Lambda
 * hands the alerts function batches of it (event source mapping with ReportBatchItemFailures). A record whose
 * processing fails is reported back by its message id, so only it becomes visible again and is retried (after the
 * queue's visibility timeout), and after the queue's maxReceiveCount it moves to the queue's own dead-letter queue;
 * the others are deleted. Nothing in a batch is lost because another record failed, and a burst waits in the queue
 * instead of failing against Slack's rate limits. (Lambda Developer Guide, "Handling errors for an SQS event source
 * in Lambda": partial batch responses.)
 *
 * Records are processed one at a time, in the order received: an alarm's ALARM before its OK within a batch.
 */
import { isJsonObject, type JsonObject } from '../cloudtrail/record.js';
import { isSecmonError, SecmonError } from '../errors.js';

export interface QueueRecord {
  readonly messageId: string;
  readonly body: string;
}

export interface BatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

/** An SQS event source batch: `Records` whose every element is an `aws:sqs` record. */
export function isQueueBatch(event: unknown): event is { Records: QueueRecord[] } {
  if (!isJsonObject(event) || !Array.isArray(event['Records']) || event['Records'].length === 0) return false;
  return event['Records'].every(
    (record) => isJsonObject(record) && record['eventSource'] === 'aws:sqs' && typeof record['messageId'] === 'string' && typeof record['body'] === 'string',
  );
}

export interface BatchLogger {
  warn(message: string, details: Record<string, unknown>): void;
}

/**
 * Runs `process` for each record's body (parsed JSON; an unreadable body is a failure) and reports the failed
 * ones. The batch itself never throws: a thrown error would make Lambda retry the whole batch.
 */
export async function processQueueBatch(
  records: readonly QueueRecord[],
  process: (envelope: JsonObject, record: QueueRecord) => Promise<void>,
  logger: BatchLogger,
): Promise<BatchResponse> {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    try {
      await process(parseBody(record), record);
    } catch (error) {
      failures.push({ itemIdentifier: record.messageId });
      logger.warn('queued event failed; it will be retried', {
        messageId: record.messageId,
        error: error instanceof Error ? { name: error.name, message: error.message, ...(isSecmonError(error) ? { code: error.code } : {}) } : String(error),
      });
    }
  }
  return { batchItemFailures: failures };
}

function parseBody(record: QueueRecord): JsonObject {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch (error) {
    throw new SecmonError('INPUT_INVALID', `queued message ${record.messageId} is not JSON`, { cause: error });
  }
  if (!isJsonObject(body)) throw new SecmonError('INPUT_INVALID', `queued message ${record.messageId} is not an EventBridge event (not an object)`);
  return body;
}
