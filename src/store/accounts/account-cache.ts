/**
 * The organization's accounts as secmon last read them (Organizations, through a read-only role in the management
 * account): name, OU path and OU ids per account, so alerts and `/secmon status` name accounts without calling
 * Organizations (its API allows a few requests per second for the whole organization). Refreshed by the sweep
 * (src/org/account-directory.ts); an account an alert names before it is listed gets a placeholder item, which
 * makes the next sweep refresh early.
 *
 * | item                | pk            | sk            |
 * |---------------------|---------------|---------------|
 * | account             | `account#all` | `<accountId>` |
 * | when it was listed  | `account#all` | `~directory`  |
 *
 * TTL: 7 days after the last listing that included the account (a closed account drops out by itself).
 */
import { SecmonError } from '../../errors.js';
import { num, optNum, optStr, plain, str } from '../table/decode.js';
import { itemMissing, ttlSeconds, type ItemKey, type StateTable } from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const ACCOUNT_KIND: StateKind = 'account';
const PARTITION = `${ACCOUNT_KIND}#all`;
const DIRECTORY_SK = '~directory';
export const ACCOUNT_RETENTION_MS = 7 * 24 * 3600_000;

export interface CachedAccount {
  readonly accountId: string;
  readonly name: string | undefined;
  /** OU names from the root down, joined with "/" ("Workloads/Prod"); "" for an account directly under the root. */
  readonly ouPath: string | undefined;
  /** Ids of the root and every OU above the account, top first. */
  readonly ouIds: readonly string[];
  /** When a listing last included it; undefined for a placeholder (seen in an alert, not listed yet). */
  readonly listedAtMs: number | undefined;
}

const ACCOUNT = /^\d{12}$/;

export const accountKey = (accountId: string): ItemKey => ({ pk: PARTITION, sk: accountId });

export class AccountCache {
  constructor(private readonly table: StateTable) {}

  /** Stores an account as a listing found it. */
  async put(account: Omit<CachedAccount, 'listedAtMs'>, listedAtMs: number): Promise<void> {
    if (!ACCOUNT.test(account.accountId)) throw new SecmonError('INPUT_INVALID', `account cache: not an account id: ${account.accountId}`);
    await this.table.put(
      plain({
        ...accountKey(account.accountId),
        kind: ACCOUNT_KIND,
        accountId: account.accountId,
        name: account.name,
        ouPath: account.ouPath,
        ouIds: [...account.ouIds],
        listedAtMs,
        expiresAt: ttlSeconds(listedAtMs + ACCOUNT_RETENTION_MS),
      }),
    );
  }

  /** Notes an account an alert named that no listing has included yet (nothing when any item exists). */
  async notePlaceholder(accountId: string, now: Date): Promise<boolean> {
    if (!ACCOUNT.test(accountId)) return false;
    return this.table.put(
      { ...accountKey(accountId), kind: ACCOUNT_KIND, accountId, ouIds: [], expiresAt: ttlSeconds(now.getTime() + ACCOUNT_RETENTION_MS) },
      { if: itemMissing },
    );
  }

  /** Every cached account (placeholders included), by id. */
  async list(): Promise<CachedAccount[]> {
    const items = await this.table.query(PARTITION);
    return items
      .filter((item) => item.sk !== DIRECTORY_SK)
      .map((item) => ({
        accountId: str(item, 'accountId'),
        name: optStr(item, 'name'),
        ouPath: optStr(item, 'ouPath'),
        ouIds: Array.isArray(item['ouIds']) ? (item['ouIds'] as unknown[]).filter((id): id is string => typeof id === 'string') : [],
        listedAtMs: optNum(item, 'listedAtMs'),
      }));
  }

  /** When the whole directory was last listed (epoch ms), or undefined. */
  async listedAt(): Promise<number | undefined> {
    const item = await this.table.get({ pk: PARTITION, sk: DIRECTORY_SK });
    return item === undefined ? undefined : num(item, 'listedAtMs');
  }

  async markListed(listedAtMs: number, accounts: number): Promise<void> {
    await this.table.put({ pk: PARTITION, sk: DIRECTORY_SK, kind: ACCOUNT_KIND, listedAtMs, accounts });
  }
}
