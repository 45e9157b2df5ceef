/**
 * Local HTTP stand-ins for the two AWS APIs a function calls before it does anything else, for tests that run a
 * built bundle in a child process (where aws-sdk-client-mock cannot reach): point the SDK at them with
 * AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL_STS. Each answers as its API reference documents, on
 * 127.0.0.1 only, and records the requests it got.
 * - Secrets Manager (JSON 1.1 protocol): GetSecretValue of a known secret id (name or ARN), else 400
 *   ResourceNotFoundException.
 * - STS (query protocol, XML answers): AssumeRole, echoing the SourceIdentity it was given.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

abstract class LocalServer<Request> {
  private server: Server | undefined;
  readonly requests: Request[] = [];

  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the server is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.answer(request, Buffer.concat(chunks).toString('utf8'), response));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  protected abstract answer(request: IncomingMessage, body: string, response: ServerResponse): void;
}

export class LocalSecretsManager extends LocalServer<{ target: string; secretId: string }> {
  constructor(private readonly secrets: Record<string, string>) {
    super();
  }

  protected answer(request: IncomingMessage, body: string, response: ServerResponse): void {
    const target = String(request.headers['x-amz-target'] ?? '');
    const secretId = String((JSON.parse(body || '{}') as { SecretId?: string }).SecretId ?? '');
    this.requests.push({ target, secretId });
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(payload));
    };
    if (target !== 'secretsmanager.GetSecretValue') {
      reply(400, { __type: 'UnknownOperationException', message: `not served here: ${target}` });
      return;
    }
    const value = this.secrets[secretId];
    if (value === undefined) {
      reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
      return;
    }
    reply(200, { ARN: secretId, Name: secretId.split(':').pop(), SecretString: value, VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 1_700_000_000 });
  }
}

export class LocalSts extends LocalServer<Record<string, string>> {
  protected answer(_request: IncomingMessage, body: string, response: ServerResponse): void {
    const params = Object.fromEntries(new URLSearchParams(body));
    this.requests.push(params);
    const xml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
    if (params['Action'] !== 'AssumeRole') {
      response.writeHead(400, { 'content-type': 'text/xml' });
      response.end(`<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>not served here</Message></Error><RequestId>local</RequestId></ErrorResponse>`);
      return;
    }
    const expiration = new Date(Date.now() + Number(params['DurationSeconds'] ?? 900) * 1000).toISOString();
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
        `<SourceIdentity>${xml(params['SourceIdentity'] ?? '')}</SourceIdentity>` +
        `<AssumedRoleUser><AssumedRoleId>AROALOCAL:${xml(params['RoleSessionName'] ?? '')}</AssumedRoleId>` +
        `<Arn>${xml(params['RoleArn'] ?? '')}/${xml(params['RoleSessionName'] ?? '')}</Arn></AssumedRoleUser>` +
        `<Credentials><AccessKeyId>ASIALOCAL</AccessKeyId><SecretAccessKey>local</SecretAccessKey>` +
        `<SessionToken>local-session</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        `</AssumeRoleResult><ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  }
}
