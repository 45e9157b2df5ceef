/**
 * Read-only accessors over CloudTrail records as they arrive (parsed JSON of unknown shape). Nothing here throws on
 * odd input: a missing or mistyped field reads as undefined, because real records vary by service and era.
 */
export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringAt(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return typeof current === 'string' ? current : undefined;
}

export function objectAt(value: unknown, ...path: string[]): JsonObject | undefined {
  let current = value;
  for (const key of path) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return isJsonObject(current) ? current : undefined;
}

/** CloudTrail writes empty collections as `{}`; `items` lists may therefore be absent, `{}` or an array. */
export function itemsAt(value: unknown, ...path: string[]): JsonObject[] {
  const holder = objectAt(value, ...path);
  const items = holder?.['items'];
  return Array.isArray(items) ? items.filter(isJsonObject) : [];
}
