/**
 * The Lambda Function URL front of the Slack app: covers what Bolt's AwsLambdaReceiver gets wrong or leaves out,
 * then hands the request to it (Bolt verifies the signature again, answers url_verification and runs listeners).
 *
 * In order, before Bolt sees anything:
 * 1. The body is decoded: a base64 body (Function URLs encode form posts) as UTF-8. Bolt decodes it as ASCII, which
 *    garbles non-ASCII text and breaks the signature check of any request that carries it.
 * 2. `ssl_check` (Slack probing a slash command URL) gets 200 and nothing else, as Bolt would answer it.
 * 3. `X-Slack-Request-Timestamp` more than 5 minutes off in EITHER direction: 401. Bolt rejects only old ones, so
 *    a request signed with a future timestamp could be replayed for as long as that timestamp lies ahead.
 * 4. The signature (HMAC-SHA256 of `v0:{ts}:{body}`), compared in constant time: 401 when wrong.
 * 5. Retries and replays: the SHA-256 of the body is claimed in the state table (conditional put, 1 hour TTL). A
 *    body already claimed is answered 200 with nothing run: a Slack retry (`X-Slack-Retry-Num`) of a request this
 *    function already accepted, or a replay of a captured request inside the 5-minute window. A retry whose first
 *    attempt never got this far (it died before the claim) is processed normally. Slash command and interaction
 *    bodies hold a unique `trigger_id`, so two different clicks never share a fingerprint.
 * Steps 1-4 touch nothing; a rejected request makes no Slack call, no AWS call and no store write.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/** Slack's replay window: requests signed more than this far from now (either way) are refused. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type FunctionUrlResult = APIGatewayProxyStructuredResultV2;

/** Bolt's AwsLambdaReceiver handler (`receiver.toHandler()`), or anything shaped like it. */
export type BoltLambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<FunctionUrlResult>;

/** Remembers request fingerprints; `claim` is true for the first claim of a fingerprint, false for a repeat. */
export interface RequestLedger {
  claim(fingerprint: string, now: Date): Promise<boolean>;
}

export interface FunctionUrlAdapterOptions {
  /** The signing secret (may be fetched lazily: resolved on the first request). */
  readonly signingSecret: () => Promise<string>;
  /** Bolt's handler; built lazily on the first verified request (the bot token may come from a secret). */
  readonly bolt: () => Promise<BoltLambdaHandler>;
  readonly ledger: RequestLedger;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly now?: () => Date;
}

export type RequestCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing headers' | 'timestamp skew' | 'bad signature' };

/** Checks timestamp skew (both directions) and the v0 signature of a raw body. Pure. */
export function verifySlackRequest(input: {
  readonly signingSecret: string;
  readonly body: string;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly nowSeconds: number;
}): RequestCheck {
  const { timestamp, signature } = input;
  if (timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'missing headers' };
  }
  if (Math.abs(input.nowSeconds - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return { ok: false, reason: 'timestamp skew' };
  const expected = Buffer.from(
    `v0=${createHmac('sha256', input.signingSecret).update(`v0:${timestamp}:${input.body}`).digest('hex')}`,
    'utf8',
  );
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
  return { ok: true };
}

/** The body as Slack sent it: base64 bodies decoded as UTF-8 (Bolt would decode them as ASCII). */
export function decodeBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): string {
  if (event.body === undefined || event.body === null) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function header(headers: APIGatewayProxyEventV2['headers'] | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function isSslCheck(body: string, contentType: string | undefined): boolean {
  if (!contentType?.startsWith('application/x-www-form-urlencoded')) return false;
  const ssl = new URLSearchParams(body).get('ssl_check');
  return ssl !== null && ssl !== '';
}

function isUrlVerification(body: string): boolean {
  if (!body.startsWith('{')) return false;
  try {
    return (JSON.parse(body) as { type?: unknown }).type === 'url_verification';
  } catch {
    return false;
  }
}

export function requestFingerprint(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

const unauthorized: FunctionUrlResult = { statusCode: 401, body: '' };

/** The Function URL handler: checks, dedupe, then Bolt. */
export function createFunctionUrlAdapter(options: FunctionUrlAdapterOptions) {
  const now = options.now ?? (() => new Date());
  const { logger } = options;
  return async (event: APIGatewayProxyEventV2, context: Context): Promise<FunctionUrlResult> => {
    const method = event.requestContext?.http?.method;
    if (method !== undefined && method !== 'POST') return { statusCode: 405, body: '' };
    const body = decodeBody(event);
    const contentType = header(event.headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
    if (isSslCheck(body, contentType)) return { statusCode: 200, body: '' };

    const check = verifySlackRequest({
      signingSecret: await options.signingSecret(),
      body,
      timestamp: header(event.headers, 'x-slack-request-timestamp'),
      signature: header(event.headers, 'x-slack-signature'),
      nowSeconds: Math.floor(now().getTime() / 1000),
    });
    if (!check.ok) {
      logger.warn('slack request rejected', { reason: check.reason, retryNum: header(event.headers, 'x-slack-retry-num') });
      return unauthorized;
    }

    const retryNum = header(event.headers, 'x-slack-retry-num');
    if (!isUrlVerification(body)) {
      let first: boolean;
      try {
        first = await options.ledger.claim(requestFingerprint(body), now());
      } catch (error) {
        // Without the ledger a retry might run twice: drop retries, let first attempts through (a lost click is
        // worse than nothing, and the listeners' writes are idempotent or guarded by the store).
        logger.error('request ledger unavailable', { error: error as Error, retryNum });
        first = retryNum === undefined;
      }
      if (!first) {
        logger.info('slack request already accepted: not processed again', { retryNum, retryReason: header(event.headers, 'x-slack-retry-reason') });
        return { statusCode: 200, body: '' };
      }
    }

    // Bolt gets the decoded body (no longer base64) and a plain content type (it compares it exactly).
    const headers = { ...event.headers };
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-type') delete headers[key];
    if (contentType !== undefined) headers['content-type'] = contentType;
    const bolt = await options.bolt();
    return bolt({ ...event, headers, body, isBase64Encoded: false }, context);
  };
}
