/**
 * Which accounts and regions of the organization are reporting, for `/secmon status`: the last event seen from each
 * (src/store/last-seen/), against the accounts the directory knows. Silent: no event for longer than the configured
 * threshold (a member stack deleted, a forwarding role broken), or an account the directory lists that has never
 * sent one (a region or an account the StackSet never reached). Pure.
 */
import type { LastSeenRecord } from '../store/last-seen/last-seen.js';

export interface KnownAccount {
  readonly accountId: string;
  readonly name: string | undefined;
  readonly ou: string | undefined;
}

export interface RegionReport {
  readonly region: string;
  readonly lastSeen: string;
  readonly silent: boolean;
}

export interface AccountReport {
  readonly accountId: string;
  readonly name: string | undefined;
  readonly ou: string | undefined;
  readonly regions: readonly RegionReport[];
  /** The account sent nothing in any region secmon remembers (30 days). */
  readonly neverSeen: boolean;
  /** Every region silent, or never seen. */
  readonly silent: boolean;
}

export function accountReports(seen: readonly LastSeenRecord[], known: readonly KnownAccount[], now: Date, silentAfterMs: number): AccountReport[] {
  const byAccount = new Map<string, LastSeenRecord[]>();
  for (const record of seen) byAccount.set(record.accountId, [...(byAccount.get(record.accountId) ?? []), record]);
  const names = new Map(known.map((account) => [account.accountId, account]));
  const ids = [...new Set([...byAccount.keys(), ...names.keys()])];
  const reports = ids.map((accountId): AccountReport => {
    const regions = (byAccount.get(accountId) ?? [])
      .map((record) => ({ region: record.region, lastSeen: new Date(record.atMs).toISOString(), silent: now.getTime() - record.atMs > silentAfterMs }))
      .sort((a, b) => a.region.localeCompare(b.region));
    const neverSeen = regions.length === 0;
    return {
      accountId,
      name: names.get(accountId)?.name,
      ou: names.get(accountId)?.ou,
      regions,
      neverSeen,
      silent: neverSeen || regions.every((region) => region.silent),
    };
  });
  // Silent accounts first, then accounts with a silent region, then by id.
  const rank = (report: AccountReport) => (report.silent ? 0 : report.regions.some((region) => region.silent) ? 1 : 2);
  return reports.sort((a, b) => rank(a) - rank(b) || a.accountId.localeCompare(b.accountId));
}
