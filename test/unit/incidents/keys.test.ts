/** The incident keys in the Slack secret: optional, shape-checked, a wrong one named by field and never by value. */
import { describe, expect, it } from 'vitest';
import { isSecmonError } from '../../../src/errors.js';
import { resolveIncidentKeys } from '../../../src/incidents/keys.js';
import { resolveSlackCredentials } from '../../../src/slack/credentials.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:secmon/slack-AbCdEf';
const SLACK = { botToken: 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp', signingSecret: '5e2b8c0f9a1d4e7b36c0a9f2d8e14b7a' };
const KEYS = { pagerDutyRoutingKey: 'R0UT1NGKEY0123456789abcdefABCDEF', opsgenieApiKey: 'eb243592-faa2-4ba2-a551-1afdf565c889' };
const source = { kind: 'secret', secretArn: ARN } as const;
const reading = (value: unknown) => () => Promise.resolve(JSON.stringify(value));

describe('incident keys', () => {
  it('reads either, both or none from the secret; none with a token in the environment', async () => {
    await expect(resolveIncidentKeys(source, reading({ ...SLACK, ...KEYS }))).resolves.toEqual(KEYS);
    await expect(resolveIncidentKeys(source, reading({ ...SLACK, opsgenieApiKey: KEYS.opsgenieApiKey }))).resolves.toEqual({ opsgenieApiKey: KEYS.opsgenieApiKey });
    await expect(resolveIncidentKeys(source, reading(SLACK))).resolves.toEqual({});
    await expect(resolveIncidentKeys({ kind: 'token', botToken: SLACK.botToken }, () => Promise.reject(new Error('not read')))).resolves.toEqual({});
  });

  it.each([
    ['a PagerDuty key of the wrong length', { pagerDutyRoutingKey: 'R0UT1NGKEY0123456789abcdef' }, /pagerDutyRoutingKey: pagerDutyRoutingKey must be a PagerDuty Events API v2 integration key/],
    ['an Opsgenie key with its header prefix', { opsgenieApiKey: `GenieKey ${KEYS.opsgenieApiKey}` }, /opsgenieApiKey: opsgenieApiKey must be an Opsgenie API integration key/],
  ])('refuses %s, naming the field and never its value, while the Slack credentials stay usable', async (_label, keys, reason) => {
    const secret = reading({ ...SLACK, ...keys });
    const error = await resolveIncidentKeys(source, secret).catch((e: unknown) => e as Error);
    expect(isSecmonError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).not.toContain(Object.values(keys)[0]!);
    await expect(resolveSlackCredentials(source, secret)).resolves.toEqual(SLACK);
  });
});
