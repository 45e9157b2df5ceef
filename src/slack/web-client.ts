import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { LogLevel, WebClient, type FetchFunction } from '@slack/web-api';

export interface SlackClientOptions {
  readonly token: string;
  /** Base URL of the Web API (tests point it at a local server). */
  readonly apiUrl?: string | undefined;
  /**
   * A rate-limited call (HTTP 429): 'fail' at once (the default: Lambda), or 'wait' the Retry-After Slack names and
   * try again within the same bounded retries (the CLI, which may post many messages in a row: Slack allows about
   * one message per second per channel, with short bursts).
   */
  readonly onRateLimit?: 'fail' | 'wait';
}

/**
 * A WebClient fit for Lambda. The default retries for about 30 minutes, far past any Lambda timeout: here a failed
 * call is retried twice within a few seconds and then fails the invocation, so Lambda's own retry and the
 * dead-letter destination hold the event instead of a hung function. Its HTTP goes through node:http(s)
 * (nodeFetch), not the global fetch.
 */
export function createSlackWebClient({ token, apiUrl, onRateLimit = 'fail' }: SlackClientOptions): WebClient {
  return new WebClient(token, {
    ...(apiUrl !== undefined ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000, randomize: true },
    timeout: 5000,
    // By default a rate-limited call fails fast too; waiting out Retry-After inside the invocation could outlast it.
    rejectRateLimitedCalls: onRateLimit === 'fail',
    logLevel: LogLevel.WARN,
    fetch: nodeFetch,
  });
}

type FetchResponse = Awaited<ReturnType<FetchFunction>>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The `fetch` WebClient is given: node:http(s) on Node's global agents (keep-alive, idle sockets unref'd). The
 * global fetch loads Node's bundled undici on first use, which cost the alerts function's cold start ~45 ms of its
 * first Slack call against ~11 ms for node:https. It does what WebClient asks of fetch: a request with headers and
 * a string body, `redirect: 'error'` (a redirect fails the call, as fetch's TypeError does), an abort signal (its
 * timeout, which also covers reading the body; the call rejects with the signal's reason, as fetch does), and a
 * response read as text, JSON or bytes (read whole before resolving: Web API answers are small). Compressed answers
 * are decoded (none is asked for: no Accept-Encoding is sent). Any other body (FormData: file uploads, which secmon
 * never makes) goes to the global fetch.
 */
export const nodeFetch: FetchFunction = async (input, init = {}) => {
  const text = init.body;
  if (text !== undefined && typeof text !== 'string') return globalThis.fetch(input, init);
  const url = new URL(input);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`fetch failed: unsupported protocol ${url.protocol}`);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const { signal } = init;
  signal?.throwIfAborted();
  const answer = await new Promise<{ status: number; statusText: string; headers: IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const body = text === undefined ? undefined : Buffer.from(text);
      const headers: Record<string, string> = { ...init.headers };
      if (body !== undefined) headers['content-length'] = String(body.length);
      const outgoing = request(url, { method: init.method ?? 'GET', headers }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', fail);
        incoming.on('aborted', () => fail(new TypeError('fetch failed: the response was cut short')));
        incoming.on('end', () => {
          signal?.removeEventListener('abort', abort);
          resolve({
            status: incoming.statusCode ?? 0,
            statusText: incoming.statusMessage ?? '',
            headers: incoming.headers,
            body: Buffer.concat(chunks),
          });
        });
      });
      function fail(cause: unknown) {
        signal?.removeEventListener('abort', abort);
        outgoing.destroy();
        reject(cause instanceof TypeError ? cause : new TypeError('fetch failed', { cause }));
      }
      function abort() {
        outgoing.destroy();
        reject(signal!.reason);
      }
      signal?.addEventListener('abort', abort, { once: true });
      outgoing.on('error', fail);
      outgoing.end(body);
    },
  );
  if (REDIRECTS.has(answer.status) && init.redirect !== 'manual') {
    throw new TypeError(`fetch failed: redirected (HTTP ${answer.status}) and redirect is ${init.redirect ?? 'follow'}`);
  }
  return responseOf(url.href, answer.status, answer.statusText, answer.headers, await decoded(answer.body, answer.headers));
};

async function decoded(body: Buffer, headers: IncomingHttpHeaders): Promise<Buffer> {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity') return body;
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return promisify(gunzip)(body);
    case 'deflate':
      return promisify(inflate)(body);
    case 'br':
      return promisify(brotliDecompress)(body);
    default:
      throw new TypeError(`fetch failed: unsupported content-encoding ${encoding}`);
  }
}

function responseOf(url: string, status: number, statusText: string, raw: IncomingHttpHeaders, body: Buffer): FetchResponse {
  // As fetch's Headers: lower-case names in order, repeated values joined with ", ".
  const entries: [string, string][] = Object.entries(raw)
    .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
    .map(([name, value]): [string, string] => [name, Array.isArray(value) ? value.join(', ') : value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const byName = new Map(entries);
  const text = () => body.toString('utf8');
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText,
    url,
    headers: { get: (name) => byName.get(name.toLowerCase()) ?? null, entries: () => entries[Symbol.iterator]() },
    arrayBuffer: () => Promise.resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer),
    json: () => Promise.resolve().then(() => JSON.parse(text()) as unknown),
    text: () => Promise.resolve(text()),
  };
}
