/**
 * What the finding actions share after the checks: the clients of the finding's administrator account (the home
 * action role, or the organization's member role there, for the Slack user), and the message state that records what
 * was done, for the alert to show it and for later clicks to be refused.
 */
import type { ActionClients } from '../../aws/action-clients.js';
import type { FindingAction } from '../../alerts/model.js';
import type { FindingInfo } from '../../findings/model.js';
import { alertAccount } from '../alert-account.js';
import type { ActionContext } from '../types.js';

export async function adminClients(finding: FindingInfo, context: Pick<ActionContext, 'accounts' | 'settings'>): Promise<{ ok: true; clients: ActionClients } | { ok: false; reason: string }> {
  return alertAccount({ accountId: finding.adminAccount }, context);
}

export async function recordFindingAction(
  message: { readonly channel: string; readonly ts: string },
  context: Pick<ActionContext, 'state' | 'actor' | 'now'>,
  action: Pick<FindingAction, 'status' | 'reason' | 'atSource'>,
): Promise<void> {
  await context.state.messages.updateState(message, { findingAction: { ...action, by: context.actor.userId, at: context.now().toISOString() } });
}
