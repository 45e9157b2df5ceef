/**
 * Delivery dedupe with Powertools idempotency, on the state table. Powertools writes its own items (a static
 * partition key and the hash in the sort key is the layout it supports on a table with a sort key):
 *
 * | item            | pk              | sk                          |
 * |-----------------|-----------------|-----------------------------|
 * | delivery dedupe | `dedupe#alerts` | `alert#<hash of deliveryId>`|
 *
 * with Powertools' expiry (epoch seconds) in `expiresAt`, the table's TTL attribute. EventBridge and SNS deliver at least once and Lambda retries failed invocations: a delivery that
 * completed returns its stored outcome and posts nothing new; one that failed left no record (Powertools deletes
 * it) and runs again.
 *
 * Register the Lambda context (pass it as the second argument) so a record left "in progress" by a timed-out
 * invocation expires with that invocation's remaining time instead of blocking retries until `expiresAfterSeconds`.
 */
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyUnknownError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import type { Alert } from '../../alerts/model.js';
import { SecmonError } from '../../errors.js';
import { plain } from '../table/decode.js';
import type { StateKind } from '../kinds.js';

export const DEDUPE_KIND: StateKind = 'dedupe';

/** Prefix of the idempotency sort key (independent of the function name, which Powertools uses by default). */
export const IDEMPOTENCY_KEY_PREFIX = 'alert';

/** How long a delivery id is remembered: EventBridge retries for up to 24 hours. */
export const DEFAULT_DEDUPE_SECONDS = 24 * 3600;

export interface IdempotencyPersistenceOptions {
  /** The low-level client (Powertools marshals itself); the same one the document client wraps. */
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** The Powertools persistence layer on the state table's key schema. */
export function createIdempotencyPersistence(options: IdempotencyPersistenceOptions): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName: options.tableName,
    awsSdkV3Client: options.client,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: `${DEDUPE_KIND}#alerts`,
    expiryAttr: 'expiresAt',
  });
}

export interface DeliveryDedupeOptions {
  readonly persistenceStore: BasePersistenceLayer;
  readonly expiresAfterSeconds?: number;
}

/** `process` made idempotent on `alert.deliveryId`. */
export type DedupedProcessor<R> = (alert: Alert, context?: Context) => Promise<R>;

/**
 * Wraps `process` so each `alert.deliveryId` is processed once: a repeat returns the first outcome (as JSON, the
 * way it was stored) without running `process`. Errors of `process` pass through unchanged (and leave no record,
 * so Lambda's retry runs it again); Powertools' own failures become SecmonErrors: `DELIVERY_IN_PROGRESS` when
 * another invocation is processing the same delivery, `STATE_STORE` otherwise. An alert without a deliveryId is
 * processed without dedupe rather than dropped.
 */
export function dedupeDeliveries<R>(process: (alert: Alert) => Promise<R>, options: DeliveryDedupeOptions): DedupedProcessor<R> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'deliveryId',
    expiresAfterSeconds: options.expiresAfterSeconds ?? DEFAULT_DEDUPE_SECONDS,
  });
  // Stored outcomes are marshalled without removeUndefinedValues: return (and so store) plain JSON.
  const idempotent = makeIdempotent(async (alert: Alert): Promise<R> => plain(await process(alert)), {
    persistenceStore: options.persistenceStore,
    config,
    keyPrefix: IDEMPOTENCY_KEY_PREFIX,
  });
  return async (alert, context) => {
    if (context !== undefined) config.registerLambdaContext(context);
    try {
      return await idempotent(alert);
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new SecmonError('DELIVERY_IN_PROGRESS', `delivery ${alert.deliveryId} is being processed by another invocation`, {
          cause: error,
        });
      }
      if (error instanceof IdempotencyUnknownError) {
        throw new SecmonError('STATE_STORE', `delivery dedupe failed: ${error.message}`, { cause: error });
      }
      throw error;
    }
  };
}
