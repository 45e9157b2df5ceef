/**
 * Who may run admin-only actions: the Slack user ids and user groups of SECMON_ADMINS. Groups are resolved with
 * `usergroups.users.list` and cached per cold start for `ttlMs`, so a typical request costs no Slack call. A group
 * that cannot be resolved grants nothing (fail closed) and is retried on the next request.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ActionName } from '../../actions/types.js';
import type { SlackAdmins } from '../../config.js';

/** Actions anyone in the channel may run; everything else is admin-only (mirrors `adminOnly` of src/actions/). */
const OPEN_ACTIONS: ReadonlySet<ActionName> = new Set(['status', 'suppressions']);

export function isAdminOnly(action: ActionName): boolean {
  return !OPEN_ACTIONS.has(action);
}

/** The part of WebClient this needs. */
export interface UserGroupsApi {
  usergroups: {
    users: { list(args: { usergroup: string }): Promise<{ ok?: boolean; users?: string[] }> };
  };
}

export interface AdminPolicy {
  isAdmin(userId: string, client: UserGroupsApi): Promise<boolean>;
}

export const DEFAULT_GROUP_TTL_MS = 5 * 60_000;

export function createAdminPolicy(options: {
  readonly admins: SlackAdmins;
  readonly logger: Pick<Logger, 'warn'>;
  readonly ttlMs?: number;
  readonly now?: () => number;
}): AdminPolicy {
  const users = new Set(options.admins.users);
  const ttlMs = options.ttlMs ?? DEFAULT_GROUP_TTL_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { readonly members: ReadonlySet<string>; readonly at: number }>();

  async function members(group: string, client: UserGroupsApi): Promise<ReadonlySet<string>> {
    const cached = cache.get(group);
    if (cached && now() - cached.at < ttlMs) return cached.members;
    try {
      const response = await client.usergroups.users.list({ usergroup: group });
      const set = new Set(response.users ?? []);
      cache.set(group, { members: set, at: now() });
      return set;
    } catch (error) {
      options.logger.warn('admin user group could not be resolved: it grants nothing for now', { group, error: error as Error });
      // A stale answer beats none: keep using the last known members if there are any.
      return cached?.members ?? new Set();
    }
  }

  return {
    async isAdmin(userId, client) {
      if (users.has(userId)) return true;
      for (const group of options.admins.groups) {
        if ((await members(group, client)).has(userId)) return true;
      }
      return false;
    },
  };
}
