/**
 * The state table in memory, for `secmon replay` and unit tests: the same concept modules run on
 * it as on DynamoDB. It evaluates the conditions and changes of table.ts the way DynamoDB documents them, and is
 * checked against dynalite operator by operator (test/unit/store/table/memory-table.test.ts). Each operation runs without
 * awaiting in between, so it is atomic like a conditional write. Nothing expires by itself: like DynamoDB's TTL
 * (which deletes lazily), the concept modules compare times instead of relying on deletion.
 */
import { SecmonError } from '../../errors.js';
import {
  CopyOf,
  IfMissing,
  pathNames,
  type Changes,
  type Comparison,
  type Condition,
  type Conditional,
  type DeleteResult,
  type Item,
  type ItemKey,
  type QueryOptions,
  type Scalar,
  type StateTable,
} from './table.js';

type Doc = Record<string, unknown>;

/** DynamoDB's item size limit (400 KB) and how it counts an item (developer guide, "Item sizes and formats"). */
export const MAX_ITEM_BYTES = 400 * 1024;

export class MemoryTable implements StateTable {
  readonly #items = new Map<string, Item>();

  async get(key: ItemKey): Promise<Item | undefined> {
    return copy(this.#items.get(id(key)));
  }

  async put(item: Item, options: Conditional = {}): Promise<boolean> {
    if (!holds(options.if, this.#items.get(id(item)))) return false;
    this.#store(copy(item));
    return true;
  }

  async update(key: ItemKey, changes: Changes, options: Conditional = {}): Promise<Item | undefined> {
    rejectOverlaps(changes);
    const old = this.#items.get(id(key));
    if (!holds(options.if, old)) return undefined;
    const next: Doc = copy(old) ?? { pk: key.pk, sk: key.sk };
    for (const [path, value] of Object.entries(changes.set ?? {})) write(next, path, setValue(old, path, value));
    for (const [path, amount] of Object.entries(changes.add ?? {})) {
      const before = read(old, path) ?? 0;
      if (typeof before !== 'number') throw invalid('ADD to an attribute that is not a number');
      write(next, path, before + amount);
    }
    for (const path of changes.remove ?? []) remove(next, path);
    this.#store(next as Item);
    return copy(next as Item);
  }

  async delete(key: ItemKey, options: Conditional = {}): Promise<DeleteResult> {
    const old = this.#items.get(id(key));
    if (!holds(options.if, old)) return { deleted: false };
    this.#items.delete(id(key));
    return { deleted: true, old };
  }

  async query(pk: string, options: QueryOptions = {}): Promise<Item[]> {
    const items = [...this.#items.values()]
      .filter((item) => item.pk === pk && (options.skFrom === undefined || byteOrder(item.sk, options.skFrom) >= 0))
      .sort((a, b) => byteOrder(a.sk, b.sk) * (options.descending === true ? -1 : 1));
    return items.slice(0, options.limit ?? items.length).map((item) => copy(item));
  }

  /** Every item, ordered by key: for tests and debugging. */
  items(): Item[] {
    return [...this.#items.values()].sort((a, b) => byteOrder(a.pk, b.pk) || byteOrder(a.sk, b.sk)).map((item) => copy(item));
  }

  #store(item: Item): void {
    if (itemBytes(item) > MAX_ITEM_BYTES) throw invalid('Item size has exceeded the maximum allowed size');
    this.#items.set(id(item), item);
  }
}

function holds(condition: Condition | undefined, item: Doc | undefined): boolean {
  if (condition === undefined) return true;
  switch (condition.kind) {
    case 'exists':
      return read(item, condition.path) !== undefined;
    case 'missing':
      return read(item, condition.path) === undefined;
    case 'compare':
      return compare(read(item, condition.path), condition.op, condition.value);
    case 'in':
      return condition.values.some((value) => compare(read(item, condition.path), '=', value));
    case 'and':
      return condition.conditions.every((c) => holds(c, item));
    case 'or':
      return condition.conditions.some((c) => holds(c, item));
  }
}

/** Values of different types (or a missing one) are never equal nor ordered; `<>` is then true. */
function compare(stored: unknown, op: Comparison, value: Scalar): boolean {
  const sameType = typeof stored === typeof value;
  if (op === '=') return sameType && stored === value;
  if (op === '<>') return !(sameType && stored === value);
  if (!sameType || typeof value === 'boolean') return false;
  const order = typeof value === 'number' ? (stored as number) - value : byteOrder(stored as string, value);
  return op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
}

/** The value a SET action gives `path`: its right-hand side reads the item as it was before the update. */
function setValue(old: Doc | undefined, path: string, value: unknown): unknown {
  if (value instanceof IfMissing) return copy(read(old, path) ?? value.value);
  if (!(value instanceof CopyOf)) return copy(value);
  const copied = read(old, value.path);
  if (copied === undefined) throw invalid('The provided expression refers to an attribute that does not exist in the item');
  return copy(copied);
}

function read(item: Doc | undefined, path: string): unknown {
  let value: unknown = item;
  for (const name of pathNames(path)) value = isDoc(value) ? value[name] : undefined;
  return value;
}

/** As DynamoDB: one update may not name a path twice, nor a path and a path inside it. */
function rejectOverlaps(changes: Changes): void {
  const paths = [...Object.keys(changes.set ?? {}), ...Object.keys(changes.add ?? {}), ...(changes.remove ?? [])];
  for (const [i, a] of paths.entries()) {
    if (paths.some((b, j) => j !== i && (a === b || b.startsWith(`${a}.`)))) throw invalid('Two document paths overlap with each other');
  }
}

/** The map holding the path's last name, and that name. */
function parentOf(item: Doc, path: string): [unknown, string] {
  const names = pathNames(path);
  const last = names.pop() as string;
  return [names.length === 0 ? item : read(item, names.join('.')), last];
}

/** As DynamoDB: a nested path needs its parent map to exist. */
function write(item: Doc, path: string, value: unknown): void {
  const [parent, name] = parentOf(item, path);
  if (!isDoc(parent)) throw invalid('The document path provided in the update expression is invalid for update');
  parent[name] = value;
}

function remove(item: Doc, path: string): void {
  const [parent, name] = parentOf(item, path);
  if (isDoc(parent)) delete parent[name];
}

function isDoc(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** DynamoDB orders strings by their UTF-8 bytes. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** A deep copy as DynamoDB stores it: plain JSON, `undefined` properties dropped. */
function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Name bytes + value bytes: strings UTF-8, numbers 1 byte per 2 significant digits + 1, maps and lists 3 + 1 per element. */
function itemBytes(item: Doc): number {
  const valueBytes = (value: unknown): number => {
    if (typeof value === 'string') return Buffer.byteLength(value);
    if (typeof value === 'number') return Math.ceil(Math.abs(value).toExponential().split('e')[0]!.replace('.', '').length / 2) + 1;
    if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueBytes(element), 0);
    if (isDoc(value)) return 3 + Object.entries(value).reduce((sum, [name, v]) => sum + 1 + Buffer.byteLength(name) + valueBytes(v), 0);
    return 1;
  };
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0);
}

function invalid(message: string): SecmonError {
  return new SecmonError('STATE_STORE', `state table: ValidationException: ${message}`);
}

function id(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`;
}
