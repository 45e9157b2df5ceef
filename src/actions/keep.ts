/**
 * keep: a second person approves keeping the change an alert reported (instead of reverting it), with a reason.
 * Writes the audit record and, when the alert's message is given, its `kept` state. Writes nothing to AWS.
 *
 * Four-eyes check, and its limit: secmon has no mapping from Slack users to AWS principals, so it compares names.
 * It refuses when the principal who made the change (`changedBy`: an ARN or display name; its user name, role
 * session name or last path segment) equals the approver's Slack user name or, for an e-mail-like name or
 * session, its local part (case-insensitive). Someone acting under a differently named session or user is not
 * recognised; a Slack actor without a user name is refused (the check cannot be made). A configured map of Slack
 * users to AWS principals would close the gap.
 */
import * as z from 'zod/mini';
import { escapeMrkdwn } from './common.js';
import { message } from './revert.js';
import type { ActionDefinition, SlackActor } from './types.js';

const keepParams = z.object({
  deliveryId: z.string().check(z.minLength(1), z.maxLength(256)),
  reason: z.string().check(z.trim(), z.minLength(3, 'say why the change may stay'), z.maxLength(500)),
  changedBy: z.optional(z.string().check(z.maxLength(2048))),
  message,
});
export type KeepParams = z.infer<typeof keepParams>;

/** Names a principal is known by: user or session name, and the local part of an e-mail-like one. */
export function principalNames(changedBy: string): string[] {
  const trimmed = changedBy.trim();
  if (trimmed === '') return [];
  const resource = trimmed.startsWith('arn:') ? trimmed.split(':').slice(5).join(':') : trimmed;
  const last = resource.split('/').pop() ?? resource;
  return expand(last);
}

function expand(name: string): string[] {
  const lower = name.toLowerCase();
  const at = lower.indexOf('@');
  return at > 0 ? [lower, lower.slice(0, at)] : [lower];
}

/** True when the approver looks like the principal who made the change (see the module comment). */
export function isSelfApproval(actor: SlackActor, changedBy: string | undefined): boolean | 'unknown' {
  if (changedBy === undefined || changedBy.trim() === '') return false;
  if (actor.userName === undefined || actor.userName.trim() === '') return 'unknown';
  const mine = new Set(expand(actor.userName.trim()));
  return principalNames(changedBy).some((name) => mine.has(name));
}

export const keepAction: ActionDefinition<KeepParams> = {
  name: 'keep',
  description: 'Approve keeping the change an alert reported, with a reason (audited). The person who made the change cannot approve it.',
  adminOnly: true,
  writes: false,
  params: keepParams,
  example: {
    deliveryId: '7f2c1e0a-0000-4000-8000-000000000001',
    reason: 'Temporary bastion access for the migration, ticket OPS-42',
    changedBy: 'arn:aws:iam::111122223333:user/alice',
    message: { channel: 'C0123456789', ts: '1763632800.000100' },
  },
  permissions: [],
  async run(params, context) {
    const now = context.now();
    const detail = { deliveryId: params.deliveryId, changedBy: params.changedBy };
    const audit = (result: 'succeeded' | 'denied', text: string) =>
      context.state.audit.append({ at: now.toISOString(), actor: context.actor.userId, action: 'alert.keep', target: params.deliveryId, result, detail: text });

    const self = isSelfApproval(context.actor, params.changedBy);
    if (self !== false) {
      const summary =
        self === true
          ? 'Not kept: the change was made by you, and keeping it needs someone else\'s approval.'
          : 'Not kept: secmon cannot tell whether you made this change (your Slack user name is unknown), so it cannot accept your approval.';
      await audit('denied', summary);
      return { ok: false, summary, detail: { ...detail, refused: self === true ? 'self-approval' : 'unknown-approver' } };
    }
    const remediation = await context.state.remediations.get(params.deliveryId);
    if (remediation !== undefined && (remediation.status === 'in_progress' || remediation.status === 'done')) {
      const summary = `Not kept: a revert of this change is ${remediation.status === 'done' ? 'already done' : 'in progress'}.`;
      await audit('denied', summary);
      return { ok: false, summary, detail: { ...detail, refused: `revert ${remediation.status}` } };
    }
    await audit('succeeded', `kept: ${params.reason}`);
    if (params.message !== undefined) {
      await context.state.messages.updateState(params.message, { kept: { by: context.actor.userId, at: now.toISOString(), reason: params.reason } });
    }
    return { ok: true, summary: `Kept by <@${context.actor.userId}>: ${escapeMrkdwn(params.reason)}`, detail: { ...detail, reason: params.reason } };
  },
};
