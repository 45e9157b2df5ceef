/**
 * Every input of the alerts Lambda as Alerts: SNS events (CloudWatch alarm notifications, one alert per record),
 * EventBridge envelopes (CloudTrail records, Config compliance changes, findings of AWS's detectors, secmon test
 * events) and anything else as a plain notification. A finding event that breaks its documented shape is not
 * malformed in the sense below: it becomes an unreadable-finding notification (src/alerts/normalise/finding.ts).
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
import { CLOUDTRAIL_DETAIL_TYPES, cloudTrailSourceOf } from '../../catalog/envelope.js';
import { isJsonObject } from '../../cloudtrail/record.js';
import { isSecmonError } from '../../errors.js';
import { boundAlert } from '../bounds.js';
import type { Alert } from '../model.js';
import { normaliseCloudTrailEvent } from './cloudtrail.js';
import { normaliseComplianceChange } from './config.js';
import { findingEventOf } from '../../findings/events.js';
import { normaliseFindingEvent } from './finding.js';
import type { NormaliseDeps } from './monitors.js';
import { objectNotification, untrustedCloudTrailNotification } from './notification.js';
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

/**
 * The alerts of one invocation, each bounded in size (src/alerts/bounds.ts). Every failure is a SecmonError
 * INPUT_INVALID: an input no code path expected (one nested past the stack, say) fails typed, with its cause.
 */
export function normaliseInvocation(event: unknown, deps: NormaliseDeps, options: NormaliseOptions = {}): Alert[] {
  try {
    return alertsOf(event, deps, options.now ?? new Date()).map(boundAlert);
  } catch (error) {
    if (isSecmonError(error)) throw error;
    throw invalidInput(`the input could not be read (${error instanceof Error ? error.name : typeof error})`, error);
  }
}

function alertsOf(event: unknown, deps: NormaliseDeps, now: Date): Alert[] {
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
  const findingKind = findingEventOf(detailType);
  if (findingKind !== undefined) return normaliseFindingEvent(envelope, event, findingKind, deps, now);
  if (CLOUDTRAIL_TYPES.has(detailType)) {
    if (!isJsonObject(detail)) throw invalidInput(`${where}: detail is ${typeName(detail)}, expected a CloudTrail record (an object)`);
    // Only AWS can send a source starting `aws.`: a CloudTrail detail-type from any other source (anyone with
    // events:PutEvents can send one) is shown as untrusted, with no monitor and no action.
    const expected = cloudTrailSourceOf(detail);
    if (expected === undefined || envelope.source !== expected) return [untrustedCloudTrailNotification(event, expected, now)];
    return [normaliseCloudTrailEvent(envelope, detail, event, deps, now)];
  }
  return [objectNotification(event, now)];
}
