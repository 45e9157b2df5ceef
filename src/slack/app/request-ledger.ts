/**
 * Fingerprints of accepted Slack requests, in the state table next to the delivery dedupe records:
 * `pk = "idempotency"`, `sk = "slack#<sha256 of the body>"`, `expiresAt` (TTL) one hour on. One conditional put per
 * request: the first claim wins, a repeat (Slack retry or replay) loses.
 */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SecmonError } from '../../errors.js';
import { PARTITIONS } from '../../store/items.js';
import { ttlSeconds } from '../../store/state-store.js';
import type { RequestLedger } from './receiver.js';

/** Longer than Slack's retries (three within minutes) and the 5-minute signature window. */
export const REQUEST_LEDGER_TTL_MS = 3600_000;

export function createDynamoRequestLedger(options: { readonly client: DynamoDBDocumentClient; readonly tableName: string }): RequestLedger {
  return {
    async claim(fingerprint, now) {
      try {
        await options.client.send(
          new PutCommand({
            TableName: options.tableName,
            Item: {
              pk: PARTITIONS.idempotency,
              sk: `slack#${fingerprint}`,
              kind: 'slack-request',
              at: now.toISOString(),
              expiresAt: ttlSeconds(now.getTime() + REQUEST_LEDGER_TTL_MS),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
        throw new SecmonError('STATE_STORE', 'claiming the Slack request fingerprint failed', { cause: error });
      }
    },
  };
}
