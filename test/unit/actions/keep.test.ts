import { describe, expect, it } from 'vitest';
import { keepAction } from '../../../src/actions/keep.js';
import type { ChangeAuthor } from '../../../src/cloudtrail/author.js';
import { parseIdentityMap } from '../../../src/identity/identity-map.js';
import { revertTarget, sgRevertAlert, messageState } from '../../helpers/alerts.js';
import { BOB, harness, identities, type Harness } from './harness.js';

const message = { channel: 'C0123456789', ts: '1.2' };
const SSO_ALICE: ChangeAuthor = {
  type: 'AssumedRole',
  arn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_PowerUser_0123456789abcdef/alice@example.com',
  userName: undefined,
  issuerArn: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PowerUser_0123456789abcdef',
  issuerType: 'Role',
  sourceIdentity: undefined,
};
const EMAILS = { U0ALICE: 'Alice@example.com', U0BOB: 'bob@example.com' };

/** Stores the alert the keep names; `author: null` for an alert stored without one. */
async function withAlert(h: Harness, author: ChangeAuthor | null = SSO_ALICE, deliveryId = 'd1'): Promise<void> {
  const alert = sgRevertAlert({ deliveryId, revert: { ...revertTarget(), author: author ?? undefined } });
  await h.state.messages.create(message, { alert, state: messageState() }, new Date(0));
}

describe('keep', () => {
  it('records the approval on the remediation and the message state (no audit of its own: the worker audits)', async () => {
    const h = harness({ actor: BOB, identities: identities(EMAILS) });
    await withAlert(h);
    const result = await keepAction.run({ deliveryId: 'd1', reason: 'Bastion for migration <!channel>', message }, h.context);
    expect(result).toMatchObject({ ok: true });
    expect(result.summary).toContain('&lt;!channel&gt;');
    expect(await h.state.remediations.get('d1')).toMatchObject({ status: 'kept', kept: { by: 'U0BOB', reason: 'Bastion for migration <!channel>' } });
    expect((await h.state.messages.get(message))?.state.kept).toEqual({ by: 'U0BOB', at: expect.any(String), reason: 'Bastion for migration <!channel>' });
    expect(await h.state.audit.list()).toEqual([]);
  });

  it('refuses the person who made the change, as a denial', async () => {
    const h = harness({ identities: identities(EMAILS) });
    await withAlert(h);
    const result = await keepAction.run({ deliveryId: 'd1', reason: 'fine by me', message }, h.context);
    expect(result).toMatchObject({ ok: false, denied: true, detail: { refused: 'self', via: 'email:alice@example.com' } });
    expect(result.summary).toContain('made by you');
    expect(await h.state.remediations.get('d1')).toBeUndefined();
  });

  it('refuses when the approver cannot be compared (Slack gives no e-mail), or the author is unknown', async () => {
    const noEmail = harness({ actor: BOB, identities: identities({}) });
    await withAlert(noEmail);
    expect(await keepAction.run({ deliveryId: 'd1', reason: 'fine by me', message }, noEmail.context)).toMatchObject({
      ok: false,
      denied: true,
      summary: expect.stringMatching(/author is known by e-mail, but Slack would not say who you are/),
    });
    const noAuthor = harness({ actor: BOB, identities: identities(EMAILS) });
    await withAlert(noAuthor, null);
    expect(await keepAction.run({ deliveryId: 'd1', reason: 'fine by me', message }, noAuthor.context)).toMatchObject({
      ok: false,
      summary: expect.stringMatching(/cannot tell who made this change \(not recorded with this alert\).*SecmonIdentityMap/),
    });
  });

  it('a mapped author: refused for the user mapped to it, allowed for another', async () => {
    const map = parseIdentityMap('U0ALICE=arn:aws:iam::111122223333:role/ci-deploy');
    if (!map.ok) throw new Error('map');
    const author = revertTarget().author ?? null; // a ci-deploy session named by its caller
    const alice = harness({ identities: identities(EMAILS, map.map) });
    await withAlert(alice, author);
    expect(await keepAction.run({ deliveryId: 'd1', reason: 'fine by me', message }, alice.context)).toMatchObject({ detail: { refused: 'self' } });
    const bob = harness({ actor: BOB, identities: identities(EMAILS, map.map) });
    await withAlert(bob, author);
    expect(await keepAction.run({ deliveryId: 'd1', reason: 'fine by me', message }, bob.context)).toMatchObject({ ok: true });
  });

  it('refuses once a revert is asked for, in progress or done; and a second keep', async () => {
    const h = harness({ actor: BOB, identities: identities(EMAILS) });
    await withAlert(h);
    await h.state.remediations.start('d1', { by: 'U0CAROL', now: new Date(), leaseMs: 60_000, attempt: 'job-1' });
    expect(await keepAction.run({ deliveryId: 'd1', reason: 'fine by me', message }, h.context)).toMatchObject({
      ok: false,
      denied: true,
      summary: 'Not kept: a revert of it is asked for or in progress.',
    });
    await h.state.remediations.finish('d1', { attempt: 'job-1', status: 'done', outcomes: [], now: new Date() });
    expect((await keepAction.run({ deliveryId: 'd1', reason: 'fine by me', message }, h.context)).summary).toBe('Not kept: it was reverted.');
    expect((await h.state.messages.get(message))?.state.kept).toBeUndefined();
  });

  it('keeps only the alert the job names: another message, another delivery id, or no change is refused', async () => {
    const h = harness({ actor: BOB, identities: identities(EMAILS) });
    await withAlert(h);
    expect(await keepAction.run({ deliveryId: 'd-other', reason: 'fine by me', message }, h.context)).toMatchObject({
      denied: true,
      summary: 'Not kept: the message shows another alert.',
    });
    expect(await keepAction.run({ deliveryId: 'd1', reason: 'fine by me', message: { channel: 'C0123456789', ts: '9.9' } }, h.context)).toMatchObject({
      denied: true,
      summary: expect.stringContaining('no longer has this alert'),
    });
    expect(await h.state.remediations.get('d-other')).toBeUndefined();
  });
});
