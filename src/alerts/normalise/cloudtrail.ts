/** EventBridge envelopes carrying a CloudTrail record, as alerts. */
import type { JsonObject } from '../../cloudtrail/record.js';
import { activityOf } from '../activity.js';
import { groupKeyOf, principalOf } from '../group-key.js';
import { cloudTrailEventLink, linksOf } from '../links.js';
import type { Alert } from '../model.js';
import { revertTargetOf } from '../revert-target.js';
import { summariseRecord } from '../summary.js';
import { alertOf, present } from './alert.js';
import { bestMatchingMonitor, monitorRef, type NormaliseDeps } from './monitors.js';
import type { Envelope } from './schemas.js';

/**
 * The envelope's source has been checked to be the one AWS gives this record (normaliseInvocation). The monitor comes
 * from matching the catalog against the envelope, the most severe match winning (see bestMatchingMonitor), never
 * from the envelope's `resources`: AWS leaves them empty for CloudTrail events, and a sender may fill them with
 * anything. No match: an event alert without a monitor, at info severity.
 */
export function normaliseCloudTrailEvent(envelope: Envelope, record: JsonObject, raw: JsonObject, deps: NormaliseDeps, now: Date): Alert {
  const monitor = bestMatchingMonitor(raw, deps);
  const activity = activityOf(record);
  const region = activity.region ?? present(envelope.region);
  return alertOf({
    deliveryId: envelope.id,
    source: 'event',
    monitor: monitorRef(monitor),
    severity: monitor?.severity ?? 'info',
    title: monitor?.title ?? `CloudTrail event ${activity.action}`,
    summary: summariseRecord(record),
    time: present(activity.time) ?? present(envelope.time) ?? now.toISOString(),
    account: present(envelope.account) ?? (typeof record['recipientAccountId'] === 'string' ? record['recipientAccountId'] : undefined),
    region,
    activity,
    revert: revertTargetOf(record),
    links: linksOf(cloudTrailEventLink(region, activity.eventId)),
    groupKey: groupKeyOf({
      monitorId: monitor?.id ?? `event:${activity.action}`,
      principal: principalOf(activity.actor),
      resource: activity.resources[0],
    }),
  });
}
