/**
 * Lists the organization's accounts with their OUs for the account directory (src/org/account-directory.ts), by
 * walking the tree: ListRoots, then for each parent ListAccountsForParent and ListOrganizationalUnitsForParent
 * (every page). One walk gives names and OU paths, which ListAccounts alone does not. Runs with credentials of a
 * read-only role in the management account, or the function's own when the central account is allowed to read
 * Organizations (a delegated administrator through the organization's resource-based delegation policy).
 *
 * Organizations is a global service whose API endpoint is in us-east-1 (Organizations User Guide, "Endpoints and
 * quotas"); the client is built on first use, so the alerts function's event path never loads it.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import type { ListedAccount, OrganizationListing } from '../org/account-directory.js';
import { clientWithRole } from './role-client.js';

export interface OrganizationsListingOptions {
  /** Undefined: the function's own credentials. */
  readonly credentials: (() => Promise<AwsCredentialIdentity>) | undefined;
}

export function organizationsListing(options: OrganizationsListingOptions): OrganizationListing {
  let sdk: Promise<typeof import('@aws-sdk/client-organizations')> | undefined;
  const load = async () => {
    const organizations = await (sdk ??= import('@aws-sdk/client-organizations'));
    const build = (credentials?: AwsCredentialIdentity) =>
      new organizations.OrganizationsClient({ region: 'us-east-1', maxAttempts: 5, ...(credentials === undefined ? {} : { credentials }) });
    const client = options.credentials === undefined ? build() : clientWithRole(options.credentials, build);
    return { client, sdk: organizations };
  };
  return async () => {
    const { client, sdk: organizations } = await load();
    return listOrganization({
      roots: async () => {
        const out: string[] = [];
        let token: string | undefined;
        do {
          const page = await client.send(new organizations.ListRootsCommand({ ...(token ? { NextToken: token } : {}) }));
          out.push(...(page.Roots ?? []).map((root) => root.Id).filter((id): id is string => id !== undefined));
          token = page.NextToken;
        } while (token);
        return out;
      },
      accounts: async (parentId) => {
        const out: { id: string; name: string; active: boolean }[] = [];
        let token: string | undefined;
        do {
          const page = await client.send(new organizations.ListAccountsForParentCommand({ ParentId: parentId, ...(token ? { NextToken: token } : {}) }));
          for (const account of page.Accounts ?? []) {
            if (account.Id !== undefined) out.push({ id: account.Id, name: account.Name ?? account.Id, active: account.Status !== 'SUSPENDED' });
          }
          token = page.NextToken;
        } while (token);
        return out;
      },
      children: async (parentId) => {
        const out: { id: string; name: string }[] = [];
        let token: string | undefined;
        do {
          const page = await client.send(
            new organizations.ListOrganizationalUnitsForParentCommand({ ParentId: parentId, ...(token ? { NextToken: token } : {}) }),
          );
          for (const ou of page.OrganizationalUnits ?? []) if (ou.Id !== undefined) out.push({ id: ou.Id, name: ou.Name ?? ou.Id });
          token = page.NextToken;
        } while (token);
        return out;
      },
    });
  };
}

/** The walk itself, over any source of roots, accounts and children (tests give their own). Breadth first. */
export async function listOrganization(source: {
  roots(): Promise<string[]>;
  accounts(parentId: string): Promise<{ id: string; name: string; active: boolean }[]>;
  children(parentId: string): Promise<{ id: string; name: string }[]>;
}): Promise<ListedAccount[]> {
  const found: ListedAccount[] = [];
  const queue: { id: string; path: string[]; ids: string[] }[] = (await source.roots()).map((id) => ({ id, path: [], ids: [id] }));
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const account of await source.accounts(parent.id)) {
      if (account.active) found.push({ accountId: account.id, name: account.name, ouPath: parent.path.join('/'), ouIds: parent.ids });
    }
    for (const child of await source.children(parent.id)) {
      queue.push({ id: child.id, path: [...parent.path, child.name], ids: [...parent.ids, child.id] });
    }
  }
  return found.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}
