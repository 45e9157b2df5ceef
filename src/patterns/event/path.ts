import { PatternSyntaxError } from '../../errors.js';

/**
 * Paths name the offending part of a pattern in validation errors: `detail.eventName[1]`, `detail.$or[0].source`.
 * `$` is the pattern as a whole. Keys that are not plain words are quoted so a path stays unambiguous.
 */
export const ROOT = '$';

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

export function keyPath(parent: string, key: string): string {
  const step = PLAIN_KEY.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (parent === ROOT) return step.startsWith('[') ? `${ROOT}${step}` : step;
  return step.startsWith('[') ? `${parent}${step}` : `${parent}.${step}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

export function invalid(reason: string, path: string): never {
  throw new PatternSyntaxError('event', reason, { path });
}

/** A JSON object as parsed (or a plain object literal): not an array, not a class instance such as Date. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
