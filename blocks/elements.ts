/**
 * Typed constructors for the few Block Kit pieces secmon uses. Each applies Slack's limits (blocks/limits.ts) at the
 * point where the piece is made, so the message builders compose content without counting characters, and each
 * mrkdwn text is `verbatim` (no automatic linking of names, channels or URLs: see blocks/escape.ts).
 * Text passed here must already be safe mrkdwn (escaped); these constructors only shorten it.
 */
import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ConfirmationDialog,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
  StaticSelect,
} from '@slack/types';
import { NONE, singleLine } from './escape.js';
import { SLACK_LIMITS, truncate, truncateMrkdwn } from './limits.js';

/** A message built here: always Block Kit blocks plus the plain `text` fallback Slack needs for notifications. */
export interface BlockMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** Plain text (not parsed for mentions or links, so untrusted text needs no escaping); never empty. */
export function plainText(text: string, max: number = SLACK_LIMITS.sectionText): PlainTextElement {
  const line = singleLine(text).trim();
  return { type: 'plain_text', text: truncate(line === '' ? NONE : line, max), emoji: true };
}

export function mrkdwnText(text: string, max: number = SLACK_LIMITS.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateMrkdwn(text.trim() === '' ? NONE : text, max), verbatim: true };
}

export function headerBlock(text: string): HeaderBlock {
  return { type: 'header', text: plainText(text, SLACK_LIMITS.headerText) };
}

export function sectionBlock(text: string): SectionBlock {
  return { type: 'section', text: mrkdwnText(text) };
}

/**
 * Label/value pairs as section fields (two columns), ten per section; `heading` becomes the section text of the
 * first one. Each field is `*label*\nvalue`, within the 2000-character field limit.
 */
export function fieldsBlocks(fields: readonly (readonly [label: string, value: string])[], heading?: string): SectionBlock[] {
  const sections: SectionBlock[] = [];
  for (let start = 0; start < fields.length; start += SLACK_LIMITS.fieldsPerSection) {
    const chunk = fields.slice(start, start + SLACK_LIMITS.fieldsPerSection);
    const section: SectionBlock = {
      type: 'section',
      fields: chunk.map(([label, value]) => mrkdwnText(`*${label}*\n${value}`, SLACK_LIMITS.sectionField)),
    };
    if (start === 0 && heading !== undefined) section.text = mrkdwnText(heading);
    sections.push(section);
  }
  return sections;
}

/**
 * Lines packed into as few sections as the 3000-character limit allows (a list of 30+ monitors fits in two or
 * three), the heading on the first. A line too long for a section on its own is truncated.
 */
export function sectionsFromLines(lines: readonly string[], heading?: string): SectionBlock[] {
  const max = SLACK_LIMITS.sectionText;
  const sections: SectionBlock[] = [];
  let current = heading ?? '';
  for (const line of lines) {
    const fitted = truncateMrkdwn(line, max);
    if (current === '') {
      current = fitted;
    } else if (current.length + 1 + fitted.length <= max) {
      current += `\n${fitted}`;
    } else {
      sections.push(sectionBlock(current));
      current = fitted;
    }
  }
  if (current !== '') sections.push(sectionBlock(current));
  return sections;
}

/** Small grey lines. More than ten texts are merged into the tenth element (Slack allows ten). */
export function contextBlock(texts: readonly string[]): ContextBlock {
  const max = SLACK_LIMITS.contextElements;
  const items = texts.length <= max ? texts : [...texts.slice(0, max - 1), texts.slice(max - 1).join(' · ')];
  return { type: 'context', elements: items.map((text) => mrkdwnText(text)) };
}

export function dividerBlock(): DividerBlock {
  return { type: 'divider' };
}

export function actionsBlock(blockId: string, elements: readonly ActionsBlockElement[]): ActionsBlock {
  return {
    type: 'actions',
    block_id: checkedId(blockId, SLACK_LIMITS.blockId, 'block_id'),
    elements: elements.slice(0, SLACK_LIMITS.actionsElements),
  };
}

export interface ButtonSpec {
  readonly actionId: string;
  readonly text: string;
  /** Must already fit (the encoders in blocks/action-values.ts guarantee it). */
  readonly value?: string;
  /** A link button; https only (anything else is not rendered as a link: see linkButton). */
  readonly url?: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: ConfirmationDialog;
  readonly accessibilityLabel?: string;
}

export function button(spec: ButtonSpec): Button {
  const element: Button = {
    type: 'button',
    action_id: checkedId(spec.actionId, SLACK_LIMITS.actionId, 'action_id'),
    text: plainText(spec.text, SLACK_LIMITS.buttonText),
  };
  if (spec.value !== undefined) element.value = checkedId(spec.value, SLACK_LIMITS.buttonValue, 'button value');
  if (spec.url !== undefined) element.url = checkedId(spec.url, SLACK_LIMITS.buttonUrl, 'button url');
  if (spec.style !== undefined) element.style = spec.style;
  if (spec.confirm !== undefined) element.confirm = spec.confirm;
  if (spec.accessibilityLabel !== undefined) {
    element.accessibility_label = truncate(singleLine(spec.accessibilityLabel), SLACK_LIMITS.accessibilityLabel);
  }
  return element;
}

/**
 * A button opening `url`, or undefined when the url is not https or too long to send: truncating a URL would
 * break it, and an alert is still useful without the link.
 */
export function linkButton(actionId: string, label: string, url: string): Button | undefined {
  if (url.length > SLACK_LIMITS.buttonUrl) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:') return undefined;
  return button({ actionId, text: label, url });
}

export interface ConfirmSpec {
  readonly title: string;
  /** Plain text: the dialog shows it as is, so untrusted names need no escaping. */
  readonly text: string;
  readonly confirm: string;
  readonly deny: string;
  readonly style?: 'primary' | 'danger';
}

export function confirmDialog(spec: ConfirmSpec): ConfirmationDialog {
  const dialog: ConfirmationDialog = {
    title: plainText(spec.title, SLACK_LIMITS.confirmTitle),
    text: { type: 'plain_text', text: truncate(spec.text.trim() === '' ? NONE : spec.text, SLACK_LIMITS.confirmText) },
    confirm: plainText(spec.confirm, SLACK_LIMITS.confirmButton),
    deny: plainText(spec.deny, SLACK_LIMITS.confirmButton),
  };
  if (spec.style !== undefined) dialog.style = spec.style;
  return dialog;
}

export function staticSelect(
  actionId: string,
  placeholder: string,
  options: readonly { readonly text: string; readonly value: string }[],
): StaticSelect {
  return {
    type: 'static_select',
    action_id: checkedId(actionId, SLACK_LIMITS.actionId, 'action_id'),
    placeholder: plainText(placeholder, SLACK_LIMITS.placeholder),
    options: options.slice(0, SLACK_LIMITS.optionsPerSelect).map(
      (option): PlainTextOption => ({
        text: plainText(option.text, SLACK_LIMITS.optionText),
        value: checkedId(option.value, SLACK_LIMITS.optionValue, 'option value'),
      }),
    ),
  };
}

/**
 * Keeps a message within Slack's 50 blocks: `tail` (actions, footer) always survives; when `body` is too long, its
 * end is replaced by one context line saying how many blocks were left out.
 */
export function fitBlocks(body: readonly KnownBlock[], tail: readonly KnownBlock[] = []): KnownBlock[] {
  const max = SLACK_LIMITS.blocksPerMessage;
  if (body.length + tail.length <= max) return [...body, ...tail];
  const room = Math.max(0, max - tail.length - 1);
  const omitted = body.length - room;
  return [...body.slice(0, room), contextBlock([`…${omitted} more block${omitted === 1 ? '' : 's'} not shown`]), ...tail];
}

/**
 * Ids, values and URLs are never truncated (a cut value would decode to something else, a cut URL go elsewhere):
 * their producers keep them within the limit, and a violation is a bug that must surface in tests.
 */
function checkedId(value: string, max: number, what: string): string {
  if (value.length === 0 || value.length > max) {
    throw new RangeError(`${what} must be 1-${max} characters, got ${value.length}`);
  }
  return value;
}
