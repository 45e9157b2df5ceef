import type { CompareOp, FilterValue, StringMatch } from './ast.js';
import { syntaxError } from './error.js';

/** AWS's NUMBER: optional sign, integer or decimal, optional exponent (`10e-3`, `+1000`, `-1.5`). */
const NUMBER = /^[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
/**
 * AWS: "strings that consist entirely of alphanumeric characters do not need to be quoted", and its own examples
 * leave `123.123.*` and `*UnauthorizedOperation` unquoted; '@', '$', '\\' and the like must be quoted. So unquoted
 * values are limited to letters, digits, '_', '-', '.' and '*' (a leading sign is part of a number).
 */
const UNQUOTED_CHAR = /[A-Za-z0-9_\-.*]/;

/** A value written after a comparison operator, checked against the operator it goes with. */
export function parseValue(
  token: { kind: 'quoted' | 'word'; text: string; position: number },
  op: CompareOp,
): FilterValue {
  const numeric = op !== '=' && op !== '!=';
  if (token.kind === 'word') {
    if (NUMBER.test(token.text)) return { kind: 'number', number: Number(token.text), text: token.text };
    for (let i = 0; i < token.text.length; i += 1) {
      const c = token.text.charAt(i);
      if (!UNQUOTED_CHAR.test(c)) {
        const reason = `unquoted values may not contain ${JSON.stringify(c)}; put the value in double quotes`;
        throw syntaxError(reason, token.position + i);
      }
    }
  }
  // AWS's numeric form is `SELECTOR NUMERIC_OPERATOR NUMBER`; PutMetricFilter rejects `> "123"` and `> abc`
  // (InvalidParameterException) rather than accepting a pattern that can never match.
  if (numeric) throw syntaxError(`${op} needs a number (such as 500, -1.5 or 10e3)`, token.position);
  return stringValue(token.text, token.kind === 'quoted');
}

function stringValue(text: string, quoted: boolean): FilterValue {
  const leading = text.startsWith('*');
  const trailing = text.length > 1 && text.endsWith('*');
  const needle = text.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  let match: StringMatch;
  if (needle === '' && (leading || trailing)) match = 'any';
  else if (leading && trailing) match = 'includes';
  else if (leading) match = 'endsWith';
  else if (trailing) match = 'startsWith';
  else match = 'exact';
  return { kind: 'string', text, quoted, match, needle };
}
