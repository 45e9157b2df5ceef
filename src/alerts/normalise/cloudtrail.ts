/** EventBridge envelopes carrying a CloudTrail record, as alerts. */
import { severityFor, thresholdWeight } from '../../catalog/record-rules.js';
import type { Monitor } from '../../catalog/types.js';
import type { JsonObject } from '../../cloudtrail/record.js';
import { activityOf } from '../activity.js';
import { groupKeyOf, principalOf } from '../group-key.js';
import { cloudTrailEventLink, linksOf } from '../links.js';
import type { Alert, AlertThreshold } from '../model.js';
import { revertTargetOf } from '../revert-target.js';
import { summariseRecord } from '../summary.js';
import { undoTargetOf } from '../undo/target.js';
import { alertOf, present } from './alert.js';
import { bestMatchingMonitor, monitorRef, type NormaliseDeps } from './monitors.js';
import type { Envelope } from './schemas.js';

/**
 * The envelope's source has been checked to be the one AWS gives this record (normaliseInvocation). The monitor comes
 * from matching the catalog (patterns, then record conditions) against the envelope, the most severe match for this
 * record winning (see bestMatchingMonitor); never from the envelope's `resources`: AWS leaves them empty for
 * CloudTrail events, and a sender may fill them with anything. Its severity may depend on the record; a threshold
 * monitor's alert carries what the pipeline counts. No match: an event alert without a monitor, at info severity,
 * or, when only a record condition kept monitors from matching, one the pipeline sets aside.
 *
 * Alerts group by monitor, principal and the first resource; a threshold monitor's by monitor and principal alone,
 * since a burst (secrets read one by one) names a different resource with every event.
 */
export function normaliseCloudTrailEvent(envelope: Envelope, record: JsonObject, raw: JsonObject, deps: NormaliseDeps, now: Date): Alert {
  const { monitor, unmet } = bestMatchingMonitor(raw, deps, record);
  const activity = activityOf(record);
  const region = activity.region ?? present(envelope.region);
  const principal = principalOf(activity.actor);
  const undo = undoTargetOf(record);
  return alertOf({
    deliveryId: envelope.id,
    source: 'event',
    monitor: monitorRef(monitor),
    severity: monitor === undefined ? 'info' : severityFor(monitor, record),
    title: monitor?.title ?? `CloudTrail event ${activity.action}`,
    summary: monitor?.summary === undefined ? summariseRecord(record) : monitor.summary(record, summariseRecord(record)),
    time: present(activity.time) ?? present(envelope.time) ?? now.toISOString(),
    account: present(envelope.account) ?? (typeof record['recipientAccountId'] === 'string' ? record['recipientAccountId'] : undefined),
    region,
    activity,
    revert: revertTargetOf(record),
    links: linksOf(cloudTrailEventLink(region, activity.eventId)),
    groupKey: groupKeyOf({
      monitorId: monitor?.id ?? `event:${activity.action}`,
      principal,
      resource: monitor?.threshold === undefined ? activity.resources[0] : undefined,
    }),
    threshold: monitor === undefined ? undefined : thresholdOf(monitor, record, principal),
    setAside: monitor === undefined && unmet.length > 0 ? unmet.map((u) => ({ monitorId: u.monitor, condition: u.condition })) : undefined,
    ...(undo === undefined ? {} : { undo }),
  });
}

function thresholdOf(monitor: Monitor, record: JsonObject, principal: string): AlertThreshold | undefined {
  const threshold = monitor.threshold;
  if (threshold === undefined) return undefined;
  return {
    count: threshold.count,
    windowSeconds: threshold.windowSeconds,
    unit: threshold.unit,
    key: groupKeyOf({ monitorId: monitor.id, principal, resource: undefined }),
    weight: thresholdWeight(monitor, record),
    reached: undefined,
  };
}
