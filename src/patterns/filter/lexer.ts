import type { CompareOp } from './ast.js';
import { syntaxError } from './error.js';

export type Token =
  | { readonly kind: '{' | '}' | '(' | ')' | '&&' | '||' | 'end'; readonly position: number }
  | { readonly kind: 'op'; readonly op: CompareOp; readonly position: number }
  /** A double-quoted value; `text` has `\"` and `\\` resolved. */
  | { readonly kind: 'quoted'; readonly text: string; readonly position: number }
  /**
   * A run of other characters: a selector, a keyword (IS, NULL, NOT, ...) or an unquoted value. Which one depends
   * on where it stands, so the parser decides and validates.
   */
  | { readonly kind: 'word'; readonly text: string; readonly position: number };

const WHITESPACE = /\s/;
/** Characters that end a word; each of them starts a token of its own (or is an error). */
const DELIMITERS = new Set(['{', '}', '(', ')', '&', '|', '=', '!', '<', '>', '"', '%']);

/** Splits the text inside and around the braces into tokens; the last token is always `end`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    if (WHITESPACE.test(c)) {
      i += 1;
    } else if (c === '{' || c === '}' || c === '(' || c === ')') {
      tokens.push({ kind: c, position: i });
      i += 1;
    } else if (c === '&' || c === '|') {
      if (next !== c) throw syntaxError(`expected ${c}${c}; a single ${c} is not an operator`, i);
      tokens.push({ kind: c === '&' ? '&&' : '||', position: i });
      i += 2;
    } else if (c === '=') {
      tokens.push({ kind: 'op', op: '=', position: i });
      i += 1;
    } else if (c === '!') {
      if (next !== '=') throw syntaxError('expected != ; a lone ! is not an operator', i);
      tokens.push({ kind: 'op', op: '!=', position: i });
      i += 2;
    } else if (c === '<' || c === '>') {
      const op: CompareOp = next === '=' ? (c === '<' ? '<=' : '>=') : c;
      tokens.push({ kind: 'op', op, position: i });
      i += op.length;
    } else if (c === '"') {
      const [value, end] = readQuoted(text, i);
      tokens.push({ kind: 'quoted', text: value, position: i });
      i = end;
    } else if (c === '%') {
      throw syntaxError('not supported: regular expressions (%...%) in filter patterns', i);
    } else {
      const start = i;
      while (i < text.length && !DELIMITERS.has(text.charAt(i)) && !WHITESPACE.test(text.charAt(i))) i += 1;
      tokens.push({ kind: 'word', text: text.slice(start, i), position: start });
    }
  }
  tokens.push({ kind: 'end', position: text.length });
  return tokens;
}

/**
 * Reads a double-quoted value starting at the opening quote; returns the value and the offset after the closing
 * quote. Only `\"` and `\\` are escapes: any other backslash is kept as written, so values such as Windows paths
 * need no doubling.
 */
function readQuoted(text: string, open: number): [string, number] {
  let value = '';
  let i = open + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '"') return [value, i + 1];
    if (c === '\\' && (text.charAt(i + 1) === '"' || text.charAt(i + 1) === '\\')) {
      value += text.charAt(i + 1);
      i += 2;
    } else {
      value += c;
      i += 1;
    }
  }
  throw syntaxError('unterminated string', open);
}
