import type { ReplayAlertCounts } from '../../replay/alerts-from-matches.js';
import type { RejectedCounts } from '../../replay/summary.js';
import { join } from 'node:path';
import { BLOCK_KIT_BUILDER_URL, MAX_LINK_LENGTH, PREVIEW_PAGE, type WrittenPreviews } from '../../replay/preview.js';
import type { ReplayDelivery, ReplayedMessage } from '../../replay/through-pipeline.js';
import { count, SEVERITY_COLOR, thousands } from './replay-text.js';
import type { Style } from './style.js';
import { terminalSafe } from '../../text/terminal-safe.js';

export interface DeliveryView {
  readonly files: number;
  readonly counts: ReplayAlertCounts;
  /** Inputs the reader could not read or understand (they never reached the collector). */
  readonly rejected: RejectedCounts;
  readonly delivery: ReplayDelivery;
  /** The Slack channel posted to; undefined for an offline run. */
  readonly channel: string | undefined;
  readonly previews: WrittenPreviews | undefined;
  readonly previewDir: string | undefined;
}

const SUMMARY_CHARS = 160;

/** The first lines of what `replay --slack` / `--preview` did: how many messages, from how many records. */
export function deliverySummary(view: Omit<DeliveryView, 'previews'>): string[] {
  return [...headline(view), `  ${sourceLine(view)}`];
}

/** What `replay --slack` / `--preview` did, for a person at a terminal: totals, then one line per message. */
export function renderDeliveryText(view: DeliveryView, style: Style): string[] {
  const { delivery } = view;
  const [first, ...rest] = deliverySummary(view);
  const lines = [style.bold(first!), ...rest];
  if (view.previewDir !== undefined) lines.push(`  previews in ${terminalSafe(view.previewDir)}: open ${terminalSafe(join(view.previewDir, PREVIEW_PAGE))} in a browser`);
  if (delivery.messages.length === 0) return lines;
  lines.push('');
  if (view.previews !== undefined) {
    for (const file of view.previews.files) {
      lines.push(`${file.name}  ${messageLine(file.replayed, style)}`);
      lines.push(
        file.link !== undefined
          ? `  ${file.link}`
          : style.dim(
              `  (no Block Kit Builder link: it would be ${thousands(file.linkLength)} characters, over ${thousands(MAX_LINK_LENGTH)}; ` +
                `paste the file's blocks into ${BLOCK_KIT_BUILDER_URL.slice(0, -1)})`,
            ),
      );
    }
  } else {
    for (const replayed of delivery.messages) lines.push(`${replayed.target.ts}  ${messageLine(replayed, style)}`);
  }
  return lines;
}

/**
 * How many messages, and from what: the event path's alerts (each posted, grouped into an earlier message, or
 * silenced) and the alarm path's episodes (one message each, resolved in place by the alarm's OK). The numbers add
 * up to the messages listed below them.
 */
function headline(view: Omit<DeliveryView, 'previews'>): string[] {
  const { counts, delivery } = view;
  const where = view.channel !== undefined ? `Slack ${view.channel}` : 'Preview';
  if (counts.alerts === 0 && counts.alarmEpisodes === 0) {
    const nothing = `nothing ${view.channel !== undefined ? 'posted' : 'to preview'}`;
    return [notUnderstood(view) === 0 ? `${where}: nothing would have alerted, ${nothing}` : `${where}: no alert from the records understood, ${nothing}`];
  }
  const total = counts.alerts + 2 * counts.alarmEpisodes;
  const stopped = delivery.processed < total ? ` (stopped after ${delivery.processed} of ${total} alerts and alarm notifications)` : '';
  const bySource = (source: string) => delivery.messages.filter((message) => message.alert?.source === source).length;
  const lines = [`${where}: ${count(delivery.messages.length, 'message')}${stopped}`];
  if (counts.alerts > 0) {
    // Events a threshold monitor counted without reaching its threshold (secrets read one at a time) are no alert of
    // their own: they are told apart, and only when there are some.
    const { grouped, silenced, counted } = delivery.outcomes;
    const below = counted > 0 ? `; ${count(counted, 'event')} counted toward a threshold not reached` : '';
    lines.push(
      `  event path: ${count(bySource('event'), 'message')} for ${count(counts.alerts - counted, 'alert')} ` +
        `(${grouped} grouped into an earlier message, ${silenced} silenced)${below}`,
    );
  }
  if (counts.alarmEpisodes > 0) {
    lines.push(
      `  alarm path: ${count(bySource('alarm'), 'message')} for ${count(counts.alarmRecords, 'record')} matched by monitors without an event form ` +
        `(one per alarm episode: 5-minute periods in a row with matches; resolved when the alarm goes back to OK)`,
    );
  }
  return lines;
}

function sourceLine(view: Omit<DeliveryView, 'previews'>): string {
  const { counts } = view;
  const notes = [
    `${count(counts.matched, 'record')} matched`,
    ...(counts.duplicates > 0 ? [`${count(counts.duplicates, 'duplicate event id')} skipped`] : []),
    ...(counts.withoutEnvelope > 0 ? [`${counts.withoutEnvelope} not delivered to EventBridge by CloudTrail, skipped`] : []),
    ...(view.rejected.notCloudTrail > 0 ? [`${count(view.rejected.notCloudTrail, 'input')} not CloudTrail records (not checked)`] : []),
    ...(view.rejected.unreadable + counts.invalid > 0 ? [count(view.rejected.unreadable + counts.invalid, 'unreadable input')] : []),
    ...(view.rejected.unreadableFiles > 0 ? [`${count(view.rejected.unreadableFiles, 'file')} not read to the end`] : []),
  ];
  const inputs = counts.inputs + view.rejected.unreadable + view.rejected.notCloudTrail;
  return `from ${count(inputs, notUnderstood(view) === 0 ? 'record' : 'input')} in ${count(view.files, 'file')}: ${notes.join(', ')}`;
}

function notUnderstood(view: Omit<DeliveryView, 'previews'>): number {
  const { unreadable, notCloudTrail, unreadableFiles } = view.rejected;
  return unreadable + notCloudTrail + unreadableFiles + view.counts.invalid;
}

/** `CRITICAL  cloudtrail-tampering  30 events  alice (IAMUser) stopped logging ...` */
function messageLine(replayed: ReplayedMessage, style: Style): string {
  const alert = replayed.alert;
  if (alert === undefined) return terminalSafe(replayed.message.text);
  const severity = alert.severity === 'info' ? 'INFO    ' : style[SEVERITY_COLOR[alert.severity]](alert.severity.toUpperCase().padEnd(8));
  const name = alert.monitor?.id ?? alert.title;
  const size = alert.source === 'alarm' ? 'alarm' : count(replayed.count, 'event');
  return `${severity}  ${style.bold(terminalSafe(name))}  ${style.dim(size)}  ${terminalSafe(shorten(alert.summary))}`;
}

function shorten(text: string): string {
  return text.length <= SUMMARY_CHARS ? text : `${text.slice(0, SUMMARY_CHARS - 1)}…`;
}

