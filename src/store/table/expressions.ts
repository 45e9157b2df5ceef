/**
 * Conditions and changes (table.ts) compiled to DynamoDB expressions with their placeholders: every attribute name
 * becomes `#nN` (so reserved words such as `count` or `status` need no care) and every value `:vN`.
 */
import { CopyOf, IfMissing, pathNames, type Changes, type Condition } from './table.js';

export interface Compiled {
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

export class Placeholders {
  readonly #names = new Map<string, string>();
  readonly #values: Record<string, unknown> = {};
  #valueCount = 0;

  path(path: string): string {
    return pathNames(path)
      .map((name) => {
        let placeholder = this.#names.get(name);
        if (placeholder === undefined) {
          placeholder = `#n${this.#names.size}`;
          this.#names.set(name, placeholder);
        }
        return placeholder;
      })
      .join('.');
  }

  value(value: unknown): string {
    const placeholder = `:v${this.#valueCount++}`;
    this.#values[placeholder] = value;
    return placeholder;
  }

  /** The placeholder maps, each left out when empty (DynamoDB rejects empty maps and unused placeholders). */
  compiled(): Compiled {
    return {
      ...(this.#names.size > 0 ? { ExpressionAttributeNames: Object.fromEntries([...this.#names].map(([name, p]) => [p, name])) } : {}),
      ...(this.#valueCount > 0 ? { ExpressionAttributeValues: this.#values } : {}),
    };
  }
}

export function conditionExpression(condition: Condition, p: Placeholders): string {
  switch (condition.kind) {
    case 'exists':
      return `attribute_exists(${p.path(condition.path)})`;
    case 'missing':
      return `attribute_not_exists(${p.path(condition.path)})`;
    case 'compare':
      return `${p.path(condition.path)} ${condition.op} ${p.value(condition.value)}`;
    case 'in':
      return `${p.path(condition.path)} IN (${condition.values.map((value) => p.value(value)).join(', ')})`;
    case 'and':
    case 'or':
      return `(${condition.conditions.map((c) => conditionExpression(c, p)).join(` ${condition.kind.toUpperCase()} `)})`;
  }
}

export function updateExpression(changes: Changes, p: Placeholders): string {
  const set = Object.entries(changes.set ?? {}).map(([path, value]) => {
    const target = p.path(path);
    if (value instanceof IfMissing) return `${target} = if_not_exists(${target}, ${p.value(value.value)})`;
    if (value instanceof CopyOf) return `${target} = ${p.path(value.path)}`;
    return `${target} = ${p.value(value)}`;
  });
  const add = Object.entries(changes.add ?? {}).map(([path, value]) => `${p.path(path)} ${p.value(value)}`);
  const remove = (changes.remove ?? []).map((path) => p.path(path));
  return [
    set.length > 0 ? `SET ${set.join(', ')}` : '',
    add.length > 0 ? `ADD ${add.join(', ')}` : '',
    remove.length > 0 ? `REMOVE ${remove.join(', ')}` : '',
  ]
    .filter((clause) => clause !== '')
    .join(' ');
}
