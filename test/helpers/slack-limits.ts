/**
 * Checks a Slack message against Block Kit's limits by walking every block, element and text object. It knows only
 * the block and element types secmon builds and reports any other as a violation, so a new kind of block cannot slip
 * past unchecked. Numbers are restated here rather than imported from blocks/limits.ts: a wrong number there must
 * not silently make this check agree with it.
 */
import { expect } from 'vitest';

export interface MessageLike {
  readonly text: string;
  readonly blocks: readonly object[];
}

const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  header: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  accessibilityLabel: 75,
  id: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  optionText: 75,
  optionValue: 75,
  options: 100,
  overflowOptions: 5,
  placeholder: 150,
  fallback: 40_000,
} as const;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every limit the message breaks, as readable strings ("blocks[3].fields[2]: 2104 > 2000 characters"). */
export function slackLimitViolations(message: MessageLike): string[] {
  const problems: string[] = [];
  const report = (where: string, problem: string): void => {
    problems.push(`${where}: ${problem}`);
  };

  const text = (where: string, value: unknown, max: number, only?: 'plain_text' | 'mrkdwn'): void => {
    if (!isObject(value)) return report(where, 'missing text object');
    if (value['type'] !== 'plain_text' && value['type'] !== 'mrkdwn') return report(where, `bad text type ${String(value['type'])}`);
    if (only !== undefined && value['type'] !== only) report(where, `must be ${only}`);
    const content = value['text'];
    if (typeof content !== 'string' || content.length === 0) return report(where, 'empty text');
    if (content.length > max) report(where, `${content.length} > ${max} characters`);
  };

  const string = (where: string, value: unknown, max: number, required: boolean): void => {
    if (value === undefined) {
      if (required) report(where, 'missing');
      return;
    }
    if (typeof value !== 'string' || value.length === 0) return report(where, 'must be a non-empty string');
    if (value.length > max) report(where, `${value.length} > ${max} characters`);
  };

  const confirm = (where: string, value: unknown): void => {
    if (value === undefined) return;
    if (!isObject(value)) return report(where, 'confirm must be an object');
    text(`${where}.title`, value['title'], LIMITS.confirmTitle, 'plain_text');
    text(`${where}.text`, value['text'], LIMITS.confirmText);
    text(`${where}.confirm`, value['confirm'], LIMITS.confirmButton, 'plain_text');
    text(`${where}.deny`, value['deny'], LIMITS.confirmButton, 'plain_text');
  };

  const options = (where: string, value: unknown, max: number, withUrl: boolean): void => {
    if (!Array.isArray(value) || value.length === 0) return report(where, 'needs at least one option');
    if (value.length > max) report(where, `${value.length} > ${max} options`);
    value.forEach((option: unknown, index) => {
      const at = `${where}[${index}]`;
      if (!isObject(option)) return report(at, 'option must be an object');
      text(`${at}.text`, option['text'], LIMITS.optionText, 'plain_text');
      string(`${at}.value`, option['value'], LIMITS.optionValue, !withUrl);
      if (withUrl) string(`${at}.url`, option['url'], LIMITS.url, false);
    });
  };

  const element = (where: string, value: unknown): string | undefined => {
    if (!isObject(value)) {
      report(where, 'element must be an object');
      return undefined;
    }
    const actionId = value['action_id'];
    string(`${where}.action_id`, actionId, LIMITS.id, true);
    switch (value['type']) {
      case 'button':
        text(`${where}.text`, value['text'], LIMITS.buttonText, 'plain_text');
        string(`${where}.value`, value['value'], LIMITS.buttonValue, false);
        string(`${where}.url`, value['url'], LIMITS.url, false);
        string(`${where}.accessibility_label`, value['accessibility_label'], LIMITS.accessibilityLabel, false);
        if (value['style'] !== undefined && value['style'] !== 'primary' && value['style'] !== 'danger') {
          report(`${where}.style`, `unknown style ${String(value['style'])}`);
        }
        confirm(`${where}.confirm`, value['confirm']);
        break;
      case 'static_select':
        if (value['placeholder'] !== undefined) text(`${where}.placeholder`, value['placeholder'], LIMITS.placeholder, 'plain_text');
        options(`${where}.options`, value['options'], LIMITS.options, false);
        confirm(`${where}.confirm`, value['confirm']);
        break;
      case 'overflow':
        options(`${where}.options`, value['options'], LIMITS.overflowOptions, true);
        confirm(`${where}.confirm`, value['confirm']);
        break;
      default:
        report(where, `element type ${String(value['type'])} is not checked by assertWithinSlackLimits`);
    }
    return typeof actionId === 'string' ? actionId : undefined;
  };

  if (typeof message.text !== 'string' || message.text.trim().length === 0) report('text', 'fallback text is empty');
  else if (message.text.length > LIMITS.fallback) report('text', `${message.text.length} > ${LIMITS.fallback} characters`);

  if (message.blocks.length === 0) report('blocks', 'no blocks');
  if (message.blocks.length > LIMITS.blocks) report('blocks', `${message.blocks.length} > ${LIMITS.blocks} blocks`);
  const blockIds = new Set<string>();

  message.blocks.forEach((block: object, index) => {
    const where = `blocks[${index}]`;
    if (!isObject(block)) return report(where, 'block must be an object');
    const blockId = block['block_id'];
    string(`${where}.block_id`, blockId, LIMITS.id, false);
    if (typeof blockId === 'string') {
      if (blockIds.has(blockId)) report(`${where}.block_id`, `duplicate block_id ${blockId}`);
      blockIds.add(blockId);
    }
    switch (block['type']) {
      case 'header':
        text(`${where}.text`, block['text'], LIMITS.header, 'plain_text');
        break;
      case 'section': {
        const fields = block['fields'];
        if (block['text'] === undefined && fields === undefined) report(where, 'section needs text or fields');
        if (block['text'] !== undefined) text(`${where}.text`, block['text'], LIMITS.sectionText);
        if (fields !== undefined) {
          if (!Array.isArray(fields) || fields.length === 0) report(`${where}.fields`, 'must be a non-empty array');
          else {
            if (fields.length > LIMITS.fields) report(`${where}.fields`, `${fields.length} > ${LIMITS.fields} fields`);
            fields.forEach((field: unknown, fieldIndex) => text(`${where}.fields[${fieldIndex}]`, field, LIMITS.field));
          }
        }
        if (block['accessory'] !== undefined) element(`${where}.accessory`, block['accessory']);
        break;
      }
      case 'context': {
        const elements = block['elements'];
        if (!Array.isArray(elements) || elements.length === 0) return report(`${where}.elements`, 'must be a non-empty array');
        if (elements.length > LIMITS.contextElements) report(`${where}.elements`, `${elements.length} > ${LIMITS.contextElements} elements`);
        elements.forEach((item: unknown, itemIndex) => text(`${where}.elements[${itemIndex}]`, item, LIMITS.sectionText));
        break;
      }
      case 'actions': {
        const elements = block['elements'];
        if (!Array.isArray(elements) || elements.length === 0) return report(`${where}.elements`, 'must be a non-empty array');
        if (elements.length > LIMITS.actionsElements) report(`${where}.elements`, `${elements.length} > ${LIMITS.actionsElements} elements`);
        const actionIds = new Set<string>();
        elements.forEach((item: unknown, itemIndex) => {
          const id = element(`${where}.elements[${itemIndex}]`, item);
          if (id === undefined) return;
          if (actionIds.has(id)) report(`${where}.elements[${itemIndex}]`, `duplicate action_id ${id} in the block`);
          actionIds.add(id);
        });
        break;
      }
      case 'divider':
        break;
      default:
        report(where, `block type ${String(block['type'])} is not checked by assertWithinSlackLimits`);
    }
  });
  return problems;
}

/** Fails the test, listing every violation, when the message breaks any Block Kit limit. */
export function assertWithinSlackLimits(message: MessageLike): void {
  expect(slackLimitViolations(message), 'Block Kit limit violations').toEqual([]);
}
