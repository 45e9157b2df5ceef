/** CloudWatch alarm notifications (the parsed SNS Message) as alerts. */
import { groupKeyOf } from '../group-key.js';
import { alarmLink, linksOf } from '../links.js';
import type { AlarmInfo, AlarmState, Alert } from '../model.js';
import { summariseAlarm } from '../summary.js';
import { monitorFromResourceName, monitorRef, type NormaliseDeps } from './monitors.js';
import { ALARM_ARN, ALARM_STATES, parseTimestamp, type AlarmNotification, type AlarmTrigger } from './schemas.js';

/** A datapoint quoted in NewStateReason: its value and the start of its period. */
export interface QuotedDatapoint {
  readonly value: number;
  readonly time: number;
}

const DAY_MS = 86_400_000;

export function normaliseAlarm(notification: AlarmNotification, messageId: string, deps: NormaliseDeps): Alert {
  // The schema checked the ARN against ALARM_ARN.
  const [, region = '', account] = ALARM_ARN.exec(notification.AlarmArn) ?? [];
  const monitor = monitorFromResourceName(notification.AlarmName, deps.catalog);
  const changedAtMs = parseTimestamp(notification.StateChangeTime);
  const reason = notification.NewStateReason ?? '';
  const datapoints = quotedDatapoints(reason, changedAtMs);
  const alarm: AlarmInfo = {
    name: notification.AlarmName,
    arn: notification.AlarmArn,
    state: notification.NewStateValue,
    previousState: alarmState(notification.OldStateValue),
    reason,
    region,
    changedAt: new Date(changedAtMs).toISOString(),
    window: alarmWindow(notification.Trigger ?? undefined, changedAtMs, datapoints),
  };
  // A secmon metric counts matching log events (value 1 each, statistic Sum), so its datapoints are event counts.
  const matching = monitor !== undefined && datapoints.length > 0 ? Math.round(datapoints.reduce((sum, d) => sum + d.value, 0)) : undefined;
  return {
    deliveryId: messageId,
    source: 'alarm',
    monitor: monitorRef(monitor),
    // OK and INSUFFICIENT_DATA report a state, not an incident; an unknown alarm's weight is unknown.
    severity: alarm.state === 'ALARM' && monitor !== undefined ? monitor.severity : 'info',
    title: monitor?.title ?? notification.AlarmName,
    summary: summariseAlarm(alarm, matching),
    time: alarm.changedAt,
    account: notification.AWSAccountId ?? account,
    region,
    activity: undefined,
    alarm,
    matches: undefined,
    compliance: undefined,
    revert: undefined,
    links: linksOf(alarmLink(region, notification.AlarmName)),
    // One key per alarm, whatever the state (the pipeline tracks an alarm's open message by its name).
    groupKey: groupKeyOf({ monitorId: monitor?.id ?? 'alarm', principal: undefined, resource: notification.AlarmArn }),
    rawText: undefined,
    // The alarm itself applied the threshold (Sum >= count); record conditions cannot apply on this path.
    threshold: undefined,
    setAside: undefined,
  };
}

function alarmState(value: string | null | undefined): AlarmState | undefined {
  return (ALARM_STATES as readonly string[]).includes(value ?? '') ? (value as AlarmState) : undefined;
}

/**
 * The period of the alarm's metric in seconds: Trigger.Period for a single-metric alarm; for metric math the
 * largest Period among Metrics[] (each MetricStat's, or a query's own).
 */
export function periodOf(trigger: AlarmTrigger | undefined): number | undefined {
  if (trigger === undefined) return undefined;
  if (typeof trigger.Period === 'number') return trigger.Period;
  const periods = (trigger.Metrics ?? []).flatMap((query) => [query.MetricStat?.Period, query.Period]).filter((p) => typeof p === 'number');
  return periods.length > 0 ? Math.max(...periods) : undefined;
}

/**
 * The time span whose log events tripped the alarm, used to look them up. It ends at StateChangeTime and starts
 * Period × EvaluationPeriods earlier, with two corrections, both of which only widen it:
 * - metric periods are aligned to the clock (a 5-minute datapoint covers 10:00-10:05), while StateChangeTime is
 *   not, so the start is rounded down to a period boundary (else an alarm at 10:05:32 would miss 10:00:00-10:00:32);
 * - CloudTrail reaches CloudWatch Logs minutes after the call and datapoints carry the call's time, so the alarm
 *   often trips on a datapoint older than that span. NewStateReason quotes the datapoints it evaluated
 *   ("[2.0 (20/11/26 09:50:00)]"); the start moves back to the earliest of them.
 * Undefined when neither the period nor any datapoint is known (composite alarms).
 */
export function alarmWindow(
  trigger: AlarmTrigger | undefined,
  changedAtMs: number,
  datapoints: readonly QuotedDatapoint[],
): AlarmInfo['window'] {
  const starts: number[] = datapoints.map((d) => d.time);
  const period = periodOf(trigger);
  const evaluations = trigger?.EvaluationPeriods ?? undefined;
  if (period !== undefined && evaluations !== undefined) {
    const periodMs = period * 1000;
    starts.push(Math.floor((changedAtMs - periodMs * evaluations) / periodMs) * periodMs);
  }
  if (starts.length === 0) return undefined;
  return { start: new Date(Math.min(...starts)).toISOString(), end: new Date(changedAtMs).toISOString() };
}

/**
 * The datapoints NewStateReason quotes: `value (dd/MM/yy HH:mm:ss)` in UTC. Only those within a day before the
 * state change are kept (an alarm evaluates at most a day of data), which also discards a misread date.
 */
export function quotedDatapoints(reason: string, changedAtMs: number): QuotedDatapoint[] {
  const found: QuotedDatapoint[] = [];
  const pattern = /(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?) \((\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\)/g;
  for (const match of reason.matchAll(pattern)) {
    const [, value, dd, mm, yy, hh, mi, ss] = match.map(Number) as [number, number, number, number, number, number, number, number];
    const time = Date.UTC(2000 + yy, mm - 1, dd, hh, mi, ss);
    const valid = mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31 && hh < 24 && mi < 60 && ss < 60;
    if (valid && Number.isFinite(value) && time <= changedAtMs && time >= changedAtMs - DAY_MS) found.push({ value, time });
  }
  return found;
}
