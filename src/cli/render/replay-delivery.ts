import type { ReplayAlertCounts } from '../../replay/alerts-from-matches.js';
import { BLOCK_KIT_BUILDER_URL, MAX_LINK_LENGTH, type WrittenPreviews } from '../../replay/preview.js';
import type { ReplayDelivery, ReplayedMessage } from '../../replay/through-pipeline.js';
import { count, SEVERITY_COLOR } from './replay-text.js';
import type { Style } from './style.js';
import { terminalSafe } from '../../text/terminal-safe.js';

export interface DeliveryView {
  readonly files: number;
  readonly counts: ReplayAlertCounts;
  /** Inputs that were not JSON objects (they never reached the collector). */
  readonly unreadable: number;
  readonly delivery: ReplayDelivery;
  /** The Slack channel posted to; undefined for an offline run. */
  readonly channel: string | undefined;
  readonly previews: WrittenPreviews | undefined;
  readonly previewDir: string | undefined;
}

const SUMMARY_CHARS = 160;

/** What `replay --slack` / `--preview` did, for a person at a terminal: totals, then one line per message. */
export function renderDeliveryText(view: DeliveryView, style: Style): string[] {
  const { counts, delivery } = view;
  const lines = [style.bold(headline(view)), `  ${sourceLine(view)}`];
  if (view.previewDir !== undefined && delivery.messages.length > 0) lines.push(`  previews in ${terminalSafe(view.previewDir)}`);
  if (counts.alerts === 0) return lines;
  lines.push('');
  if (view.previews !== undefined) {
    for (const file of view.previews.files) {
      lines.push(`${file.name}  ${messageLine(file.replayed, style)}`);
      lines.push(
        file.link !== undefined
          ? `  ${file.link}`
          : style.dim(
              `  (no Block Kit Builder link: it would be ${file.linkLength.toLocaleString('en-US')} characters, over ${MAX_LINK_LENGTH.toLocaleString('en-US')}; ` +
                `paste the file's blocks into ${BLOCK_KIT_BUILDER_URL.slice(0, -1)})`,
            ),
      );
    }
  } else {
    for (const replayed of delivery.messages) lines.push(`${replayed.target.ts}  ${messageLine(replayed, style)}`);
  }
  return lines;
}

function headline(view: DeliveryView): string {
  const { counts, delivery } = view;
  const where = view.channel !== undefined ? `Slack ${view.channel}` : 'Preview';
  if (counts.alerts === 0) return `${where}: nothing would have alerted, nothing ${view.channel !== undefined ? 'posted' : 'to preview'}`;
  // Events a threshold monitor counted without reaching its threshold (secrets read one at a time) are no alert of
  // their own: they are told apart, and only when there are some.
  const { posted, grouped, silenced, counted } = delivery.outcomes;
  const alerts = counts.alerts - counted;
  const done = delivery.processed - counted;
  const processed = done < alerts ? `${done} of ${count(alerts, 'alert')}` : count(alerts, 'alert');
  const below = counted > 0 ? `; ${count(counted, 'event')} counted toward a threshold not reached` : '';
  return `${where}: ${count(delivery.messages.length, 'message')} for ${processed} (${posted} posted, ${grouped} grouped, ${silenced} silenced)${below}`;
}

function sourceLine(view: DeliveryView): string {
  const { counts } = view;
  const notes = [
    `${count(counts.matched, 'record')} matched`,
    ...(counts.duplicates > 0 ? [`${count(counts.duplicates, 'duplicate event id')} skipped`] : []),
    ...(counts.withoutEnvelope > 0 ? [`${counts.withoutEnvelope} not delivered to EventBridge by CloudTrail, skipped`] : []),
    ...(view.unreadable + counts.invalid > 0 ? [count(view.unreadable + counts.invalid, 'unreadable input')] : []),
  ];
  return `from ${count(counts.inputs + view.unreadable, 'record')} in ${count(view.files, 'file')}: ${notes.join(', ')}`;
}

/** `CRITICAL  cloudtrail-tampering  30 events  alice (IAMUser) stopped logging ...` */
function messageLine(replayed: ReplayedMessage, style: Style): string {
  const alert = replayed.alert;
  if (alert === undefined) return terminalSafe(replayed.message.text);
  const severity = alert.severity === 'info' ? 'INFO    ' : style[SEVERITY_COLOR[alert.severity]](alert.severity.toUpperCase().padEnd(8));
  const name = alert.monitor?.id ?? alert.title;
  return `${severity}  ${style.bold(terminalSafe(name))}  ${style.dim(count(replayed.count, 'event'))}  ${terminalSafe(shorten(alert.summary))}`;
}

function shorten(text: string): string {
  return text.length <= SUMMARY_CHARS ? text : `${text.slice(0, SUMMARY_CHARS - 1)}…`;
}

