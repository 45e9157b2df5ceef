/**
 * Incidents for escalated alerts: one port, two services (PagerDuty Events API v2, Opsgenie Alert API), chosen by
 * the keys in the Slack secret. What is sent: the alert's title, summary, account, monitor, time, delivery id and
 * the Slack message's link; never a key or anything else of the secret.
 */
import { createHash } from 'node:crypto';
import type { EscalatedAlert, IncidentService } from '../store/escalations/escalations.js';

/** The escalated alert as an incident service is told of it. */
export interface IncidentAlert extends EscalatedAlert {
  /** The Slack message, when its permalink is known. */
  readonly link: string | undefined;
}

export interface IncidentClient {
  readonly service: IncidentService;
  /** Opens (or, with the same alert, re-sends: both services de-duplicate by key) the alert's incident. */
  open(alert: IncidentAlert): Promise<void>;
  /** Resolves the alert's incident (nothing happens at the service when there is none). */
  resolve(deliveryId: string, note: string): Promise<void>;
}

/**
 * The de-duplication key of an alert's incident (PagerDuty dedup_key, at most 255 characters; Opsgenie alias, at
 * most 512): derived from the delivery id, so a retried open de-duplicates and a resolve needs nothing stored.
 */
export function incidentKey(deliveryId: string): string {
  return `secmon-${createHash('sha256').update(deliveryId).digest('hex').slice(0, 40)}`;
}
