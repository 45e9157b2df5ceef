import type { LeafPattern, ObjectPattern } from './ast.js';
import { compileLeafTest } from './values.js';

/**
 * Compiles a pattern tree into closures that evaluate an event value to a match mask:
 *
 *  - POS: the node matches using at least one field that is present (a value, exists: true, anything-but, ...);
 *  - NEG: the node matches using only absent fields (`exists: false`);
 *  - 0:   the node does not match.
 *
 * Two bits are needed for event-ruler's array consistency. Fields matched inside an array of objects must come
 * from one element, so a sub-pattern over an array matches positively when one element matches it (∃). A
 * sub-pattern made only of `exists: false` fixes no element, so event-ruler checks absence in the whole array:
 * that is NEG when every element lacks the fields (∀). Absent fields, primitives where an object is expected and
 * objects where a leaf is expected all count as "absent" (exists matches only leaves, per the event-ruler docs).
 */
export const POS = 1;
export const NEG = 2;

type Evaluate = (value: unknown) => number;

interface Compiled {
  readonly evaluate: Evaluate;
  /** The mask for an absent value: NEG when the node can match with its fields absent, else 0. */
  readonly absent: number;
}

interface CompiledObject extends Compiled {
  /** Evaluates against a value already known to be a non-array object. */
  readonly onObject: (object: Record<string, unknown>) => number;
}

/** Returns the event matcher for a whole pattern: only JSON objects are events. */
export function compileTree(tree: ObjectPattern): (event: unknown) => boolean {
  const root = compileObject(tree);
  return (event) => {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) return false;
    try {
      return root.onObject(event as Record<string, unknown>) !== 0;
    } catch {
      // Only pathological input (an array nested thousands deep, a throwing getter) gets here.
      return false;
    }
  };
}

function compileLeaf(leaf: LeafPattern): Compiled {
  const { test, acceptsAbsent } = compileLeafTest(leaf);
  const absent = acceptsAbsent ? NEG : 0;
  /** POS if an element matches, 0 if scalars are present but none matches, -1 if the array holds no scalar. */
  const scan = (array: readonly unknown[]): number => {
    let present = false;
    for (let i = 0; i < array.length; i++) {
      const element = array[i];
      if (Array.isArray(element)) {
        const found = scan(element as readonly unknown[]);
        if (found === POS) return POS;
        if (found === 0) present = true;
      } else if (element !== undefined && (element === null || typeof element !== 'object')) {
        if (test(element)) return POS;
        present = true;
      }
    }
    return present ? 0 : -1;
  };
  const evaluate: Evaluate = (value) => {
    if (value === undefined) return absent;
    if (value !== null && typeof value === 'object') {
      if (!Array.isArray(value)) return absent;
      const found = scan(value as readonly unknown[]);
      return found < 0 ? absent : found;
    }
    return test(value) ? POS : 0;
  };
  return { evaluate, absent };
}

/** Keys such as `constructor` would read inherited members of a plain object; those are read as own keys only. */
function reader(key: string): (object: Record<string, unknown>) => unknown {
  if (!(key in Object.prototype)) return (object) => object[key];
  return (object) => (Object.hasOwn(object, key) ? object[key] : undefined);
}

/** A conjunct of an object node: a field (read from the object) or the object's `$or`. */
type Part = (object: Record<string, unknown>) => number;

function compileObject(node: ObjectPattern): CompiledObject {
  const parts: Part[] = [];
  const absents: number[] = [];
  // Leaves first: they are cheaper than descending, and order does not change an AND.
  const fields = [...node.fields].sort((a, b) => rank(a.pattern) - rank(b.pattern));
  for (const field of fields) {
    const child = field.pattern.kind === 'leaf' ? compileLeaf(field.pattern) : compileObject(field.pattern);
    const read = reader(field.key);
    const evaluate = child.evaluate;
    parts.push((object) => evaluate(read(object)));
    absents.push(child.absent);
  }
  if (node.or !== null) {
    const branches = node.or.map(compileObject);
    const onBranches = branches.map((branch) => branch.onObject);
    // An alternative of any branch will do: POS if some branch has a positive match, NEG if some has a negative.
    parts.push((object) => {
      let mask = 0;
      for (let i = 0; i < onBranches.length; i++) mask |= (onBranches[i] as Part)(object);
      return mask;
    });
    absents.push(branches.some((branch) => branch.absent === NEG) ? NEG : 0);
  }
  const absent = absents.every((mask) => mask === NEG) ? NEG : 0;
  const onObject = absent === 0 ? allPositive(parts) : mixed(parts);
  const onArray = arrayEvaluator(onObject, absent);
  const evaluate: Evaluate = (value) => {
    if (value === null || typeof value !== 'object') return absent;
    return Array.isArray(value) ? onArray(value as readonly unknown[]) : onObject(value as Record<string, unknown>);
  };
  return { evaluate, absent, onObject };
}

function rank(pattern: LeafPattern | ObjectPattern): number {
  return pattern.kind === 'leaf' ? 0 : 1;
}

/**
 * For a node that cannot match with all its fields absent: some part can only match positively, so whenever
 * every part matches, the node matches positively.
 */
function allPositive(parts: readonly Part[]): Part {
  return (object) => {
    for (let i = 0; i < parts.length; i++) if ((parts[i] as Part)(object) === 0) return 0;
    return POS;
  };
}

/** AND of the parts: POS if all match and one matches positively; NEG if all can match negatively. */
function mixed(parts: readonly Part[]): Part {
  return (object) => {
    let positive = false;
    let negative = true;
    for (let i = 0; i < parts.length; i++) {
      const mask = (parts[i] as Part)(object);
      if (mask === 0) return 0;
      if ((mask & POS) !== 0) positive = true;
      if ((mask & NEG) === 0) negative = false;
    }
    return (positive ? POS : 0) | (negative ? NEG : 0);
  };
}

/**
 * An object pattern over an array: elements that are objects (or nested arrays) are candidates; scalars cannot
 * hold fields and are skipped. POS if one element matches positively; NEG if every element (vacuously, none)
 * matches negatively.
 */
function arrayEvaluator(onObject: Part, absent: number): (array: readonly unknown[]) => number {
  const onArray = (array: readonly unknown[]): number => {
    let positive = false;
    let negative = absent === NEG;
    for (let i = 0; i < array.length; i++) {
      const element = array[i];
      if (element === null || typeof element !== 'object') continue;
      const mask = Array.isArray(element)
        ? onArray(element as readonly unknown[])
        : onObject(element as Record<string, unknown>);
      if ((mask & POS) !== 0) positive = true;
      if ((mask & NEG) === 0) negative = false;
      if (positive && !negative) return POS;
    }
    return (positive ? POS : 0) | (negative ? NEG : 0);
  };
  return onArray;
}
