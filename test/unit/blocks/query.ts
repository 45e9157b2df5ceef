/** Reading Block Kit messages in tests: find blocks, buttons and texts by what they are, not by position. */
import type { ActionsBlock, ActionsBlockElement, Button, KnownBlock, StaticSelect } from '@slack/types';
import type { BlockMessage } from '../../../blocks/elements.js';

export function blocksOfType<T extends KnownBlock['type']>(
  message: BlockMessage,
  type: T,
): Extract<KnownBlock, { type: T }>[] {
  return message.blocks.filter((block): block is Extract<KnownBlock, { type: T }> => block.type === type);
}

export function actionsBlocks(message: BlockMessage): ActionsBlock[] {
  return blocksOfType(message, 'actions');
}

export function actionElements(message: BlockMessage): ActionsBlockElement[] {
  return actionsBlocks(message).flatMap((block) => block.elements);
}

export function actionIds(message: BlockMessage): string[] {
  return actionElements(message).flatMap((element) => ('action_id' in element && element.action_id ? [element.action_id] : []));
}

export function button(message: BlockMessage, actionId: string): Button | undefined {
  return actionElements(message).find((element): element is Button => element.type === 'button' && element.action_id === actionId);
}

export function select(message: BlockMessage, actionId: string): StaticSelect | undefined {
  return actionElements(message).find(
    (element): element is StaticSelect => element.type === 'static_select' && element.action_id === actionId,
  );
}

/** Every string Slack will display or parse: text objects anywhere in the blocks, plus the fallback. */
export function allTexts(message: BlockMessage): string[] {
  const texts: string[] = [message.text];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if ((record['type'] === 'mrkdwn' || record['type'] === 'plain_text') && typeof record['text'] === 'string') {
      texts.push(record['text']);
    }
    Object.values(record).forEach(walk);
  };
  walk(message.blocks);
  return texts;
}

/** All mrkdwn texts (plus the fallback, which Slack also parses), where `<...>` would become a mention or link. */
export function mrkdwnTexts(message: BlockMessage): string[] {
  const texts: string[] = [message.text];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (record['type'] === 'mrkdwn' && typeof record['text'] === 'string') texts.push(record['text']);
    Object.values(record).forEach(walk);
  };
  walk(message.blocks);
  return texts;
}

export function joinedText(message: BlockMessage): string {
  return allTexts(message).join('\n');
}
