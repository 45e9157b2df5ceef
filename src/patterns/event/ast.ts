/**
 * The tagged tree an EventBridge event pattern compiles to. It mirrors the pattern's own shape (objects, leaf
 * arrays, `$or`) so it can be printed or inspected; the matching semantics live in compile.ts. Everything here is
 * plain JSON-compatible data: precomputed match state (lowercased text, parsed CIDRs) is kept in the closures.
 */

/** The root of a compiled event pattern. */
export type EventPatternNode = ObjectPattern;

/** `{ "key": <pattern>, ..., "$or": [ ... ] }`: every field must match (AND), and one `$or` branch if present. */
export interface ObjectPattern {
  readonly kind: 'object';
  readonly fields: readonly FieldPattern[];
  /** Branches of `$or` (at least two), or null when the object has none. */
  readonly or: readonly ObjectPattern[] | null;
}

export interface FieldPattern {
  readonly key: string;
  readonly pattern: ObjectPattern | LeafPattern;
}

/** `"key": [ ... ]`: the field matches when any of the matchers matches (OR). */
export interface LeafPattern {
  readonly kind: 'leaf';
  readonly matchers: readonly ValueMatcher[];
}

export type ExactValue = string | number | boolean | null;

export interface NumericBound {
  readonly value: number;
  readonly inclusive: boolean;
}

export type ValueMatcher =
  | { readonly kind: 'exact'; readonly value: ExactValue }
  | { readonly kind: 'prefix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'suffix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'equals-ignore-case'; readonly value: string }
  | { readonly kind: 'wildcard'; readonly value: string }
  | { readonly kind: 'exists'; readonly value: boolean }
  /** `=` is a range whose bounds are equal and inclusive. */
  | { readonly kind: 'numeric'; readonly lower: NumericBound | null; readonly upper: NumericBound | null }
  | { readonly kind: 'cidr'; readonly value: string }
  | AnythingBut;

/**
 * `anything-but`: matches a present value that none of `values` matches. `of` says how `values` are compared:
 * as plain values (all strings or all numbers), or as prefixes, suffixes, case-insensitive strings or wildcards.
 */
export type AnythingBut =
  | { readonly kind: 'anything-but'; readonly of: 'values'; readonly values: readonly string[] | readonly number[] }
  | {
      readonly kind: 'anything-but';
      readonly of: 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard';
      readonly values: readonly string[];
    };
