import { describe, expect, it, vi } from 'vitest';
import { AccountDirectory, EARLY_REFRESH_MS, REFRESH_MS, type ListedAccount } from '../../../src/org/account-directory.js';
import { listOrganization } from '../../../src/aws/organizations.js';
import { parseRoutingConfig } from '../../../src/org/routing-config.js';
import { createStateStores } from '../../../src/store/index.js';
import { MemoryTable } from '../../../src/store/table/memory-table.js';
import { T0 } from '../store/support.js';

const LISTED: ListedAccount[] = [
  { accountId: '222233334444', name: 'payments-prod', ouPath: 'Workloads/Prod', ouIds: ['r-ab12', 'ou-ab12-work0001', 'ou-ab12-prod0001'] },
  { accountId: '999988887777', name: 'management', ouPath: '', ouIds: ['r-ab12'] },
];

function setup(options: { configured?: string } = {}) {
  let nowMs = T0;
  const state = createStateStores(new MemoryTable());
  const listing = vi.fn(async () => LISTED);
  const directory = new AccountDirectory({ routing: parseRoutingConfig(options.configured), cache: state.accounts, listing, now: () => new Date(nowMs) });
  return { directory, listing, state, advance: (ms: number) => (nowMs += ms) };
}

describe('the account directory', () => {
  it('lists the organization on the first refresh, then only every REFRESH_MS', async () => {
    const { directory, listing, advance } = setup();
    expect(await directory.refreshIfDue()).toEqual({ refreshed: true, accounts: 2, written: 2 });
    expect(await directory.lookup('222233334444')).toEqual({ id: '222233334444', name: 'payments-prod', ou: 'Workloads/Prod', ouIds: LISTED[0]!.ouIds });
    advance(REFRESH_MS - 1);
    expect(await directory.refreshIfDue()).toEqual({ refreshed: false, reason: 'not-due' });
    advance(1);
    // Nothing changed: nothing rewritten.
    expect(await directory.refreshIfDue()).toEqual({ refreshed: true, accounts: 2, written: 0 });
    expect(listing).toHaveBeenCalledTimes(2);
  });

  it('an account no listing had yet is shown by id and refreshes early (not before EARLY_REFRESH_MS)', async () => {
    const { directory, listing, advance } = setup();
    await directory.refreshIfDue();
    expect(await directory.lookup('777788889999')).toEqual({ id: '777788889999', name: undefined, ou: undefined, ouIds: [] });
    advance(EARLY_REFRESH_MS - 1);
    expect((await directory.refreshIfDue()).refreshed).toBe(false);
    advance(1);
    expect((await directory.refreshIfDue()).refreshed).toBe(true);
    expect(listing).toHaveBeenCalledTimes(2);
  });

  it('configured names win over the listing; without a listing the cache is never read', async () => {
    const configured = JSON.stringify({ accounts: { '222233334444': { name: 'prod (payments)', ou: 'Prod' } } });
    const { directory } = setup({ configured });
    await directory.refreshIfDue();
    expect(await directory.lookup('222233334444')).toMatchObject({ name: 'prod (payments)', ou: 'Prod' });

    const table = new MemoryTable();
    const state = createStateStores(table);
    const alone = new AccountDirectory({ routing: parseRoutingConfig(configured), cache: state.accounts, listing: undefined, now: () => new Date(T0) });
    expect(await alone.lookup('222233334444')).toMatchObject({ name: 'prod (payments)' });
    expect(await alone.lookup('444455556666')).toEqual({ id: '444455556666', name: undefined, ou: undefined, ouIds: [] });
    expect(await alone.refreshIfDue()).toEqual({ refreshed: false, reason: 'no-listing' });
    expect(table.items()).toEqual([]);
  });

  it('every known account, listed and configured, by id', async () => {
    const { directory } = setup({ configured: JSON.stringify({ accounts: { '444455556666': { name: 'sandbox' } } }) });
    await directory.refreshIfDue();
    expect((await directory.all()).map((account) => `${account.id} ${account.name ?? '?'}`)).toEqual([
      '222233334444 payments-prod',
      '444455556666 sandbox',
      '999988887777 management',
    ]);
  });
});

describe('listOrganization', () => {
  it('walks every OU breadth first, with OU paths and ids, leaving suspended accounts out', async () => {
    const accounts: Record<string, { id: string; name: string; active: boolean }[]> = {
      'r-1': [{ id: '999988887777', name: 'management', active: true }],
      'ou-1': [{ id: '222233334444', name: 'prod', active: true }, { id: '555566667777', name: 'closed', active: false }],
      'ou-2': [{ id: '444455556666', name: 'sandbox', active: true }],
    };
    const children: Record<string, { id: string; name: string }[]> = { 'r-1': [{ id: 'ou-1', name: 'Workloads' }], 'ou-1': [{ id: 'ou-2', name: 'Dev' }] };
    const listed = await listOrganization({ roots: async () => ['r-1'], accounts: async (id) => accounts[id] ?? [], children: async (id) => children[id] ?? [] });
    expect(listed).toEqual([
      { accountId: '222233334444', name: 'prod', ouPath: 'Workloads', ouIds: ['r-1', 'ou-1'] },
      { accountId: '444455556666', name: 'sandbox', ouPath: 'Workloads/Dev', ouIds: ['r-1', 'ou-1', 'ou-2'] },
      { accountId: '999988887777', name: 'management', ouPath: '', ouIds: ['r-1'] },
    ]);
  });
});
