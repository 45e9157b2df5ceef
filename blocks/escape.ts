/**
 * Making untrusted text safe inside Slack mrkdwn.
 *
 * Most of what an alert shows comes from CloudTrail, and CloudTrail values are chosen by whoever made the call: a role
 * session name, a user agent, a bucket name can be `<!channel>`, `<https://evil.example|Approve>` or
 * `<@U0ADMIN>`. Slack reads `<...>` as mentions and links, so `&`, `<` and `>` are escaped (Slack's own rule:
 * https://docs.slack.dev/messaging/formatting-message-text#escaping). Mrkdwn text objects are also built with
 * `verbatim: true` (blocks/elements.ts) so Slack does not auto-link bare `@here`, `#channel` or URLs either.
 * Single-line values also lose control and bidirectional-override characters: a newline in a session name could
 * otherwise forge a line such as "*MFA:* Yes", and U+202E could display a name reversed.
 */
import { truncateMrkdwn } from './limits.js';

/** Escapes the three characters Slack gives meaning to in mrkdwn and in the `text` fallback. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * C0/C1 controls, line and paragraph separators, and the Unicode bidi controls (embeddings, overrides, isolates,
 * marks) that reorder how text displays.
 */
// eslint-disable-next-line no-control-regex
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line of text: control characters become a space, bidi controls are dropped. */
export function singleLine(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(LINE_BREAKING, ' ');
}

/** Untrusted text for running mrkdwn: one line, escaped. */
export function safeText(text: string): string {
  return escapeMrkdwn(singleLine(text));
}

/** Untrusted text that may keep its line breaks (a reason typed in a modal): escaped, bidi controls dropped. */
export function safeMultiline(text: string): string {
  return escapeMrkdwn(text.replace(BIDI_CONTROLS, '').replace(/\r\n?/g, '\n'));
}

/** What an empty or missing value shows as. */
export const NONE = '—';

/**
 * An identifier shown as inline code (`value`): one line, escaped, and with backticks replaced by a look-alike
 * (U+02CB) so the value cannot close the code span and format what follows. At most `max` characters including
 * the backticks; an empty value shows as "—".
 */
export function inlineCode(value: string, max = 500): string {
  const text = safeText(value).replace(/`/g, '\u02cb');
  if (text.trim() === '') return NONE;
  return `\`${truncateMrkdwn(text, Math.max(2, max - 2))}\``;
}

/**
 * A preformatted block (```...```) for text received as is (a plain notification). Line breaks are kept; a run of
 * three backticks is broken with a zero-width space so the text cannot end the block early. At most `max`
 * characters including the fences.
 */
export function codeBlock(text: string, max: number): string {
  const fence = '```';
  let body = safeMultiline(text);
  while (body.includes(fence)) body = body.replace(/```/g, '``\u200b`');
  if (body.trim() === '') body = NONE;
  const room = max - fence.length * 2 - 2;
  return `${fence}\n${truncateMrkdwn(body, Math.max(2, room))}\n${fence}`;
}

/** Slack user and enterprise-user ids: U… / W…. */
const USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/**
 * A mention of the Slack user who acted (acknowledged, silenced, reverted). Only a well-formed user id becomes
 * `<@U…>`; anything else is shown as code, so a malformed or hostile value cannot turn into `<!channel>`.
 */
export function userMention(userId: string): string {
  return USER_ID.test(userId) ? `<@${userId}>` : inlineCode(userId, 100);
}
