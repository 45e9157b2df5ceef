/**
 * Account names and OUs for alerts, routing and `/secmon status`. Two sources, the configured one winning:
 * - the routing document's `accounts` map (src/org/routing-config.ts), for names Organizations does not give or an
 *   operator prefers;
 * - AWS Organizations, listed by the sweep through a read-only role in the management account and kept in the state
 *   table (src/store/accounts/account-cache.ts). The alerts path never calls Organizations: it reads the cache
 *   (once per cold start, again after CACHE_RELOAD_MS), and an account missing from it gets a placeholder so the
 *   next sweep lists the organization early (at most every EARLY_REFRESH_MS), else every REFRESH_MS.
 */
import type { AccountCache, CachedAccount } from '../store/accounts/account-cache.js';
import type { RoutingConfig } from './routing-config.js';

export interface AccountInfo {
  readonly id: string;
  readonly name: string | undefined;
  /** OU path ("Workloads/Prod"), "" under the root, undefined when unknown. */
  readonly ou: string | undefined;
  /** Root and OU ids above the account (empty when unknown). */
  readonly ouIds: readonly string[];
}

/** One account as an Organizations listing gives it. */
export interface ListedAccount {
  readonly accountId: string;
  readonly name: string;
  readonly ouPath: string;
  readonly ouIds: readonly string[];
}

/** Lists every account of the organization with its OU (src/aws/organizations.ts over the Organizations API). */
export type OrganizationListing = () => Promise<readonly ListedAccount[]>;

export const CACHE_RELOAD_MS = 5 * 60_000;
export const REFRESH_MS = 6 * 3600_000;
export const EARLY_REFRESH_MS = 15 * 60_000;

export interface AccountDirectoryDeps {
  readonly routing: RoutingConfig;
  readonly cache: AccountCache;
  /** Undefined: names come from the routing document only. */
  readonly listing: OrganizationListing | undefined;
  readonly now: () => Date;
}

export type DirectoryRefresh =
  | { readonly refreshed: true; readonly accounts: number; readonly written: number }
  | { readonly refreshed: false; readonly reason: 'no-listing' | 'not-due' };

export class AccountDirectory {
  #loaded: { atMs: number; accounts: Map<string, CachedAccount> } | undefined;
  readonly #placeholders = new Set<string>();

  constructor(private readonly deps: AccountDirectoryDeps) {}

  /** What secmon knows of an account; `id` alone when nothing. Notes unlisted accounts for the next refresh. */
  async lookup(accountId: string): Promise<AccountInfo> {
    const configured = this.deps.routing.accounts[accountId];
    // Without a listing (one account, or names configured only) the cache is never read.
    const cached = this.deps.listing === undefined ? undefined : (await this.#cached()).get(accountId);
    if (cached === undefined && configured === undefined && this.deps.listing !== undefined && !this.#placeholders.has(accountId)) {
      this.#placeholders.add(accountId);
      await this.deps.cache.notePlaceholder(accountId, this.deps.now());
    }
    return merge(accountId, cached, configured);
  }

  /** Every account known (listed, configured, or seen), by id. */
  async all(): Promise<AccountInfo[]> {
    const cached = this.deps.listing === undefined ? [] : await this.deps.cache.list();
    const ids = new Set([...cached.map((account) => account.accountId), ...Object.keys(this.deps.routing.accounts)]);
    const byId = new Map(cached.map((account) => [account.accountId, account]));
    return [...ids].sort().map((id) => merge(id, byId.get(id), this.deps.routing.accounts[id]));
  }

  /** The sweep's part: lists the organization when due and stores what changed. */
  async refreshIfDue(): Promise<DirectoryRefresh> {
    if (this.deps.listing === undefined) return { refreshed: false, reason: 'no-listing' };
    const nowMs = this.deps.now().getTime();
    const listedAt = await this.deps.cache.listedAt();
    const cached = await this.deps.cache.list();
    const waiting = cached.some((account) => account.listedAtMs === undefined);
    const age = listedAt === undefined ? Infinity : nowMs - listedAt;
    if (age < REFRESH_MS && !(waiting && age >= EARLY_REFRESH_MS)) return { refreshed: false, reason: 'not-due' };

    const listed = await this.deps.listing();
    const before = new Map(cached.map((account) => [account.accountId, account]));
    let written = 0;
    for (const account of listed) {
      const old = before.get(account.accountId);
      // Rewritten when it changed, was a placeholder, or its TTL would otherwise run out before the next refresh.
      const stale = old?.listedAtMs === undefined || nowMs - old.listedAtMs > REFRESH_MS * 4;
      if (stale || old.name !== account.name || old.ouPath !== account.ouPath || old.ouIds.join() !== account.ouIds.join()) {
        await this.deps.cache.put({ accountId: account.accountId, name: account.name, ouPath: account.ouPath, ouIds: account.ouIds }, nowMs);
        written++;
      }
    }
    await this.deps.cache.markListed(nowMs, listed.length);
    this.#loaded = undefined;
    return { refreshed: true, accounts: listed.length, written };
  }

  async #cached(): Promise<Map<string, CachedAccount>> {
    const nowMs = this.deps.now().getTime();
    if (this.#loaded === undefined || nowMs - this.#loaded.atMs >= CACHE_RELOAD_MS) {
      const accounts = await this.deps.cache.list();
      this.#loaded = { atMs: nowMs, accounts: new Map(accounts.map((account) => [account.accountId, account])) };
    }
    return this.#loaded.accounts;
  }
}

function merge(id: string, cached: CachedAccount | undefined, configured: RoutingConfig['accounts'][string] | undefined): AccountInfo {
  return {
    id,
    name: configured?.name ?? cached?.name,
    ou: configured?.ou ?? cached?.ouPath,
    ouIds: cached?.ouIds ?? [],
  };
}
