/**
 * Slack's Block Kit limits, and truncation that respects them.
 *
 * Slack rejects a whole message (`invalid_blocks`) when one text is one character too long, and an alert that cannot
 * be posted is far worse than a shortened one, so every builder in blocks/ truncates to these numbers rather than
 * trusting its input. Lengths are counted in UTF-16 code units (`String.length`), which is never less than Slack's
 * character count, so staying within them in JS stays within them in Slack.
 *
 * Two numbers differ from the often-quoted "3000 everywhere": section `fields` items are capped at 2000 and a
 * confirmation dialog's text at 300 (Slack's reference and @slack/types agree). Option values are documented as 75
 * in @slack/types 3.2 (newer Slack docs say 150): the lower number is used.
 */

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  /** Section `text`, context element text, any text object not covered below. */
  sectionText: 3000,
  sectionField: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  accessibilityLabel: 75,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  optionText: 75,
  optionValue: 75,
  optionsPerSelect: 100,
  placeholder: 150,
  /** The top-level `text` fallback; secmon keeps it far shorter (see FALLBACK_TEXT_BUDGET). */
  fallbackText: 40_000,
} as const;

/** Notifications show one or two lines; a longer fallback only costs bytes. */
export const FALLBACK_TEXT_BUDGET = 600;

export const ELLIPSIS = '…';

/**
 * Shortens `text` to at most `max` characters, ending in an ellipsis when it had to cut. Never splits a surrogate
 * pair (half an emoji would be an invalid string to Slack).
 */
export function truncate(text: string, max: number): string {
  if (max < 1) throw new RangeError(`truncate: max must be at least 1, got ${max}`);
  if (text.length <= max) return text;
  return cutBefore(text, max - ELLIPSIS.length) + ELLIPSIS;
}

/**
 * Like `truncate`, for mrkdwn that has already been escaped and formatted: it does not cut inside an entity
 * (`&amp;`) or a `<...>` token (a mention secmon wrote), and closes an inline code span it cut through, so a
 * shortened text never renders a stray `&am` or leaves the rest of the message in code.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (max < 2) throw new RangeError(`truncateMrkdwn: max must be at least 2, got ${max}`);
  if (text.length <= max) return text;
  // Room for the ellipsis and a possible closing backtick.
  let cut = cutBefore(text, max - ELLIPSIS.length - 1);
  const openToken = cut.lastIndexOf('<');
  if (openToken > cut.lastIndexOf('>')) cut = cut.slice(0, openToken);
  const openEntity = cut.lastIndexOf('&');
  if (openEntity > cut.lastIndexOf(';')) cut = cut.slice(0, openEntity);
  const backticks = cut.split('`').length - 1;
  return backticks % 2 === 1 ? `${cut}${ELLIPSIS}\`` : `${cut}${ELLIPSIS}`;
}

/**
 * Joins lines with newlines, keeping as many whole lines as fit in `max` characters; when lines are left out, a
 * last line says how many (`more(n)`), counting `alreadyOmitted` items the caller dropped before (a list shown up
 * to ten items). A first line longer than `max` on its own is truncated rather than dropped.
 */
export function joinLinesWithin(
  lines: readonly string[],
  max: number,
  more: (omitted: number) => string,
  alreadyOmitted = 0,
): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const separator = kept.length === 0 ? 0 : 1;
    // Keep room for the "and N more" line this stop would need, should the next line not fit.
    const omittedAfter = lines.length - index - 1 + alreadyOmitted;
    const reserve = omittedAfter > 0 ? 1 + more(omittedAfter).length : 0;
    if (length + separator + line.length + reserve <= max) {
      kept.push(line);
      length += separator + line.length;
      continue;
    }
    const omitted = lines.length - index + alreadyOmitted;
    if (kept.length === 0) {
      const summary = more(omitted - 1);
      const shortened = truncateMrkdwn(line, Math.max(2, omitted > 1 ? max - summary.length - 1 : max));
      return truncateMrkdwn(omitted > 1 ? `${shortened}\n${summary}` : shortened, max);
    }
    kept.push(more(omitted));
    return kept.join('\n');
  }
  if (alreadyOmitted > 0) kept.push(more(alreadyOmitted));
  return kept.join('\n');
}

function cutBefore(text: string, end: number): string {
  let cut = text.slice(0, Math.max(0, end));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}
