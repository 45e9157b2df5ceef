/**
 * The account an alert's remediation acts in: the one the stored alert names (its revert target's account), reached
 * through the account seam (src/aws/account-reach.ts). A request naming another account than the stored alert, or a
 * cross-account request without a stored alert to check it against, is refused: the account is never taken from a
 * request alone.
 */
import type { ActionClients } from '../aws/action-clients.js';
import type { ActionContext } from './types.js';

export type AlertAccount =
  | { readonly ok: true; readonly accountId: string; readonly clients: ActionClients }
  | { readonly ok: false; readonly reason: string };

export async function alertAccount(
  target: { readonly accountId?: string | undefined; readonly groupId: string; readonly eventId: string },
  message: { readonly channel: string; readonly ts: string } | undefined,
  context: Pick<ActionContext, 'accounts' | 'settings' | 'state'>,
): Promise<AlertAccount> {
  const accountId = target.accountId ?? context.settings.accountId;
  if (accountId !== context.settings.accountId) {
    const stored = message === undefined ? undefined : (await context.state.messages.get(message))?.alert.revert;
    if (stored === undefined) return { ok: false, reason: `secmon has no stored alert naming account ${accountId} to act on` };
    if (stored.accountId !== accountId || stored.groupId !== target.groupId || stored.eventId !== target.eventId) {
      return { ok: false, reason: `the alert names account ${stored.accountId ?? context.settings.accountId}, not ${accountId}` };
    }
  }
  const reached = await context.accounts.clientsIn(accountId);
  return reached.ok ? { ok: true, accountId, clients: reached.clients } : { ok: false, reason: reached.reason };
}
