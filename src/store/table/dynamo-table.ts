/**
 * The state table on DynamoDB (template.yaml: `pk`/`sk` strings, TTL attribute `expiresAt`), through the document
 * client the handler built once per cold start. Reads are strongly consistent; a failed condition becomes the
 * operation's result; any other AWS error becomes a SecmonError `STATE_STORE` with the AWS error as its cause, so
 * the invocation fails and Lambda retries.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { SecmonError, isSecmonError } from '../../errors.js';
import { Placeholders, conditionExpression, updateExpression } from './expressions.js';
import type { Changes, Conditional, DeleteResult, Item, ItemKey, QueryOptions, StateTable } from './table.js';

export interface DynamoTableOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

const CONDITION_FAILED = Symbol('condition failed');

export class DynamoTable implements StateTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;

  constructor(options: DynamoTableOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async get(key: ItemKey): Promise<Item | undefined> {
    const output = await this.#send('GetItem', key, () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: keyOf(key), ConsistentRead: true })),
    );
    return output.Item === undefined ? undefined : asItem(output.Item);
  }

  async put(item: Item, options: Conditional = {}): Promise<boolean> {
    const p = new Placeholders();
    const condition = options.if === undefined ? {} : { ConditionExpression: conditionExpression(options.if, p) };
    const written = await this.#conditional('PutItem', item, () =>
      this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ...condition, ...p.compiled() })),
    );
    return written !== CONDITION_FAILED;
  }

  async update(key: ItemKey, changes: Changes, options: Conditional = {}): Promise<Item | undefined> {
    const p = new Placeholders();
    const UpdateExpression = updateExpression(changes, p);
    const condition = options.if === undefined ? {} : { ConditionExpression: conditionExpression(options.if, p) };
    const output = await this.#conditional('UpdateItem', key, () =>
      this.client.send(
        new UpdateCommand({ TableName: this.tableName, Key: keyOf(key), UpdateExpression, ...condition, ...p.compiled(), ReturnValues: 'ALL_NEW' }),
      ),
    );
    if (output === CONDITION_FAILED) return undefined;
    if (output.Attributes === undefined) throw new SecmonError('STATE_STORE', `state table UpdateItem ${describe(key)} returned no item`);
    return asItem(output.Attributes);
  }

  async delete(key: ItemKey, options: Conditional = {}): Promise<DeleteResult> {
    const p = new Placeholders();
    const condition = options.if === undefined ? {} : { ConditionExpression: conditionExpression(options.if, p) };
    const output = await this.#conditional('DeleteItem', key, () =>
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keyOf(key), ...condition, ...p.compiled(), ReturnValues: 'ALL_OLD' })),
    );
    if (output === CONDITION_FAILED) return { deleted: false };
    return { deleted: true, old: output.Attributes === undefined ? undefined : asItem(output.Attributes) };
  }

  async query(pk: string, options: QueryOptions = {}): Promise<Item[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const remaining = limit - items.length;
      const output = await this.#send('Query', { pk, sk: options.skFrom ?? '' }, () =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: options.skFrom === undefined ? '#pk = :pk' : '#pk = :pk AND #sk >= :from',
            ExpressionAttributeNames: options.skFrom === undefined ? { '#pk': 'pk' } : { '#pk': 'pk', '#sk': 'sk' },
            ExpressionAttributeValues: options.skFrom === undefined ? { ':pk': pk } : { ':pk': pk, ':from': options.skFrom },
            ScanIndexForward: options.descending !== true,
            ConsistentRead: true,
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
            ...(Number.isFinite(remaining) ? { Limit: remaining } : {}),
          }),
        ),
      );
      for (const raw of output.Items ?? []) items.push(asItem(raw));
      start = output.LastEvaluatedKey;
    } while (start !== undefined && items.length < limit);
    return items;
  }

  /** A conditional write; a failed condition becomes CONDITION_FAILED. */
  async #conditional<T>(operation: string, key: ItemKey, call: () => Promise<T>): Promise<T | typeof CONDITION_FAILED> {
    try {
      return await this.#send(operation, key, call);
    } catch (error) {
      if (error === CONDITION_FAILED) return CONDITION_FAILED;
      throw error;
    }
  }

  /** One SDK call; AWS errors become STATE_STORE errors (a failed condition is thrown as the marker). */
  async #send<T>(operation: string, key: ItemKey, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') throw CONDITION_FAILED;
      if (isSecmonError(error)) throw error;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new SecmonError('STATE_STORE', `state table ${operation} ${describe(key)} failed: ${reason}`, { cause: error });
    }
  }
}

function keyOf(key: ItemKey): ItemKey {
  return { pk: key.pk, sk: key.sk };
}

/** The key for error messages, cut short (group keys embed principal ARNs). */
function describe(key: ItemKey): string {
  const text = `${key.pk} / ${key.sk}`;
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

function asItem(raw: Record<string, unknown>): Item {
  if (typeof raw.pk !== 'string' || typeof raw.sk !== 'string') throw new SecmonError('STATE_STORE', 'state item without string pk/sk');
  return raw as Item;
}
