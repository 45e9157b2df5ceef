import { LogLevel, WebClient } from '@slack/web-api';

export interface SlackClientOptions {
  readonly token: string;
  /** Base URL of the Web API (tests point it at a local server). */
  readonly apiUrl?: string | undefined;
}

/**
 * A WebClient fit for Lambda. The default retries for about 30 minutes, far past any Lambda timeout: here a failed
 * call is retried twice within a few seconds and then fails the invocation, so Lambda's own retry and the
 * dead-letter destination hold the event instead of a hung function.
 */
export function createSlackWebClient({ token, apiUrl }: SlackClientOptions): WebClient {
  return new WebClient(token, {
    ...(apiUrl !== undefined ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000, randomize: true },
    timeout: 5000,
    // A rate-limited call fails fast too; waiting out Retry-After inside the invocation could outlast it.
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.WARN,
  });
}
