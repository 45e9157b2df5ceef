/**
 * A stand-in for the two incident services on 127.0.0.1, answering as their references document:
 * - PagerDuty Events API v2, POST /v2/enqueue: 202 `{ status: 'success', message: 'Event processed', dedup_key }`; an
 *   invalid event (unknown routing key, event_action, severity; summary over 1024 characters; dedup_key over 255 or
 *   missing on resolve; payload fields missing on trigger) 400 `{ status: 'invalid event', message, errors }`.
 * - Opsgenie Alert API, POST /v2/alerts and POST /v2/alerts/{alias}/close?identifierType=alias with
 *   `Authorization: GenieKey <key>`: 202 `{ result: 'Request will be processed', took, requestId }`; a wrong key 401;
 *   a message over 130 characters, an alias over 512, a priority other than P1-P5, tags over 50 characters, 422.
 * Records every request; can be told to answer a status (429, 500, ...) to the next requests of a service.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type IncidentVendor = 'pagerduty' | 'opsgenie';

export interface IncidentRequest {
  readonly vendor: IncidentVendor;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly authorization: string | undefined;
  readonly body: Record<string, unknown>;
  status: number;
}

export class LocalIncidentServices {
  readonly requests: IncidentRequest[] = [];
  private readonly failures: Record<IncidentVendor, number[]> = { pagerduty: [], opsgenie: [] };
  private server: Server | undefined;
  /** Base URLs for PAGERDUTY_EVENTS_URL and OPSGENIE_API_URL. */
  pagerDutyUrl = '';
  opsgenieUrl = '';

  constructor(private readonly keys: { readonly pagerDutyRoutingKey: string; readonly opsgenieApiKey: string }) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.pagerDutyUrl = `${base}/pagerduty/`;
    this.opsgenieUrl = `${base}/opsgenie/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` requests to `vendor` are answered `status` (a throttle, an outage). */
  failNext(vendor: IncidentVendor, status: number, times = 1): void {
    this.failures[vendor].push(...Array.from({ length: times }, () => status));
  }

  of(vendor: IncidentVendor): IncidentRequest[] {
    return this.requests.filter((request) => request.vendor === vendor);
  }

  reset(): void {
    this.requests.length = 0;
    this.failures.pagerduty.length = 0;
    this.failures.opsgenie.length = 0;
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const url = new URL(request.url ?? '/', 'http://local');
    const [, vendorPath, ...rest] = url.pathname.split('/');
    const vendor: IncidentVendor = vendorPath === 'pagerduty' ? 'pagerduty' : 'opsgenie';
    const raw = await readBody(request);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // an unparsable body is answered below as invalid
    }
    const recorded: IncidentRequest = {
      vendor,
      path: `/${rest.join('/')}`,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      body,
      status: 0,
    };
    this.requests.push(recorded);
    const failure = this.failures[vendor].shift();
    const answer =
      failure !== undefined
        ? { status: failure, body: vendor === 'pagerduty' ? { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' } : { message: 'Request failed', took: 0.001, requestId: randomUUID() } }
        : request.method !== 'POST'
          ? { status: 405, body: {} }
          : vendor === 'pagerduty'
            ? this.pagerDuty(recorded)
            : this.opsgenie(recorded);
    recorded.status = answer.status;
    return answer;
  }

  private pagerDuty(request: IncidentRequest): { status: number; body: unknown } {
    const errors: string[] = [];
    const { body } = request;
    if (request.path !== '/v2/enqueue') return { status: 404, body: {} };
    if (body['routing_key'] !== this.keys.pagerDutyRoutingKey) errors.push('Invalid routing key');
    const action = body['event_action'];
    if (action !== 'trigger' && action !== 'acknowledge' && action !== 'resolve') errors.push("'event_action' is invalid");
    const dedupKey = body['dedup_key'];
    if (dedupKey !== undefined && (typeof dedupKey !== 'string' || dedupKey.length > 255)) errors.push("'dedup_key' must be a string of at most 255 characters");
    if (action !== 'trigger' && dedupKey === undefined) errors.push("'dedup_key' is missing");
    if (action === 'trigger') {
      const payload = body['payload'] as Record<string, unknown> | undefined;
      if (typeof payload?.['summary'] !== 'string' || payload['summary'].length > 1024) errors.push("'payload.summary' is missing or longer than 1024 characters");
      if (typeof payload?.['source'] !== 'string' || payload['source'] === '') errors.push("'payload.source' is missing");
      if (!['critical', 'error', 'warning', 'info'].includes(String(payload?.['severity']))) errors.push("'payload.severity' is invalid");
      if (payload?.['timestamp'] !== undefined && Number.isNaN(Date.parse(String(payload['timestamp'])))) errors.push("'payload.timestamp' is invalid");
    }
    if (errors.length > 0) return { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors } };
    return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: typeof dedupKey === 'string' ? dedupKey : randomUUID().replace(/-/g, '') } };
  }

  private opsgenie(request: IncidentRequest): { status: number; body: unknown } {
    const processed = { status: 202, body: { result: 'Request will be processed', took: 0.107, requestId: randomUUID() } };
    const invalid = (message: string) => ({ status: 422, body: { message, took: 0.001, requestId: randomUUID() } });
    if (request.authorization !== `GenieKey ${this.keys.opsgenieApiKey}`) return { status: 401, body: { message: 'Could not authenticate', took: 0.0, requestId: randomUUID() } };
    const { body } = request;
    if (request.path === '/v2/alerts') {
      if (typeof body['message'] !== 'string' || body['message'] === '' || body['message'].length > 130) return invalid('Message can not be empty or longer than 130 characters.');
      if (body['alias'] !== undefined && (typeof body['alias'] !== 'string' || body['alias'].length > 512)) return invalid('Alias can not be longer than 512 characters.');
      if (body['priority'] !== undefined && !['P1', 'P2', 'P3', 'P4', 'P5'].includes(String(body['priority']))) return invalid('Priority should be one of [P1, P2, P3, P4, P5]');
      const tags = body['tags'];
      if (tags !== undefined && (!Array.isArray(tags) || tags.length > 20 || tags.some((tag) => typeof tag !== 'string' || tag.length > 50))) return invalid('Tags are invalid.');
      return processed;
    }
    const close = /^\/v2\/alerts\/([^/]+)\/close$/.exec(request.path);
    if (close !== null) {
      if (!['id', 'alias', 'tiny'].includes(request.query['identifierType'] ?? 'id')) return invalid('identifierType should be one of [id, alias, tiny]');
      return processed;
    }
    return { status: 404, body: { message: 'Not found', took: 0.0, requestId: randomUUID() } };
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
