/**
 * Block Kit blocks as HTML shaped like Slack's rendering: header, section (text, two-column fields, accessory),
 * context, actions (buttons in their styles, selects, overflow), divider, image (its alt text: the page is offline),
 * rich text. A block or element of a type not drawn here is shown as a visible note, never dropped.
 */
import type { Block, KnownBlock } from '@slack/types';
import { emojiInHtml, escapeHtml, mrkdwnToHtml } from './mrkdwn.js';

type Json = Record<string, unknown>;

export function blocksToHtml(blocks: readonly (KnownBlock | Block)[]): string {
  return blocks.map((block) => blockToHtml(block as unknown as Json)).join('\n');
}

function blockToHtml(block: Json): string {
  switch (block['type']) {
    case 'header':
      return `<div class="block header">${textToHtml(block['text'])}</div>`;
    case 'section':
      return sectionToHtml(block);
    case 'context':
      return `<div class="block context">${list(block['elements']).map(contextElement).join('')}</div>`;
    case 'actions':
      return `<div class="block actions">${list(block['elements']).map(elementToHtml).join('')}</div>`;
    case 'divider':
      return '<hr class="block divider">';
    case 'image':
      return `<div class="block image">${imagePlaceholder(block)}</div>`;
    case 'rich_text':
      return `<div class="block rich-text">${list(block['elements']).map(richTextElement).join('')}</div>`;
    default:
      return unsupported('block', block['type']);
  }
}

function sectionToHtml(block: Json): string {
  const parts: string[] = [];
  if (block['text'] !== undefined) parts.push(`<div class="section-text">${textToHtml(block['text'])}</div>`);
  const fields = list(block['fields']);
  if (fields.length > 0) parts.push(`<div class="fields">${fields.map((field) => `<div class="field">${textToHtml(field)}</div>`).join('')}</div>`);
  const accessory = block['accessory'];
  const main = `<div class="section-main">${parts.join('')}</div>`;
  return `<div class="block section">${main}${isObject(accessory) ? `<div class="accessory">${elementToHtml(accessory)}</div>` : ''}</div>`;
}

function contextElement(element: Json): string {
  if (element['type'] === 'image') return `<span class="context-item">${imagePlaceholder(element)}</span>`;
  return `<span class="context-item">${textToHtml(element)}</span>`;
}

/** An interactive element: it looks like Slack's, and does nothing (the preview acts on nothing). */
function elementToHtml(element: Json): string {
  switch (element['type']) {
    case 'button': {
      const style = element['style'] === 'primary' || element['style'] === 'danger' ? ` ${element['style']}` : '';
      const label = textToHtml(element['text']);
      const confirm = isObject(element['confirm']) ? ` title="asks first: ${escapeHtml(plain(element['confirm']['title']))}"` : '';
      if (typeof element['url'] === 'string' && /^https:/i.test(element['url'])) {
        return `<a class="button${style}" href="${escapeHtml(element['url'])}" rel="noopener noreferrer" target="_blank"${confirm}>${label}</a>`;
      }
      return `<span class="button${style}" role="button"${confirm}>${label}</span>`;
    }
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
      return `<span class="select" role="listbox">${textToHtml(element['placeholder'] ?? { type: 'plain_text', text: 'Select' })}<span class="caret">▾</span></span>`;
    case 'overflow':
      return '<span class="button overflow" role="button">⋯</span>';
    case 'image':
      return imagePlaceholder(element);
    default:
      return unsupported('element', element['type']);
  }
}

function textToHtml(text: unknown): string {
  if (!isObject(text)) return '';
  const content = typeof text['text'] === 'string' ? text['text'] : '';
  if (text['type'] === 'mrkdwn') return `<span class="mrkdwn">${mrkdwnToHtml(content)}</span>`;
  // plain_text: shown literally; `emoji: true` (the default) turns :shortcodes: into emoji.
  const html = escapeHtml(content).replace(/\n/g, '<br>');
  return `<span class="plain">${text['emoji'] === false ? html : emojiInHtml(html)}</span>`;
}

function plain(text: unknown): string {
  return isObject(text) && typeof text['text'] === 'string' ? text['text'] : '';
}

function richTextElement(element: Json): string {
  const inline = list(element['elements']).map(richTextInline).join('');
  switch (element['type']) {
    case 'rich_text_section':
      return `<div>${inline}</div>`;
    case 'rich_text_preformatted':
      return `<pre>${inline}</pre>`;
    case 'rich_text_quote':
      return `<blockquote>${inline}</blockquote>`;
    case 'rich_text_list': {
      const tag = element['style'] === 'ordered' ? 'ol' : 'ul';
      return `<${tag}>${list(element['elements']).map((item) => `<li>${richTextElement(item)}</li>`).join('')}</${tag}>`;
    }
    default:
      return unsupported('rich text element', element['type']);
  }
}

function richTextInline(element: Json): string {
  const style = isObject(element['style']) ? element['style'] : {};
  let html: string;
  switch (element['type']) {
    case 'text':
      html = escapeHtml(String(element['text'] ?? '')).replace(/\n/g, '<br>');
      break;
    case 'link':
      html = /^https?:/i.test(String(element['url'] ?? ''))
        ? `<a href="${escapeHtml(String(element['url']))}" rel="noopener noreferrer" target="_blank">${escapeHtml(String(element['text'] ?? element['url']))}</a>`
        : escapeHtml(String(element['text'] ?? element['url'] ?? ''));
      break;
    case 'emoji':
      html = emojiInHtml(`:${escapeHtml(String(element['name'] ?? ''))}:`);
      break;
    case 'user':
      html = `<span class="mention">@${escapeHtml(String(element['user_id'] ?? ''))}</span>`;
      break;
    default:
      return unsupported('rich text element', element['type']);
  }
  if (style['code'] === true) html = `<code>${html}</code>`;
  if (style['bold'] === true) html = `<b>${html}</b>`;
  if (style['italic'] === true) html = `<i>${html}</i>`;
  if (style['strike'] === true) html = `<s>${html}</s>`;
  return html;
}

/** Images are not fetched (the page works offline and loads nothing): their alt text stands in. */
function imagePlaceholder(image: Json): string {
  return `<span class="image-placeholder">🖼 ${escapeHtml(String(image['alt_text'] ?? 'image'))}</span>`;
}

function unsupported(what: string, type: unknown): string {
  return `<div class="unsupported">A ${what} of type ${escapeHtml(String(type))} is not drawn in this preview.</div>`;
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
