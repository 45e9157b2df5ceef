import { describe, expect, it } from 'vitest';
import { isSelfApproval, keepAction, principalNames } from '../../../src/actions/keep.js';
import { eventAlert, messageState } from '../../helpers/alerts.js';
import { BOB, harness } from './harness.js';

const message = { channel: 'C0123456789', ts: '1.2' };

describe('keep', () => {
  it('records the approval in the audit log and the message state', async () => {
    const h = harness({ actor: BOB });
    await h.state.messages.create(message, { alert: eventAlert(), state: messageState() }, new Date(0));
    const result = await keepAction.run(
      { deliveryId: 'd1', reason: 'Bastion for migration <!channel>', changedBy: 'arn:aws:iam::111122223333:user/alice', message },
      h.context,
    );
    expect(result.ok).toBe(true);
    expect(result.summary).toContain('&lt;!channel&gt;');
    expect(await h.state.audit.list()).toMatchObject([{ actor: 'U0BOB', action: 'alert.keep', target: 'd1', result: 'succeeded' }]);
    expect((await h.state.messages.get(message))?.state.kept).toEqual({ by: 'U0BOB', at: expect.any(String), reason: 'Bastion for migration <!channel>' });
  });

  it('refuses the principal who made the change, and audits the refusal', async () => {
    for (const changedBy of ['arn:aws:iam::111122223333:user/Alice', 'arn:aws:sts::111122223333:assumed-role/Admin/alice@example.com', 'alice']) {
      const h = harness({ actor: { userId: 'U0ALICE', userName: 'alice' } });
      const result = await keepAction.run({ deliveryId: 'd1', reason: 'fine by me', changedBy, message: undefined }, h.context);
      expect(result.ok, changedBy).toBe(false);
      expect(result.summary).toContain('made by you');
      expect(await h.state.audit.list()).toMatchObject([{ result: 'denied' }]);
    }
  });

  it('refuses when the approver cannot be compared (no Slack user name)', async () => {
    const h = harness({ actor: { userId: 'U0X', userName: undefined } });
    const result = await keepAction.run({ deliveryId: 'd1', reason: 'fine by me', changedBy: 'alice', message: undefined }, h.context);
    expect(result.ok).toBe(false);
  });

  it('refuses once a revert is in progress or done', async () => {
    const h = harness({ actor: BOB });
    await h.state.remediations.start('d1', { by: 'U0CAROL', now: new Date(), leaseMs: 60_000 });
    const result = await keepAction.run({ deliveryId: 'd1', reason: 'fine by me', changedBy: 'alice', message: undefined }, h.context);
    expect(result.ok).toBe(false);
    expect(result.summary).toContain('in progress');
  });

  it('compares user names, session names and e-mail local parts', () => {
    expect(principalNames('arn:aws:sts::1:assumed-role/Role/Bob.Smith@corp.example')).toEqual(['bob.smith@corp.example', 'bob.smith']);
    expect(principalNames('arn:aws:iam::1:user/dev/carol')).toEqual(['carol']);
    expect(isSelfApproval({ userId: 'U', userName: 'bob.smith@corp.example' }, 'role/bob.smith')).toBe(true);
    expect(isSelfApproval({ userId: 'U', userName: 'bob' }, 'arn:aws:iam::1:user/alice')).toBe(false);
    expect(isSelfApproval({ userId: 'U', userName: 'bob' }, undefined)).toBe(false);
  });
});
