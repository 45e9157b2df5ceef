import type { AnythingBut, LeafPattern, ValueMatcher } from './ast.js';
import { ignoreCaseMatcher } from './ignore-case.js';
import { cidrContains, parseCidr, parseIp, sameAddress } from './ip.js';
import { parseWildcard, wildcardMatcher } from './wildcard.js';

/**
 * Compiles the matchers of one leaf array into a predicate over a single JSON scalar, plus whether the leaf also
 * accepts an absent field (`exists: false`). Matchers are grouped by the JSON type they can accept, so a value
 * only meets the tests for its own type, and exact strings and numbers become Set lookups.
 */
export interface LeafTest {
  readonly test: (value: unknown) => boolean;
  readonly acceptsAbsent: boolean;
}

type StringTest = (value: string) => boolean;
type NumberTest = (value: number) => boolean;

/** event-ruler compares numbers only within ±5e9 (its ComparableNumber range); values outside never match. */
const NUMERIC_LIMIT = 5e9;

/** Scratch buffer for parsing event values as IP addresses; matching is synchronous, so one buffer suffices. */
const SCRATCH = new Uint8Array(16);

class LeafBuilder {
  readonly strings = new Set<string>();
  readonly numbers = new Set<number>();
  readonly stringTests: StringTest[] = [];
  readonly numberTests: NumberTest[] = [];
  anyString = false;
  anyNumber = false;
  onTrue = false;
  onFalse = false;
  onNull = false;
  acceptsAbsent = false;

  /** For operators that accept every value of the other JSON types (anything-but, exists: true). */
  acceptOtherScalars(): void {
    this.onTrue = true;
    this.onFalse = true;
    this.onNull = true;
  }
}

export function compileLeafTest(leaf: LeafPattern): LeafTest {
  const b = new LeafBuilder();
  for (const matcher of leaf.matchers) add(b, matcher);
  const onString = stringPredicate(b);
  const onNumber = numberPredicate(b);
  const { onTrue, onFalse, onNull } = b;
  const test = (value: unknown): boolean => {
    switch (typeof value) {
      case 'string':
        return onString(value);
      case 'number':
        return onNumber(value);
      case 'boolean':
        return value ? onTrue : onFalse;
      default:
        return value === null && onNull;
    }
  };
  return { test, acceptsAbsent: b.acceptsAbsent };
}

function add(b: LeafBuilder, matcher: ValueMatcher): void {
  switch (matcher.kind) {
    case 'exact':
      addExact(b, matcher.value);
      return;
    case 'prefix':
      b.stringTests.push(
        matcher.ignoreCase ? ignoreCaseMatcher('prefix', matcher.value) : startsWith(matcher.value),
      );
      return;
    case 'suffix':
      b.stringTests.push(matcher.ignoreCase ? ignoreCaseMatcher('suffix', matcher.value) : endsWith(matcher.value));
      return;
    case 'equals-ignore-case':
      b.stringTests.push(ignoreCaseMatcher('equals', matcher.value));
      return;
    case 'wildcard':
      b.stringTests.push(wildcardMatcher(parseWildcard(matcher.value)));
      return;
    case 'exists':
      if (matcher.value) {
        b.anyString = true;
        b.anyNumber = true;
        b.acceptOtherScalars();
      } else {
        b.acceptsAbsent = true;
      }
      return;
    case 'numeric':
      b.numberTests.push(
        rangeTest(matcher.lower?.value, matcher.lower?.inclusive, matcher.upper?.value, matcher.upper?.inclusive),
      );
      return;
    case 'cidr': {
      const cidr = parseCidr(matcher.value);
      b.stringTests.push((value) => cidrContains(cidr, parseIp(value, SCRATCH), SCRATCH));
      return;
    }
    case 'anything-but':
      addAnythingBut(b, matcher);
      return;
  }
}

const startsWith =
  (prefix: string): StringTest =>
  (value) =>
    value.startsWith(prefix);
const endsWith =
  (suffix: string): StringTest =>
  (value) =>
    value.endsWith(suffix);

function addExact(b: LeafBuilder, value: string | number | boolean | null): void {
  if (typeof value === 'string') {
    // event-ruler compiles an exact IP literal to an address range, so other spellings of it match too.
    const bytes = new Uint8Array(16);
    const version = parseIp(value, bytes);
    if (version === 0) b.strings.add(value);
    else {
      b.stringTests.push(
        (text) => text === value || (parseIp(text, SCRATCH) === version && sameAddress(version, bytes, SCRATCH)),
      );
    }
  } else if (typeof value === 'number') {
    b.numbers.add(value);
  } else if (value === null) {
    b.onNull = true;
  } else if (value) {
    b.onTrue = true;
  } else {
    b.onFalse = true;
  }
}

/**
 * anything-but matches any present value that is not excluded, whatever its JSON type: `anything-but "x"` accepts
 * numbers, booleans and null (EventBridge matches `null` and `12` against string exclusions).
 */
function addAnythingBut(b: LeafBuilder, matcher: AnythingBut): void {
  b.acceptOtherScalars();
  if (matcher.of === 'values') {
    const [first] = matcher.values;
    if (typeof first === 'number') {
      const excluded = new Set<number>(matcher.values as readonly number[]);
      b.numberTests.push((value) => !excluded.has(value));
      b.anyString = true;
    } else {
      const excluded = new Set<string>(matcher.values as readonly string[]);
      b.stringTests.push((value) => !excluded.has(value));
      b.anyNumber = true;
    }
    return;
  }
  b.anyNumber = true;
  const tests = matcher.values.map((value): StringTest => {
    switch (matcher.of) {
      case 'prefix':
        return startsWith(value);
      case 'suffix':
        return endsWith(value);
      case 'equals-ignore-case':
        return ignoreCaseMatcher('equals', value);
      case 'wildcard':
        return wildcardMatcher(parseWildcard(value));
    }
  });
  b.stringTests.push((value) => {
    for (let i = 0; i < tests.length; i++) if ((tests[i] as StringTest)(value)) return false;
    return true;
  });
}

function rangeTest(
  lower = -Infinity,
  lowerInclusive = false,
  upper = Infinity,
  upperInclusive = false,
): NumberTest {
  return (value) =>
    value >= -NUMERIC_LIMIT &&
    value <= NUMERIC_LIMIT &&
    (value > lower || (lowerInclusive && value === lower)) &&
    (value < upper || (upperInclusive && value === upper));
}

function stringPredicate(b: LeafBuilder): StringTest {
  if (b.anyString) return () => true;
  const { strings, stringTests } = b;
  const [only] = strings;
  if (stringTests.length === 0) {
    if (strings.size === 0) return () => false;
    if (strings.size === 1 && only !== undefined) return (value) => value === only;
    return (value) => strings.has(value);
  }
  if (strings.size === 0 && stringTests.length === 1) return stringTests[0] as StringTest;
  return (value) => {
    if (strings.has(value)) return true;
    for (let i = 0; i < stringTests.length; i++) if ((stringTests[i] as StringTest)(value)) return true;
    return false;
  };
}

function numberPredicate(b: LeafBuilder): NumberTest {
  if (b.anyNumber) return () => true;
  const { numbers, numberTests } = b;
  if (numberTests.length === 0) return numbers.size === 0 ? () => false : (value) => numbers.has(value);
  return (value) => {
    if (numbers.has(value)) return true;
    for (let i = 0; i < numberTests.length; i++) if ((numberTests[i] as NumberTest)(value)) return true;
    return false;
  };
}
