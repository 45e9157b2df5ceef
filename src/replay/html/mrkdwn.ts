/**
 * Slack mrkdwn as HTML, the way Slack displays it: ```preformatted```, `code`, *bold*, _italic_, ~strike~,
 * `<url|label>` links, `<@U…>` mentions, `<!here>`, :emoji:, line breaks. The text arrives with Slack's own escapes
 * (`&amp;`, `&lt;`, `&gt;`: untrusted values were escaped by blocks/escape.ts), so a raw `<` only ever opens one of
 * Slack's constructs; everything shown is HTML-escaped again here, so no value can become markup in the page.
 */
import { emojiFor } from './emoji.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Slack's three escapes back to characters. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function mrkdwnToHtml(text: string): string {
  return splitOn(text, /```([\s\S]*?)```/g, (code) => `<pre>${escapeHtml(unescapeSlack(code.replace(/^\n|\n$/g, '')))}</pre>`, inlineCode);
}

function inlineCode(text: string): string {
  return splitOn(text, /`([^`\n]+)`/g, (code) => `<code>${escapeHtml(unescapeSlack(code))}</code>`, links);
}

function links(text: string): string {
  return splitOn(text, /<([^<>\n]+)>/g, slackConstruct, formatted);
}

/** `<@U123>`, `<#C123|name>`, `<!here>`, `<!subteam^S1|@team>`, `<https://…|label>`. */
function slackConstruct(body: string): string {
  const [target = '', label] = splitLabel(body);
  if (target.startsWith('@')) return `<span class="mention">@${escapeHtml(unescapeSlack(label ?? target.slice(1)))}</span>`;
  if (target.startsWith('#')) return `<span class="mention">#${escapeHtml(unescapeSlack(label ?? target.slice(1)))}</span>`;
  if (target.startsWith('!')) {
    const special = target.slice(1).split('^')[0]!;
    const shown = label ?? (['here', 'channel', 'everyone'].includes(special) ? `@${special}` : special);
    return `<span class="mention">${escapeHtml(unescapeSlack(shown))}</span>`;
  }
  const url = unescapeSlack(target);
  const shown = escapeHtml(unescapeSlack(label ?? target));
  // Only web and mail links become links; anything else (javascript:, file:) is shown as text.
  if (!/^(https?:|mailto:)/i.test(url)) return shown;
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank">${shown}</a>`;
}

function splitLabel(body: string): [string, string | undefined] {
  const bar = body.indexOf('|');
  return bar < 0 ? [body, undefined] : [body.slice(0, bar), body.slice(bar + 1)];
}

/** Bold, italic and strike need their markers against a word on the inside and a boundary on the outside. */
const STYLES: readonly [RegExp, string][] = [
  [/(^|[^\p{L}\p{N}*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])/gu, 'b'],
  [/(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, 'i'],
  [/(^|[^\p{L}\p{N}~])~(?=\S)([^~\n]*?\S)~(?![\p{L}\p{N}~])/gu, 's'],
];

function formatted(text: string): string {
  let html = escapeHtml(unescapeSlack(text));
  for (const [pattern, tag] of STYLES) html = html.replace(pattern, `$1<${tag}>$2</${tag}>`);
  html = emojiInHtml(html);
  return html.replace(/\n/g, '<br>');
}

/** `:name:` to the emoji, where Slack knows the name (unknown names stay as typed, as in Slack). */
export function emojiInHtml(html: string): string {
  return html.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => {
    const emoji = emojiFor(name);
    return emoji === undefined ? whole : `<span class="emoji" title=":${name}:">${emoji}</span>`;
  });
}

/** Applies `inside` to what `pattern` captures and `outside` to the text between matches. */
function splitOn(text: string, pattern: RegExp, inside: (captured: string) => string, outside: (text: string) => string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    html += outside(text.slice(last, match.index)) + inside(match[1]!);
    last = match.index + match[0].length;
  }
  return html + outside(text.slice(last));
}
