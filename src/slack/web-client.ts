import { LogLevel, WebClient } from '@slack/web-api';

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
 * dead-letter destination hold the event instead of a hung function.
 */
export function createSlackWebClient({ token, apiUrl, onRateLimit = 'fail' }: SlackClientOptions): WebClient {
  return new WebClient(token, {
    ...(apiUrl !== undefined ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000, randomize: true },
    timeout: 5000,
    // By default a rate-limited call fails fast too; waiting out Retry-After inside the invocation could outlast it.
    rejectRateLimitedCalls: onRateLimit === 'fail',
    logLevel: LogLevel.WARN,
  });
}
