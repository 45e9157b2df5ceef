import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call as the local server received it; form fields that hold JSON (blocks) are parsed. */
export interface RecordedCall {
  readonly method: string;
  readonly body: Record<string, unknown>;
  readonly authorization: string | undefined;
  readonly at: number;
  /** What the server answered (for chat.postMessage, the message's `ts`). */
  response: Record<string, unknown> | undefined;
}

type Failure = { status: number; error?: string; retryAfter?: number };

/**
 * A small stand-in for Slack's Web API on 127.0.0.1: answers chat.postMessage / chat.update / chat.postEphemeral /
 * auth.test / users.info / chat.getPermalink like Slack does, records every call, and can be told to fail or to be slow.
 */
export class LocalSlackApi {
  readonly calls: RecordedCall[] = [];
  private readonly failures = new Map<string, Failure[]>();
  /** The workspace's people users.info knows (kept across reset: they are the workspace, not a test's calls). */
  private readonly people = new Map<string, { readonly email?: string; readonly deleted?: boolean }>();
  private delayMs = 0;
  private nextTs = 1_700_000_000_000_100;
  private server: Server | undefined;

  /** Base URL for WebClient's slackApiUrl / SLACK_API_URL. */
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, body, headers }) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` calls of `method` fail: an HTTP status (500, 429) or, with status 200, a Slack error code. */
  failNext(method: string, failure: Failure, times = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array.from({ length: times }, () => failure)]);
  }

  /** A member of the workspace, as users.info describes them (`email` only as with the scope users:read.email). */
  setUser(id: string, profile: { readonly email?: string; readonly deleted?: boolean }): void {
    this.people.set(id, profile);
  }

  slowDown(ms: number): void {
    this.delayMs = ms;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.delayMs = 0;
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const body = parseBody(await readBody(request), request.headers['content-type']);
    const call: RecordedCall = { method, body, authorization: request.headers.authorization, at: Date.now(), response: undefined };
    this.calls.push(call);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      call.response = { ok: false, error: failure.error ?? (failure.status === 200 ? 'internal_error' : 'fatal_error') };
      const headers: Record<string, string> = failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
      return { status: failure.status, body: call.response, headers };
    }
    call.response = this.answer(method, body);
    return { status: 200, body: call.response };
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'chat.postMessage':
        return { ok: true, channel: body['channel'], ts: this.ts(), message: { text: body['text'] } };
      case 'chat.update':
        return { ok: true, channel: body['channel'], ts: body['ts'], text: body['text'] };
      case 'chat.getPermalink':
        return { ok: true, channel: body['channel'], permalink: `https://secmon-test.slack.com/archives/${String(body['channel'])}/p${String(body['message_ts']).replace('.', '')}` };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.ts() };
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001', user: 'secmon' };
      case 'users.info': {
        const id = String(body['user']);
        const person = this.people.get(id);
        if (person === undefined) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id, team_id: 'T0001', deleted: person.deleted ?? false, profile: person.email === undefined ? {} : { email: person.email } } };
      }
      default:
        return { ok: true };
    }
  }

  private ts(): string {
    const value = this.nextTs++;
    return `${Math.floor(value / 1_000_000)}.${String(value % 1_000_000).padStart(6, '0')}`;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // WebClient sends structured arguments (blocks, attachments) as JSON strings inside the form.
    fields[key] = key === 'blocks' || key === 'attachments' ? JSON.parse(value) : value;
  }
  return fields;
}
