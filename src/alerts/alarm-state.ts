/**
 * An alarm's OK notification resolves its open message only when CloudWatch agrees: anyone allowed to publish to
 * the topic or invoke the function could otherwise close a real, open alarm with a forged "OK". The alarm's current
 * state is read with DescribeAlarms; an alarm still in ALARM, or one that does not exist, keeps its message open and
 * the notification is shown as not applied.
 */
import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { AlarmState, Alert } from './model.js';

/** The alarm's state now, or undefined when no metric alarm of that name exists. */
export type AlarmStateLookup = (alarmName: string) => Promise<AlarmState | undefined>;

export function cloudWatchAlarmState(client: CloudWatchClient): AlarmStateLookup {
  return async (alarmName) => {
    const out = await client.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ['MetricAlarm'] }));
    const state = out.MetricAlarms?.find((alarm) => alarm.AlarmName === alarmName)?.StateValue;
    return state === 'ALARM' || state === 'OK' || state === 'INSUFFICIENT_DATA' ? state : undefined;
  };
}

/** The alert as it may be applied: an OK CloudWatch does not confirm becomes a notification that changes nothing. */
export async function confirmAlarmResolution(alert: Alert, lookup: AlarmStateLookup): Promise<Alert> {
  const alarm = alert.alarm;
  if (alert.source !== 'alarm' || alarm?.state !== 'OK') return alert;
  const current = await lookup(alarm.name);
  if (current !== undefined && current !== 'ALARM') return alert;
  return {
    ...alert,
    source: 'notification',
    alarm: undefined,
    groupKey: undefined,
    severity: 'medium',
    title: `Alarm OK not applied: ${alarm.name}`,
    summary:
      current === undefined
        ? `A notification says alarm ${alarm.name} returned to OK, but CloudWatch has no such alarm: it was not sent by it, and nothing was resolved.`
        : `A notification says alarm ${alarm.name} returned to OK, but CloudWatch says it is still in ALARM: its alert stays open.`,
  };
}
