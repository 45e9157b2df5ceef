import { describe, expect, it } from 'vitest';
import {
  codeBlock,
  escapeMrkdwn,
  inlineCode,
  safeMultiline,
  safeText,
  singleLine,
  userMention,
} from '../../../blocks/escape.js';

describe('escapeMrkdwn', () => {
  it('escapes &, < and > (ampersand first, so entities are not double-escaped wrongly)', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('neutralises mentions and forged links', () => {
    expect(escapeMrkdwn('<!channel>')).toBe('&lt;!channel&gt;');
    expect(escapeMrkdwn('<!here|here>')).toBe('&lt;!here|here&gt;');
    expect(escapeMrkdwn('<@U0ADMIN>')).toBe('&lt;@U0ADMIN&gt;');
    expect(escapeMrkdwn('<https://evil.example|click>')).toBe('&lt;https://evil.example|click&gt;');
    expect(escapeMrkdwn('<!subteam^S123>')).not.toMatch(/[<>]/);
  });

  it('leaves other text alone', () => {
    expect(escapeMrkdwn('arn:aws:iam::111122223333:user/alice')).toBe('arn:aws:iam::111122223333:user/alice');
  });
});

describe('singleLine / safeText', () => {
  it('turns line breaks and control characters into spaces so a value cannot forge extra lines', () => {
    expect(singleLine('alice\n*MFA:* Yes')).toBe('alice *MFA:* Yes');
    expect(singleLine('a\r\n\tb\u0000c\u2028d')).toBe('a b c d');
  });

  it('drops bidirectional overrides that would display text reversed', () => {
    expect(singleLine('admin\u202Egnp.exe')).toBe('admingnp.exe');
    expect(singleLine('\u2066x\u2069')).toBe('x');
  });

  it('safeText does both', () => {
    expect(safeText('<!channel>\nhi')).toBe('&lt;!channel&gt; hi');
  });

  it('safeMultiline keeps line breaks but escapes', () => {
    expect(safeMultiline('a\r\n<b>')).toBe('a\n&lt;b&gt;');
  });
});

describe('inlineCode', () => {
  it('wraps an escaped value in backticks', () => {
    expect(inlineCode('sg-0123 & <x>')).toBe('`sg-0123 &amp; &lt;x&gt;`');
  });

  it('replaces backticks so the value cannot close the code span', () => {
    const code = inlineCode('a`*bold*`b');
    expect(code.startsWith('`') && code.endsWith('`')).toBe(true);
    expect(code.slice(1, -1)).not.toContain('`');
  });

  it('shows an empty value as a dash', () => {
    expect(inlineCode('')).toBe('—');
    expect(inlineCode('  ')).toBe('—');
  });

  it('stays within max, closing the span and not cutting an entity', () => {
    const code = inlineCode('&'.repeat(1000), 50);
    expect(code.length).toBeLessThanOrEqual(50);
    expect(code.endsWith('`')).toBe(true);
    expect(code).toMatch(/^`(&amp;)+…`$/);
  });
});

describe('codeBlock', () => {
  it('keeps lines, escapes, and fences the text', () => {
    expect(codeBlock('line 1\n<!channel>', 3000)).toBe('```\nline 1\n&lt;!channel&gt;\n```');
  });

  it('cannot be closed early by a triple backtick in the text', () => {
    const block = codeBlock('before ``` <!here> ````` after', 3000);
    const inner = block.slice(4, -4);
    expect(inner).not.toContain('```');
    expect(block.startsWith('```\n') && block.endsWith('\n```')).toBe(true);
  });

  it('truncates to max including the fences', () => {
    const block = codeBlock('x'.repeat(10_000), 3000);
    expect(block.length).toBeLessThanOrEqual(3000);
    expect(block.endsWith('…\n```')).toBe(true);
  });
});

describe('userMention', () => {
  it('mentions well-formed Slack user ids', () => {
    expect(userMention('U0123ABCD')).toBe('<@U0123ABCD>');
    expect(userMention('W0123ABCD')).toBe('<@W0123ABCD>');
  });

  it('shows anything else as escaped code, never as a mention', () => {
    expect(userMention('!channel')).toBe('`!channel`');
    expect(userMention('U1> <!channel')).toBe('`U1&gt; &lt;!channel`');
  });
});
