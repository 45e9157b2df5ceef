/** A CloudTrail record as a responder reads it: who, what, on what, from where. */
import { actorOf, type Actor } from '../cloudtrail/actor.js';
import { stringAt } from '../cloudtrail/record.js';
import { resourcesOf } from '../cloudtrail/resources.js';
import type { AlertActivity } from './model.js';

export function activityOf(record: unknown): AlertActivity {
  return {
    actor: actorOf(record),
    action: stringAt(record, 'eventName') ?? 'unknown',
    service: stringAt(record, 'eventSource') ?? 'unknown',
    time: stringAt(record, 'eventTime') ?? '',
    resources: resourcesOf(record),
    region: stringAt(record, 'awsRegion'),
    sourceIp: stringAt(record, 'sourceIPAddress'),
    userAgent: stringAt(record, 'userAgent'),
    errorCode: stringAt(record, 'errorCode'),
    errorMessage: stringAt(record, 'errorMessage'),
    eventId: stringAt(record, 'eventID'),
    ...optional('account', stringAt(record, 'recipientAccountId')),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** "alice (IAMUser)", "ci-deploy/gha-42 (AssumedRole)", "root (Root)". */
export function actorLabel(actor: Actor): string {
  return `${actor.name} (${actor.type})`;
}
