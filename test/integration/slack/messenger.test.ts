import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isSecmonError } from '../../../src/errors.js';
import { createSlackMessenger } from '../../../src/slack/messenger.js';
import { createSlackWebClient } from '../../../src/slack/web-client.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';

const slack = new LocalSlackApi();
beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

const messenger = () => createSlackMessenger(createSlackWebClient({ token: 'xoxb-test-token', apiUrl: slack.url }));
const message = { text: 'CRITICAL: Root user activity', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'root signed in' } }] } as const;

describe('Slack messenger over the Web API', () => {
  it('posts text and blocks with the bot token and returns where the message landed', async () => {
    const posted = await messenger().post('C0123456789', message);
    expect(posted).toEqual({ channel: 'C0123456789', ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    const [call] = slack.callsOf('chat.postMessage');
    expect(call!.authorization).toBe('Bearer xoxb-test-token');
    expect(call!.body).toMatchObject({ channel: 'C0123456789', text: message.text, blocks: message.blocks });
  });

  it('updates a message in place and replies in its thread', async () => {
    const target = { channel: 'C0123456789', ts: '1700000000.000001' };
    await messenger().update(target, message);
    await messenger().reply(target, 'acknowledged by <@U1>');
    expect(slack.callsOf('chat.update')[0]!.body).toMatchObject({ channel: target.channel, ts: target.ts, text: message.text });
    expect(slack.callsOf('chat.postMessage')[0]!.body).toMatchObject({ thread_ts: target.ts, text: 'acknowledged by <@U1>' });
  });

  it('sends no blocks field for a text-only message', async () => {
    await messenger().post('C0123456789', { text: 'Silence of root-activity ended: 3 events suppressed', blocks: [] });
    expect(slack.callsOf('chat.postMessage')[0]!.body).not.toHaveProperty('blocks');
  });

  it('retries a server error a bounded number of times, then succeeds', async () => {
    slack.failNext('chat.postMessage', { status: 500 }, 2);
    await expect(messenger().post('C0123456789', message)).resolves.toMatchObject({ channel: 'C0123456789' });
    expect(slack.callsOf('chat.postMessage')).toHaveLength(3);
  });

  it('gives up after its retries with a typed error instead of hanging', async () => {
    slack.failNext('chat.postMessage', { status: 500 }, 10);
    const error = await messenger().post('C0123456789', message).catch((e: unknown) => e);
    expect(isSecmonError(error, 'SLACK_API')).toBe(true);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(3);
  });

  it("names Slack's error code, and does not retry a permanent error", async () => {
    slack.failNext('chat.postMessage', { status: 200, error: 'channel_not_found' });
    const error = await messenger().post('C0123456789', message).catch((e: unknown) => e);
    expect((error as Error).message).toBe('Slack chat.postMessage failed: channel_not_found');
    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('fails fast when rate limited and no invocation time is known', async () => {
    slack.failNext('chat.update', { status: 429, retryAfter: 30 });
    const started = Date.now();
    const error = await messenger().update({ channel: 'C0123456789', ts: '1.000001' }, message).catch((e: unknown) => e);
    expect(isSecmonError(error, 'SLACK_API')).toBe(true);
    expect((error as Error).message).toBe('Slack chat.update failed: ratelimited');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  describe("honouring Slack's Retry-After within the invocation's remaining time", () => {
    const waited: number[] = [];
    const limited = (remainingMs: number) =>
      createSlackMessenger(createSlackWebClient({ token: 'xoxb-test-token', apiUrl: slack.url }), {
        remainingMs: () => remainingMs,
        sleep: (ms) => {
          waited.push(ms);
          return Promise.resolve();
        },
      });
    beforeEach(() => (waited.length = 0));

    it('waits the seconds Slack names and posts, when the invocation has the time', async () => {
      slack.failNext('chat.postMessage', { status: 429, retryAfter: 2 }, 2);
      await expect(limited(30_000).post('C0123456789', message)).resolves.toMatchObject({ channel: 'C0123456789' });
      expect(waited).toEqual([2000, 2000]);
      expect(slack.callsOf('chat.postMessage')).toHaveLength(3);
    });

    it('does not wait past the invocation: fails typed so Lambda retries later', async () => {
      slack.failNext('chat.postMessage', { status: 429, retryAfter: 20 });
      const error = await limited(21_000).post('C0123456789', message).catch((e: unknown) => e);
      expect(isSecmonError(error, 'SLACK_API')).toBe(true);
      expect(waited).toEqual([]);
    });

    it('waits a bounded number of times', async () => {
      slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 10);
      const error = await limited(600_000).post('C0123456789', message).catch((e: unknown) => e);
      expect(isSecmonError(error, 'SLACK_API')).toBe(true);
      expect(waited).toHaveLength(3);
      expect(slack.callsOf('chat.postMessage')).toHaveLength(4);
    });
  });
});
