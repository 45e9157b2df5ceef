/**
 * PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/overview): POST {base}/v2/enqueue
 * with the integration's routing key in the body; `trigger` opens an alert (and its incident), `resolve` with the
 * same dedup_key resolves it. Answers 202 Accepted `{ status: 'success', dedup_key }`; 400 for an invalid event,
 * 429 when throttled (retried).
 */
import { postJson, type RetryBudget } from './http.js';
import { incidentKey, type IncidentAlert, type IncidentClient } from './incident.js';

const SUMMARY_LIMIT = 1024;

export function pagerDutyClient(options: { readonly routingKey: string; readonly baseUrl: string; readonly budget: RetryBudget }): IncidentClient {
  const url = new URL('v2/enqueue', options.baseUrl).href;
  const send = (event: Record<string, unknown>) => postJson('PagerDuty', url, {}, { routing_key: options.routingKey, ...event }, options.budget);
  return {
    service: 'pagerduty',
    open: (alert: IncidentAlert) =>
      send({
        event_action: 'trigger',
        dedup_key: incidentKey(alert.deliveryId),
        client: 'secmon',
        payload: {
          summary: `${alert.title}: ${alert.summary}`.slice(0, SUMMARY_LIMIT),
          source: alert.account === undefined ? 'secmon' : `aws-account-${alert.account}`,
          severity: 'critical',
          timestamp: alert.time,
          ...(alert.monitorId === undefined ? {} : { component: alert.monitorId }),
          custom_details: { deliveryId: alert.deliveryId, account: alert.account ?? null, monitor: alert.monitorId ?? null },
        },
        ...(alert.link === undefined ? {} : { links: [{ href: alert.link, text: 'The alert in Slack' }] }),
      }),
    resolve: (deliveryId: string) => send({ event_action: 'resolve', dedup_key: incidentKey(deliveryId) }),
  };
}
