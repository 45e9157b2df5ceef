/**
 * The account an alert's remediation acts in: the one the stored alert names (its revert target's account; the job
 * only points at the alert, src/actions/stored-change.ts), reached through the account seam
 * (src/aws/account-reach.ts). The account is never taken from a request.
 */
import type { ActionClients } from '../aws/action-clients.js';
import type { ActionContext } from './types.js';

export type AlertAccount =
  | { readonly ok: true; readonly accountId: string; readonly clients: ActionClients }
  | { readonly ok: false; readonly reason: string };

export async function alertAccount(
  target: { readonly accountId?: string | undefined },
  context: Pick<ActionContext, 'accounts' | 'settings'>,
): Promise<AlertAccount> {
  const accountId = target.accountId ?? context.settings.accountId;
  const reached = await context.accounts.clientsIn(accountId);
  return reached.ok ? { ok: true, accountId, clients: reached.clients } : { ok: false, reason: reached.reason };
}
