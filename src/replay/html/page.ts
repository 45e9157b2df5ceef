/**
 * `DIR/index.html` of `secmon replay --preview DIR`: the messages as a Slack channel would show them, readable
 * offline in any browser, no Slack login. One self-contained file: inline styles, no script, and a content
 * security policy that lets it load nothing at all.
 */
import type { AlertSeverity } from '../../alerts/model.js';
import type { SlackMessage } from '../../alerts/ports.js';
import { blocksToHtml } from './blocks.js';
import { escapeHtml } from './mrkdwn.js';
import { PREVIEW_STYLES } from './styles.js';

export interface PageMessage {
  /** The preview file holding the same message (`001-root-activity.json`). */
  readonly file: string;
  readonly message: SlackMessage;
  /** Colours the bar beside the message. */
  readonly severity: AlertSeverity;
  /** When the alert happened (ISO), shown as the message time. */
  readonly time: string | undefined;
}

export interface PreviewPage {
  /** What the run found, as the terminal summary says it. */
  readonly summary: readonly string[];
  readonly messages: readonly PageMessage[];
}

export function renderPreviewPage(page: PreviewPage): string {
  const title = `secmon preview: ${page.messages.length} message${page.messages.length === 1 ? '' : 's'}`;
  const messages = page.messages.map(renderMessage).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PREVIEW_STYLES}</style>
</head>
<body>
<div class="channel">
<header class="channel-header"><span class="channel-name"># secmon-alerts</span><span class="channel-note">preview of what the deployed stack would post · nothing was sent to Slack</span></header>
<section class="summary">${page.summary.map((line) => `<div>${escapeHtml(line.trim())}</div>`).join('')}</section>
<main class="messages">
${messages || '<p class="empty">No messages: nothing would have been posted.</p>'}
</main>
</div>
</body>
</html>
`;
}

function renderMessage(entry: PageMessage, index: number): string {
  const time = clock(entry.time);
  return `<article class="message severity-${entry.severity}" id="message-${index + 1}" data-file="${escapeHtml(entry.file)}" aria-label="${escapeHtml(entry.message.text)}">
<div class="avatar" aria-hidden="true">S</div>
<div class="message-content">
<div class="message-meta"><span class="sender">secmon</span><span class="app-badge">APP</span>${time !== '' ? `<time datetime="${escapeHtml(entry.time ?? '')}">${escapeHtml(time)}</time>` : ''}<span class="file-name">${escapeHtml(entry.file)}</span></div>
<div class="message-body"><div class="severity-bar" aria-hidden="true"></div><div class="blocks">
${blocksToHtml(entry.message.blocks)}
</div></div>
</div>
</article>`;
}

/** "10:02 UTC" as Slack shows a message's time (in UTC, as every alert time is). */
function clock(iso: string | undefined): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : `${date.toISOString().slice(11, 16)} UTC`;
}
