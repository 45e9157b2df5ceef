import type { WebClient } from '@slack/web-api';
import type { KnownBlock } from '@slack/types';
import type { PostedMessage, SlackMessage, SlackMessenger } from '../alerts/ports.js';
import { SecmonError } from '../errors.js';

export interface RateLimitOptions {
  /** Milliseconds left in the current invocation (Lambda's context.getRemainingTimeInMillis). */
  readonly remainingMs: () => number;
  /** Time a call and the work after it still need once the wait is over (default 5 s). */
  readonly reserveMs?: number;
  /** Waits at most this many times per call (default 3). */
  readonly maxWaits?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const RATE_LIMITED = 'slack_webapi_rate_limited_error';

/**
 * The pipeline's SlackMessenger over the Slack Web API. Errors become SLACK_API errors naming the method. A
 * rate-limited call (HTTP 429) waits the Retry-After Slack names and tries again, as long as the invocation has the
 * time left (`rateLimit`); otherwise it fails at once, into Lambda's retry and the dead-letter path.
 */
export function createSlackMessenger(client: WebClient, rateLimit?: RateLimitOptions): SlackMessenger {
  const call = <T>(method: string, request: () => Promise<T>) => callSlack(method, request, rateLimit);
  return {
    async post(channel, message) {
      const response = await call('chat.postMessage', () =>
        client.chat.postMessage({ channel, text: message.text, ...blocksOf(message), unfurl_links: false }),
      );
      if (typeof response.ts !== 'string' || typeof response.channel !== 'string')
        throw new SecmonError('SLACK_API', 'Slack chat.postMessage answered without a message ts');
      return { channel: response.channel, ts: response.ts };
    },
    async update(target: PostedMessage, message: SlackMessage) {
      await call('chat.update', () =>
        client.chat.update({ channel: target.channel, ts: target.ts, text: message.text, ...blocksOf(message) }),
      );
    },
    async reply(target: PostedMessage, text: string) {
      await call('chat.postMessage', () =>
        client.chat.postMessage({ channel: target.channel, thread_ts: target.ts, text, unfurl_links: false }),
      );
    },
    async permalink(target: PostedMessage) {
      const response = await call('chat.getPermalink', () => client.chat.getPermalink({ channel: target.channel, message_ts: target.ts }));
      if (typeof response.permalink !== 'string') throw new SecmonError('SLACK_API', 'Slack chat.getPermalink answered without a permalink');
      return response.permalink;
    },
  };
}

/** Text-only messages (sweep summaries) send no `blocks` at all: Slack rejects an empty blocks array. */
function blocksOf(message: SlackMessage): { blocks?: KnownBlock[] } {
  return message.blocks.length > 0 ? { blocks: message.blocks as KnownBlock[] } : {};
}

async function callSlack<T>(method: string, request: () => Promise<T>, rateLimit: RateLimitOptions | undefined): Promise<T> {
  for (let waits = 0; ; waits++) {
    try {
      return await request();
    } catch (cause) {
      const { code, retryAfter } = cause as { code?: unknown; retryAfter?: unknown };
      if (code === RATE_LIMITED && rateLimit !== undefined && typeof retryAfter === 'number' && waits < (rateLimit.maxWaits ?? 3)) {
        const waitMs = Math.max(0, retryAfter) * 1000;
        if (rateLimit.remainingMs() - waitMs > (rateLimit.reserveMs ?? 5000)) {
          await (rateLimit.sleep ?? sleep)(waitMs);
          continue;
        }
      }
      // The Web API error's `data.error` is Slack's code (channel_not_found, invalid_auth, ...): safe and useful.
      const slackCode = (cause as { data?: { error?: unknown } }).data?.error ?? (code === RATE_LIMITED ? 'ratelimited' : code);
      throw new SecmonError('SLACK_API', `Slack ${method} failed: ${typeof slackCode === 'string' ? slackCode : 'request failed'}`, { cause });
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
