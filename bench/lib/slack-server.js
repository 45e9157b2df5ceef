// A local Slack Web API on 127.0.0.1 for the bench: the JS equivalent of test/helpers/slack-server.ts (answers
// chat.postMessage / chat.update / auth.test like Slack, records every call), minus failure injection, plus a clock
// so that a suite driving simulated time records each call at the simulated time it was made.
import { createServer } from 'node:http';

/**
 * @typedef {{ method: string, body: Record<string, unknown>, at: number, response: Record<string, unknown> | undefined }} RecordedCall
 */

export class LocalSlackApi {
  /** @type {RecordedCall[]} */
  calls = [];
  /** Base URL for WebClient's slackApiUrl / SLACK_API_URL. */
  url = '';
  #nextTs = 1_700_000_000_000_100;
  /** @type {import('node:http').Server | undefined} */
  #server;
  #clock;

  /** @param {{ clock?: () => number }} [options] `clock` stamps each call (default Date.now). */
  constructor({ clock = Date.now } = {}) {
    this.#clock = clock;
  }

  /** @returns {Promise<this>} */
  async start() {
    const server = createServer((request, response) => {
      readBody(request).then(
        (raw) => {
          const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
          const body = parseBody(raw, request.headers['content-type']);
          const call = { method, body, at: this.#clock(), response: this.answerFor(method, body) };
          this.calls.push(call);
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(call.response));
        },
        (error) => {
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ ok: false, error: String(error) }));
        },
      );
    });
    this.#server = server;
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
    const address = /** @type {import('node:net').AddressInfo} */ (server.address());
    this.url = `http://127.0.0.1:${address.port}/api/`;
    return this;
  }

  /** @returns {Promise<void>} */
  async stop() {
    const server = this.#server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(() => resolve(undefined)));
  }

  /** @param {string} method */
  callsOf(method) {
    return this.calls.filter((call) => call.method === method);
  }

  reset() {
    this.calls.length = 0;
  }

  /**
   * What Slack answers to a call; a suite may wrap it to make some calls fail.
   * @param {string} method
   * @param {Record<string, unknown>} body
   * @returns {Record<string, unknown>}
   */
  answerFor(method, body) {
    switch (method) {
      case 'chat.postMessage':
        return { ok: true, channel: body['channel'], ts: this.#ts(), message: { text: body['text'] } };
      case 'chat.update':
        return { ok: true, channel: body['channel'], ts: body['ts'], text: body['text'] };
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001', user: 'secmon' };
      default:
        return { ok: true };
    }
  }

  #ts() {
    const value = this.#nextTs++;
    return `${Math.floor(value / 1_000_000)}.${String(value % 1_000_000).padStart(6, '0')}`;
  }
}

/**
 * @param {import('node:http').IncomingMessage} request
 * @returns {Promise<string>}
 */
async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {string} raw
 * @param {string | undefined} contentType
 * @returns {Record<string, unknown>}
 */
function parseBody(raw, contentType) {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw);
  /** @type {Record<string, unknown>} */
  const fields = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // WebClient sends structured arguments (blocks, attachments) as JSON strings inside the form.
    fields[key] = key === 'blocks' || key === 'attachments' ? JSON.parse(value) : value;
  }
  return fields;
}
