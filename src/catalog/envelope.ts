/**
 * EventBridge envelopes: recognising them, and building the one AWS delivers for a CloudTrail record (EventBridge
 * user guide, "AWS service events delivered via AWS CloudTrail").
 */
import { isJsonObject, type JsonObject } from '../cloudtrail/record.js';

export interface EventBridgeEnvelope {
  readonly version: string;
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: JsonObject;
}

/**
 * The detail-type CloudTrail gives each record type on EventBridge. Real sign-in events say "Sign In"; one
 * EventBridge page spells it "Signin", which patterns accept as well. Other record types get no envelope here:
 * Insights events ("AWS Insight via CloudTrail") describe call rates rather than a call, and VPC endpoint events
 * (AwsVpceEvent) are not listed among the events CloudTrail sends to EventBridge.
 */
export const CLOUDTRAIL_DETAIL_TYPES = Object.freeze({
  AwsApiCall: 'AWS API Call via CloudTrail',
  AwsConsoleSignIn: 'AWS Console Sign In via CloudTrail',
  AwsConsoleAction: 'AWS Console Action via CloudTrail',
  AwsServiceEvent: 'AWS Service Event via CloudTrail',
} as const);

/** How the EventBridge user guide ("AWS service events delivered via AWS CloudTrail") spells the sign-in type. */
export const SIGNIN_DETAIL_TYPE_AS_DOCUMENTED = 'AWS Console Signin via CloudTrail';

const VIA_CLOUDTRAIL = ' via CloudTrail';

/** An object with a string `detail-type`: an EventBridge event rather than a bare CloudTrail record. */
export function isEventBridgeEnvelope(input: unknown): input is JsonObject & { 'detail-type': string } {
  return isJsonObject(input) && typeof input['detail-type'] === 'string';
}

/** The CloudTrail record an envelope carries, when its detail-type says it came via CloudTrail. */
export function cloudTrailRecordOf(envelope: { readonly 'detail-type': string; readonly detail?: unknown }): JsonObject | undefined {
  const detail = envelope.detail;
  return envelope['detail-type'].endsWith(VIA_CLOUDTRAIL) && isJsonObject(detail) ? detail : undefined;
}

/** The detail-type of the envelope a record would travel in, or undefined when CloudTrail delivers none. */
export function detailTypeOf(record: JsonObject): string | undefined {
  const eventType = record['eventType'];
  return typeof eventType === 'string' && Object.hasOwn(CLOUDTRAIL_DETAIL_TYPES, eventType)
    ? CLOUDTRAIL_DETAIL_TYPES[eventType as keyof typeof CLOUDTRAIL_DETAIL_TYPES]
    : undefined;
}

/**
 * The `source` EventBridge gives a CloudTrail record: `aws.` + the first label of eventSource (`ec2.amazonaws.com` →
 * `aws.ec2`, `signin.amazonaws.com` → `aws.signin`). Undefined without an eventSource. Customers cannot PutEvents
 * with a source starting `aws.`, so an envelope whose source is this value was sent by AWS; any other source with a
 * CloudTrail detail-type is a forgery.
 */
export function cloudTrailSourceOf(record: JsonObject): string | undefined {
  const eventSource = record['eventSource'];
  if (typeof eventSource !== 'string' || eventSource === '') return undefined;
  const dot = eventSource.indexOf('.');
  return `aws.${dot === -1 ? eventSource : eventSource.slice(0, dot)}`;
}

/**
 * The envelope EventBridge delivers for a CloudTrail record: id = eventID, detail-type by eventType, source `aws.`
 * + the first label of eventSource (`ec2.amazonaws.com` → `aws.ec2`), account = recipientAccountId, time =
 * eventTime, region = awsRegion, no resources, the record as detail. Undefined when the input is not an object,
 * its eventType is not one CloudTrail sends to EventBridge, or it has no eventSource. Missing string fields read
 * as "".
 */
export function toEventBridgeEnvelope(record: unknown): EventBridgeEnvelope | undefined {
  if (!isJsonObject(record)) return undefined;
  const detailType = detailTypeOf(record);
  const source = cloudTrailSourceOf(record);
  if (detailType === undefined || source === undefined) return undefined;
  return {
    version: '0',
    id: text(record['eventID']),
    'detail-type': detailType,
    source,
    account: text(record['recipientAccountId']),
    time: text(record['eventTime']),
    region: text(record['awsRegion']),
    resources: [],
    detail: record,
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
