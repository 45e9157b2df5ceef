/**
 * Fingerprints of accepted Slack requests: one conditional put per request, the first claim wins and a repeat (a
 * Slack retry or a replayed request) loses.
 *
 * | item          | pk                              | sk     |
 * |---------------|---------------------------------|--------|
 * | slack request | `slack-request#<sha256 of body>`| `seen` |
 *
 * One partition per fingerprint, so a flood of requests to the public URL spreads over the table. TTL: one hour.
 */
import type { RequestLedger } from '../../slack/app/receiver.js';
import { itemMissing, ttlSeconds, type StateTable } from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const SLACK_REQUEST_KIND: StateKind = 'slack-request';

/** Longer than Slack's retries (three within minutes) and the 5-minute signature window. */
export const REQUEST_LEDGER_TTL_MS = 3600_000;

export function createRequestLedger(table: StateTable): RequestLedger {
  return {
    claim: (fingerprint, now) =>
      table.put(
        {
          pk: `${SLACK_REQUEST_KIND}#${fingerprint}`,
          sk: 'seen',
          kind: SLACK_REQUEST_KIND,
          at: now.toISOString(),
          expiresAt: ttlSeconds(now.getTime() + REQUEST_LEDGER_TTL_MS),
        },
        { if: itemMissing },
      ),
  };
}
