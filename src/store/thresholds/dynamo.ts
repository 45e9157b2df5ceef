/**
 * Threshold counters in the state table (`pk`/`sk` strings, TTL attribute `expiresAt`), one item per monitor and
 * key: `pk = threshold#<monitorId>#<key>`, `sk = counter`, with six slots `b0..b5` (the bucket a slot holds) and
 * `c0..c5` (its count); see window.ts for the arithmetic.
 *
 * One event is one atomic conditional UpdateItem, ALL_NEW: add the weight to its slot if the slot holds its bucket,
 * else (a second update) start the slot at this bucket if the slot holds an older one. Each update returns the item
 * right after its own change, so of many concurrent events of one bucket exactly one sees the total reach a
 * threshold. Losing the race between the two updates only means trying the first again.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SecmonError } from '../../errors.js';
import { checkHit, type ThresholdCount, type ThresholdCounter, type ThresholdHit } from './counter.js';
import { bucketOf, expiryMs, slotOf, SLOTS, sumFor, type Slot } from './window.js';

export const THRESHOLD_PARTITION_PREFIX = 'threshold#';
const SORT_KEY = 'counter';
const KIND = 'threshold';

export interface DynamoThresholdCounterOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

export function thresholdItemKey(monitorId: string, key: string): { readonly pk: string; readonly sk: string } {
  return { pk: `${THRESHOLD_PARTITION_PREFIX}${monitorId}#${key}`, sk: SORT_KEY };
}

type Attempt = 'add' | 'start';

export class DynamoThresholdCounter implements ThresholdCounter {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoThresholdCounterOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async count(hit: ThresholdHit): Promise<ThresholdCount> {
    checkHit(hit);
    const bucket = bucketOf(hit.at.getTime(), hit.windowMs);
    // add; if the slot holds another bucket, start it; if it held a newer one, the add fails once more: late.
    for (const attempt of ['add', 'start', 'add'] as const) {
      const item = await this.#update(hit, bucket, attempt);
      if (item !== undefined) return { status: 'counted', total: sumFor(slotsOf(item), bucket) };
    }
    return { status: 'late' };
  }

  /** The item after the update, or undefined when its condition failed. */
  async #update(hit: ThresholdHit, bucket: number, attempt: Attempt): Promise<Record<string, unknown> | undefined> {
    const slot = slotOf(bucket);
    const common = '#kind = :kind, #monitor = :monitor, #expires = :expires';
    try {
      const output = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: thresholdItemKey(hit.monitorId, hit.key),
          UpdateExpression: attempt === 'add' ? `ADD #c :weight SET ${common}` : `SET #b = :bucket, #c = :weight, ${common}`,
          ConditionExpression: attempt === 'add' ? '#b = :bucket' : 'attribute_not_exists(#b) OR #b < :bucket',
          ExpressionAttributeNames: { '#b': `b${slot}`, '#c': `c${slot}`, '#kind': 'kind', '#monitor': 'monitorId', '#expires': 'expiresAt' },
          ExpressionAttributeValues: {
            ':bucket': bucket,
            ':weight': hit.weight,
            ':kind': KIND,
            ':monitor': hit.monitorId,
            // Whichever is later, event time or arrival: the item must outlive every window that may still read it.
            ':expires': Math.floor(Math.max(expiryMs(bucket, hit.windowMs), hit.now.getTime() + 2 * hit.windowMs) / 1000),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (output.Attributes === undefined) throw new SecmonError('STATE_STORE', 'threshold count: the update returned no item');
      return output.Attributes;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
      if (error instanceof SecmonError) throw error;
      throw new SecmonError('STATE_STORE', `threshold count for ${hit.monitorId} failed`, { cause: error });
    }
  }
}

/** The slots of an item; a slot with a missing or mistyped attribute is empty (the table is shared). */
function slotsOf(item: Record<string, unknown>): (Slot | undefined)[] {
  return Array.from({ length: SLOTS }, (_, i) => {
    const bucket = item[`b${i}`];
    const count = item[`c${i}`];
    return typeof bucket === 'number' && typeof count === 'number' ? { bucket, count } : undefined;
  });
}
