/**
 * Findings of AWS's detectors (GuardDuty, Security Hub, IAM Access Analyzer, Inspector, Macie) as alerts, one per
 * finding. Trusted only from the detector's own `aws.*` source (only AWS can send one): the same detail-type from any
 * other source is shown as untrusted, with no monitor and no finding. A finding that breaks its documented shape is
 * posted as an unreadable-finding notification, never dropped and never half read.
 *
 * Grouping: monitor + finding type + resources, so different findings of one type on one resource count into one
 * message like monitor alerts do; the same finding updated is kept apart from that by the pipeline (update in place,
 * by source and finding id).
 */
import { findMonitor } from '../../catalog/index.js';
import type { JsonObject } from '../../cloudtrail/record.js';
import { parseFindingEvent, type FindingEventKind } from '../../findings/events.js';
import { FindingInvalid, type ParsedFinding } from '../../findings/parsed.js';
import { groupKeyOf } from '../group-key.js';
import type { Alert } from '../model.js';
import { alertOf } from './alert.js';
import { monitorRef, type NormaliseDeps } from './monitors.js';
import { unreadableFindingNotification, untrustedEventNotification } from './notification.js';
import type { Envelope } from './schemas.js';

export function normaliseFindingEvent(envelope: Envelope, event: JsonObject, kind: FindingEventKind, deps: NormaliseDeps, now: Date): Alert[] {
  if (envelope.source !== kind.eventSource) {
    return [
      untrustedEventNotification(event, now, {
        title: `Untrusted event: not sent by ${kind.service}`,
        summary:
          `An event claiming to be a ${kind.service} finding (${kind.detailType}) arrived from ` +
          `${envelope.source === undefined || envelope.source === '' ? 'no source' : `source ${envelope.source}`}, not ${kind.eventSource} as AWS ` +
          'would send it: someone forged it. Nothing in it is trusted; no action is offered.',
      }),
    ];
  }
  let parsed: ParsedFinding[];
  try {
    parsed = parseFindingEvent(kind, event);
  } catch (error) {
    if (error instanceof FindingInvalid) return [unreadableFindingNotification(event, kind.service, error.message, now)];
    throw error;
  }
  const monitor = monitorRef(findMonitor(deps.catalog, kind.monitorId));
  return parsed.map(({ info, severity, raw }, index) => {
    const [first, ...others] = info.resources;
    const on = first === undefined ? '' : ` on ${first.id}${others.length > 0 ? ` and ${others.length} more` : ''}`;
    return alertOf({
      // Security Hub may carry several findings in one event: each is its own delivery.
      deliveryId: parsed.length === 1 ? envelope.id : `${envelope.id}#${index}`,
      source: 'finding',
      monitor,
      severity,
      title: `${kind.service}: ${info.title}`,
      summary: `${info.typeInWords}${on}`,
      time: info.lastSeen,
      account: info.account,
      region: info.region,
      finding: info,
      rawFinding: JSON.stringify(raw, null, 2),
      links: [{ label: `${kind.service} finding`, url: info.consoleUrl }],
      groupKey: groupKeyOf({ monitorId: kind.monitorId, principal: undefined, resource: JSON.stringify([info.type, info.resources.map((r) => r.id)]) }),
    });
  });
}
