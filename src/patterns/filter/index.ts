/**
 * CloudWatch Logs JSON filter patterns (the metric filter language): compile once, match many parsed events.
 * Only the JSON form `{ ... }` is supported; space-delimited, plain-term and regex patterns are rejected.
 */
import { PatternSyntaxError } from '../../errors.js';
import type { CompiledPattern, PatternCheck } from '../types.js';
import type { FilterNode } from './ast.js';
import { syntaxError } from './error.js';
import { compileMatcher } from './evaluate.js';
import { parseFilterPattern } from './parser.js';

export type { CompareOp, FilterNode, FilterValue, PathStep, Selector, StringMatch } from './ast.js';
export { MAX_PATTERN_LENGTH } from './parser.js';

export type CompiledFilterPattern = CompiledPattern<FilterNode>;

/** Throws PatternSyntaxError('filter', reason, { position }) when the text is not a valid JSON filter pattern. */
export function compileFilterPattern(text: string): CompiledFilterPattern {
  // Callers may pass values straight from parsed config, so the type is not taken on trust.
  if (typeof text !== 'string') throw syntaxError('pattern must be a string', 0);
  const tree = parseFilterPattern(text);
  return { source: text, tree, matches: compileMatcher(tree) };
}

/** Validates without throwing. */
export function checkFilterPattern(text: string): PatternCheck {
  try {
    compileFilterPattern(text);
    return { ok: true };
  } catch (error) {
    if (error instanceof PatternSyntaxError) return { ok: false, error };
    const wrapped = new PatternSyntaxError('filter', 'pattern could not be compiled', {}, { cause: error });
    return { ok: false, error: wrapped };
  }
}
