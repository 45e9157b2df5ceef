/**
 * CloudWatch alarm state changes as EventBridge delivers them ("CloudWatch Alarm State Change", source
 * aws.cloudwatch): the organization alarm path. secmon's alarms on the organization trail's metric filters live in
 * the account that owns the trail; CloudWatch sends every state change of every alarm to that account's default bus
 * ("CloudWatch guarantees the delivery of alarm state change events to EventBridge": CloudWatch User Guide, "Alarm
 * events and EventBridge"), its member stack forwards secmon's to the central bus, and they reach the alerts
 * function through the organization's queue.
 *
 * Trusted only when the source is aws.cloudwatch (PutEvents refuses `aws.` sources to everyone but AWS) and the
 * account, the alarm ARN's account and the alarm name prefix are the trail account's and secmon's: any other
 * account could forward its own alarm named like secmon's. Anything else claiming to be one is shown as untrusted.
 * The event is CloudWatch's own record of the change, so an OK needs no confirmation (DescribeAlarms) here.
 */
import { isJsonObject, type JsonObject } from '../../cloudtrail/record.js';
import type { Alert } from '../model.js';
import { normaliseAlarm } from './alarm.js';
import type { NormaliseDeps } from './monitors.js';
import { untrustedEventNotification } from './notification.js';
import { ALARM_ARN, alarmNotificationSchema, parseOrThrow, type AlarmNotification, type Envelope } from './schemas.js';

export const ALARM_STATE_CHANGE = 'CloudWatch Alarm State Change';

export interface AlarmEventTrust {
  /** The account whose alarms are secmon's (the organization trail's owner). */
  readonly accountId: string;
  /** secmon's alarms are named `<prefix>-<monitor>`. */
  readonly namePrefix: string;
}

export function isAlarmStateChange(envelope: Envelope): boolean {
  return envelope['detail-type'] === ALARM_STATE_CHANGE;
}

export function normaliseAlarmStateChange(envelope: Envelope, raw: JsonObject, trust: AlarmEventTrust, deps: NormaliseDeps, now: Date): Alert {
  const where = `EventBridge event ${envelope.id} (${ALARM_STATE_CHANGE})`;
  const detail = isJsonObject(raw['detail']) ? raw['detail'] : {};
  const state = isJsonObject(detail['state']) ? detail['state'] : {};
  const previous = isJsonObject(detail['previousState']) ? detail['previousState'] : {};
  const alarmArn = (envelope.resources ?? []).find((resource): resource is string => typeof resource === 'string' && ALARM_ARN.test(resource));
  const alarmName = typeof detail['alarmName'] === 'string' ? detail['alarmName'] : undefined;
  const arnAccount = alarmArn === undefined ? undefined : ALARM_ARN.exec(alarmArn)?.[2];
  const trusted =
    envelope.source === 'aws.cloudwatch' &&
    envelope.account === trust.accountId &&
    arnAccount === trust.accountId &&
    alarmName !== undefined &&
    alarmName.startsWith(`${trust.namePrefix}-`) &&
    alarmArn?.endsWith(`:alarm:${alarmName}`) === true;
  if (!trusted) {
    return untrustedEventNotification(raw, now, {
      title: "Untrusted alarm state change: not one of secmon's alarms",
      summary:
        `An event claiming to be a CloudWatch alarm state change (${alarmName ?? 'no alarm name'}) arrived from account ` +
        `${envelope.account ?? 'unknown'} with source ${envelope.source ?? 'none'}; secmon's alarms live in account ${trust.accountId} ` +
        `and are named ${trust.namePrefix}-*. Nothing in it is applied.`,
    });
  }
  const notification: AlarmNotification = parseOrThrow(
    alarmNotificationSchema,
    {
      AlarmName: alarmName,
      AlarmArn: alarmArn,
      NewStateValue: state['value'],
      StateChangeTime: state['timestamp'] ?? envelope.time,
      OldStateValue: typeof previous['value'] === 'string' ? previous['value'] : undefined,
      NewStateReason: typeof state['reason'] === 'string' ? state['reason'] : undefined,
      AWSAccountId: envelope.account,
      // secmon's alarms evaluate one period (src/actions/enable.ts); the datapoints the reason quotes widen the window.
      Trigger: { Period: periodOf(detail), EvaluationPeriods: 1 },
    },
    where,
  );
  return normaliseAlarm(notification, envelope.id, deps);
}

/** `configuration.metrics[].metricStat.period`, the largest (one metric for secmon's alarms). */
function periodOf(detail: JsonObject): number | undefined {
  const configuration = isJsonObject(detail['configuration']) ? detail['configuration'] : {};
  const metrics = Array.isArray(configuration['metrics']) ? configuration['metrics'] : [];
  const periods = metrics
    .map((metric) => (isJsonObject(metric) && isJsonObject(metric['metricStat']) ? metric['metricStat']['period'] : undefined))
    .filter((period): period is number => typeof period === 'number' && Number.isInteger(period) && period > 0);
  return periods.length > 0 ? Math.max(...periods) : undefined;
}
