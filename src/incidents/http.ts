/**
 * One JSON POST to an incident service, retried while the service says "later" (HTTP 429, 5xx) or cannot be
 * reached, with exponential backoff, and only while the invocation has the time left. node:http(s) through the
 * Slack client's fetch (src/slack/web-client.ts says why not the global fetch). Errors are INCIDENT_API errors that
 * name the service and the HTTP status, never the request (it carries the integration key).
 */
import { SecmonError } from '../errors.js';
import { nodeFetch } from '../slack/web-client.js';

export interface RetryBudget {
  /** Milliseconds left in the current invocation. */
  readonly remainingMs: () => number;
  /** Time a request still needs once a wait is over (default 5 s). */
  readonly reserveMs?: number;
  /** Attempts per request (default 4). */
  readonly attempts?: number;
  /** The first wait; doubled each time (default 250 ms). */
  readonly baseDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const TIMEOUT_MS = 5000;

/** POSTs `body` as JSON; resolves when the service answers 202 Accepted (both services' APIs are asynchronous). */
export async function postJson(
  service: string,
  url: string,
  headers: Readonly<Record<string, string>>,
  body: unknown,
  budget: RetryBudget,
): Promise<void> {
  const attempts = budget.attempts ?? 4;
  let last = 'no answer';
  for (let attempt = 1; ; attempt++) {
    let status: number | undefined;
    try {
      const response = await nodeFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = response.status;
      if (status === 202) return;
      last = `HTTP ${status}`;
    } catch (cause) {
      last = cause instanceof Error && cause.name === 'TimeoutError' ? 'timed out' : 'unreachable';
    }
    const retryable = status === undefined || status === 429 || status >= 500;
    const delay = (budget.baseDelayMs ?? 250) * 2 ** (attempt - 1);
    if (!retryable || attempt >= attempts || budget.remainingMs() - delay < (budget.reserveMs ?? 5000)) {
      throw new SecmonError('INCIDENT_API', `${service} refused or failed the request: ${last}${retryable ? ` after ${attempt} attempt(s)` : ''}`);
    }
    await (budget.sleep ?? sleep)(delay);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
