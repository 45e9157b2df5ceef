import type { WebClient } from '@slack/web-api';
import type { KnownBlock } from '@slack/types';
import type { PostedMessage, SlackMessage, SlackMessenger } from '../alerts/ports.js';
import { SecmonError } from '../errors.js';

/** The pipeline's SlackMessenger over the Slack Web API. Errors become SLACK_API errors naming the method. */
export function createSlackMessenger(client: WebClient): SlackMessenger {
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
  };
}

/** Text-only messages (sweep summaries) send no `blocks` at all: Slack rejects an empty blocks array. */
function blocksOf(message: SlackMessage): { blocks?: KnownBlock[] } {
  return message.blocks.length > 0 ? { blocks: message.blocks as KnownBlock[] } : {};
}

async function call<T>(method: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (cause) {
    // The Web API error's `data.error` is Slack's code (channel_not_found, invalid_auth, ...): safe and useful.
    const code = (cause as { data?: { error?: unknown }; code?: unknown }).data?.error ?? (cause as { code?: unknown }).code;
    throw new SecmonError('SLACK_API', `Slack ${method} failed: ${typeof code === 'string' ? code : 'request failed'}`, { cause });
  }
}
