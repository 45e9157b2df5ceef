import type { FilterNode, Selector } from './ast.js';
import { compileCompare, couldBeNumberText } from './compare.js';
import { compileGetter, isRecord } from './selector-eval.js';

type Json = Record<string, unknown>;
type Matcher = (root: Json) => boolean;

/**
 * Turns the tree into closures once, so matching an event does no parsing, no regex work and (apart from the rare
 * number-against-string comparison) no allocation.
 *
 * Semantics. Documented by AWS (metric filter syntax, "JSON Special Considerations" and examples):
 * - `=` and `!=` apply only when the selector lands on a value node ("the SELECTOR must point to a value node
 *   (string or number)"); on an array or object both are false. We treat absent, null and booleans the same way,
 *   so `!=` never matches a missing field.
 * - IS NULL is true only for a JSON null ("only be true if the specified object is set to null"): absent is not
 *   null. NOT EXISTS is true only when the path does not resolve (a null value exists). IS TRUE / IS FALSE only
 *   for JSON booleans. Indexing something that is not an array is false.
 * Not spelled out by AWS; our decisions, matching what TestMetricFilter is reported to do where known:
 * - A number literal against a number field compares numerically (`22 = 22.0`). Against a string field `=`/`!=`
 *   compare the text as written, so `$.recipientAccountId = 123456789012` works on CloudTrail's string account
 *   ids; `< > <= >=` against a string are false, as the docs define them as numeric comparisons.
 * - A string literal (quoted, or unquoted and not a number) against a number field compares with the number's
 *   text (`$.port = "2*"` matches 22). That text is JavaScript's rendering of the parsed number, so `12.0` in the
 *   log reads as `12` here, where AWS sees the raw `12.0`.
 */
export function compileMatcher(tree: FilterNode): (event: unknown) => boolean {
  const match = compileNode(tree);
  // Selectors start at `$.name`, so only an object event can hold anything a pattern asks about.
  return (event) => isRecord(event) && match(event);
}

function compileNode(node: FilterNode): Matcher {
  switch (node.kind) {
    case 'or':
      return compileJunction('or', compileAlternatives(node.children));
    case 'and':
      return compileJunction('and', node.children.map(compileNode));
    case 'compare':
      return compileCompare(compileGetter(node.selector.path), node.op, node.value);
    case 'isNull': {
      const get = compileGetter(node.selector.path);
      return (root) => get(root) === null;
    }
    case 'isTrue': {
      const get = compileGetter(node.selector.path);
      return (root) => get(root) === true;
    }
    case 'isFalse': {
      const get = compileGetter(node.selector.path);
      return (root) => get(root) === false;
    }
    case 'notExists': {
      const get = compileGetter(node.selector.path);
      return (root) => get(root) === undefined;
    }
  }
}

/**
 * CloudTrail patterns are mostly lists such as `$.eventName = A || $.eventName = B || ...`: exact, non-numeric
 * string alternatives on one selector become a single Set lookup. Conditions have no side effects, so regrouping
 * the alternatives of an OR does not change its result.
 */
function compileAlternatives(children: readonly FilterNode[]): Matcher[] {
  const sets = new Map<string, { path: Selector['path']; needles: Set<string> }>();
  const rest: FilterNode[] = [];
  for (const child of children) {
    if (
      child.kind === 'compare' &&
      child.op === '=' &&
      child.value.kind === 'string' &&
      child.value.match === 'exact' &&
      !couldBeNumberText(child.value.needle)
    ) {
      const group = sets.get(child.selector.text) ?? { path: child.selector.path, needles: new Set<string>() };
      group.needles.add(child.value.needle);
      sets.set(child.selector.text, group);
    } else {
      rest.push(child);
    }
  }
  const parts: Matcher[] = [];
  for (const { path, needles } of sets.values()) {
    const get = compileGetter(path);
    const [only] = needles;
    // Only strings are in the set, so any other value (absent, number, object) is simply not found.
    parts.push(
      needles.size === 1 && only !== undefined
        ? (root) => get(root) === only
        : (root) => needles.has(get(root) as string),
    );
  }
  return [...parts, ...rest.map(compileNode)];
}

function compileJunction(kind: 'or' | 'and', parts: Matcher[]): Matcher {
  const [a, b] = parts;
  if (parts.length === 1 && a !== undefined) return a;
  if (parts.length === 2 && a !== undefined && b !== undefined) {
    return kind === 'or' ? (root) => a(root) || b(root) : (root) => a(root) && b(root);
  }
  if (kind === 'or') {
    return (root) => {
      for (const part of parts) if (part(root)) return true;
      return false;
    };
  }
  return (root) => {
    for (const part of parts) if (!part(root)) return false;
    return true;
  };
}
