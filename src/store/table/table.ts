/**
 * The state table as the concept modules (src/store/<concept>/) see it: five operations with DynamoDB's semantics,
 * conditions and changes written as data. Two implementations: `DynamoTable` (the Lambdas; it compiles the data to
 * DynamoDB expressions) and `MemoryTable` (`secmon replay` and unit tests; it evaluates the same
 * data on a Map). A differential test runs every operator of this file on both, against dynalite.
 *
 * Why data and not expression strings: the memory side then needs no expression parser, and the concept modules
 * still read like DynamoDB (`or(itemMissing, is('status', '=', 'failed'))`). Paths are attribute names, dotted for
 * nested map fields (`message.channel`); names are identifiers, so a dot is never part of one.
 */

/** The table's primary key (template.yaml: `pk` HASH, `sk` RANGE, both strings). */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export type Item = ItemKey & Readonly<Record<string, unknown>>;

/** Values a condition compares against (DynamoDB S, N, BOOL). */
export type Scalar = string | number | boolean;

export type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { readonly kind: 'exists' | 'missing'; readonly path: string }
  | { readonly kind: 'compare'; readonly path: string; readonly op: Comparison; readonly value: Scalar }
  | { readonly kind: 'in'; readonly path: string; readonly values: readonly Scalar[] }
  | { readonly kind: 'and' | 'or'; readonly conditions: readonly Condition[] };

export const exists = (path: string): Condition => ({ kind: 'exists', path });
export const missing = (path: string): Condition => ({ kind: 'missing', path });
export const is = (path: string, op: Comparison, value: Scalar): Condition => ({ kind: 'compare', path, op, value });
export const isOneOf = (path: string, values: readonly Scalar[]): Condition => ({ kind: 'in', path, values });
export const and = (...conditions: Condition[]): Condition => ({ kind: 'and', conditions });
export const or = (...conditions: Condition[]): Condition => ({ kind: 'or', conditions });
/** The item does not exist (every item has `pk`). */
export const itemMissing: Condition = missing('pk');
export const itemExists: Condition = exists('pk');

/** `SET path = if_not_exists(path, value)`: keeps a value already there. */
export class IfMissing {
  constructor(readonly value: unknown) {}
}
/** `SET path = other`: the other attribute's value before this update. */
export class CopyOf {
  constructor(readonly path: string) {}
}
export const ifMissing = (value: unknown): IfMissing => new IfMissing(value);
export const copyOf = (path: string): CopyOf => new CopyOf(path);

/**
 * One UpdateItem's changes. As in DynamoDB, every right-hand side reads the item as it was before the update, and
 * an update of an item that does not exist creates it (when the condition allows).
 */
export interface Changes {
  readonly set?: Readonly<Record<string, unknown>>;
  /** Numbers added (a missing attribute counts as 0). */
  readonly add?: Readonly<Record<string, number>>;
  readonly remove?: readonly string[];
}

export interface Conditional {
  /** The write happens only when this holds for the item as stored (or absent). */
  readonly if?: Condition;
}

export type DeleteResult =
  /** The item is gone; `old` is what was deleted (undefined when there was nothing). */
  | { readonly deleted: true; readonly old: Item | undefined }
  | { readonly deleted: false };

export interface QueryOptions {
  /** Only sort keys at or after this one. */
  readonly skFrom?: string;
  /** Descending sort-key order (default ascending). */
  readonly descending?: boolean;
  /** At most this many items. */
  readonly limit?: number;
}

export interface StateTable {
  /** A strongly consistent read. */
  get(key: ItemKey): Promise<Item | undefined>;
  /** Writes the whole item; false when the condition did not hold (nothing written). */
  put(item: Item, options?: Conditional): Promise<boolean>;
  /** Applies `changes` and returns the item after; undefined when the condition did not hold (nothing changed). */
  update(key: ItemKey, changes: Changes, options?: Conditional): Promise<Item | undefined>;
  delete(key: ItemKey, options?: Conditional): Promise<DeleteResult>;
  /** The items of one partition in sort-key order (strongly consistent, every page). */
  query(pk: string, options?: QueryOptions): Promise<Item[]>;
}

/** DynamoDB TTL attribute value (epoch seconds) for a time in epoch milliseconds. */
export function ttlSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}

/** Attribute names the paths may use: identifiers, so that a dot can separate levels. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function pathNames(path: string): string[] {
  const names = path.split('.');
  for (const name of names) {
    if (!NAME.test(name)) throw new Error(`state table: attribute path ${JSON.stringify(path)} is not dotted identifiers`);
  }
  return names;
}
