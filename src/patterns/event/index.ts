import { PatternSyntaxError } from '../../errors.js';
import type { CompiledPattern, PatternCheck } from '../types.js';
import type { EventPatternNode } from './ast.js';
import { compileTree } from './compile.js';
import { parsePatternText } from './json-text.js';
import { ROOT, invalid } from './path.js';
import { buildTree } from './validate.js';

export type { EventPatternNode, FieldPattern, LeafPattern, ObjectPattern, ValueMatcher } from './ast.js';

/** An EventBridge event pattern compiled for matching already-parsed events. */
export type CompiledEventPattern = CompiledPattern<EventPatternNode>;

/** EventBridge's default quota for the size of an event pattern, in characters. */
export const MAX_EVENT_PATTERN_LENGTH = 2048;

/**
 * Validates and compiles an EventBridge event pattern, given as JSON text or as an already-parsed object.
 * Throws PatternSyntaxError: with a `position` for JSON syntax errors, with a `path` for invalid patterns.
 * `source` is the canonical (compact) JSON text of the pattern.
 */
export function compileEventPattern(pattern: string | object): CompiledEventPattern {
  const { tree, source } = readPattern(pattern);
  const matches = compileTree(tree);
  return { source, tree, matches };
}

/** Validates a pattern without throwing. */
export function checkEventPattern(pattern: string | object): PatternCheck {
  try {
    compileEventPattern(pattern);
    return { ok: true };
  } catch (error) {
    if (error instanceof PatternSyntaxError) return { ok: false, error };
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: new PatternSyntaxError('event', reason, { path: ROOT }, { cause: error }) };
  }
}

function readPattern(pattern: string | object): { tree: EventPatternNode; source: string } {
  if (typeof pattern === 'string') {
    // Checked before parsing, so an oversized text costs nothing more.
    checkLength(pattern.length);
    const value = parsePatternText(pattern);
    return { tree: buildTree(value), source: JSON.stringify(value) };
  }
  if (pattern === null || typeof pattern !== 'object') return invalid('Filter is not an object', ROOT);
  let source: string | undefined;
  try {
    source = JSON.stringify(pattern);
  } catch (error) {
    // Cycles and BigInt values: not JSON, so not a pattern.
    return invalid(`pattern is not JSON: ${error instanceof Error ? error.message : String(error)}`, ROOT);
  }
  checkLength(source.length);
  return { tree: buildTree(pattern), source };
}

function checkLength(length: number): void {
  if (length > MAX_EVENT_PATTERN_LENGTH) {
    invalid(`Event pattern is ${length} characters long; the maximum is ${MAX_EVENT_PATTERN_LENGTH}`, ROOT);
  }
}
