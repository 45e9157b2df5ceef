import type { CompareOp, FilterValue, StringMatch } from './ast.js';
import type { Getter } from './selector-eval.js';

type Matcher = (root: Record<string, unknown>) => boolean;

/**
 * One comparison, specialised by operator and value kind at compile time so the per-event work is a property read,
 * a typeof and one comparison. The semantics are described in evaluate.ts.
 */
export function compileCompare(get: Getter, op: CompareOp, value: FilterValue): Matcher {
  if (value.kind === 'number') return compareNumber(get, op, value.number, value.text);
  return compareString(get, op === '=', value.match, value.needle);
}

function compareNumber(get: Getter, op: CompareOp, n: number, text: string): Matcher {
  switch (op) {
    case '=':
      return (root) => {
        const v = get(root);
        return typeof v === 'number' ? v === n : v === text;
      };
    case '!=':
      return (root) => {
        const v = get(root);
        return typeof v === 'number' ? v !== n : typeof v === 'string' && v !== text;
      };
    case '<':
      return (root) => {
        const v = get(root);
        return typeof v === 'number' && v < n;
      };
    case '>':
      return (root) => {
        const v = get(root);
        return typeof v === 'number' && v > n;
      };
    case '<=':
      return (root) => {
        const v = get(root);
        return typeof v === 'number' && v <= n;
      };
    case '>=':
      return (root) => {
        const v = get(root);
        return typeof v === 'number' && v >= n;
      };
  }
}

function compareString(get: Getter, equal: boolean, match: StringMatch, needle: string): Matcher {
  if (match === 'exact' && !couldBeNumberText(needle)) {
    // No number renders as this text, so numbers are simply "not equal" and need no String() call.
    return equal
      ? (root) => get(root) === needle
      : (root) => {
          const v = get(root);
          return typeof v === 'string' ? v !== needle : typeof v === 'number';
        };
  }
  const test = stringTest(match, needle);
  return (root) => {
    const v = get(root);
    if (typeof v === 'string') return test(v) === equal;
    if (typeof v === 'number') return test(String(v)) === equal;
    return false;
  };
}

function stringTest(match: StringMatch, needle: string): (text: string) => boolean {
  switch (match) {
    case 'exact':
      return (text) => text === needle;
    case 'startsWith':
      return (text) => text.startsWith(needle);
    case 'endsWith':
      return (text) => text.endsWith(needle);
    case 'includes':
      return (text) => text.includes(needle);
    case 'any':
      return () => true;
  }
}

/** True when some JSON number renders as exactly this text (`5`, `-1.5`), so numbers must be compared by text. */
export function couldBeNumberText(text: string): boolean {
  return text !== '' && String(Number(text)) === text;
}
