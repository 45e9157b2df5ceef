/**
 * The way back from the dead-letter queue. Lambda puts an asynchronous invocation there after its retries (alerts:
 * Slack down or rate-limiting for minutes, a bug; the worker: an unexpected failure), as an "invocation record"
 * (`requestContext.functionArn`, `requestPayload`, ...). Every sweep takes up to one batch:
 * - an alerts function record is processed again (the same path as a live invocation: normalise, dedupe, pipeline),
 *   and deleted once that succeeds; delivery dedupe keeps a record that half-succeeded before from posting twice;
 * - a record that keeps failing (MAX_ATTEMPTS receives), or one from another function (the worker: an action must
 *   never be re-run by itself), is reported in Slack as a notification, bounded, and then deleted: drained and seen,
 *   never silently dropped;
 * - while Slack itself fails, the batch stops at the first failure and the rest waits for the next sweep.
 * Anything unexpected in a record (not JSON, no payload) is reported the same way. The queue policy lets only
 * secmon's functions send to it, so its records are Lambda's.
 */
import { isJsonObject, type JsonObject } from '../cloudtrail/record.js';
import { isSecmonError } from '../errors.js';
import { clipText, RAW_TEXT_LIMIT } from './bounds.js';
import { alertOf } from './normalise/alert.js';
import { NEW_MESSAGE_STATE } from './model.js';
import type { AlertRenderer, SlackMessenger } from './ports.js';

/** Receives after which a record is reported instead of tried again (one sweep a minute: about five minutes). */
export const MAX_ATTEMPTS = 5;

export interface FailedInvocation {
  readonly id: string;
  readonly body: string;
  /** SQS ApproximateReceiveCount, this receive included. */
  readonly receiveCount: number;
}

/** The queue, as the sweep uses it (src/aws/failed-invocations.ts over SQS). */
export interface FailedInvocationQueue {
  receive(): Promise<readonly FailedInvocation[]>;
  remove(id: string): Promise<void>;
}

export interface RedriveDeps {
  readonly queue: FailedInvocationQueue;
  /**
   * What the queue holds: Lambda's records of failed invocations, of which the alerts function's (by its unqualified
   * ARN) are processed again; or, in an organization, EventBridge events that failed on the organization's queue
   * (its own dead-letter queue), each processed again as it is.
   */
  readonly holds: { readonly kind: 'invocation-records'; readonly alertsFunctionArn: string } | { readonly kind: 'events' };
  /** Processes an alerts function payload as a live invocation would. */
  readonly process: (payload: unknown) => Promise<unknown>;
  readonly slack: SlackMessenger;
  readonly render: AlertRenderer;
  readonly channel: string;
  readonly now: () => Date;
}

export interface RedriveReport {
  readonly redriven: number;
  readonly reported: number;
  /** Left for a later sweep (their processing failed this time). */
  readonly deferred: number;
}

export async function redriveFailedInvocations(deps: RedriveDeps): Promise<RedriveReport> {
  const report = { redriven: 0, reported: 0, deferred: 0 };
  const records = await deps.queue.receive();
  for (const [index, record] of records.entries()) {
    const parsed = parseRecord(record.body);
    try {
      const payload = parsed === undefined ? undefined : payloadOf(parsed, deps);
      if (payload !== undefined && record.receiveCount < MAX_ATTEMPTS) {
        try {
          await deps.process(payload);
          await deps.queue.remove(record.id);
          report.redriven += 1;
          continue;
        } catch (error) {
          // Slack failing again: the others would fail the same way; they wait for the next sweep.
          if (isSecmonError(error, 'SLACK_API')) {
            report.deferred += records.length - index;
            return report;
          }
          report.deferred += 1;
          continue;
        }
      }
      await deps.slack.post(deps.channel, deps.render(failureNotice(record, parsed, deps), NEW_MESSAGE_STATE));
      await deps.queue.remove(record.id);
      report.reported += 1;
    } catch {
      report.deferred += records.length - index;
      return report;
    }
  }
  return report;
}

function parseRecord(body: string): JsonObject | undefined {
  try {
    const value = JSON.parse(body) as unknown;
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function functionArnOf(record: JsonObject): string | undefined {
  const context = record['requestContext'];
  const arn = isJsonObject(context) ? context['functionArn'] : undefined;
  return typeof arn === 'string' ? arn : undefined;
}

/** What to process again: an alerts invocation's payload, or the queued event itself; undefined when not ours. */
function payloadOf(record: JsonObject, deps: RedriveDeps): unknown {
  if (deps.holds.kind === 'events') return record;
  return isAlertsRecord(record, deps.holds.alertsFunctionArn) ? record['requestPayload'] : undefined;
}

/** The record names the alerts function, unqualified or with a version or alias, and carries a payload. */
function isAlertsRecord(record: JsonObject, alertsFunctionArn: string): boolean {
  const arn = functionArnOf(record);
  return (arn === alertsFunctionArn || arn?.startsWith(`${alertsFunctionArn}:`) === true) && Object.hasOwn(record, 'requestPayload');
}

function failureNotice(record: FailedInvocation, parsed: JsonObject | undefined, deps: RedriveDeps) {
  const arn = parsed === undefined ? undefined : functionArnOf(parsed);
  const fromAlerts = parsed !== undefined && payloadOf(parsed, deps) !== undefined;
  const response = parsed?.['responsePayload'];
  const error = isJsonObject(response) && typeof response['errorMessage'] === 'string' ? response['errorMessage'] : undefined;
  const what = fromAlerts
    ? deps.holds.kind === 'events'
      ? `An organization event failed on the queue and ${record.receiveCount} more times from its dead-letter queue, so secmon stops retrying it`
      : `An input of the alerts function failed ${record.receiveCount} more times after Lambda's own retries, so secmon stops retrying it`
    : arn === undefined
      ? 'A record in the failed-invocations queue could not be read'
      : `An invocation of ${arn.split(':').slice(6, 7).join('') || arn} failed after its retries (an action is never re-run by itself: check what it did before trying again)`;
  return alertOf({
    deliveryId: `failed-invocation:${record.id}`,
    source: 'notification',
    monitor: null,
    severity: 'high',
    title: 'secmon could not process an invocation',
    summary: `${what}${error === undefined ? '.' : `: ${clipText(error, 300)}.`} The record is below; it has been removed from the queue.`,
    time: deps.now().toISOString(),
    rawText: clipText(record.body, RAW_TEXT_LIMIT),
  });
}
