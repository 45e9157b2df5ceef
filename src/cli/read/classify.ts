/**
 * Whether an input is something secmon's monitors can judge: a CloudTrail record (it has an eventSource and an
 * eventName) or an EventBridge event (it has a detail-type). Anything else (a digest file, an AWS Config snapshot,
 * a lookup-events entry without its record, a number) is not silently passed over as "nothing matched": it is
 * reported like invalid JSON, so a report never says "nothing would have alerted" about input it did not understand.
 */
import { isEventBridgeEnvelope } from '../../catalog/envelope.js';
import { isJsonObject, type JsonObject } from '../../cloudtrail/record.js';

export function isCloudTrailInput(value: unknown): value is JsonObject {
  return isEventBridgeEnvelope(value) || (isJsonObject(value) && typeof value['eventSource'] === 'string' && typeof value['eventName'] === 'string');
}

/** Why `value` is not a CloudTrail record or EventBridge event, naming what it is instead. */
export function notCloudTrailReason(value: unknown): string {
  return `not a CloudTrail record or EventBridge event (${describe(value)}: no eventSource and eventName, no detail-type)`;
}

const SHOWN_KEYS = 4;

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (!isJsonObject(value)) return `a ${typeof value}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  const shown = keys.slice(0, SHOWN_KEYS).map((key) => (key.length > 40 ? `${key.slice(0, 39)}…` : key));
  return `an object with keys ${shown.join(', ')}${keys.length > SHOWN_KEYS ? ', …' : ''}`;
}
