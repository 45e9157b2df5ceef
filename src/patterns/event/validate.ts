import type { FieldPattern, LeafPattern, ObjectPattern, ValueMatcher } from './ast.js';
import { parseMatchExpression } from './operators.js';
import { ROOT, indexPath, invalid, isPlainObject, keyPath } from './path.js';

/**
 * Validates a parsed event pattern and builds its tree, following event-ruler's JsonRuleCompiler: objects nest,
 * arrays are leaves, `$or` takes an array of at least two objects. Errors carry the JSON path of the culprit.
 */
export function buildTree(pattern: unknown): ObjectPattern {
  if (!isPlainObject(pattern)) return invalid('Filter is not an object', ROOT);
  return objectPattern(pattern, ROOT, false);
}

const OR = '$or';

/**
 * Operator names may not be field names inside `$or` branches (event-ruler reserves them there so a misplaced
 * operator is not silently read as a field).
 */
const RESERVED_IN_OR = new Set([
  'exact',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
]);

function objectPattern(object: Record<string, unknown>, path: string, insideOr: boolean): ObjectPattern {
  const keys = Object.keys(object);
  if (keys.length === 0) invalid('Empty objects are not allowed', path);
  const fields: FieldPattern[] = [];
  let or: ObjectPattern[] | null = null;
  for (const key of keys) {
    const value = object[key];
    const at = keyPath(path, key);
    if (key === OR) {
      or = orBranches(value, at);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) {
      invalid(`${key} is Ruler reserved fieldName which cannot be used inside ${OR}.`, at);
    }
    if (isPlainObject(value)) fields.push({ key, pattern: objectPattern(value, at, insideOr) });
    else if (Array.isArray(value)) fields.push({ key, pattern: leafPattern(value as readonly unknown[], at) });
    else invalid(`"${key}" must be an object or an array`, at);
  }
  return { kind: 'object', fields, or };
}

function orBranches(value: unknown, path: string): ObjectPattern[] {
  if (!Array.isArray(value)) return invalid(`It must be an Array followed with ${OR}.`, path);
  const branches = (value as readonly unknown[]).map((branch, index) => {
    const at = indexPath(path, index);
    if (!isPlainObject(branch)) return invalid(`Only JSON object is allowed in array of ${OR} relationship.`, at);
    return objectPattern(branch, at, true);
  });
  if (branches.length < 2) invalid(`There must have at least 2 Objects in ${OR} relationship.`, path);
  return branches;
}

function leafPattern(values: readonly unknown[], path: string): LeafPattern {
  if (values.length === 0) invalid('Empty arrays are not allowed', path);
  const matchers = values.map((value, index): ValueMatcher => {
    const at = indexPath(path, index);
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return { kind: 'exact', value };
    if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'exact', value };
    if (isPlainObject(value)) return parseMatchExpression(value, at);
    return invalid('Match value must be String, number, true, false, or null', at);
  });
  return { kind: 'leaf', matchers };
}
