/** SNS events (Lambda's `Records[].Sns`): CloudWatch alarm notifications, or anything else published to the topic. */
import { isJsonObject, type JsonObject } from '../../cloudtrail/record.js';
import type { Alert } from '../model.js';
import { normaliseAlarm } from './alarm.js';
import type { NormaliseDeps } from './monitors.js';
import { snsNotification, untrustedSnsNotification } from './notification.js';
import { ALARM_MARKERS, alarmNotificationSchema, invalidInput, parseOrThrow, snsRecordSchema, typeName } from './schemas.js';

/** An object whose `Records` holds at least one SNS record (by EventSource or an Sns member). */
export function isSnsEvent(event: JsonObject): boolean {
  const records = event['Records'];
  return (
    Array.isArray(records) &&
    records.some((record) => isJsonObject(record) && (record['EventSource'] === 'aws:sns' || isJsonObject(record['Sns'])))
  );
}

export function normaliseSnsEvent(event: JsonObject, deps: NormaliseDeps, now: Date): Alert[] {
  const records = event['Records'] as unknown[];
  return records.map((record, index) => {
    const where = `SNS record ${index}`;
    if (!isJsonObject(record)) throw invalidInput(`${where}: is ${typeName(record)}, expected an object`);
    const { Sns: sns } = parseOrThrow(snsRecordSchema, record, where);
    const parsed = parseJson(sns.Message);
    const claimsAlarm = isJsonObject(parsed) && ALARM_MARKERS.some((key) => Object.hasOwn(parsed, key));
    // The alarm topic's policy lets only this stack's alarms publish; an alarm notification from anywhere else (a
    // direct invocation, another topic) is not one, whatever it says.
    if (claimsAlarm && (deps.alarmTopicArn === undefined || sns.TopicArn !== deps.alarmTopicArn)) {
      return untrustedSnsNotification(sns, parsed, now);
    }
    if (claimsAlarm) {
      const notification = parseOrThrow(alarmNotificationSchema, parsed, `${where}: Message is not a CloudWatch alarm notification`);
      return normaliseAlarm(notification, sns.MessageId, deps);
    }
    return snsNotification(sns, parsed, now);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
