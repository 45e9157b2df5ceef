import type { PathStep } from './ast.js';

type Json = Record<string, unknown>;

/**
 * Reads a selector's value from an event object. `undefined` means "absent": parsed JSON never holds undefined, so
 * no separate marker is needed.
 */
export type Getter = (root: Json) => unknown;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Compiles a path once into a getter. Short key-only paths (most CloudTrail selectors: `$.eventName`,
 * `$.userIdentity.type`, `$.requestParameters.x.y`) are unrolled; the rest walk a list of step functions.
 */
export function compileGetter(path: readonly PathStep[]): Getter {
  if (path.every(isPlainKey)) {
    const [a, b, c] = path as readonly string[];
    if (path.length === 1 && a !== undefined) return (root) => root[a];
    if (path.length === 2 && a !== undefined && b !== undefined) {
      return (root) => {
        const x = root[a];
        return isRecord(x) ? x[b] : undefined;
      };
    }
    if (path.length === 3 && a !== undefined && b !== undefined && c !== undefined) {
      return (root) => {
        const x = root[a];
        if (!isRecord(x)) return undefined;
        const y = x[b];
        return isRecord(y) ? y[c] : undefined;
      };
    }
  }
  const steps = path.map(compileStep);
  return (root) => {
    let current: unknown = root;
    for (const step of steps) {
      current = step(current);
      if (current === undefined) return undefined;
    }
    return current;
  };
}

/**
 * A key that no plain object inherits (`toString`, `constructor`, `__proto__` are inherited), so `obj[key]` alone
 * tells presence without an own-property check on the hot path.
 */
function isPlainKey(step: PathStep): step is string {
  return typeof step === 'string' && !(step in Object.prototype);
}

function compileStep(step: PathStep): (value: unknown) => unknown {
  if (typeof step === 'number') {
    // Only arrays are indexed: AWS says `$.arrayKey[0]` is false when arrayKey is not an array.
    return (value) => (Array.isArray(value) ? (value[step] as unknown) : undefined);
  }
  if (isPlainKey(step)) return (value) => (isRecord(value) ? value[step] : undefined);
  return (value) => (isRecord(value) && Object.hasOwn(value, step) ? value[step] : undefined);
}
