import type { PathStep, Selector } from './ast.js';
import { syntaxError } from './error.js';

/**
 * AWS documents property names as alphanumeric plus '-' and '_'; '$' and '@' are accepted too because real keys
 * use them. Anything else (spaces, ':', unicode) cannot be selected, in AWS or here.
 */
const NAME_CHAR = /[A-Za-z0-9_\-$@]/;
const DIGIT = /[0-9]/;

/**
 * Parses `$.name`, `$.a.b`, `$.a[0].b`, `$.a[0][1]`. `text` is one word token that starts at `position` in the
 * pattern, so error positions point into the pattern. The first step must be a property: AWS says array elements
 * "must follow a property".
 */
export function parseSelector(text: string, position: number): Selector {
  if (!text.startsWith('$.')) throw syntaxError('expected a selector starting with $.', position);
  const path: PathStep[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '.') {
      const start = i + 1;
      i = start;
      while (i < text.length && NAME_CHAR.test(text.charAt(i))) i += 1;
      if (i === start) {
        throw syntaxError(
          'expected a property name (letters, digits, _, -, $, @) after . in the selector',
          position + start,
        );
      }
      path.push(text.slice(start, i));
    } else if (c === '[') {
      const start = i + 1;
      if (text.charAt(start) === '*') {
        throw syntaxError('not supported: [*] is not documented by AWS; use an index such as [0]', position + i);
      }
      i = start;
      while (i < text.length && DIGIT.test(text.charAt(i))) i += 1;
      if (i === start) throw syntaxError('expected an array index such as [0]', position + start);
      if (text.charAt(i) !== ']') throw syntaxError('expected ] after the array index', position + i);
      path.push(Number(text.slice(start, i)));
      i += 1;
    } else {
      throw syntaxError(`unexpected character ${JSON.stringify(c)} in the selector`, position + i);
    }
  }
  return { text, path };
}
