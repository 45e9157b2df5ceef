/** The Slack request ledger on DynamoDB (dynalite): the first claim of a fingerprint wins, every repeat loses. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestLedger } from '../../../../src/slack/app/receiver.js';
import { createRequestLedger } from '../../../../src/store/slack-requests/request-ledger.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { T0, at, seconds } from '../support.js';

const tables = useDynaliteTables();
let ledger: RequestLedger;

beforeEach(async () => {
  ledger = createRequestLedger(await tables.table());
});

describe('the Slack request ledger', () => {
  it('lets exactly one of many concurrent claims of a fingerprint win, and keeps it an hour', async () => {
    const claims = await Promise.all(Array.from({ length: 10 }, () => ledger.claim('f00d', at(0))));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await ledger.claim('f00d', at(60_000))).toBe(false);
    expect(await ledger.claim('beef', at(0))).toBe(true);
    expect(await tables.raw({ pk: 'slack-request#f00d', sk: 'seen' })).toMatchObject({ expiresAt: seconds(T0 + 3600_000) });
  });
});
