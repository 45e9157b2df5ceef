import { describe, expect, it } from 'vitest';
import { joinLinesWithin, truncate, truncateMrkdwn } from '../../../blocks/limits.js';
import { assertWithinSlackLimits, slackLimitViolations } from '../../helpers/slack-limits.js';

describe('truncate', () => {
  it('returns short text unchanged', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });

  it('cuts to max characters ending in an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 4)).toHaveLength(4);
  });

  it('never leaves half a surrogate pair', () => {
    const cut = truncate('ab😀cd', 4);
    expect(cut).toBe('ab…');
    expect(cut.length).toBeLessThanOrEqual(4);
  });

  it('rejects a max below 1', () => {
    expect(() => truncate('abc', 0)).toThrow(RangeError);
  });
});

describe('truncateMrkdwn', () => {
  it('does not cut inside an entity', () => {
    const cut = truncateMrkdwn('ab &amp; cd', 7);
    expect(cut).toBe('ab …');
  });

  it('does not cut inside a <...> token', () => {
    const cut = truncateMrkdwn('by <@U0123ABCD> today', 12);
    expect(cut).toBe('by …');
  });

  it('closes a code span it cut through', () => {
    const cut = truncateMrkdwn('`abcdefghij`', 8);
    expect(cut.length).toBeLessThanOrEqual(8);
    expect(cut).toBe('`abcde…`');
  });
});

describe('joinLinesWithin', () => {
  const more = (n: number): string => `…and ${n} more`;

  it('keeps every line that fits', () => {
    expect(joinLinesWithin(['a', 'b'], 100, more)).toBe('a\nb');
  });

  it('ends with a count of the lines left out, staying within max', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${'x'.repeat(50)}`);
    const text = joinLinesWithin(lines, 500, more);
    expect(text.length).toBeLessThanOrEqual(500);
    const kept = text.split('\n');
    const last = kept.at(-1) ?? '';
    expect(last).toMatch(/^…and \d+ more$/);
    expect(kept.length - 1 + Number(/\d+/.exec(last)?.[0])).toBe(100);
  });

  it('counts items the caller already dropped', () => {
    expect(joinLinesWithin(['a', 'b'], 100, more, 5)).toBe('a\nb\n…and 5 more');
  });

  it('truncates a single line longer than max', () => {
    const text = joinLinesWithin(['y'.repeat(5000), 'z'], 100, more);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text.endsWith('…and 1 more')).toBe(true);
  });
});

describe('assertWithinSlackLimits (the test helper itself)', () => {
  const ok = { text: 'fallback', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hello' } }] };

  it('accepts a valid message', () => {
    expect(slackLimitViolations(ok)).toEqual([]);
    assertWithinSlackLimits(ok);
  });

  it('reports each kind of violation', () => {
    const section = (text: string): object => ({ type: 'section', text: { type: 'mrkdwn', text } });
    const bad = {
      text: '',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
        section('s'.repeat(3001)),
        { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f'.repeat(2001) })) },
        { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
        {
          type: 'actions',
          block_id: 'b'.repeat(256),
          elements: [
            {
              type: 'button',
              action_id: 'a',
              text: { type: 'plain_text', text: 'l'.repeat(76) },
              value: 'v'.repeat(2001),
              confirm: {
                title: { type: 'plain_text', text: 't'.repeat(101) },
                text: { type: 'plain_text', text: 'x'.repeat(301) },
                confirm: { type: 'plain_text', text: 'c'.repeat(31) },
                deny: { type: 'plain_text', text: 'd' },
              },
            },
            { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'dup' } },
            {
              type: 'static_select',
              action_id: 'x'.repeat(256),
              options: [{ text: { type: 'plain_text', text: 'o'.repeat(76) }, value: 'v'.repeat(76) }],
            },
          ],
        },
        section(''),
        { type: 'image' },
      ],
    };
    const problems = slackLimitViolations(bad).join('\n');
    for (const expected of [
      'text: fallback text is empty',
      'blocks[0].text: 151 > 150',
      'blocks[1].text: 3001 > 3000',
      'blocks[2].fields: 11 > 10 fields',
      'blocks[2].fields[0]: 2001 > 2000',
      'blocks[3].elements: 11 > 10 elements',
      'blocks[4].block_id: 256 > 255',
      'blocks[4].elements[0].text: 76 > 75',
      'blocks[4].elements[0].value: 2001 > 2000',
      'blocks[4].elements[0].confirm.title: 101 > 100',
      'blocks[4].elements[0].confirm.text: 301 > 300',
      'blocks[4].elements[0].confirm.confirm: 31 > 30',
      'duplicate action_id a',
      'blocks[4].elements[2].action_id: 256 > 255',
      'blocks[4].elements[2].options[0].text: 76 > 75',
      'blocks[4].elements[2].options[0].value: 76 > 75',
      'blocks[5].text: empty text',
      'block type image is not checked',
    ]) {
      expect(problems).toContain(expected);
    }
  });

  it('reports more than 50 blocks', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(slackLimitViolations({ text: 'x', blocks })).toContain('blocks: 51 > 50 blocks');
  });
});
