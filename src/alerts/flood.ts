/**
 * Flood summaries: what the post budget (src/store/flood/post-budget.ts) held back in a minute, as one message the
 * sweep posts once the minute has passed. Nothing held is lost: every held alert is counted by monitor, the first
 * ones are shown whole, and the message says where the rest can be seen.
 */
import type { FloodWindow } from '../store/flood/post-budget.js';
import { FLOOD_WINDOW_MS } from '../store/flood/post-budget.js';
import { clipText, RAW_TEXT_LIMIT } from './bounds.js';
import type { Alert } from './model.js';
import { alertOf } from './normalise/alert.js';

/**
 * New messages per channel and minute before non-critical alerts are held: half of Slack's one message per second
 * per channel, which leaves room for the updates, thread replies and summaries secmon also sends there.
 */
export const FLOOD_POSTS_PER_MINUTE = 30;

/**
 * A window is summarised this long after it ended: longer than an alerts invocation may run (its timeout, 30 s), so
 * an alert held at the last moment of a minute is counted before the summary goes out.
 */
export const FLOOD_SUMMARY_DELAY_MS = 30_000;

const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

/** The summary of a window that held alerts back. */
export function floodSummaryAlert(window: FloodWindow): Alert {
  const start = new Date(window.startMs).toISOString();
  const counts = Object.entries(window.heldBy)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([what, count]) => `${count} ${what}`);
  const shown = window.samples.map((held) => `${held.time}  ${held.severity}  ${held.monitorId ?? held.source}  ${held.summary}`);
  const rest = window.held - shown.length;
  return alertOf({
    deliveryId: `flood:${window.channel}:${window.startMs}`,
    source: 'notification',
    monitor: null,
    severity: 'high',
    title: `${window.held} alert${window.held === 1 ? '' : 's'} held back to stay within Slack's rate limit`,
    summary:
      `Between ${clock(window.startMs)} and ${clock(window.startMs + FLOOD_WINDOW_MS)} UTC on ${start.slice(0, 10)} more new alerts arrived ` +
      `than this channel takes (${FLOOD_POSTS_PER_MINUTE} a minute): secmon posted ${window.posts} and held back ${window.held}` +
      `${counts.length === 0 ? '' : ` (${counts.join(', ')})`}. Critical alerts are always posted. ` +
      `The first ${shown.length} held are below${rest > 0 ? `; the alerts function's log names every one (outcome "held"), and \`secmon replay\` over that minute's CloudTrail logs shows them` : ''}.`,
    time: start,
    rawText: clipText(shown.join('\n'), RAW_TEXT_LIMIT),
  });
}
