/**
 * A local DynamoDB (dynalite, in memory) with secmon's state table created exactly as template.yaml declares it:
 * the key schema, attribute definitions and billing mode are read from the template, not restated here.
 *
 * dynalite implements neither UpdateTimeToLive nor expiry, so the TTL attribute is returned (from the template)
 * for tests to check the `expiresAt` values written, rather than enabled on the table.
 *
 *   const dynamo = await startDynalite();
 *   const table = new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName });
 *   ...
 *   await dynamo.close();
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type AttributeDefinition,
  type BillingMode,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { yamlParse } from 'yaml-cfn';

/** dynalite ships no types; this is the part of its API used here. */
type DynaliteFactory = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;
const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory;

/** One request the server received: the DynamoDB operation and the partition key it named. */
export interface DynamoRequest {
  /** e.g. `GetItem`, `Query`, `UpdateItem`. */
  readonly operation: string;
  /** The partition key of `Key`/`Item`, or the `:pk` value of a Query; undefined for table operations. */
  readonly pk: string | undefined;
  /** Who signed it: the harness's own clients sign with HARNESS_ACCESS_KEY_ID, code under test with its own. */
  readonly accessKeyId: string | undefined;
}

/** The access key of this helper's clients, so tests can tell their own setup requests from the code's. */
export const HARNESS_ACCESS_KEY_ID = 'AKIDTESTHARNESS';

export interface LocalDynamo {
  /** With `recordRequests`: every request the server received, in order (what the code asked DynamoDB, from the wire). */
  readonly requests: DynamoRequest[];
  /** Document client (default marshalling options, as a handler would build it). */
  readonly documentClient: DynamoDBDocumentClient;
  /** The low-level client the document client wraps (Powertools idempotency needs this one). */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly endpoint: string;
  /** The table's TTL attribute as template.yaml declares it (`expiresAt`). */
  readonly ttlAttribute: string;
  /** Creates one more state table on the same server (a fresh table per test) and returns its name. */
  createTable(name?: string): Promise<string>;
  close(): Promise<void>;
}

const TEMPLATE = new URL('../../template.yaml', import.meta.url);

interface StateTableDefinition {
  readonly AttributeDefinitions: AttributeDefinition[];
  readonly KeySchema: KeySchemaElement[];
  readonly BillingMode: BillingMode;
  readonly ttlAttribute: string;
}

/** The StateTable resource of template.yaml. */
export function stateTableDefinition(): StateTableDefinition {
  const template = yamlParse(readFileSync(TEMPLATE, 'utf8')) as {
    Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
  };
  const properties = template.Resources?.StateTable?.Properties;
  if (template.Resources?.StateTable?.Type !== 'AWS::DynamoDB::Table' || properties === undefined) {
    throw new Error('template.yaml has no AWS::DynamoDB::Table StateTable');
  }
  const ttl = properties.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
  if (ttl?.AttributeName === undefined || ttl.Enabled !== true) throw new Error('StateTable has no enabled TTL attribute');
  return {
    AttributeDefinitions: properties.AttributeDefinitions as AttributeDefinition[],
    KeySchema: properties.KeySchema as KeySchemaElement[],
    BillingMode: properties.BillingMode as BillingMode,
    ttlAttribute: ttl.AttributeName,
  };
}

let tableCounter = 0;

export async function startDynalite(options: { tableName?: string; recordRequests?: boolean } = {}): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const requests: DynamoRequest[] = [];
  // Listens before dynalite does: both read the same body chunks. Off unless asked (the benchmarks time dynalite).
  if (options.recordRequests === true) {
    server.prependListener('request', (req: IncomingMessage) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const signer = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
        requests.push({ ...describeRequest(String(req.headers['x-amz-target'] ?? ''), Buffer.concat(chunks).toString('utf8')), accessKeyId: signer });
      });
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: HARNESS_ACCESS_KEY_ID, secretAccessKey: 'local-secret' },
    maxAttempts: 1,
  });
  const documentClient = DynamoDBDocumentClient.from(client);
  const definition = stateTableDefinition();

  const close = async (): Promise<void> => {
    documentClient.destroy();
    client.destroy();
    await new Promise<void>((resolve, reject) => server.close((error?: Error) => (error ? reject(error) : resolve())));
  };

  const createTable = async (name = `secmon-state-test-${++tableCounter}`): Promise<string> => {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: definition.AttributeDefinitions,
        KeySchema: definition.KeySchema,
        BillingMode: definition.BillingMode,
      }),
    );
    for (let attempt = 0; ; attempt++) {
      const described = await client.send(new DescribeTableCommand({ TableName: name }));
      if (described.Table?.TableStatus === 'ACTIVE') return name;
      if (attempt > 100) throw new Error(`table ${name} did not become ACTIVE`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  let tableName: string;
  try {
    tableName = await createTable(options.tableName);
  } catch (error) {
    await close();
    throw error;
  }
  return { requests, documentClient, client, tableName, endpoint, ttlAttribute: definition.ttlAttribute, createTable, close };
}

function describeRequest(target: string, body: string): Omit<DynamoRequest, 'accessKeyId'> {
  const operation = target.split('.').pop() ?? '';
  let parsed: { Key?: { pk?: { S?: string } }; Item?: { pk?: { S?: string } }; ExpressionAttributeValues?: Record<string, { S?: string }> } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // not JSON: no key to record
  }
  return { operation, pk: parsed.Key?.pk?.S ?? parsed.Item?.pk?.S ?? parsed.ExpressionAttributeValues?.[':pk']?.S };
}
