/**
 * The incident clients against the local stand-in (test/helpers/incident-server.ts, answering as PagerDuty's and
 * Opsgenie's references document): bodies within the services' limits whatever the alert says, retries only while
 * the service says "later" and the invocation has time, refusals typed and naming no key.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isSecmonError } from '../../../src/errors.js';
import { incidentClients } from '../../../src/incidents/clients.js';
import { postJson } from '../../../src/incidents/http.js';
import { incidentKey, type IncidentAlert } from '../../../src/incidents/incident.js';
import { LocalIncidentServices } from '../../helpers/incident-server.js';

const KEYS = { pagerDutyRoutingKey: 'R0UT1NGKEY0123456789abcdefABCDEF', opsgenieApiKey: 'eb243592-faa2-4ba2-a551-1afdf565c889' };
const services = new LocalIncidentServices(KEYS);
const waits: number[] = [];
const budget = (remainingMs = 30_000) => ({ remainingMs: () => remainingMs, sleep: (ms: number) => (waits.push(ms), Promise.resolve()) });
const clients = (keys: Partial<typeof KEYS> = KEYS, remainingMs?: number) =>
  incidentClients(keys, { pagerDuty: services.pagerDutyUrl, opsgenie: services.opsgenieUrl }, budget(remainingMs));

beforeAll(async () => {
  await services.start();
});
afterAll(async () => {
  await services.stop();
});
beforeEach(() => {
  services.reset();
  waits.length = 0;
});

const long: IncidentAlert = {
  deliveryId: 'delivery-1',
  title: `Security group opened to the internet ${'x'.repeat(300)}`,
  summary: 'y'.repeat(5000),
  account: '111122223333',
  monitorId: 'sg-open-to-world',
  time: '2026-11-21T08:00:00.000Z',
  link: 'https://acme.slack.com/archives/C0SECMON01/p1700000000000100',
};

describe('incident clients', () => {
  it('one per key in the secret, none without', () => {
    expect(clients().map((client) => client.service)).toEqual(['pagerduty', 'opsgenie']);
    expect(clients({ opsgenieApiKey: KEYS.opsgenieApiKey }).map((client) => client.service)).toEqual(['opsgenie']);
    expect(clients({})).toEqual([]);
  });

  it('open and resolve within both services\' limits, with a key derived from the delivery id', async () => {
    for (const client of clients()) {
      await client.open(long);
      await client.resolve(long.deliveryId, 'Acknowledged in Slack by U0ONCALL01');
    }
    expect(services.requests.map((request) => request.status)).toEqual([202, 202, 202, 202]);
    const [trigger] = services.of('pagerduty');
    expect((trigger!.body['payload'] as { summary: string }).summary).toHaveLength(1024);
    expect(trigger!.body['dedup_key']).toBe(incidentKey(long.deliveryId));
    expect(incidentKey(long.deliveryId)).toMatch(/^secmon-[0-9a-f]{40}$/);
    expect(incidentKey('delivery-2')).not.toBe(incidentKey(long.deliveryId));
    const [created] = services.of('opsgenie');
    expect(created!.body['message']).toHaveLength(130);
    expect(created!.body['description']).toContain(long.link);
  });

  it('retries 429 and 5xx with growing waits, then fails typed naming the service and status, never the key', async () => {
    services.failNext('pagerduty', 503, 4);
    const [pagerDuty] = clients({ pagerDutyRoutingKey: KEYS.pagerDutyRoutingKey });
    const error = await pagerDuty!.open(long).catch((e: unknown) => e as Error);
    expect(isSecmonError(error, 'INCIDENT_API')).toBe(true);
    expect((error as Error).message).toBe('PagerDuty refused or failed the request: HTTP 503 after 4 attempt(s)');
    expect((error as Error).message).not.toContain(KEYS.pagerDutyRoutingKey);
    expect(waits).toEqual([250, 500, 1000]);
  });

  it('does not wait past the invocation: with little time left it fails at once', async () => {
    services.failNext('opsgenie', 429);
    const [opsgenie] = clients({ opsgenieApiKey: KEYS.opsgenieApiKey }, 5100);
    const error = await opsgenie!.open(long).catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe('Opsgenie refused or failed the request: HTTP 429 after 1 attempt(s)');
    expect(waits).toEqual([]);
  });

  it('refuses at once what the service refuses: a wrong Opsgenie key (401)', async () => {
    const [opsgenie] = clients({ opsgenieApiKey: '00000000-0000-4000-8000-000000000000' });
    const error = await opsgenie!.open(long).catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe('Opsgenie refused or failed the request: HTTP 401');
    expect(services.requests).toHaveLength(1);
  });

  it('retries a service it cannot reach', async () => {
    const error = await postJson('PagerDuty', 'http://127.0.0.1:9/v2/enqueue', {}, {}, { ...budget(), attempts: 2 }).catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe('PagerDuty refused or failed the request: unreachable after 2 attempt(s)');
    expect(waits).toEqual([250]);
  });
});
