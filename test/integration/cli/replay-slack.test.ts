import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS, BLOCK_IDS } from '../../../blocks/ids.js';
import { runCli } from '../../helpers/cli.js';
import { cloudTrailRecord, rootConsoleLogin, stopLoggingRecord } from '../../helpers/records.js';
import { LocalSlackApi, type RecordedCall } from '../../helpers/slack-server.js';

const TOKEN = 'xoxb-2222-replay-test-token';
const CHANNEL = 'C0123456789';
const BURST = 30;

const slack = new LocalSlackApi();
beforeAll(() => slack.start());
afterAll(() => slack.stop());
beforeEach(() => slack.reset());

const env = () => ({ SLACK_BOT_TOKEN: TOKEN, SLACK_CHANNEL_ID: CHANNEL, SLACK_API_URL: slack.url });

const at = (second: number) => new Date(Date.UTC(2026, 10, 20, 10, 0, second)).toISOString().replace('.000Z', 'Z');

/** mallory probing one secret, refused every time: one group (same monitor, principal and resource). */
function deniedSecretRead(n: number): Record<string, unknown> {
  return cloudTrailRecord({
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEMALLORY01',
      arn: 'arn:aws:iam::111122223333:user/mallory',
      accountId: '111122223333',
      userName: 'mallory',
    },
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'GetSecretValue',
    errorCode: 'AccessDenied',
    errorMessage: 'User: arn:aws:iam::111122223333:user/mallory is not authorized to perform: secretsmanager:GetSecretValue',
    requestParameters: { secretId: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf' },
    eventTime: at(20 + n),
    eventID: `d0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  });
}

const routine = (n: number) => cloudTrailRecord({ eventID: `r0000000-0000-4000-8000-${String(n).padStart(12, '0')}`, eventTime: at(n) });

/**
 * Three incidents (StopLogging, a root sign-in, the burst) and routine calls, in two files as two regions deliver
 * them: input order is not event-time order (the root sign-in, last in time, is read first).
 */
function writeTrail(): string {
  const dir = mkdtempSync(join(tmpdir(), 'secmon-replay-slack-'));
  const burst = Array.from({ length: BURST }, (_, n) => deniedSecretRead(n));
  const fileA = [routine(1), { ...rootConsoleLogin('b1'), eventTime: at(58) }, routine(2), ...burst.filter((_, n) => n % 2 === 1)];
  const fileB = [routine(3), ...burst.filter((_, n) => n % 2 === 0), { ...stopLoggingRecord('a1'), eventTime: at(5) }, routine(4)];
  mkdirSync(join(dir, 'us-east-1'));
  mkdirSync(join(dir, 'us-west-2'));
  writeFileSync(join(dir, 'us-east-1', 'a.json.gz'), gzipSync(JSON.stringify({ Records: fileA })));
  writeFileSync(join(dir, 'us-west-2', 'b.json.gz'), gzipSync(JSON.stringify({ Records: fileB })));
  return dir;
}

type Block = { type: string; block_id?: string; elements?: { action_id?: string; text?: unknown }[] };
const blocksOf = (call: RecordedCall) => call.body['blocks'] as Block[];

describe('secmon replay --slack', () => {
  it('posts one message per alert or group through the pipeline, none for routine calls', async () => {
    const { code, stdout, stderr } = await runCli(['replay', '--slack', '--pack', 'essentials', writeTrail()], { env: env() });
    expect(stderr).toBe('');
    expect(code).toBe(0);

    const posts = slack.callsOf('chat.postMessage');
    expect(posts).toHaveLength(3);
    // In event-time order: StopLogging (10:00:05), the burst (from 10:00:20), the root sign-in (10:00:58).
    expect(posts.map((post) => post.body['text'])).toEqual([
      expect.stringMatching(/^\[Critical\] CloudTrail/),
      expect.stringMatching(/^\[Medium\] Unauthorized API calls: mallory/),
      expect.stringMatching(/^\[Critical\] Root user activity/),
    ]);
    for (const post of posts) expect(post.body['channel']).toBe(CHANNEL);
    expect(stdout).toContain(`Slack ${CHANNEL}: 3 messages\n  event path: 3 messages for ${BURST + 2} alerts (${BURST - 1} grouped into an earlier message, 0 silenced)`);
    expect(stdout).toContain('from 36 records in 2 files: 32 records matched');
  });

  it('groups the burst into one message whose last update shows the exact count', async () => {
    const { code, stdout } = await runCli(['replay', '--slack', '--pack', 'essentials', writeTrail()], { env: env() });
    expect(code).toBe(0);
    const burstLine = stdout.split('\n').find((line) => line.includes('unauthorized-api-calls'))!;
    expect(burstLine).toMatch(new RegExp(`^\\d+\\.\\d{6}  MEDIUM    unauthorized-api-calls  ${BURST} events  mallory \\(IAMUser\\)`));
    const ts = burstLine.split(' ')[0];

    const updates = slack.callsOf('chat.update');
    expect(updates.length).toBeGreaterThan(0);
    // Only the burst's message is ever updated, and at most once per 5 s of event time plus the sweep's final render.
    expect(new Set(updates.map((update) => update.body['ts']))).toEqual(new Set([ts]));
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(BURST / 5) + 1);
    const last = updates.at(-1)!;
    expect(JSON.stringify(blocksOf(last))).toContain(`*${BURST} events*`);
    expect(last.body['channel']).toBe(CHANNEL);
  });

  it('sends the Block Kit the Slack listeners expect, with the bot token', async () => {
    await runCli(['replay', '--slack', '--pack', 'essentials', writeTrail()], { env: env() });
    for (const call of slack.calls) expect(call.authorization).toBe(`Bearer ${TOKEN}`);
    for (const post of slack.callsOf('chat.postMessage')) {
      const actions = blocksOf(post).find((block) => block.block_id?.startsWith(`${BLOCK_IDS.alertActions}:`));
      expect(actions?.type).toBe('actions');
      const ids = actions!.elements!.map((element) => element.action_id);
      expect(ids).toEqual(expect.arrayContaining([ACTION_IDS.acknowledge, ACTION_IDS.silence, ACTION_IDS.openConsole]));
    }
  });

  it('names the alert after the most severe matching monitor (StopLogging also matches a CIS monitor)', async () => {
    await runCli(['replay', '--slack', '--pack', 'essentials', writeTrail()], { env: env() });
    const posts = slack.callsOf('chat.postMessage').map((call) => JSON.stringify(blocksOf(call)));
    const blocks = posts.find((post) => post.includes('cloudtrail:StopLogging'))!;
    expect(blocks).toContain('monitor `cloudtrail-tampering`');
    expect(blocks).not.toContain('cis-cloudtrail-config-changes');
  });

  it.each([
    [{ SLACK_CHANNEL_ID: CHANNEL }, 'SLACK_BOT_TOKEN: required', 'SLACK_CHANNEL_ID'],
    [{ SLACK_BOT_TOKEN: TOKEN }, 'SLACK_CHANNEL_ID: required', 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: TOKEN, SLACK_CHANNEL_ID: '#security' }, 'SLACK_CHANNEL_ID: must be a Slack channel id', 'SLACK_BOT_TOKEN'],
  ])('exits 2 naming the missing or bad setting (%j), before reading input or calling Slack', async (settings, named, notNamed) => {
    const { code, stdout, stderr } = await runCli(['replay', '--slack', '--pack', 'essentials', writeTrail()], { env: { ...settings, SLACK_API_URL: slack.url } });
    expect(code).toBe(2);
    expect(stderr).toContain(named);
    expect(stderr).not.toContain(notNamed);
    expect(stderr + stdout).not.toContain(TOKEN);
    expect(slack.calls).toHaveLength(0);
  });

  it("exits 1 with Slack's error code when Slack refuses, and never shows the token", async () => {
    slack.failNext('chat.postMessage', { status: 200, error: 'channel_not_found' });
    const { code, stdout, stderr } = await runCli(['replay', '--slack', '--pack', 'essentials', writeTrail()], { env: env() });
    expect(code).toBe(1);
    expect(stderr).toContain('Slack chat.postMessage failed: channel_not_found');
    expect(stderr).toContain(`stopped after 0 of ${BURST + 2} alerts`);
    expect(stdout + stderr).not.toContain(TOKEN);
    expect(stdout + stderr).not.toContain('2222-replay');
    // The replay stops at the first failure instead of failing 32 times.
    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('exits 1 when an update fails midway, reporting what was posted before', async () => {
    slack.failNext('chat.update', { status: 200, error: 'invalid_auth' });
    const { code, stdout, stderr } = await runCli(['replay', '--slack', '--pack', 'essentials', writeTrail()], { env: env() });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Slack chat\.update failed: invalid_auth \(stopped after \d+ of 32 alerts\)/);
    expect(stdout).toMatch(/^Slack C0123456789: 2 messages \(stopped after \d+ of 32 alerts and alarm notifications\)/);
    expect(stdout + stderr).not.toContain(TOKEN);
  });

  it('waits out a rate limit instead of failing the replay', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const { code } = await runCli(['replay', '--slack', '--pack', 'essentials', writeTrail()], { env: env() });
    expect(code).toBe(0);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(4);
  });
});
