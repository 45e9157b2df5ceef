/**
 * The arguments of `/secmon suppress <monitor> [account=] [principal=] [ip=] [user-agent=] [resource=] for <duration>
 * <reason>` → a rule to write, or a short answer naming the part that is wrong. A value with spaces (a user agent)
 * is quoted: `user-agent="aws-cli/2 Python"` (Slack's curly quotes too).
 */
import {
  MATCHER_KEYS,
  matcherProblem,
  MAX_SUPPRESSION_REASON_LENGTH,
  MAX_SUPPRESSION_SECONDS,
  MIN_SUPPRESSION_SECONDS,
  type MatcherKey,
} from '../../alerts/suppression-input.js';
import type { SuppressionMatchers } from '../../store/suppressions/suppressions.js';
import { closestNames } from '../../text/closest.js';

export const SUPPRESS_USAGE = '<monitor> [account=…] [principal=…] [ip=…] [user-agent=…] [resource=…] for <30m|2h|1d> <reason>';

export interface SuppressArgs {
  readonly matchers: SuppressionMatchers;
  readonly seconds: number;
  /** The duration as typed (`2h`), for replies. */
  readonly duration: string;
  readonly reason: string;
}

/** One word of the text, with where it ends (the reason is the text after the duration, as typed). */
interface Token {
  readonly text: string;
  readonly end: number;
}

/**
 * Parses what follows the monitor (`rest`, the command's text after `suppress <monitor>`). `parseDuration` is the
 * command parser's (one reading of durations for silences and suppressions); `clip` shows user text in an answer.
 */
export function parseSuppressArgs(
  rest: string,
  parseDuration: (text: string) => number | undefined,
  clip: (text: string) => string,
): SuppressArgs | { readonly message: string } {
  const tokens = tokenize(rest);
  if ('message' in tokens) return tokens;
  const matchers: Record<string, string> = {};
  let i = 0;
  for (; i < tokens.length && tokens[i]!.text.toLowerCase() !== 'for'; i++) {
    const word = tokens[i]!.text;
    const equals = word.indexOf('=');
    if (equals <= 0) return { message: `\`${clip(word)}\` is not a matcher: write \`key=value\` (${keyList()}), then \`for <duration> <reason>\`.` };
    const key = word.slice(0, equals).toLowerCase();
    const value = unquote(word.slice(equals + 1));
    if (!isMatcherKey(key)) {
      const near = closestNames(key, Object.keys(MATCHER_KEYS));
      return { message: `\`${clip(key)}\` is not a matcher${near.length > 0 ? `; did you mean \`${near[0]}\`?` : '.'} Matchers: ${keyList()}.` };
    }
    const field = MATCHER_KEYS[key];
    if (matchers[field] !== undefined) return { message: `\`${key}\` is given twice: a rule matches one value per key.` };
    const problem = matcherProblem(field, value);
    if (problem !== undefined) return { message: `\`${clip(word)}\`: ${problem}.` };
    matchers[field] = value;
  }
  const duration = tokens[i + 1];
  if (i >= tokens.length || duration === undefined) return { message: `Say for how long: \`… for <30m|2h|1d> <reason>\`. Usage: \`/secmon suppress ${SUPPRESS_USAGE}\`` };
  const seconds = parseDuration(duration.text);
  if (seconds === undefined) return { message: `\`${clip(duration.text)}\` is not a duration: use minutes, hours or days, such as 30m, 2h, 1d.` };
  if (seconds < MIN_SUPPRESSION_SECONDS || seconds > MAX_SUPPRESSION_SECONDS) return { message: 'A suppression lasts from 1 minute to 30 days.' };
  const reason = rest.slice(duration.end).trim();
  if (reason === '') return { message: 'Give a reason after the duration: it is shown with the rule and in its summary.' };
  if (reason.length > MAX_SUPPRESSION_REASON_LENGTH) return { message: `The reason is longer than ${MAX_SUPPRESSION_REASON_LENGTH} characters.` };
  return { matchers, seconds, duration: duration.text.toLowerCase(), reason };
}

function isMatcherKey(key: string): key is MatcherKey {
  return Object.hasOwn(MATCHER_KEYS, key);
}

function keyList(): string {
  return Object.keys(MATCHER_KEYS)
    .map((key) => `\`${key}\``)
    .join(', ');
}

const QUOTES = /["“”]/;

/**
 * Whitespace-separated words up to the duration (the word after `for`): what follows is the reason, as typed. A
 * double-quoted stretch (straight or curly quotes) stays within its word.
 */
function tokenize(text: string): Token[] | { readonly message: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length && tokens.at(-2)?.text.toLowerCase() !== 'for') {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    let word = '';
    let quoted = false;
    while (i < text.length && (quoted || !/\s/.test(text[i]!))) {
      if (QUOTES.test(text[i]!)) quoted = !quoted;
      word += text[i];
      i++;
    }
    if (quoted) return { message: 'A quote is not closed: write `user-agent="…"` with both quotes.' };
    tokens.push({ text: word, end: i });
  }
  return tokens;
}

function unquote(value: string): string {
  return value.replace(/["“”]/g, '');
}
