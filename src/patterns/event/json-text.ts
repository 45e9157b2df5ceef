import { PatternSyntaxError } from '../../errors.js';

/**
 * Parses the JSON text of an event pattern. JSON.parse does the work; only when it fails do we scan the text
 * ourselves, because V8's messages do not reliably carry a position (several only quote the text) and users need
 * to be pointed at the offending character.
 */
export function parsePatternText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const found = locateSyntaxError(text) ?? fromEngineMessage(text, error);
    throw new PatternSyntaxError('event', found.reason, { position: found.position }, { cause: error });
  }
}

interface SyntaxProblem {
  readonly position: number;
  readonly reason: string;
}

class Stop {
  constructor(readonly problem: SyntaxProblem) {}
}

/** Returns the first syntax error in `text` (RFC 8259 grammar), or undefined when the text is valid JSON. */
export function locateSyntaxError(text: string): SyntaxProblem | undefined {
  let at = 0;

  const stop = (reason: string, position = at): never => {
    throw new Stop({ position, reason });
  };
  const describe = (position: number): string =>
    position >= text.length ? 'end of text' : `character ${JSON.stringify(text.charAt(position))}`;
  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) at++;
      else return;
    }
  };
  const expect = (char: string, what: string): void => {
    if (text.charAt(at) !== char) stop(`unexpected ${describe(at)}, expected ${what}`);
    at++;
  };

  const string = (): void => {
    const start = at;
    at++; // opening quote
    for (;;) {
      if (at >= text.length) stop('unterminated string', start);
      const c = text.charCodeAt(at);
      if (c === 0x22) {
        at++;
        return;
      }
      if (c < 0x20) stop('control character in string (escape it)');
      if (c === 0x5c) {
        const e = text.charAt(at + 1);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) stop('invalid \\u escape in string');
          at += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') {
          at += 2;
        } else {
          stop('invalid escape in string');
        }
      } else {
        at++;
      }
    }
  };

  const number = (): void => {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(at));
    const digits = match?.[0] ?? '';
    if (digits === '' || digits === '-') stop(`unexpected ${describe(at)}, expected a JSON value`);
    at += digits.length;
    const next = text.charAt(at);
    if (next === '.' || next === 'e' || next === 'E' || (next >= '0' && next <= '9')) stop('invalid number');
  };

  const literal = (word: string): void => {
    if (text.startsWith(word, at)) at += word.length;
    else stop(`unexpected ${describe(at)}, expected a JSON value`);
  };

  const value = (): void => {
    skipSpace();
    const c = text.charAt(at);
    if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };

  const object = (): void => {
    at++;
    skipSpace();
    if (text.charAt(at) === '}') {
      at++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text.charAt(at) !== '"') stop(`unexpected ${describe(at)}, expected a double-quoted property name`);
      string();
      skipSpace();
      expect(':', "':'");
      value();
      skipSpace();
      if (text.charAt(at) === ',') {
        at++;
        continue;
      }
      expect('}', "',' or '}'");
      return;
    }
  };

  const array = (): void => {
    at++;
    skipSpace();
    if (text.charAt(at) === ']') {
      at++;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text.charAt(at) === ',') {
        at++;
        continue;
      }
      expect(']', "',' or ']'");
      return;
    }
  };

  try {
    value();
    skipSpace();
    if (at < text.length) stop(`unexpected ${describe(at)} after the JSON value`);
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return error.problem;
    // Only a stack overflow on absurdly deep nesting can land here; report it at the start.
    return { position: 0, reason: 'pattern is nested too deeply' };
  }
}

/** Fallback if our scanner accepts what JSON.parse rejected (it should not): use the engine's own words. */
function fromEngineMessage(text: string, error: unknown): SyntaxProblem {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  return { position: position === undefined ? Math.max(0, text.length - 1) : Number(position), reason: message };
}
