import { PatternSyntaxError } from '../../errors.js';

/** Every problem with a filter pattern's text is reported at a 0-based character offset. */
export function syntaxError(reason: string, position: number): PatternSyntaxError {
  return new PatternSyntaxError('filter', reason, { position });
}

export const JSON_ONLY = 'not supported: secmon supports JSON filter patterns { ... }';
