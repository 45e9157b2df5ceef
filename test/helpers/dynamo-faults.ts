/**
 * A DynamoDB endpoint on 127.0.0.1 that forwards every request to dynalite, except those a test tells it to fail:
 * those get DynamoDB's own answer to an internal failure (HTTP 500, `InternalServerError`, which the SDK retries),
 * as the real service gives it now and then. For what must happen when a write fails after an AWS write.
 *
 *   const faults = await new DynamoFaults(dynamo.endpoint).start();   // AWS_ENDPOINT_URL_DYNAMODB = faults.url
 *   faults.failNext((request) => request.operation === 'PutItem' && request.pk === 'audit#all', 9);
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DynamoCall {
  /** e.g. `PutItem`. */
  readonly operation: string;
  /** The partition key the request names (Key, Item or a Query's :pk). */
  readonly pk: string | undefined;
  /** The request as JSON (DynamoDB's wire format: attribute values typed, e.g. `{ "S": "x" }`). */
  readonly body: Record<string, unknown>;
}

interface Fault {
  readonly match: (call: DynamoCall) => boolean;
  remaining: number;
}

export class DynamoFaults {
  url = '';
  /** How many requests each fault failed. */
  failed = 0;
  readonly #faults: Fault[] = [];
  #server: Server | undefined;

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    this.#server = createServer((incoming, outgoing) => void this.#handle(incoming, outgoing));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** The next `times` requests that `match` fail. */
  failNext(match: (call: DynamoCall) => boolean, times: number): void {
    this.#faults.push({ match, remaining: times });
  }

  reset(): void {
    this.#faults.length = 0;
    this.failed = 0;
  }

  async #handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const call = describe(String(incoming.headers['x-amz-target'] ?? ''), raw.toString('utf8'));
    const fault = this.#faults.find((f) => f.remaining > 0 && f.match(call));
    if (fault !== undefined) {
      fault.remaining -= 1;
      this.failed += 1;
      outgoing.writeHead(500, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'FAULT' });
      outgoing.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' }));
      return;
    }
    const target = new URL(this.target);
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    forwarded.end(raw);
  }
}

function describe(target: string, text: string): DynamoCall {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: nothing to match on
  }
  const key = (body['Key'] ?? body['Item']) as { pk?: { S?: string } } | undefined;
  const values = body['ExpressionAttributeValues'] as Record<string, { S?: string }> | undefined;
  return { operation: target.split('.').pop() ?? '', pk: key?.pk?.S ?? values?.[':pk']?.S, body };
}
