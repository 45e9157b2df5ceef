/**
 * Inputs secmon does not recognise, posted as plain notifications rather than dropped: someone subscribed the
 * topic to something else, or AWS sent a kind of event the code does not know yet. The text goes out as received
 * (pretty-printed when it is JSON); the renderer truncates and escapes it.
 */
import type { JsonObject } from '../../cloudtrail/record.js';
import { fingerprintOf, rawTextOf, rawTextOfValue } from '../bounds.js';
import type { Alert } from '../model.js';
import { alertOf, present } from './alert.js';
import type { SnsRecord } from './schemas.js';

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:([^:]+):(\d{12}):(.+)$/;
const SUMMARY_LENGTH = 200;

/** An SNS message that is not an alarm notification. `parsed` is the message as JSON, when it is JSON. */
export function snsNotification(sns: SnsRecord['Sns'], parsed: unknown, now: Date): Alert {
  const topic = SNS_TOPIC_ARN.exec(sns.TopicArn ?? '');
  const topicName = topic?.[3];
  const isJson = parsed !== undefined;
  const firstLine = sns.Message.split('\n').find((line) => line.trim() !== '')?.trim();
  const from = topicName === undefined ? 'SNS' : `SNS topic ${topicName}`;
  const summary = isJson || firstLine === undefined ? `A message secmon does not recognise arrived on ${from}` : clip(firstLine);
  return alertOf({
    deliveryId: sns.MessageId,
    source: 'notification',
    monitor: null,
    severity: 'info',
    title: present(sns.Subject) ?? `Message on ${from}`,
    summary,
    time: present(sns.Timestamp) ?? now.toISOString(),
    account: topic?.[2],
    region: topic?.[1],
    rawText: rawTextOf(sns.Message, parsed),
  });
}

/**
 * A message claiming to be a CloudWatch alarm notification from somewhere other than secmon's alarm topic: not from
 * secmon's alarms. Shown as received with no alarm semantics (an OK resolves nothing), so the attempt is seen.
 */
export function untrustedSnsNotification(sns: SnsRecord['Sns'], parsed: unknown, now: Date): Alert {
  const from = sns.TopicArn === undefined || sns.TopicArn === '' ? 'no SNS topic' : `SNS topic ${sns.TopicArn}`;
  return {
    ...snsNotification(sns, parsed, now),
    severity: 'high',
    title: "Untrusted alarm notification: not from secmon's alarm topic",
    summary: `A message claiming to be a CloudWatch alarm notification arrived from ${from}, which is not secmon's alarm topic: it was not sent by secmon's alarms. Nothing in it is applied.`,
  };
}

/** An object that is neither an SNS event nor an EventBridge event secmon knows (including unknown detail-types). */
export function objectNotification(event: JsonObject, now: Date): Alert {
  const { detailType, source } = envelopeText(event);
  return eventNotification(event, now, {
    severity: 'info',
    title: detailType ?? 'Unrecognised event',
    summary:
      detailType !== undefined
        ? `An event secmon does not handle arrived: ${detailType}${source === undefined ? '' : ` from ${source}`}`
        : 'An event secmon does not recognise arrived',
  });
}

/**
 * An envelope that claims to carry a CloudTrail record but whose `source` is not the one AWS gives that record
 * (`expected`, from its eventSource): not sent by AWS, since only AWS may use `aws.` sources. Shown as received so the
 * attempt is seen, with no monitor, no group and no action: nothing in it is trusted.
 */
export function untrustedCloudTrailNotification(event: JsonObject, expected: string | undefined, now: Date): Alert {
  const { detailType, source } = envelopeText(event);
  const from = source === undefined ? 'no source' : `source ${source}`;
  return eventNotification(event, now, {
    severity: 'high',
    title: 'Untrusted event: not sent by AWS CloudTrail',
    summary:
      `An event claiming to be a CloudTrail record (${detailType ?? 'no detail-type'}) arrived from ${from}` +
      `${expected === undefined ? ', and its record names no eventSource' : `, not ${expected} as AWS would send it`}: someone forged it. ` +
      'Nothing in it is trusted; no action is offered.',
  });
}

/** Any event that claims a shape it is not trusted to have: shown as received, high severity, nothing applied. */
export function untrustedEventNotification(event: JsonObject, now: Date, text: Pick<Alert, 'title' | 'summary'>): Alert {
  return eventNotification(event, now, { severity: 'high', ...text });
}

/**
 * A finding event from its detector that does not have the documented shape (`problem` names the field): posted as
 * received, high severity (what it reports may be severe), so it is seen rather than lost or half read.
 */
export function unreadableFindingNotification(event: JsonObject, service: string, problem: string, now: Date): Alert {
  const { detailType } = envelopeText(event);
  return eventNotification(event, now, {
    severity: 'high',
    title: `${service} finding secmon could not read`,
    summary: `A ${detailType ?? 'finding'} event from ${service} does not have the documented shape (${problem}): it is posted as received.`,
  });
}

function envelopeText(event: JsonObject): { detailType: string | undefined; source: string | undefined } {
  return {
    detailType: typeof event['detail-type'] === 'string' ? present(event['detail-type']) : undefined,
    source: typeof event['source'] === 'string' ? present(event['source']) : undefined,
  };
}

function eventNotification(event: JsonObject, now: Date, fields: Pick<Alert, 'severity' | 'title' | 'summary'>): Alert {
  const id = typeof event['id'] === 'string' ? present(event['id']) : undefined;
  const text = rawTextOfValue(event);
  const time = typeof event['time'] === 'string' ? present(event['time']) : undefined;
  return alertOf({
    // Without an id, the content itself identifies a redelivery.
    deliveryId: id ?? fingerprintOf(event),
    source: 'notification',
    monitor: null,
    ...fields,
    time: time ?? now.toISOString(),
    account: typeof event['account'] === 'string' ? present(event['account']) : undefined,
    region: typeof event['region'] === 'string' ? present(event['region']) : undefined,
    rawText: text,
  });
}

function clip(text: string): string {
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text;
}
