import type { AnythingBut, NumericBound, ValueMatcher } from './ast.js';
import { parseCidr } from './ip.js';
import { invalid, isPlainObject } from './path.js';
import { parseWildcard } from './wildcard.js';

/**
 * Validates one operator object of a leaf array (`{ "prefix": "x" }`) into a ValueMatcher. Reasons are
 * event-ruler's (what EventBridge returns), so a pattern rejected here is rejected by AWS with the same words.
 * As in event-ruler, the first operator's own errors are reported before "Only one key allowed".
 */
export function parseMatchExpression(expression: Record<string, unknown>, path: string): ValueMatcher {
  const keys = Object.keys(expression);
  const name = keys[0];
  if (name === undefined) return invalid('Match expression name not found', path);
  const operand = expression[name];
  const matcher = parseOperator(name, operand, path);
  if (keys.length > 1) invalid('Only one key allowed in match expression', path);
  return matcher;
}

/** Numeric operands are limited to what event-ruler can represent (ComparableNumber). */
const NUMERIC_LIMIT = 5e9;

function parseOperator(name: string, operand: unknown, path: string): ValueMatcher {
  switch (name) {
    case 'prefix':
    case 'suffix':
      return affix(name, operand, path);
    case 'equals-ignore-case':
      return { kind: name, value: requireString(operand, 'equals-ignore-case match pattern must be a string', path) };
    case 'wildcard':
      return { kind: name, value: wildcardValue(operand, path) };
    case 'exists':
      if (typeof operand !== 'boolean') invalid('exists match pattern must be either true or false.', path);
      return { kind: name, value: operand };
    case 'numeric':
      return numeric(operand, path);
    case 'cidr':
      // event-ruler says "prefix match pattern must be a string" here, which misleads; name the operator instead.
      return {
        kind: name,
        value: cidrValue(requireString(operand, 'cidr match pattern must be a string', path), path),
      };
    case 'anything-but':
      return anythingBut(operand, path);
    default:
      return invalid(`Unrecognized match type ${name}`, path);
  }
}

function requireString(operand: unknown, reason: string, path: string): string {
  if (typeof operand !== 'string') invalid(reason, path);
  return operand;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function withinLimit(value: number, path: string): number {
  if (value < -NUMERIC_LIMIT || value > NUMERIC_LIMIT) {
    invalid('Value must be between -5.0E9 and 5.0E9, inclusive', path);
  }
  return value;
}

function wildcardValue(operand: unknown, path: string): string {
  const value = requireString(operand, 'wildcard match pattern must be a string', path);
  try {
    parseWildcard(value);
  } catch (error) {
    invalid((error as Error).message, path);
  }
  return value;
}

function cidrValue(value: string, path: string): string {
  try {
    parseCidr(value);
  } catch (error) {
    invalid((error as Error).message, path);
  }
  return value;
}

/** `prefix`/`suffix`: a string, or `{ "equals-ignore-case": string }`. */
function affix(kind: 'prefix' | 'suffix', operand: unknown, path: string): ValueMatcher {
  if (typeof operand === 'string') return { kind, value: operand, ignoreCase: false };
  if (!isPlainObject(operand)) return invalid(`${kind} match pattern must be a string`, path);
  const keys = Object.keys(operand);
  const inner = keys[0];
  const label = kind === 'prefix' ? 'Prefix' : 'Suffix';
  if (inner === undefined) return invalid(`${label} expression name not found`, path);
  if (inner !== 'equals-ignore-case') invalid(`Unsupported ${kind} pattern: ${inner}`, path);
  const value = requireString(operand[inner], 'equals-ignore-case match pattern must be a string', path);
  if (keys.length > 1) invalid('Only one key allowed in match expression', path);
  return { kind, value, ignoreCase: true };
}

/** `["=", n]`, `[">", n]`, `[">=", n, "<", m]`, ...: at most one lower bound, then at most one upper bound. */
function numeric(operand: unknown, path: string): ValueMatcher {
  if (!Array.isArray(operand)) return invalid('Value of numeric must be an array.', path);
  const items = operand as readonly unknown[];
  const [op, first] = items;
  if (typeof op !== 'string') return invalid(`Invalid member in numeric match: ${describe(op, ']')}`, path);
  const operandOf = (value: unknown, operator: string): number => {
    if (!isNumber(value)) invalid(`Value of ${operator === '=' ? 'equals' : operator} must be numeric`, path);
    return withinLimit(value, path);
  };
  switch (op) {
    case '=': {
      const value = operandOf(first, op);
      if (items.length > 2) invalid('Too many elements in numeric expression', path);
      return { kind: 'numeric', lower: { value, inclusive: true }, upper: { value, inclusive: true } };
    }
    case '<':
    case '<=': {
      const upper = { value: operandOf(first, op), inclusive: op === '<=' };
      if (items.length > 2) invalid('Too many elements in numeric expression', path);
      return { kind: 'numeric', lower: null, upper };
    }
    case '>':
    case '>=': {
      const lower: NumericBound = { value: operandOf(first, op), inclusive: op === '>=' };
      if (items.length === 2) return { kind: 'numeric', lower, upper: null };
      const op2 = items[2];
      if (typeof op2 !== 'string') return invalid(`Bad value in numeric range: ${describe(op2, ']')}`, path);
      if (op2 !== '<' && op2 !== '<=') return invalid(`Bad numeric range operator: ${op2}`, path);
      const upper: NumericBound = { value: operandOf(items[3], op2), inclusive: op2 === '<=' };
      if (items.length > 4) invalid('Too many terms in numeric range expression', path);
      if (lower.value >= upper.value) invalid('Bottom must be less than top', path);
      return { kind: 'numeric', lower, upper };
    }
    default:
      return invalid(`Unrecognized numeric range operator: ${op}`, path);
  }
}

/** How a missing or non-string item is shown in a reason: as JSON, or `fallback` when absent. */
function describe(value: unknown, fallback: string): string {
  return value === undefined ? fallback : JSON.stringify(value);
}

const ANYTHING_BUT_OBJECT = 'Value of anything-but must be an array or single string/number value.';

function anythingBut(operand: unknown, path: string): AnythingBut {
  if (typeof operand === 'string') return { kind: 'anything-but', of: 'values', values: [operand] };
  if (isNumber(operand)) return { kind: 'anything-but', of: 'values', values: [withinLimit(operand, path)] };
  if (Array.isArray(operand)) return anythingButList(operand as readonly unknown[], path);
  if (!isPlainObject(operand)) return invalid(ANYTHING_BUT_OBJECT, path);

  const keys = Object.keys(operand);
  const of = keys[0];
  if (of === undefined) return invalid('Anything-But expression name not found', path);
  if (of !== 'prefix' && of !== 'suffix' && of !== 'equals-ignore-case' && of !== 'wildcard') {
    return invalid(`Unsupported anything-but pattern: ${of}`, path);
  }
  const inner = operand[of];
  if (isPlainObject(inner)) invalid(ANYTHING_BUT_OBJECT, path);
  const list = Array.isArray(inner) ? (inner as readonly unknown[]) : [inner];
  if (list.length === 0) invalid('Empty arrays are not allowed', path);
  const values = list.map((value) => anythingButString(of, value, path));
  if (keys.length > 1) invalid('Only one key allowed in match expression', path);
  return { kind: 'anything-but', of, values };
}

function anythingButString(
  of: 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard',
  value: unknown,
  path: string,
): string {
  switch (of) {
    case 'prefix':
    case 'suffix': {
      const text = requireString(value, 'prefix/suffix match pattern must be a string', path);
      if (text === '') invalid('Null prefix/suffix not allowed', path);
      return text;
    }
    case 'equals-ignore-case':
      return requireString(
        value,
        'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
        path,
      );
    case 'wildcard':
      return wildcardValue(value, path);
  }
}

/** A list must hold only strings or only numbers (event-ruler compares them as one kind). */
function anythingButList(list: readonly unknown[], path: string): AnythingBut {
  for (const value of list) {
    if (typeof value !== 'string' && !isNumber(value)) {
      invalid('Inside anything but list, start|null|boolean is not supported.', path);
    }
  }
  const strings = list.filter((value): value is string => typeof value === 'string');
  const numbers = list.filter(isNumber);
  if ((strings.length > 0) === (numbers.length > 0)) {
    invalid('Inside anything but list, either all values are number or string, mixed type is not supported', path);
  }
  if (strings.length > 0) return { kind: 'anything-but', of: 'values', values: strings };
  return { kind: 'anything-but', of: 'values', values: numbers.map((value) => withinLimit(value, path)) };
}
