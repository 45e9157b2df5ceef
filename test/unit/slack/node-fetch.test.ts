import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetch } from '../../../src/slack/web-client.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;
let handler: Handler = (_, __, response) => response.end();
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => handler(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('nodeFetch: the Slack WebClient transport over node:http(s)', () => {
  it('sends the method, headers and body, and answers like fetch', async () => {
    let seen: { method?: string; type?: string; auth?: string; length?: string; body?: string } = {};
    handler = (request, body, response) => {
      seen = {
        method: request.method,
        type: request.headers['content-type'],
        auth: request.headers.authorization,
        length: request.headers['content-length'],
        body,
      };
      response.writeHead(200, 'OK', { 'Content-Type': 'application/json', 'X-OAuth-Scopes': 'chat:write', 'Set-Cookie': ['a=1', 'b=2'] });
      response.end('{"ok":true,"ts":"1.000001"}');
    };
    const response = await nodeFetch(`${base}/api/chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer xoxb-1' },
      body: 'channel=C1&text=%C3%A9t%C3%A9',
      redirect: 'error',
      signal: AbortSignal.timeout(5000),
    });
    expect(seen).toEqual({
      method: 'POST',
      type: 'application/x-www-form-urlencoded',
      auth: 'Bearer xoxb-1',
      length: String(Buffer.byteLength('channel=C1&text=%C3%A9t%C3%A9')),
      body: 'channel=C1&text=%C3%A9t%C3%A9',
    });
    expect(response).toMatchObject({ ok: true, status: 200, statusText: 'OK', url: `${base}/api/chat.postMessage` });
    expect(response.headers.get('x-oauth-scopes')).toBe('chat:write');
    expect(response.headers.get('X-OAuth-Scopes')).toBe('chat:write');
    expect(response.headers.get('retry-after')).toBeNull();
    const entries = Object.fromEntries(response.headers.entries());
    expect(entries).toMatchObject({ 'content-type': 'application/json', 'set-cookie': 'a=1, b=2' });
    expect(await response.json()).toEqual({ ok: true, ts: '1.000001' });
    expect(await response.text()).toBe('{"ok":true,"ts":"1.000001"}');
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe('{"ok":true,"ts":"1.000001"}');
  });

  it('gives non-2xx answers as responses, with their headers', async () => {
    handler = (_, __, response) => {
      response.writeHead(429, { 'retry-after': '30' });
      response.end('{"ok":false}');
    };
    const response = await nodeFetch(`${base}/api/chat.update`, { method: 'POST', body: '' });
    expect(response).toMatchObject({ ok: false, status: 429, statusText: 'Too Many Requests' });
    expect(response.headers.get('retry-after')).toBe('30');
  });

  it('decodes a compressed answer', async () => {
    handler = (_, __, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(gzipSync('{"ok":true}'));
    };
    expect(await (await nodeFetch(`${base}/api/x`, { method: 'POST', body: 'a=1' })).json()).toEqual({ ok: true });
  });

  it("fails on a redirect when redirect is 'error', as fetch does", async () => {
    handler = (_, __, response) => {
      response.writeHead(302, { location: 'https://example.com/' });
      response.end();
    };
    await expect(nodeFetch(`${base}/api/x`, { method: 'POST', body: '', redirect: 'error' })).rejects.toThrow(TypeError);
  });

  it("rejects with the signal's reason when it times out, and sends nothing once aborted", async () => {
    handler = (_, __, response) => setTimeout(() => response.end('{"ok":true}'), 2000).unref();
    const error = await nodeFetch(`${base}/api/slow`, { method: 'POST', body: '', signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(nodeFetch(`${base}/api/x`, { method: 'POST', body: '', signal: controller.signal })).rejects.toThrow('gone');
  });

  it('fails with a TypeError when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(nodeFetch(`http://127.0.0.1:${port}/api/x`, { method: 'POST', body: '' })).rejects.toThrow(TypeError);
  });
});
