import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PatternSyntaxError } from '../../../src/errors.js';
import type { LeafPattern, ObjectPattern, ValueMatcher } from '../../../src/patterns/event/index.js';
import { checkEventPattern, compileEventPattern } from '../../../src/patterns/event/index.js';

interface MatchCase {
  readonly name: string;
  readonly pattern: object;
  readonly event: unknown;
  readonly match: boolean;
  readonly note?: string;
}

interface ErrorCase {
  readonly name: string;
  readonly pattern: object | string;
  readonly reasonIncludes: string;
  readonly path?: string;
  readonly position?: number;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/patterns/event-cases.json', import.meta.url), 'utf8'),
) as { cases: MatchCase[]; errors: ErrorCase[] };

function compileError(pattern: object | string): PatternSyntaxError {
  try {
    compileEventPattern(pattern);
  } catch (error) {
    if (error instanceof PatternSyntaxError) return error;
    throw error;
  }
  throw new Error('pattern compiled, expected a PatternSyntaxError');
}

function leaves(node: ObjectPattern): LeafPattern[] {
  return [
    ...node.fields.flatMap((field) => (field.pattern.kind === 'leaf' ? [field.pattern] : leaves(field.pattern))),
    ...(node.or ?? []).flatMap(leaves),
  ];
}

/** Operator names used by a pattern, with `anything-but` refined by what it excludes. */
function operatorsOf(pattern: object): Set<string> {
  const kinds = new Set<string>();
  const name = (matcher: ValueMatcher): string => {
    if (matcher.kind === 'anything-but') return matcher.of === 'values' ? 'anything-but' : `anything-but ${matcher.of}`;
    const affix = matcher.kind === 'prefix' || matcher.kind === 'suffix';
    if (affix && matcher.ignoreCase) return `${matcher.kind} ignore-case`;
    if (matcher.kind === 'exists') return `exists ${matcher.value}`;
    return matcher.kind;
  };
  const tree = compileEventPattern(pattern).tree;
  for (const leaf of leaves(tree)) for (const matcher of leaf.matchers) kinds.add(name(matcher));
  if (JSON.stringify(pattern).includes('"$or"')) kinds.add('$or');
  return kinds;
}

describe('event pattern cases (test/fixtures/patterns/event-cases.json)', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Prepare
    const fromObject = compileEventPattern(c.pattern);
    const fromText = compileEventPattern(JSON.stringify(c.pattern, null, 2));

    // Act + Assess: both input forms agree with the expected outcome
    expect(fromObject.matches(c.event)).toBe(c.match);
    expect(fromText.matches(c.event)).toBe(c.match);
  });

  it('covers every operator and rule with both outcomes', () => {
    const outcomes = new Map<string, Set<boolean>>();
    for (const c of fixture.cases) {
      for (const kind of operatorsOf(c.pattern)) {
        const seen = outcomes.get(kind) ?? new Set<boolean>();
        seen.add(c.match);
        outcomes.set(kind, seen);
      }
    }
    const expected = [
      'exact',
      'prefix',
      'prefix ignore-case',
      'suffix',
      'suffix ignore-case',
      'equals-ignore-case',
      'wildcard',
      'anything-but',
      'anything-but prefix',
      'anything-but suffix',
      'anything-but equals-ignore-case',
      'anything-but wildcard',
      'numeric',
      'exists true',
      'exists false',
      'cidr',
      '$or',
    ];
    for (const kind of expected) {
      expect([kind, [...(outcomes.get(kind) ?? [])].sort()]).toEqual([kind, [false, true]]);
    }
  });

  it('has unique case names', () => {
    const names = [...fixture.cases, ...fixture.errors].map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('event pattern errors (test/fixtures/patterns/event-cases.json)', () => {
  it.each(fixture.errors.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Act
    const error = compileError(c.pattern);
    const check = checkEventPattern(c.pattern);

    // Assess
    expect(error.code).toBe('PATTERN_SYNTAX');
    expect(error.language).toBe('event');
    expect(error.reason).toContain(c.reasonIncludes);
    expect({ path: error.path, position: error.position }).toEqual({ path: c.path, position: c.position });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error.message).toBe(error.message);
  });

  it('reports object-pattern errors the same way for the pattern as JSON text', () => {
    for (const c of fixture.errors) {
      if (typeof c.pattern === 'string') continue;
      const error = compileError(JSON.stringify(c.pattern));
      expect([c.name, error.reason, error.path]).toEqual([c.name, compileError(c.pattern).reason, c.path]);
    }
  });
});

describe('compileEventPattern', () => {
  it('keeps the canonical JSON text as source', () => {
    const text = '{ "source" : [ "aws.ec2" ],\n  "detail": { "eventName": [ { "prefix": "Run" } ] } }';
    const compiled = compileEventPattern(text);

    expect(compiled.source).toBe('{"source":["aws.ec2"],"detail":{"eventName":[{"prefix":"Run"}]}}');
    expect(compileEventPattern({ source: ['aws.ec2'] }).source).toBe('{"source":["aws.ec2"]}');
  });

  it('compiles its own source to the same tree', () => {
    const compiled = compileEventPattern({ detail: { $or: [{ a: [1] }, { b: [{ numeric: ['>', 0, '<=', 5] }] }] } });

    expect(compileEventPattern(compiled.source).tree).toEqual(compiled.tree);
  });

  it('builds a tagged tree', () => {
    const { tree } = compileEventPattern({
      source: ['aws.ec2', 5],
      detail: { port: [{ numeric: ['>=', 22, '<', 23] }], name: [{ 'anything-but': { prefix: ['Get', 'List'] } }] },
      $or: [{ a: [{ exists: false }] }, { b: [{ cidr: '10.0.0.0/8' }] }],
    });

    expect(tree).toEqual({
      kind: 'object',
      fields: [
        {
          key: 'source',
          pattern: { kind: 'leaf', matchers: [{ kind: 'exact', value: 'aws.ec2' }, { kind: 'exact', value: 5 }] },
        },
        {
          key: 'detail',
          pattern: {
            kind: 'object',
            fields: [
              {
                key: 'port',
                pattern: {
                  kind: 'leaf',
                  matchers: [
                    { kind: 'numeric', lower: { value: 22, inclusive: true }, upper: { value: 23, inclusive: false } },
                  ],
                },
              },
              {
                key: 'name',
                pattern: { kind: 'leaf', matchers: [{ kind: 'anything-but', of: 'prefix', values: ['Get', 'List'] }] },
              },
            ],
            or: null,
          },
        },
      ],
      or: [
        {
          kind: 'object',
          fields: [{ key: 'a', pattern: { kind: 'leaf', matchers: [{ kind: 'exists', value: false }] } }],
          or: null,
        },
        {
          kind: 'object',
          fields: [{ key: 'b', pattern: { kind: 'leaf', matchers: [{ kind: 'cidr', value: '10.0.0.0/8' }] } }],
          or: null,
        },
      ],
    });
  });

  it('reads numbers in the pattern text by value', () => {
    const compiled = compileEventPattern('{"x": [3.0e2], "y": [{"numeric": ["=", 3.018e2]}]}');

    expect(compiled.matches({ x: 300, y: 301.8 })).toBe(true);
    expect(compiled.matches({ x: '300', y: 301.8 })).toBe(false);
  });

  it('accepts a pattern of exactly 2048 characters', () => {
    const padding = 'x'.repeat(2048 - '{"a":[""]}'.length);
    const text = `{"a":["${padding}"]}`;

    expect(text).toHaveLength(2048);
    expect(compileEventPattern(text).matches({ a: padding })).toBe(true);
    expect(compileError(`{"a":["${padding}x"]}`).path).toBe('$');
  });

  it('rejects objects that are not JSON', () => {
    const cyclic: Record<string, unknown> = { a: ['x'] };
    cyclic.self = cyclic;

    expect(compileError(cyclic).reason).toContain('pattern is not JSON');
    expect(compileError({ a: [Number.NaN] }).path).toBe('a[0]');
    expect(compileError({ a: [undefined] }).path).toBe('a[0]');
    expect(compileError({ a: new Date(0) }).reason).toContain('"a" must be an object or an array');
    expect(compileError({ a: [{ exists: true }], b: undefined }).path).toBe('b');
  });
});

describe('checkEventPattern', () => {
  it('accepts a valid pattern', () => {
    expect(checkEventPattern('{"source": ["aws.ec2"]}')).toEqual({ ok: true });
    expect(checkEventPattern({ detail: { eventName: [{ wildcard: 'Create*' }] } })).toEqual({ ok: true });
  });

  it('returns the error instead of throwing', () => {
    const check = checkEventPattern('{"source": aws.ec2}');

    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.error).toBeInstanceOf(PatternSyntaxError);
      expect(check.error.position).toBe(11);
      expect(check.error.message).toBe(
        'invalid event pattern at position 12: unexpected character "a", expected a JSON value',
      );
    }
  });
});

describe('matches', () => {
  const patterns = fixture.cases.map((c) => compileEventPattern(c.pattern));
  let deep: unknown = 'x';
  for (let i = 0; i < 20_000; i++) deep = [deep];
  const odd: unknown[] = [
    null,
    0,
    -0,
    1e308,
    '',
    'aws.ec2',
    true,
    false,
    [],
    [{}],
    [EC2()],
    {},
    { detail: null },
    { detail: [] },
    { detail: [[[]]] },
    { detail: deep },
    { resources: deep, detail: { state: deep } },
    { source: { prefix: 'aws' } },
    Object.create(null) as unknown,
  ];

  it('never throws and only objects can match', () => {
    for (const compiled of patterns) {
      for (const event of odd) {
        const result = compiled.matches(event);
        expect(typeof result).toBe('boolean');
        if (event === null || typeof event !== 'object' || Array.isArray(event)) expect(result).toBe(false);
      }
    }
  });

  it('matches an absent-only pattern against an empty object', () => {
    expect(compileEventPattern({ a: [{ exists: false }] }).matches({})).toBe(true);
    expect(compileEventPattern({ a: [{ exists: false }] }).matches([])).toBe(false);
  });

  it('is reusable: many events against one compiled pattern', () => {
    const compiled = compileEventPattern({
      detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }], state: [{ 'equals-ignore-case': 'RUNNING' }] },
    });
    const results = ['10.0.0.1', 'fe80::1', '10.0.0.255', '10.0.1.0', 'not-an-ip', '10.0.0.9'].map((ip) =>
      compiled.matches(EC2({ 'source-ip': ip })),
    );

    expect(results).toEqual([true, false, true, false, false, true]);
  });
});

function EC2(detail: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    source: 'aws.ec2',
    'detail-type': 'EC2 Instance State-change Notification',
    detail: { state: 'running', 'source-ip': '10.0.0.33', ...detail },
  };
}
