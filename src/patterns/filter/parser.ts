import type { FilterNode } from './ast.js';
import { JSON_ONLY, syntaxError } from './error.js';
import { tokenize, type Token } from './lexer.js';
import { parseSelector } from './selector.js';
import { parseValue } from './value.js';

/** The `filterPattern` length limit of PutMetricFilter and PutSubscriptionFilter. */
export const MAX_PATTERN_LENGTH = 1024;

/**
 * Grammar (AWS: "() > && > ||"):
 *   pattern   := '{' or '}'
 *   or        := and ('||' and)*
 *   and       := primary ('&&' primary)*
 *   primary   := '(' or ')' | condition
 *   condition := selector (op value | IS (NULL | TRUE | FALSE) | NOT EXISTS)
 */
export function parseFilterPattern(text: string): FilterNode {
  if (text.length > MAX_PATTERN_LENGTH) {
    throw syntaxError(
      `pattern is ${text.length} characters long; CloudWatch Logs allows at most ${MAX_PATTERN_LENGTH}`,
      MAX_PATTERN_LENGTH,
    );
  }
  const start = text.search(/\S/);
  if (start === -1) throw syntaxError('empty pattern; expected a JSON filter pattern { ... }', 0);
  // Checked before tokenizing so other pattern forms get this reason rather than a confusing token error.
  const first = text.charAt(start);
  if (first !== '{') throw syntaxError(`${JSON_ONLY}; ${otherForm(first)}`, start);
  return new Parser(tokenize(text), text.length).pattern();
}

function otherForm(first: string): string {
  if (first === '[') return 'space-delimited patterns [ ... ] are not';
  if (first === '%') return 'regular expressions %...% are not';
  if (first === '?') return 'OR terms ?term are not';
  return 'plain term patterns are not';
}

class Parser {
  private index = 0;
  private readonly end: Token;

  constructor(
    private readonly tokens: readonly Token[],
    length: number,
  ) {
    this.end = { kind: 'end', position: length };
  }

  pattern(): FilterNode {
    this.expect('{', 'expected {');
    const tree = this.or('}');
    this.expect('}', 'expected && or || or }');
    this.expect('end', 'unexpected text after the closing }');
    return tree;
  }

  private or(closer: '}' | ')'): FilterNode {
    const children = [this.and(closer)];
    while (this.peek().kind === '||') {
      this.index += 1;
      children.push(this.and(closer));
    }
    return combine('or', children);
  }

  private and(closer: '}' | ')'): FilterNode {
    const children = [this.primary(closer)];
    while (this.peek().kind === '&&') {
      this.index += 1;
      children.push(this.primary(closer));
    }
    return combine('and', children);
  }

  private primary(closer: '}' | ')'): FilterNode {
    if (this.peek().kind === '(') {
      this.index += 1;
      const inner = this.or(')');
      this.expect(')', 'expected && or || or )');
      return inner;
    }
    const node = this.condition();
    const after = this.peek().kind;
    if (after !== '&&' && after !== '||' && after !== closer) {
      throw syntaxError(`expected && or || or ${closer}`, this.peek().position);
    }
    return node;
  }

  private condition(): FilterNode {
    const head = this.next();
    if (head.kind !== 'word') throw syntaxError('expected a selector starting with $.', head.position);
    const selector = parseSelector(head.text, head.position);
    const verb = this.next();
    if (verb.kind === 'op') {
      const value = this.next();
      if (value.kind !== 'word' && value.kind !== 'quoted') {
        throw syntaxError(`expected a value after ${verb.op}`, value.position);
      }
      return { kind: 'compare', selector, op: verb.op, value: parseValue(value, verb.op) };
    }
    if (verb.kind === 'word' && verb.text === 'IS') {
      const what = this.next();
      const word = what.kind === 'word' ? what.text : '';
      if (word === 'NULL') return { kind: 'isNull', selector };
      if (word === 'TRUE') return { kind: 'isTrue', selector };
      if (word === 'FALSE') return { kind: 'isFalse', selector };
      throw syntaxError('expected NULL, TRUE or FALSE after IS', what.position);
    }
    if (verb.kind === 'word' && verb.text === 'NOT') {
      const what = this.next();
      if (what.kind === 'word' && what.text === 'EXISTS') return { kind: 'notExists', selector };
      throw syntaxError('expected EXISTS after NOT', what.position);
    }
    throw syntaxError('expected an operator (= != < > <= >=), IS or NOT EXISTS after the selector', verb.position);
  }

  private expect(kind: Token['kind'], reason: string): void {
    const token = this.next();
    if (token.kind !== kind) throw syntaxError(reason, token.position);
  }

  private peek(): Token {
    return this.tokens[this.index] ?? this.end;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }
}

function combine(kind: 'or' | 'and', children: FilterNode[]): FilterNode {
  const [only] = children;
  if (children.length === 1 && only !== undefined) return only;
  const flat: FilterNode[] = [];
  for (const child of children) {
    if (child.kind === kind) flat.push(...child.children);
    else flat.push(child);
  }
  return { kind, children: flat };
}
