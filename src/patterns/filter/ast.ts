/**
 * The tagged tree a JSON filter pattern compiles to. It mirrors what the pattern says (not how it is matched), so
 * it can be printed, compared and tested; evaluate.ts turns it into closures.
 */

/** One step of a selector: a property name (`.name`) or an array index (`[0]`). */
export type PathStep = string | number;

export interface Selector {
  /** As written in the pattern, e.g. `$.requestParameters.ipPermissions.items[0].fromPort`. */
  readonly text: string;
  readonly path: readonly PathStep[];
}

export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

/**
 * How a string value matches: only a leading and/or trailing `*` is a wildcard (AWS: `Ev*ent` matches the literal
 * text `Ev*ent`). `needle` is the value without those stars.
 */
export type StringMatch = 'exact' | 'startsWith' | 'endsWith' | 'includes' | 'any';

export type FilterValue =
  /** An unquoted value that reads as a number (sign, decimals and exponent allowed); `text` is as written. */
  | { readonly kind: 'number'; readonly number: number; readonly text: string }
  /** A quoted value, or an unquoted one that is not a number; `text` is the value with escapes resolved. */
  | {
      readonly kind: 'string';
      readonly text: string;
      readonly quoted: boolean;
      readonly match: StringMatch;
      readonly needle: string;
    };

export type FilterNode =
  /** Two or more alternatives; nested ORs are flattened. */
  | { readonly kind: 'or'; readonly children: readonly FilterNode[] }
  /** Two or more conditions that must all hold; nested ANDs are flattened. */
  | { readonly kind: 'and'; readonly children: readonly FilterNode[] }
  | { readonly kind: 'compare'; readonly selector: Selector; readonly op: CompareOp; readonly value: FilterValue }
  | { readonly kind: 'isNull' | 'isTrue' | 'isFalse' | 'notExists'; readonly selector: Selector };
