/**
 * Where an action may act, and as whom: the seam every remediation that reaches into an account goes through.
 *
 * - The stack's own account: today's action role (`<prefix>-worker-actions`), already assumed for the Slack user.
 * - Another account of the organization (organization deployments only): the member stack's role
 *   `<prefix>-member-actions` in that account, assumed by the worker role for the Slack user with the user's id as
 *   STS SourceIdentity (CloudTrail in the member account names the user; the role's trust policy refuses a session
 *   without one, and any session from outside the organization).
 * - Any other account: refused, with the reason.
 *
 * The account always comes from what secmon stored (the alert the button was on), never from the request.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import type { ActionClients } from './action-clients.js';
import { AssumeRoleError } from './assume-role.js';

export type AccountClients = { readonly ok: true; readonly clients: ActionClients } | { readonly ok: false; readonly reason: string };

export interface AccountReach {
  /** Clients acting in `accountId` for the Slack user, or why secmon does not act there. Assumes the role first. */
  clientsIn(accountId: string): Promise<AccountClients>;
}

export interface AccountReachDeps {
  readonly homeAccountId: string;
  readonly homeClients: ActionClients;
  /** Organization deployments: the member role to assume in other accounts. */
  readonly organization: { readonly memberRoleArn: (accountId: string) => string } | undefined;
  /** Assumes a role for the Slack user (SourceIdentity = their id); throws AssumeRoleError with a readable message. */
  readonly assume: (roleArn: string, roleDescription: string) => Promise<AwsCredentialIdentity>;
  readonly clients: (credentials: AwsCredentialIdentity) => ActionClients;
}

export function createAccountReach(deps: AccountReachDeps): AccountReach {
  const sessions = new Map<string, Promise<ActionClients>>();
  return {
    async clientsIn(accountId) {
      if (accountId === deps.homeAccountId) return { ok: true, clients: deps.homeClients };
      if (!/^\d{12}$/.test(accountId)) return { ok: false, reason: `${JSON.stringify(accountId)} is not an AWS account id` };
      if (deps.organization === undefined) {
        return { ok: false, reason: `it is in account ${accountId}, and secmon's worker acts in ${deps.homeAccountId} only (this is not an organization deployment)` };
      }
      const roleArn = deps.organization.memberRoleArn(accountId);
      const roleName = roleArn.split('/').pop() ?? roleArn;
      let session = sessions.get(accountId);
      if (session === undefined) {
        session = deps.assume(roleArn, `the role ${roleName} in account ${accountId}`).then(deps.clients);
        sessions.set(accountId, session);
      }
      try {
        return { ok: true, clients: await session };
      } catch (error) {
        sessions.delete(accountId);
        if (error instanceof AssumeRoleError) {
          return { ok: false, reason: `${error.message}; is the member stack deployed in account ${accountId}?` };
        }
        throw error;
      }
    },
  };
}
