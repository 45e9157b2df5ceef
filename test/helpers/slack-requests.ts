/**
 * Real signed Slack requests as a Lambda Function URL delivers them (API Gateway v2 payload): lowercased headers,
 * `X-Slack-Signature` = v0 HMAC-SHA256 of `v0:{ts}:{body}` with the test signing secret, the body optionally base64.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** Shaped like a real Signing Secret (32 hexadecimal characters): anything else is refused. */
export const TEST_SIGNING_SECRET = '5e2b8c0f9a1d4e7b36c0a9f2d8e14b7a';

export interface SignOptions {
  /** Seconds since the epoch written into X-Slack-Request-Timestamp (default: now). */
  readonly timestamp?: number;
  readonly secret?: string;
  readonly base64?: boolean;
  readonly retryNum?: number;
  /** Replace the computed signature (forgery). */
  readonly signature?: string;
  readonly contentType?: string;
}

export function sign(body: string, timestamp: number, secret = TEST_SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function functionUrlEvent(body: string, options: SignOptions = {}): APIGatewayProxyEventV2 {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? sign(body, timestamp, options.secret),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    host: 'abcdefghij.lambda-url.us-east-1.on.aws',
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefghij',
      domainName: 'abcdefghij.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abcdefghij',
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '3.80.0.1', userAgent: headers['user-agent']! },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    body: options.base64 ? Buffer.from(body, 'utf8').toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}

export interface SlashCommandFields {
  readonly text: string;
  readonly userId?: string;
  readonly userName?: string;
  readonly channelId?: string;
  readonly responseUrl?: string;
  readonly command?: string;
}

export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: fields.channelId ?? 'C0SECMON01',
    channel_name: 'security',
    user_id: fields.userId ?? 'U0ADMIN01',
    user_name: fields.userName ?? 'alice',
    command: fields.command ?? '/secmon',
    text: fields.text,
    api_app_id: 'A0SECMON',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl ?? 'https://hooks.slack.com/commands/T0001/1/abc',
    trigger_id: `${Date.now()}.${randomUUID()}`,
  }).toString();
}

export function slashCommand(fields: SlashCommandFields, options: SignOptions = {}): APIGatewayProxyEventV2 {
  return functionUrlEvent(slashCommandBody(fields), options);
}

export interface BlockActionFields {
  readonly actionId: string;
  readonly value?: string;
  readonly selectedValue?: string;
  readonly blockId?: string;
  readonly userId?: string;
  readonly channelId?: string;
  readonly messageTs?: string;
  readonly type?: 'button' | 'static_select';
}

export function blockActionPayload(fields: BlockActionFields): Record<string, unknown> {
  const channel = fields.channelId ?? 'C0SECMON01';
  const ts = fields.messageTs ?? '1700000000.000100';
  const action =
    fields.type === 'static_select'
      ? {
          type: 'static_select',
          action_id: fields.actionId,
          block_id: fields.blockId ?? 'b1',
          selected_option: { text: { type: 'plain_text', text: 'x' }, value: fields.selectedValue ?? '' },
          action_ts: String(Date.now() / 1000),
        }
      : {
          type: 'button',
          action_id: fields.actionId,
          block_id: fields.blockId ?? 'b1',
          value: fields.value,
          text: { type: 'plain_text', text: 'x' },
          action_ts: String(Date.now() / 1000),
        };
  return {
    type: 'block_actions',
    user: { id: fields.userId ?? 'U0ADMIN01', username: 'alice', name: 'alice', team_id: 'T0001' },
    api_app_id: 'A0SECMON',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomUUID()}`,
    team: { id: 'T0001', domain: 'example' },
    channel: { id: channel, name: 'security' },
    message: { type: 'message', ts, text: 'alert', user: 'UBOT', bot_id: 'BBOT' },
    response_url: 'https://hooks.slack.com/actions/T0001/1/abc',
    actions: [action],
  };
}

export function interaction(payload: Record<string, unknown>, options: SignOptions = {}): APIGatewayProxyEventV2 {
  return functionUrlEvent(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), options);
}

export interface ViewSubmissionFields {
  readonly callbackId: string;
  readonly privateMetadata: string;
  /** state.values: block id -> action id -> the input's value. */
  readonly values: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly userId?: string;
  readonly userName?: string;
}

/** A modal's view_submission as Slack sends it (the plain_text_input values under view.state.values). */
export function viewSubmissionPayload(fields: ViewSubmissionFields): Record<string, unknown> {
  const values = Object.fromEntries(
    Object.entries(fields.values).map(([blockId, inputs]) => [
      blockId,
      Object.fromEntries(Object.entries(inputs).map(([actionId, value]) => [actionId, { type: 'plain_text_input', value }])),
    ]),
  );
  const userName = fields.userName ?? 'alice';
  return {
    type: 'view_submission',
    team: { id: 'T0001', domain: 'example' },
    user: { id: fields.userId ?? 'U0ADMIN01', username: userName, name: userName, team_id: 'T0001' },
    api_app_id: 'A0SECMON',
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.${randomUUID()}`,
    view: {
      id: 'V0KEEP0001',
      team_id: 'T0001',
      type: 'modal',
      callback_id: fields.callbackId,
      private_metadata: fields.privateMetadata,
      title: { type: 'plain_text', text: 'Keep this change' },
      blocks: [],
      state: { values },
      hash: '1700000000.abcdef',
      app_id: 'A0SECMON',
      bot_id: 'B0BOT0001',
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}
