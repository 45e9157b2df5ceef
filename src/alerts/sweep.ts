/**
 * The scheduled sweep (every minute): finishes what the pipeline deferred.
 * - Dirty groups: renders the exact count of groups whose last alerts could not update the message (render slot
 *   busy), and posts groups whose first poster failed once its lease has passed. A marker is lowered only when the
 *   render covered it; a group whose slot is still busy waits for the next run.
 * - Expired silences: ends each (its suppressed count is final from then on), posts the summary (a reply in the
 *   thread of the message it was set from, else a message in the channel), then removes it. A failure between the
 *   summary and the removal repeats the summary next run rather than losing it.
 * - Expired suppression rules: each is claimed (one sweep at a time, conditional update), its summary posted (in the
 *   thread of the alert it was written from, else in the channel), then it is deleted. A sweep that dies between the
 *   post and the delete leaves the claim to lapse and the summary is posted again: a repeat rather than a loss.
 * - Reverts that never finished (their lease passed): ended as failed, their buttons back (stale-reverts.ts).
 * - Flood windows: one summary per minute that held alerts back (flood.ts), posted once the minute is over, then
 *   removed (again a repeat rather than a loss on failure); windows that held nothing are removed.
 *
 * Every item is attempted even when one fails; then the sweep fails with a `SweepError` (code SWEEP_FAILED) that
 * carries the report and each failure, so the invocation is visible as failed and the next run tries again.
 */
import { SecmonError } from '../errors.js';
import type { DirtyGroup } from '../store/groups/dirty-markers.js';
import type { GroupRef } from '../store/groups/group-item.js';
import type { StateStores } from '../store/index.js';
import type { SilenceRecord } from '../store/silences/silences.js';
import type { SuppressionRule } from '../store/suppressions/suppressions.js';
import { FLOOD_SUMMARY_DELAY_MS, floodSummaryAlert } from './flood.js';
import { NEW_MESSAGE_STATE } from './model.js';
import { DEFAULT_POST_LEASE_MS, DEFAULT_UPDATE_INTERVAL_MS } from './pipeline.js';
import { hasMessage, postGroup, renderGroup, type GroupRuntime } from './pipeline-groups.js';
import type { AlertRenderer, PostedMessage, SlackMessenger } from './ports.js';
import { endStaleRevert, type EndedRevert } from './stale-reverts.js';
import { suppressionSummary } from './suppression-summary.js';

export type SweepState = Pick<StateStores, 'groups' | 'messages' | 'silences' | 'remediations' | 'openReverts' | 'postBudget' | 'suppressions'>;

export interface SweepDeps {
  readonly state: SweepState;
  readonly slack: SlackMessenger;
  readonly render: AlertRenderer;
  readonly channel: string;
  /** The channels whose post budgets may hold alerts (routing); default: `channel` alone. */
  readonly floodChannels?: readonly string[];
  readonly now: () => Date;
  readonly updateIntervalMs?: number;
  readonly postLeaseMs?: number;
}

export type SweptGroup = GroupRef &
  (
    | { readonly action: 'rendered'; readonly count: number; readonly message: PostedMessage; readonly markerCleared: boolean }
    | { readonly action: 'posted'; readonly count: number; readonly message: PostedMessage; readonly markerCleared: boolean }
    | { readonly action: 'deferred'; readonly reason: 'render-slot-busy' | 'post-lease-held' }
    /** The group expired (TTL) before it could be rendered; the marker is dropped. */
    | { readonly action: 'dropped' }
  );

export interface EndedSilence {
  readonly monitorId: string;
  readonly suppressed: number;
  readonly summary: string;
  readonly notice: 'thread-reply' | 'channel-post';
}

export interface EndedSuppression {
  readonly id: string;
  readonly monitorId: string;
  readonly held: number;
  readonly summary: string;
  readonly notice: 'thread-reply' | 'channel-post';
}

export interface FloodSummary {
  readonly channel: string;
  readonly windowStart: string;
  readonly held: number;
  readonly message: PostedMessage;
}

export interface SweepReport {
  readonly groups: readonly SweptGroup[];
  readonly silences: readonly EndedSilence[];
  readonly suppressions: readonly EndedSuppression[];
  readonly reverts: readonly EndedRevert[];
  readonly floods: readonly FloodSummary[];
}

export interface SweepFailure {
  readonly item:
    | { readonly group: GroupRef }
    | { readonly silence: string }
    | { readonly suppression: string }
    | { readonly revert: string }
    | { readonly flood: { readonly channel: string; readonly windowStartMs: number } }
    /** An escalation (src/alerts/escalation.ts), by its message. */
    | { readonly escalation: PostedMessage };
  readonly error: unknown;
}

export class SweepError extends SecmonError {
  readonly report: SweepReport;
  readonly failures: readonly SweepFailure[];

  constructor(report: SweepReport, failures: readonly SweepFailure[]) {
    super('SWEEP_FAILED', `sweep failed for ${failures.length} item(s)`, {
      cause: new AggregateError(
        failures.map((failure) => failure.error),
        'sweep failures',
      ),
    });
    this.name = 'SweepError';
    this.report = report;
    this.failures = failures;
  }
}

interface SweepRuntime extends GroupRuntime {
  readonly state: SweepDeps['state'];
}

export async function sweep(deps: SweepDeps): Promise<SweepReport> {
  const runtime: SweepRuntime = {
    state: deps.state,
    slack: deps.slack,
    render: deps.render,
    channel: deps.channel,
    now: deps.now,
    updateIntervalMs: deps.updateIntervalMs ?? DEFAULT_UPDATE_INTERVAL_MS,
    postLeaseMs: deps.postLeaseMs ?? DEFAULT_POST_LEASE_MS,
  };
  const groups: SweptGroup[] = [];
  const silences: EndedSilence[] = [];
  const suppressions: EndedSuppression[] = [];
  const reverts: EndedRevert[] = [];
  const floods: FloodSummary[] = [];
  const failures: SweepFailure[] = [];

  for (const marker of await deps.state.groups.listDirty()) {
    try {
      groups.push(await sweepGroup(runtime, marker));
    } catch (error) {
      failures.push({ item: { group: { groupKey: marker.groupKey, openedAt: marker.openedAt } }, error });
    }
  }
  for (const silence of await deps.state.silences.listExpired(deps.now())) {
    try {
      const ended = await endSilence(runtime, silence);
      if (ended !== undefined) silences.push(ended);
    } catch (error) {
      failures.push({ item: { silence: silence.monitorId }, error });
    }
  }
  for (const rule of await deps.state.suppressions.listExpired(deps.now())) {
    try {
      const ended = await endSuppression(runtime, rule);
      if (ended !== undefined) suppressions.push(ended);
    } catch (error) {
      failures.push({ item: { suppression: rule.id }, error });
    }
  }

  for (const open of await deps.state.openReverts.list()) {
    try {
      const ended = await endStaleRevert(runtime, open);
      if (ended !== undefined) reverts.push(ended);
    } catch (error) {
      failures.push({ item: { revert: open.deliveryId }, error });
    }
  }
  for (const channel of deps.floodChannels ?? [deps.channel]) {
    for (const window of await deps.state.postBudget.listEnded(channel, deps.now().getTime() - FLOOD_SUMMARY_DELAY_MS)) {
      try {
        if (window.held > 0) {
          const message = await deps.slack.post(channel, deps.render(floodSummaryAlert(window), NEW_MESSAGE_STATE));
          floods.push({ channel, windowStart: new Date(window.startMs).toISOString(), held: window.held, message });
        }
        await deps.state.postBudget.clear(window);
      } catch (error) {
        failures.push({ item: { flood: { channel, windowStartMs: window.startMs } }, error });
      }
    }
  }

  const report: SweepReport = { groups, silences, suppressions, reverts, floods };
  if (failures.length > 0) throw new SweepError(report, failures);
  return report;
}

async function sweepGroup(runtime: GroupRuntime, marker: DirtyGroup): Promise<SweptGroup> {
  const { groups } = runtime.state;
  const ref: GroupRef = { groupKey: marker.groupKey, openedAt: marker.openedAt };
  const now = runtime.now();
  const group = await groups.get(ref);
  if (group === undefined) {
    await groups.clearDirty(ref, marker.count);
    return { ...ref, action: 'dropped' };
  }
  if (!hasMessage(group)) {
    const claimed = await groups.claimPosting(ref, { now, leaseMs: runtime.postLeaseMs });
    if (claimed === undefined) return { ...ref, action: 'deferred', reason: 'post-lease-held' };
    const post = await postGroup(runtime, claimed);
    const markerCleared = await groups.clearDirty(ref, claimed.count);
    return { ...ref, action: 'posted', count: claimed.count, message: post.message, markerCleared };
  }
  const claimed = await groups.claimRenderSlot(ref, { now, intervalMs: runtime.updateIntervalMs });
  if (claimed === undefined || !hasMessage(claimed)) return { ...ref, action: 'deferred', reason: 'render-slot-busy' };
  const rendered = await renderGroup(runtime, claimed);
  // Lowered only if no alert counted after the claim raised it meanwhile (then the next run renders again).
  const markerCleared = await groups.clearDirty(ref, claimed.count);
  return { ...ref, action: 'rendered', count: rendered.count, message: rendered.message, markerCleared };
}

export function silenceSummary(monitorId: string, suppressed: number): string {
  return `Silence of ${monitorId} ended: ${suppressed} ${suppressed === 1 ? 'event' : 'events'} suppressed`;
}

async function endSilence(runtime: SweepRuntime, silence: SilenceRecord): Promise<EndedSilence | undefined> {
  const ended = await runtime.state.silences.end(silence.monitorId, runtime.now());
  if (ended === undefined) return undefined; // replaced by a new silence meanwhile
  const summary = silenceSummary(ended.monitorId, ended.suppressed);
  let notice: EndedSilence['notice'];
  if (ended.message !== undefined) {
    await runtime.slack.reply(ended.message, summary);
    notice = 'thread-reply';
  } else {
    // A plain-text message: the Slack client sends `text` alone when there are no blocks.
    await runtime.slack.post(runtime.channel, { text: summary, blocks: [] });
    notice = 'channel-post';
  }
  await runtime.state.silences.removeEnded(ended.monitorId);
  return { monitorId: ended.monitorId, suppressed: ended.suppressed, summary, notice };
}

async function endSuppression(runtime: SweepRuntime, expired: SuppressionRule): Promise<EndedSuppression | undefined> {
  const rule = await runtime.state.suppressions.claimSummary(expired.id, runtime.now());
  if (rule === undefined) return undefined; // another sweep is summarising it, or it was removed meanwhile
  const summary = suppressionSummary(rule, 'expired');
  let notice: EndedSuppression['notice'];
  if (rule.message !== undefined) {
    await runtime.slack.reply(rule.message, summary);
    notice = 'thread-reply';
  } else {
    await runtime.slack.post(runtime.channel, { text: summary, blocks: [] });
    notice = 'channel-post';
  }
  await runtime.state.suppressions.delete(rule.id);
  return { id: rule.id, monitorId: rule.monitorId, held: rule.held, summary, notice };
}
