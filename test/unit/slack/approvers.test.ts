/** Who approves, as Slack's users.info describes them (the real Web API client against the local Slack API). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApproverLookup } from '../../../src/slack/approvers.js';
import { createSlackWebClient } from '../../../src/slack/web-client.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';

const slack = new LocalSlackApi();
let approver: ReturnType<typeof createApproverLookup>;

beforeAll(async () => {
  await slack.start();
  const client = createSlackWebClient({ token: 'xoxb-approvers', apiUrl: slack.url });
  approver = createApproverLookup(async () => client);
  slack.setUser('U0ALICE', { email: 'Alice@Example.com' });
  slack.setUser('U0NOEMAIL', {});
  slack.setUser('U0GONE', { email: 'gone@example.com', deleted: true });
});
afterAll(async () => {
  await slack.stop();
});

describe('approver lookup (users.info)', () => {
  it('gives the profile e-mail, lower-cased', async () => {
    expect(await approver('U0ALICE')).toEqual({ userId: 'U0ALICE', email: 'alice@example.com', emailProblem: undefined });
    expect(slack.callsOf('users.info').at(-1)?.body).toMatchObject({ user: 'U0ALICE' });
  });

  it('says why there is no e-mail: none readable, a deactivated user, an unknown user, Slack failing', async () => {
    expect(await approver('U0NOEMAIL')).toMatchObject({ email: undefined, emailProblem: expect.stringContaining('users:read.email') });
    expect(await approver('U0GONE')).toMatchObject({ email: undefined, emailProblem: 'Slack does not know you as an active user' });
    expect(await approver('U0NOBODY')).toMatchObject({ email: undefined, emailProblem: 'Slack would not say who you are (user_not_found)' });
    slack.failNext('users.info', { status: 200, error: 'missing_scope' });
    expect(await approver('U0ALICE')).toMatchObject({ email: undefined, emailProblem: 'Slack would not say who you are (missing_scope)' });
  });
});
