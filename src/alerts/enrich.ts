/**
 * Alarm alerts say only "count >= 1". Enrichment looks up the log events behind the alarm: FilterLogEvents on the
 * CloudTrail log group with the monitor's own filter pattern over the alarm window, and shows who did what. The
 * search is bounded (pages and events) so a noisy monitor cannot hold the Lambda; failures become a human reason
 * on the alert, never an exception and never AWS's own error text.
 */
import { FilterLogEventsCommand, type CloudWatchLogsClient, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { Monitor } from '../catalog/types.js';
import { isJsonObject } from '../cloudtrail/record.js';
import { activityOf } from './activity.js';
import type { AlarmInfo, Alert, AlertActivity, MatchLookup } from './model.js';

/** How many matching calls an alert shows. */
export const MAX_MATCHES = 10;
export const DEFAULT_MAX_PAGES = 5;
/** Events per FilterLogEvents call: one more than shown, which is enough to know there are more. */
export const DEFAULT_PAGE_LIMIT = MAX_MATCHES + 1;

export interface EnrichDeps {
  /** A ready client (region of the log group; in an organization, with the trail account's reader role); never built here. */
  readonly logs: Pick<CloudWatchLogsClient, 'send'>;
  /** The log group CloudTrail delivers to (the one the metric filters are on). */
  readonly logGroupName: string;
  /** Most FilterLogEvents calls per alert (default 5). */
  readonly maxPages?: number;
  /** `limit` of each call (default 11, at most 10000). */
  readonly limit?: number;
  /** Told about a failed search (for the Lambda's log); the alert itself gets a human reason only. */
  readonly onError?: (error: unknown) => void;
}

/**
 * The alert with `matches` filled in, for alarm alerts in the ALARM state; any other alert is returned unchanged.
 * `monitor` is the catalog monitor of the alarm (null or undefined when the alarm is not secmon's).
 */
export async function enrichAlarmAlert(alert: Alert, monitor: Monitor | null | undefined, deps: EnrichDeps): Promise<Alert> {
  if (alert.source !== 'alarm' || alert.alarm === undefined || alert.alarm.state !== 'ALARM') return alert;
  return { ...alert, matches: await lookUpMatches(alert.alarm, monitor ?? undefined, deps) };
}

export async function lookUpMatches(alarm: AlarmInfo, monitor: Monitor | undefined, deps: EnrichDeps): Promise<MatchLookup> {
  if (monitor === undefined) {
    return unavailable(`${alarm.name} is not one of secmon's monitors, so secmon does not know which log events to look for.`);
  }
  if (monitor.filterPattern === null) {
    return unavailable(`Monitor ${monitor.id} has no metric filter, so there are no log events to look up.`);
  }
  if (alarm.window === undefined) {
    return unavailable('The alarm notification does not say which period it evaluated, so the log events cannot be looked up.');
  }
  const maxPages = positiveInteger(deps.maxPages, DEFAULT_MAX_PAGES);
  const limit = Math.min(positiveInteger(deps.limit, DEFAULT_PAGE_LIMIT), 10_000);
  const startTime = Date.parse(alarm.window.start);
  const endTime = Date.parse(alarm.window.end);

  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  try {
    do {
      const output = await deps.logs.send(
        new FilterLogEventsCommand({
          logGroupName: deps.logGroupName,
          filterPattern: monitor.filterPattern,
          startTime,
          endTime,
          limit,
          ...(nextToken === undefined ? {} : { nextToken }),
        }),
      );
      pages++;
      events.push(...(output.events ?? []));
      nextToken = output.nextToken;
    } while (nextToken !== undefined && events.length <= MAX_MATCHES && pages < maxPages);
  } catch (error) {
    deps.onError?.(error);
    return unavailable(reasonFor(error, deps.logGroupName));
  }

  if (events.length === 0) {
    return nextToken === undefined
      ? { status: 'none' }
      : unavailable(
          `No matching log events turned up in the first ${plural(pages, 'page')} of the search, which was stopped ` +
            'there; search the log group in CloudWatch Logs to look further.',
        );
  }
  const activities = events.map(activityOfLogEvent).filter((activity) => activity !== undefined);
  if (activities.length === 0) {
    return unavailable(`${plural(events.length, 'log event')} matched, but none could be read as a CloudTrail record.`);
  }
  // Ordered by time; ISO timestamps sort as strings. Array.prototype.sort is stable.
  activities.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return {
    status: 'found',
    activities: activities.slice(0, MAX_MATCHES),
    // More events than shown, or a search stopped at its page bound that had more to give.
    truncated: activities.length > MAX_MATCHES || nextToken !== undefined,
  };
}

function activityOfLogEvent(event: FilteredLogEvent): AlertActivity | undefined {
  if (event.message === undefined) return undefined;
  try {
    const record: unknown = JSON.parse(event.message);
    return isJsonObject(record) ? activityOf(record) : undefined;
  } catch {
    return undefined;
  }
}

/** A reason a responder can act on, by the AWS error's name; the error's own message is never shown. */
function reasonFor(error: unknown, logGroupName: string): string {
  const name = error instanceof Error ? error.name : undefined;
  switch (name) {
    case 'AccessDeniedException':
    case 'AccessDenied':
      return `secmon is not allowed to search the log group ${logGroupName} (logs:FilterLogEvents was denied), so the matching log events cannot be shown.`;
    case 'ResourceNotFoundException':
      return `The log group ${logGroupName} does not exist, so the matching log events cannot be shown; check that CloudTrail delivers to it.`;
    case 'InvalidParameterException':
      return "CloudWatch Logs rejected the search (the monitor's filter pattern or the alarm window), so the matching log events cannot be shown.";
    case 'ThrottlingException':
    case 'LimitExceededException':
    case 'ServiceUnavailableException':
      return 'CloudWatch Logs was too busy to search just now, so the matching log events cannot be shown.';
    default:
      return "The search for the matching log events failed; the alerts function's log has the details.";
  }
}

function unavailable(reason: string): MatchLookup {
  return { status: 'unavailable', reason };
}

function positiveInteger(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
