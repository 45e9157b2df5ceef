import { describe, expect, it } from 'vitest';
import { loadSlackAppConfig } from '../../../src/config.js';
import { resolveSlackCredentials } from '../../../src/slack/credentials.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:secmon/slack-AbCdEf';
const GOOD = { botToken: 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp', signingSecret: '5e2b8c0f9a1d4e7b36c0a9f2d8e14b7a' };
const fromSecret = (value: unknown) => resolveSlackCredentials({ kind: 'secret', secretArn: ARN }, () => Promise.resolve(value));

describe('the Slack secret', () => {
  it('reads a bot token and a signing secret shaped as Slack issues them', async () => {
    await expect(fromSecret(JSON.stringify(GOOD))).resolves.toEqual(GOOD);
  });

  it.each([
    ["the stack's placeholders, as created", { botToken: 'REPLACE_WITH_BOT_TOKEN', signingSecret: 'REPLACE_WITH_SIGNING_SECRET' }, /botToken must be a Slack bot token.*signingSecret must be the Slack app's Signing Secret/],
    ['a real token with the placeholder signing secret', { ...GOOD, signingSecret: 'REPLACE_WITH_SIGNING_SECRET' }, /signingSecret must be the Slack app's Signing Secret/],
    ['a signing secret of the wrong length', { ...GOOD, signingSecret: '5e2b8c0f9a1d4e7b36c0a9f2d8e14b7' }, /signingSecret must be/],
    ['a signing secret that is not hexadecimal', { ...GOOD, signingSecret: 'secret-secret-secret-secret-1234' }, /signingSecret must be/],
    ['an empty signing secret', { ...GOOD, signingSecret: '' }, /signingSecret must be/],
    ['a token that is only the prefix', { ...GOOD, botToken: 'xoxb-' }, /botToken must be a Slack bot token/],
  ])('refuses %s, naming the field and never its value', async (_label, value, reason) => {
    const error = await fromSecret(JSON.stringify(value)).then(
      () => new Error('the secret was accepted'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(reason);
    if (value.signingSecret !== '') expect(error.message).not.toContain(value.signingSecret);
  });

  it('refuses a placeholder given in the environment (local runs) as well', () => {
    const env = { SLACK_BOT_TOKEN: GOOD.botToken, SLACK_SIGNING_SECRET: 'REPLACE_WITH_SIGNING_SECRET', STATE_TABLE: 't', WORKER_FUNCTION_NAME: 'w' };
    expect(() => loadSlackAppConfig(env)).toThrow(/SLACK_SIGNING_SECRET: must be the Slack app's Signing Secret/);
    expect(() => loadSlackAppConfig(env)).not.toThrow(/REPLACE_WITH/);
  });
});
