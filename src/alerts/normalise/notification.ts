/**
 * Inputs secmon does not recognise, posted as plain notifications rather than dropped: someone subscribed the
 * topic to something else, or AWS sent a kind of event the code does not know yet. The text goes out as received
 * (pretty-printed when it is JSON); the renderer truncates and escapes it.
 */
import { createHash } from 'node:crypto';
import type { JsonObject } from '../../cloudtrail/record.js';
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
    rawText: isJson ? JSON.stringify(parsed, null, 2) : sns.Message,
  });
}

/** An object that is neither an SNS event nor an EventBridge event secmon knows (including unknown detail-types). */
export function objectNotification(event: JsonObject, now: Date): Alert {
  const detailType = typeof event['detail-type'] === 'string' ? present(event['detail-type']) : undefined;
  const source = typeof event['source'] === 'string' ? present(event['source']) : undefined;
  const id = typeof event['id'] === 'string' ? present(event['id']) : undefined;
  const text = JSON.stringify(event, null, 2);
  const time = typeof event['time'] === 'string' ? present(event['time']) : undefined;
  return alertOf({
    // Without an id, the content itself identifies a redelivery.
    deliveryId: id ?? `sha256:${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`,
    source: 'notification',
    monitor: null,
    severity: 'info',
    title: detailType ?? 'Unrecognised event',
    summary:
      detailType !== undefined
        ? `An event secmon does not handle arrived: ${detailType}${source === undefined ? '' : ` from ${source}`}`
        : 'An event secmon does not recognise arrived',
    time: time ?? now.toISOString(),
    account: typeof event['account'] === 'string' ? present(event['account']) : undefined,
    region: typeof event['region'] === 'string' ? present(event['region']) : undefined,
    rawText: text,
  });
}

function clip(text: string): string {
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text;
}
