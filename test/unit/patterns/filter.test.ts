import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PatternSyntaxError } from '../../../src/errors.js';
import {
  checkFilterPattern,
  compileFilterPattern,
  MAX_PATTERN_LENGTH,
  type FilterNode,
} from '../../../src/patterns/filter/index.js';

interface MatchCase {
  rule: string;
  name: string;
  pattern: string;
  event: unknown;
  match: boolean;
}
interface ErrorCase {
  name: string;
  pattern: string;
  position: number;
  reasonIncludes: string;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/patterns/filter-cases.json', import.meta.url), 'utf8'),
) as { cases: MatchCase[]; errors: ErrorCase[] };

function syntaxErrorOf(text: unknown): PatternSyntaxError {
  try {
    compileFilterPattern(text as string);
  } catch (error) {
    if (error instanceof PatternSyntaxError) return error;
    throw error;
  }
  throw new Error(`pattern compiled but should not have: ${String(text)}`);
}

describe('filter pattern case file', () => {
  it('has unique names and well-formed entries', () => {
    const names = [...fixture.cases, ...fixture.errors].map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of fixture.cases) {
      expect(typeof c.rule, c.name).toBe('string');
      expect(typeof c.pattern, c.name).toBe('string');
      expect(typeof c.match, c.name).toBe('boolean');
      expect('event' in c, c.name).toBe(true);
    }
    for (const e of fixture.errors) {
      expect(Number.isInteger(e.position), e.name).toBe(true);
      expect(e.reasonIncludes.length, e.name).toBeGreaterThan(0);
    }
  });

  it('covers every rule with both a matching and a non-matching case', () => {
    const outcomes = new Map<string, Set<boolean>>();
    for (const c of fixture.cases) outcomes.set(c.rule, (outcomes.get(c.rule) ?? new Set()).add(c.match));
    const oneSided = [...outcomes].filter(([, seen]) => seen.size < 2).map(([rule]) => rule);
    expect(oneSided).toEqual([]);
  });
});

describe('compileFilterPattern: matching', () => {
  it.each(fixture.cases)('$rule: $name', ({ pattern, event, match }) => {
    const compiled = compileFilterPattern(pattern);
    expect(compiled.matches(event)).toBe(match);
    // Compiled patterns are reused across events: a second call must give the same answer.
    expect(compiled.matches(event)).toBe(match);
  });

  it('keeps the source text as given', () => {
    const text = '  { $.eventName = StopLogging }\n';
    expect(compileFilterPattern(text).source).toBe(text);
  });

  it('never throws and always answers a boolean, for any JSON value', () => {
    const odd: unknown[] = [
      null,
      0,
      -1,
      '',
      'x',
      true,
      false,
      [],
      [null],
      [[[]]],
      {},
      { eventName: null },
      { eventName: [] },
      { eventName: {} },
      { userIdentity: 'Root' },
      { userIdentity: [{ type: 'Root' }] },
      { requestParameters: { ipPermissions: { items: {} } } },
      { requestParameters: { ipPermissions: { items: [null, 1, 'x'] } } },
      { resources: [[], {}, null] },
      { coordinates: 'ab' },
      JSON.parse('{"__proto__": {"eventName": "StopLogging"}}'),
      Object.create(null) as unknown,
    ];
    const patterns = [...new Set(fixture.cases.map((c) => c.pattern))].map((p) => compileFilterPattern(p));
    for (const pattern of patterns) {
      for (const event of odd) expect(typeof pattern.matches(event), pattern.source).toBe('boolean');
    }
  });

  it('does not treat a parsed "__proto__" key as the prototype', () => {
    const event: unknown = JSON.parse('{"__proto__": {"eventName": "StopLogging"}}');
    expect(compileFilterPattern('{ $.eventName = StopLogging }').matches(event)).toBe(false);
    expect(compileFilterPattern('{ $.__proto__.eventName = StopLogging }').matches(event)).toBe(true);
  });
});

describe('compileFilterPattern: the tree', () => {
  const compare = (path: (string | number)[], text: string): unknown =>
    expect.objectContaining({
      kind: 'compare',
      selector: expect.objectContaining({ path }),
      op: '=',
      value: expect.objectContaining({ text }),
    });

  it('gives && precedence over || (a || b && c is a || (b && c))', () => {
    const { tree } = compileFilterPattern('{ $.a = 1 || $.b = 2 && $.c = 3 }');
    expect(tree).toEqual({
      kind: 'or',
      children: [compare(['a'], '1'), { kind: 'and', children: [compare(['b'], '2'), compare(['c'], '3')] }],
    });
  });

  it('lets parentheses override precedence and flattens same-kind groups', () => {
    expect(compileFilterPattern('{ ($.a = 1 || $.b = 2) && $.c = 3 }').tree).toEqual({
      kind: 'and',
      children: [{ kind: 'or', children: [compare(['a'], '1'), compare(['b'], '2')] }, compare(['c'], '3')],
    });
    const flat = compileFilterPattern('{ $.a = 1 || ($.b = 2 || ($.c = 3)) }').tree;
    expect(flat.kind).toBe('or');
    expect(flat.kind === 'or' && flat.children.length).toBe(3);
  });

  it('compiles selectors into key and index steps', () => {
    const { tree } = compileFilterPattern('{ $.a[0].b-c[12][3].$d.@e IS NULL }');
    expect(tree).toEqual({
      kind: 'isNull',
      selector: { text: '$.a[0].b-c[12][3].$d.@e', path: ['a', 0, 'b-c', 12, 3, '$d', '@e'] },
    });
  });

  it('classifies values: numbers, strings and wildcards', () => {
    const valueOf = (text: string): unknown => {
      const tree: FilterNode = compileFilterPattern(`{ $.x = ${text} }`).tree;
      return tree.kind === 'compare' ? tree.value : undefined;
    };
    expect(valueOf('-1.5e3')).toEqual({ kind: 'number', number: -1500, text: '-1.5e3' });
    expect(valueOf('+7')).toEqual({ kind: 'number', number: 7, text: '+7' });
    expect(valueOf('"7"')).toEqual({ kind: 'string', text: '7', quoted: true, match: 'exact', needle: '7' });
    expect(valueOf('abc')).toEqual({ kind: 'string', text: 'abc', quoted: false, match: 'exact', needle: 'abc' });
    expect(valueOf('abc*')).toMatchObject({ match: 'startsWith', needle: 'abc' });
    expect(valueOf('*abc')).toMatchObject({ match: 'endsWith', needle: 'abc' });
    expect(valueOf('"*abc*"')).toMatchObject({ match: 'includes', needle: 'abc' });
    expect(valueOf('*')).toMatchObject({ match: 'any', needle: '' });
    expect(valueOf('a*c')).toMatchObject({ match: 'exact', needle: 'a*c' });
    expect(valueOf('10.0.*')).toMatchObject({ kind: 'string', match: 'startsWith', needle: '10.0.' });
  });

  it('keeps the operator and the keyword forms', () => {
    for (const op of ['=', '!=', '<', '>', '<=', '>='] as const) {
      expect(compileFilterPattern(`{ $.n ${op} 1 }`).tree).toMatchObject({ kind: 'compare', op });
    }
    expect(compileFilterPattern('{ $.f IS TRUE }').tree).toMatchObject({ kind: 'isTrue' });
    expect(compileFilterPattern('{ $.f IS FALSE }').tree).toMatchObject({ kind: 'isFalse' });
    expect(compileFilterPattern('{ $.f NOT EXISTS }').tree).toMatchObject({ kind: 'notExists' });
  });
});

describe('compileFilterPattern: errors', () => {
  it.each(fixture.errors)('$name', ({ pattern, position, reasonIncludes }) => {
    const error = syntaxErrorOf(pattern);
    expect(error.code).toBe('PATTERN_SYNTAX');
    expect(error.language).toBe('filter');
    expect(error.reason).toContain(reasonIncludes);
    expect(error.position).toBe(position);
    expect(error.message).toContain(`at position ${position + 1}`);
  });

  it(`accepts a pattern of exactly ${MAX_PATTERN_LENGTH} characters`, () => {
    const text = padTo('{ $.eventName = StopLogging || $.eventName = X }', MAX_PATTERN_LENGTH);
    expect(text).toHaveLength(1024);
    expect(compileFilterPattern(text).matches({ eventName: 'StopLogging' })).toBe(true);
  });

  it(`rejects a pattern over ${MAX_PATTERN_LENGTH} characters`, () => {
    const text = padTo('{ $.eventName = StopLogging }', MAX_PATTERN_LENGTH + 1);
    const error = syntaxErrorOf(text);
    expect(error.reason).toContain('1024');
    expect(error.position).toBe(1024);
  });

  it('rejects a long but otherwise valid chain of conditions', () => {
    const conditions = Array.from({ length: 60 }, (_, i) => `$.eventName = Event${i}`);
    const text = `{ ${conditions.join(' || ')} }`;
    expect(text.length).toBeGreaterThan(1024);
    expect(syntaxErrorOf(text).position).toBe(1024);
  });

  it('rejects a value that is not a string', () => {
    expect(syntaxErrorOf(undefined).reason).toContain('must be a string');
    expect(syntaxErrorOf({ eventName: 'x' }).reason).toContain('must be a string');
  });
});

describe('checkFilterPattern', () => {
  it('is ok for every pattern of the case file', () => {
    for (const c of fixture.cases) expect(checkFilterPattern(c.pattern), c.pattern).toEqual({ ok: true });
  });

  it.each(fixture.errors)('reports without throwing: $name', ({ pattern, position }) => {
    const result = checkFilterPattern(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(PatternSyntaxError);
      expect(result.error.position).toBe(position);
    }
  });

  it('does not throw for non-string input', () => {
    const result = checkFilterPattern(null as unknown as string);
    expect(result.ok).toBe(false);
  });
});

/** Pads a pattern with spaces inside the closing brace to an exact length. */
function padTo(pattern: string, length: number): string {
  const body = pattern.slice(0, -1);
  return `${body}${' '.repeat(length - pattern.length)}}`;
}
