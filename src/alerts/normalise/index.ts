/**
 * Every input of the alerts Lambda as Alerts: SNS events (CloudWatch alarm notifications, one alert per record),
 * EventBridge envelopes (CloudTrail records, Config compliance changes, secmon test events) and anything else as a
 * plain notification.
 *
 * Unknown versus malformed. An input is *unknown* when it does not claim to be any shape secmon handles: an SNS
 * message without the alarm keys (AlarmName, AlarmArn, NewStateValue), an envelope with a detail-type secmon does
 * not handle, an object that is neither SNS nor EventBridge. Unknown inputs become `notification` alerts and are
 * posted, never dropped: someone sent them to secmon for a reason. An input is *malformed* when it claims a shape
 * and breaks it: not an object at all, an SNS record without Sns.Message or MessageId, a message with alarm keys
 * but without a valid AlarmName, AlarmArn, NewStateValue or StateChangeTime, an envelope without an id, a CloudTrail
 * envelope whose detail is not an object, a Config or test event missing the fields it is read by. Those throw
 * SecmonError INPUT_INVALID naming the record and field, so the invocation fails into Lambda's retry and
 * failure-destination path where someone sees it, instead of a half-read alert going out as if it were complete.
 */
import { CLOUDTRAIL_DETAIL_TYPES } from '../../catalog/envelope.js';
import { isJsonObject } from '../../cloudtrail/record.js';
import type { Alert } from '../model.js';
import { normaliseCloudTrailEvent } from './cloudtrail.js';
import { normaliseComplianceChange } from './config.js';
import type { NormaliseDeps } from './monitors.js';
import { objectNotification } from './notification.js';
import { CONFIG_DETAIL_TYPE, configDetailSchema, envelopeSchema, invalidInput, parseOrThrow, typeName } from './schemas.js';
import { isSnsEvent, normaliseSnsEvent } from './sns.js';
import { isTestEnvelope, normaliseTestEvent, testDetailSchema } from './test-event.js';

export type { NormaliseDeps } from './monitors.js';
export { buildTestEvent, TEST_DETAIL_TYPE, TEST_SOURCE, type SecmonTestEvent } from './test-event.js';
export { alarmWindow, periodOf, quotedDatapoints } from './alarm.js';
export { monitorFromResourceName } from './monitors.js';

/** detail-types of CloudTrail records on EventBridge, with the "Signin" spelling one AWS page uses. */
const CLOUDTRAIL_TYPES: ReadonlySet<string> = new Set([
  ...Object.values(CLOUDTRAIL_DETAIL_TYPES),
  'AWS Console Signin via CloudTrail',
]);

export interface NormaliseOptions {
  /** The time for alerts whose input carries none (unknown objects); defaults to the current time. */
  readonly now?: Date;
}

export function normaliseInvocation(event: unknown, deps: NormaliseDeps, options: NormaliseOptions = {}): Alert[] {
  const now = options.now ?? new Date();
  if (!isJsonObject(event)) throw invalidInput(`event is ${typeName(event)}, expected an object (an SNS or EventBridge event)`);
  if (isSnsEvent(event)) return normaliseSnsEvent(event, deps, now);
  if (typeof event['detail-type'] !== 'string') return [objectNotification(event, now)];

  const envelope = parseOrThrow(envelopeSchema, event, 'EventBridge event');
  const detailType = envelope['detail-type'];
  const where = `EventBridge event ${envelope.id} (${detailType})`;
  const detail = event['detail'];

  if (isTestEnvelope(envelope)) {
    return [normaliseTestEvent(envelope, parseOrThrow(testDetailSchema, detail, where, 'detail'), deps, now)];
  }
  if (detailType === CONFIG_DETAIL_TYPE && envelope.source === 'aws.config') {
    return [normaliseComplianceChange(envelope, parseOrThrow(configDetailSchema, detail, where, 'detail'), deps, now)];
  }
  if (CLOUDTRAIL_TYPES.has(detailType)) {
    if (!isJsonObject(detail)) throw invalidInput(`${where}: detail is ${typeName(detail)}, expected a CloudTrail record (an object)`);
    return [normaliseCloudTrailEvent(envelope, detail, event, deps, now)];
  }
  return [objectNotification(event, now)];
}
