/**
 * keep: a second person approves keeping the change an alert reported (instead of reverting it), with a reason.
 * Records the decision on the alert's remediation (so a revert can no longer start: one conditional write decides
 * between keep and revert) and on its message. Writes nothing to AWS.
 *
 * Four-eyes: the approver must not be who made the change, and secmon must be able to tell (src/identity/
 * four-eyes.ts): the author, as the stored alert's CloudTrail record names them, is compared with the approver's
 * Slack identity (their id, their profile e-mail, and what the operator's identity map says they act as).
 */
import * as z from 'zod/mini';
import { fourEyes, type FourEyesVerdict } from '../identity/four-eyes.js';
import { escapeMrkdwn } from './common.js';
import { alertRef, storedTarget } from './stored-change.js';
import type { ActionDefinition, ActionResult } from './types.js';

const keepParams = z.object({
  ...alertRef,
  reason: z.string().check(z.trim(), z.minLength(3, 'say why the change may stay'), z.maxLength(500)),
});
export type KeepParams = z.infer<typeof keepParams>;

/** The action role's name: changes made through it carry the Slack user id as source identity. */
export const actionRoleName = (namePrefix: string): string => `${namePrefix}-worker-actions`;

export const keepAction: ActionDefinition<KeepParams> = {
  name: 'keep',
  description: 'Approve keeping the change an alert reported, with a reason (audited). The person who made the change cannot approve it.',
  adminOnly: true,
  writes: false,
  params: keepParams,
  example: {
    deliveryId: '7f2c1e0a-0000-4000-8000-000000000001',
    reason: 'Temporary bastion access for the migration, ticket OPS-42',
    message: { channel: 'C0123456789', ts: '1763632800.000100' },
  },
  permissions: [],
  async run(params, context) {
    // A security-group revert's change or an undo's (src/alerts/undo/): either may be kept instead.
    const change = await storedTarget(params, context, 'kept', (alert) => alert.revert ?? alert.undo);
    if (!change.ok) return change.result;
    const detail = { deliveryId: params.deliveryId, changedBy: change.target.changedBy };
    const approver = await context.identities.approver(context.actor.userId);
    const verdict = fourEyes(change.target.author, approver, context.identities.map, actionRoleName(context.settings.namePrefix));
    if (verdict.verdict !== 'other') return refusal(verdict, detail);

    const now = context.now();
    const kept = await context.state.remediations.keep(params.deliveryId, { by: context.actor.userId, now, reason: params.reason });
    if (kept.status === 'existing') {
      const { record } = kept;
      const why =
        record.status === 'kept'
          ? `keeping it was approved already${record.kept === undefined ? '' : ` by <@${record.kept.by}>`}`
          : record.status === 'done'
            ? 'it was reverted'
            : 'a revert of it is asked for or in progress';
      return { ok: false, denied: true, summary: `Not kept: ${why}.`, detail: { ...detail, refused: `remediation ${record.status}` } };
    }
    await context.state.messages.updateState(params.message, { kept: { by: context.actor.userId, at: now.toISOString(), reason: params.reason } });
    return { ok: true, summary: `Kept by <@${context.actor.userId}>: ${escapeMrkdwn(params.reason)}`, detail: { ...detail, reason: params.reason } };
  },
};

function refusal(verdict: Exclude<FourEyesVerdict, { verdict: 'other' }>, detail: Record<string, unknown>): ActionResult {
  const summary =
    verdict.verdict === 'self'
      ? 'Not kept: the change was made by you, and keeping it needs someone else\'s approval.'
      : verdict.verdict === 'unknown-author'
        ? `Not kept: secmon cannot tell who made this change (${verdict.shape}), so it cannot check that you did not. ` +
          'An operator can map the principal to its Slack user in SecmonIdentityMap.'
        : `Not kept: the change's author is known by e-mail, but ${verdict.reason}, so secmon cannot check that it was not you.`;
  return { ok: false, denied: true, summary, detail: { ...detail, refused: verdict.verdict, ...(verdict.verdict === 'self' ? { via: verdict.via } : {}) } };
}
