/** The incident services an escalation opens incidents in: one client per key in the Slack secret. */
import type { IncidentUrls } from '../config.js';
import type { IncidentKeys } from './keys.js';
import type { RetryBudget } from './http.js';
import type { IncidentClient } from './incident.js';
import { opsgenieClient } from './opsgenie.js';
import { pagerDutyClient } from './pagerduty.js';

export function incidentClients(keys: IncidentKeys, urls: IncidentUrls, budget: RetryBudget): IncidentClient[] {
  return [
    ...(keys.pagerDutyRoutingKey === undefined ? [] : [pagerDutyClient({ routingKey: keys.pagerDutyRoutingKey, baseUrl: urls.pagerDuty, budget })]),
    ...(keys.opsgenieApiKey === undefined ? [] : [opsgenieClient({ apiKey: keys.opsgenieApiKey, baseUrl: urls.opsgenie, budget })]),
  ];
}
