/**
 * Opsgenie Alert API (https://docs.opsgenie.com/docs/alert-api): POST {base}/v2/alerts with `Authorization: GenieKey
 * <key>` opens an alert, de-duplicated by alias; POST {base}/v2/alerts/{alias}/close?identifierType=alias closes
 * it. Both are asynchronous: 202 Accepted `{ result, took, requestId }`. The EU instance is https://api.eu.opsgenie.com.
 */
import { postJson, type RetryBudget } from './http.js';
import { incidentKey, type IncidentAlert, type IncidentClient } from './incident.js';

const MESSAGE_LIMIT = 130;
const DESCRIPTION_LIMIT = 15_000;
const TAG_LIMIT = 50;

export function opsgenieClient(options: { readonly apiKey: string; readonly baseUrl: string; readonly budget: RetryBudget }): IncidentClient {
  const headers = { authorization: `GenieKey ${options.apiKey}` };
  const send = (path: string, body: unknown) => postJson('Opsgenie', new URL(path, options.baseUrl).href, headers, body, options.budget);
  return {
    service: 'opsgenie',
    open: (alert: IncidentAlert) =>
      send('v2/alerts', {
        message: alert.title.slice(0, MESSAGE_LIMIT),
        alias: incidentKey(alert.deliveryId),
        description: [alert.summary, alert.link === undefined ? '' : `Slack: ${alert.link}`].filter(Boolean).join('\n\n').slice(0, DESCRIPTION_LIMIT),
        priority: 'P1',
        source: 'secmon',
        tags: ['secmon', ...(alert.monitorId === undefined ? [] : [alert.monitorId.slice(0, TAG_LIMIT)])],
        details: { deliveryId: alert.deliveryId, ...(alert.account === undefined ? {} : { account: alert.account }), ...(alert.monitorId === undefined ? {} : { monitor: alert.monitorId }) },
        ...(alert.account === undefined ? {} : { entity: alert.account }),
      }),
    resolve: (deliveryId: string, note: string) =>
      send(`v2/alerts/${encodeURIComponent(incidentKey(deliveryId))}/close?identifierType=alias`, { source: 'secmon', note: note.slice(0, 25_000) }),
  };
}
