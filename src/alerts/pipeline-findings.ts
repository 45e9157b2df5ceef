/**
 * Findings in the pipeline: a finding secmon has not shown goes the way of monitor alerts (silence, grouping, post
 * budget), and its message is remembered by source and finding id; the same finding arriving again updates that
 * message in place (count, last seen, state) and never posts again.
 *
 * - Newer wins: a message moves only to a strictly newer `updatedAt` (atomic, src/store/findings/); a redelivery
 *   or an older update is ignored (`finding-not-newer`). The delivery that advanced it may render again (its retry).
 * - Closed at the source (resolved, archived, suppressed): the message shows the state. A finding that is already
 *   closed when secmon first sees it is not posted (`finding-closed-unseen`): there is nothing to act on.
 * - Silences hold back new findings like any alert; an update of a message already in the channel is applied even
 *   while silenced (like an alarm's OK), so the channel never shows a stale open finding.
 * - A finding counted into another finding's group shares that message: its updates do not re-render it (the
 *   message shows the group's first finding), they are recorded as `updated` with `shown: false`.
 * - The raw finding is the new message's first thread reply; a failed reply fails the delivery, and its retry
 *   posts the reply it still owes (`rawPosted`).
 */
import type { FindingInfo, FindingState } from '../findings/model.js';
import type { StateStores } from '../store/index.js';
import type { Alert } from './model.js';
import { NEW_MESSAGE_STATE } from './model.js';
import type { AlertRenderer, PostedMessage, RawFindingRenderer, SlackMessenger } from './ports.js';

export interface FindingRuntime {
  readonly state: Pick<StateStores, 'findings' | 'messages'>;
  readonly slack: SlackMessenger;
  readonly render: AlertRenderer;
  readonly renderRawFinding: RawFindingRenderer | undefined;
  readonly now: () => Date;
}

export type FindingOutcome =
  | {
      readonly kind: 'updated';
      readonly message: PostedMessage;
      readonly finding: { readonly source: FindingInfo['source']; readonly id: string };
      readonly state: FindingState;
      /** False when the message shows another finding of its group (nothing re-rendered). */
      readonly shown: boolean;
    }
  | { readonly kind: 'ignored'; readonly reason: 'finding-not-newer' | 'finding-closed-unseen' };

/** What a first showing's route returned, as far as this step needs it. */
export interface RoutedOutcome {
  readonly kind: string;
  readonly message?: PostedMessage;
  readonly as?: string;
  readonly recovered?: boolean;
}

export async function processFinding<T extends RoutedOutcome>(
  runtime: FindingRuntime,
  alert: Alert,
  finding: FindingInfo,
  routeFirst: (alert: Alert) => Promise<T>,
): Promise<T | FindingOutcome> {
  const ref = { source: finding.source, id: finding.id };
  const updatedMs = Date.parse(finding.updatedAt);
  const known = await runtime.state.findings.get(ref);
  if (known === undefined) {
    if (finding.state !== 'active') return { kind: 'ignored', reason: 'finding-closed-unseen' };
    const outcome = await routeFirst(alert);
    if (outcome.message === undefined) return outcome;
    await runtime.state.findings.remember(ref, { message: outcome.message, updatedMs, deliveryId: alert.deliveryId }, runtime.now());
    // Only the post that made the message owes the raw finding (not a grouped alert, not a recovered retry).
    if (outcome.kind === 'posted' && outcome.recovered !== true) await replyRaw(runtime, alert, ref, outcome.message);
    return outcome;
  }

  const advanced = await runtime.state.findings.advance(ref, updatedMs, alert.deliveryId, runtime.now());
  if (advanced === undefined) return { kind: 'ignored', reason: 'finding-not-newer' };
  const target = advanced.message;
  const stored = await runtime.state.messages.get(target);
  const showsThisFinding = stored === undefined || (stored.alert.finding?.source === finding.source && stored.alert.finding.id === finding.id);
  if (showsThisFinding) {
    const now = runtime.now();
    let content = await runtime.state.messages.replaceAlert(target, alert, now);
    if (content === undefined) {
      // The saved content is gone (expired): the update itself becomes what the message shows.
      content = { alert, state: NEW_MESSAGE_STATE };
      await runtime.state.messages.create(target, content, now);
    }
    await runtime.slack.update(target, runtime.render(content.alert, content.state));
  }
  // A retry of the delivery that first posted, whose raw reply failed: post it now.
  if (!advanced.rawPosted && advanced.deliveryId === alert.deliveryId) await replyRaw(runtime, alert, ref, target);
  return { kind: 'updated', message: target, finding: ref, state: finding.state, shown: showsThisFinding };
}

async function replyRaw(runtime: FindingRuntime, alert: Alert, ref: { source: FindingInfo['source']; id: string }, target: PostedMessage): Promise<void> {
  if (runtime.renderRawFinding === undefined || alert.rawFinding === undefined) return;
  await runtime.slack.reply(target, runtime.renderRawFinding(alert));
  await runtime.state.findings.markRawPosted(ref);
}
