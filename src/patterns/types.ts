import type { PatternSyntaxError } from '../errors.js';

/** A pattern compiled once into a tagged tree, ready to match many events. */
export interface CompiledPattern<Tree> {
  /** The pattern as given (text for filter patterns, canonical JSON for event patterns). */
  readonly source: string;
  /** The parsed, tagged form; useful for explaining and testing. */
  readonly tree: Tree;
  /** True when the (already parsed) event matches. Never throws for any JSON value. */
  matches(event: unknown): boolean;
}

/** The result of validating a pattern without throwing. */
export type PatternCheck = { ok: true } | { ok: false; error: PatternSyntaxError };
