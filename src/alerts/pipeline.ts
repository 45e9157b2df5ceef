/**
 * The alert pipeline: one Alert in, at most one Slack post or update out, decided by the alert and the state
 * table. Rules, in order:
 *
 * 1. Test alerts post (they exercise delivery: no silence, no grouping).
 * 2. Alarm alerts: ALARM posts and becomes the alarm's open message; OK resolves the open message in place
 *    (no new post) and forgets it; INSUFFICIENT_DATA posts.
 * 3. Event alerts set aside by a record condition (no monitor matched only because of one) are ignored. Event
 *    alerts of a threshold monitor are counted per principal (state table, event time); below the threshold they
 *    stop here (`counted`), from the threshold on they go on, carrying the total they reached.
 * 3a. Event, Config and finding alerts of a silenced monitor are not posted; the silence counts them.
 * 3b. Finding alerts (src/alerts/pipeline-findings.ts): a finding already shown updates its message in place
 *     (`updated`) instead of going on; a finding shown for the first time goes through 3a to 5 and its message is
 *     remembered by source and finding id.
 * 3c. After 3a, monitor alerts that a suppression rule in force matches (src/alerts/suppression-match.ts) are not
 *     posted; the first matching rule counts them (`suppressed`), whatever their severity.
 * 4. Event and Config alerts with a groupKey are grouped: the first of a window posts, later ones count into it and
 *    update its message at most once per `updateIntervalMs`; what they cannot render now, the sweep renders. An alert
 *    that carries a remediation (a Revert) is never grouped: each such change gets its own message and button, so
 *    no change is folded into another's message where Revert would not cover it.
 * 5. Everything else (plain notifications, alerts without a groupKey) posts.
 * 5a. With a post budget (the deployed function), every new message takes a slot of the channel's budget per
 *    minute first; a non-critical alert that finds none left is held (counted into the window's flood summary,
 *    which the sweep posts once the minute has passed) instead of posted. Critical alerts and tests always post.
 * 6. A monitor's alert that was posted or counted into a group (not a test, INSUFFICIENT_DATA, OK, silenced or
 *    suppressed one) becomes the monitor's last alert in the store (`/secmon status` shows it).
 *
 * Failures propagate (SecmonErrors from the store and the Slack messenger, causes kept), so the invocation fails
 * and Lambda's retry and on-failure destination keep the event; with `dedupeDeliveries` around this function, the
 * retry runs again while a completed delivery is not repeated. Ordering, so that a retry neither loses an alert
 * nor posts twice where that can be avoided:
 * - Posts happen before their bookkeeping (Slack first, then the store): a failed post leaves nothing to undo.
 *   A failure after a post and before its bookkeeping can make the retry post again; that is the one remaining
 *   duplicate, and only for ALARM, INSUFFICIENT_DATA, ungrouped and test alerts. Groups avoid it below.
 * - A group's first alert opens the group (which takes a posting lease) before posting. A group without a message
 *   is "being posted": alerts joining it raise its dirty marker, and once the lease (`postLeaseMs`) has passed
 *   anyone may take the posting over: the first alert's retry (recognised by its deliveryId, not counted twice),
 *   a later alert of the group, or the sweep. So a failed or crashed first post is retried without losing the
 *   count, and a retry after the message was attached only re-saves its content.
 * - A joining alert is counted (atomic ADD) before anything else. If its Slack update fails, the group's dirty
 *   marker is raised before the error propagates; its retry counts it a second time (the store keeps no
 *   per-delivery hit list: a storm would not fit in an item). That over-count of one per failed update is the
 *   accepted cost.
 */
import { SecmonError } from '../errors.js';
import type { HeldAlert } from '../store/flood/post-budget.js';
import type { AlertGroup } from '../store/groups/group-item.js';
import type { StateStores } from '../store/index.js';
import type { SuppressionRule } from '../store/suppressions/suppressions.js';
import { NEW_MESSAGE_STATE, type AlarmInfo, type Alert, type AlertThreshold } from './model.js';
import { hasMessage, initialGroupState, postGroup, renderGroup, type GroupRuntime } from './pipeline-groups.js';
import { processFinding, type FindingOutcome } from './pipeline-findings.js';
import type { AlertRenderer, PostedMessage, RawFindingRenderer, SlackMessenger } from './ports.js';
import { matchingSuppression } from './suppression-match.js';

export const DEFAULT_GROUP_WINDOW_MS = 10 * 60_000;
export const DEFAULT_UPDATE_INTERVAL_MS = 5_000;
/** Longer than a Slack post takes (the messenger times out well before), shorter than Lambda's first retry (1 min). */
export const DEFAULT_POST_LEASE_MS = 30_000;

/** The state the pipeline reads and writes. */
export type PipelineState = Pick<
  StateStores,
  'groups' | 'messages' | 'alarms' | 'silences' | 'lastAlerts' | 'thresholds' | 'postBudget' | 'findings' | 'suppressions'
>;

export interface PipelineDeps {
  readonly state: PipelineState;
  readonly slack: SlackMessenger;
  readonly render: AlertRenderer;
  /** Where alerts are posted. */
  readonly channel: string;
  readonly now: () => Date;
  /** Alerts with the same groupKey within this time of the first update one message (default 10 min). */
  readonly groupWindowMs?: number;
  /** At most one update of a group's message per this interval (default 5 s). */
  readonly updateIntervalMs?: number;
  /** How long a group's first poster holds the posting before others may take it over (default 30 s). */
  readonly postLeaseMs?: number;
  /** New messages per channel and minute before non-critical alerts are held for the flood summary; none: no limit. */
  readonly postsPerMinute?: number;
  /** The raw finding's thread reply under a new finding message; none: no reply. */
  readonly renderRawFinding?: RawFindingRenderer;
  /** The suppression rules in force, read once per invocation (src/alerts/invocation.ts); none: read per alert. */
  readonly suppressionRules?: () => Promise<readonly SuppressionRule[]>;
}

export type PostedAs =
  /** An alarm went into ALARM; the message is the alarm's open message until OK. */
  | 'alarm'
  | 'insufficient-data'
  /** The first alert of a group window (or its retry, see `recovered`). */
  | 'group-first'
  /** A later alert of the group posted the group's message because its first poster had failed. */
  | 'group-takeover'
  /** An event or Config alert without a groupKey, or one that carries a remediation (never grouped). */
  | 'ungrouped'
  | 'notification'
  | 'test';

export type DeferredBecause =
  /** The message was updated less than `updateIntervalMs` ago; the sweep renders the final count. */
  | 'render-slot-busy'
  /** The group's message is still being posted by its first alert. */
  | 'awaiting-post';

export type IgnoredBecause =
  /**
   * OK without an open ALARM message: a new alarm goes INSUFFICIENT_DATA -> OK when created, and an OK whose ALARM
   * message is gone (expired, or posted before secmon) has nothing to resolve. Posting it would be noise.
   */
  | 'ok-without-open-alarm'
  /**
   * An event a monitor's rule delivered because its pattern matched, but whose record condition does not hold (a
   * user making a key for itself): the rule's pattern is the condition's superset by design. `setAside` says which.
   */
  | 'record-condition-unmet'
  /** The same finding again, not newer than what its message shows (a redelivery, or an update arriving late). */
  | 'finding-not-newer'
  /** A finding already closed at its source (resolved, archived, suppressed) that secmon never showed. */
  | 'finding-closed-unseen';

/** What the pipeline did with one alert. Plain JSON (the dedupe layer stores it). */
export type PipelineOutcome =
  | {
      readonly kind: 'posted';
      readonly as: PostedAs;
      readonly message: PostedMessage;
      readonly groupKey?: string;
      /** Group posts: how many alerts the posted message counted. */
      readonly count?: number;
      /** A retry of a delivery that had already opened (and possibly posted) its group. */
      readonly recovered?: boolean;
      /** Another poster attached its message first; this post is a duplicate in the channel. */
      readonly duplicate?: boolean;
    }
  | {
      readonly kind: 'grouped';
      readonly groupKey: string;
      /** The group's count right after this alert was counted. */
      readonly count: number;
      readonly update: 'updated' | 'deferred';
      readonly deferredBecause?: DeferredBecause;
      readonly message?: PostedMessage;
    }
  | { readonly kind: 'silenced'; readonly monitorId: string; readonly suppressed: number }
  /** Held back by the suppression rule `ruleId`, which has held `held` alerts with this one. */
  | { readonly kind: 'suppressed'; readonly ruleId: string; readonly held: number }
  | { readonly kind: 'resolved'; readonly alarmName: string; readonly message: PostedMessage; readonly resolvedAt: string }
  | { readonly kind: 'ignored'; readonly reason: IgnoredBecause; readonly setAside?: readonly { monitorId: string; condition: string }[] }
  | {
      readonly kind: 'counted';
      readonly monitorId: string;
      /** The window's total with this event; undefined when it came too late to be counted (see ThresholdCount). */
      readonly total: number | undefined;
      readonly threshold: number;
    }
  /** Over the channel's post budget: counted into the flood summary of the minute starting `window` (ISO). */
  | { readonly kind: 'held'; readonly window: string; readonly heldInWindow: number }
  /** A finding secmon showed, updated at its source: its message was updated in place (src/alerts/pipeline-findings.ts). */
  | Extract<FindingOutcome, { readonly kind: 'updated' }>;

interface Runtime extends GroupRuntime {
  readonly state: PipelineState;
  readonly groupWindowMs: number;
  readonly postsPerMinute: number | undefined;
  readonly renderRawFinding: RawFindingRenderer | undefined;
  readonly suppressionRules: () => Promise<readonly SuppressionRule[]>;
}

function runtimeOf(deps: PipelineDeps): Runtime {
  return {
    state: deps.state,
    slack: deps.slack,
    render: deps.render,
    channel: deps.channel,
    now: deps.now,
    groupWindowMs: deps.groupWindowMs ?? DEFAULT_GROUP_WINDOW_MS,
    updateIntervalMs: deps.updateIntervalMs ?? DEFAULT_UPDATE_INTERVAL_MS,
    postLeaseMs: deps.postLeaseMs ?? DEFAULT_POST_LEASE_MS,
    postsPerMinute: deps.postsPerMinute,
    renderRawFinding: deps.renderRawFinding,
    suppressionRules: deps.suppressionRules ?? (() => deps.state.suppressions.listActive(deps.now())),
  };
}

export async function processAlert(alert: Alert, deps: PipelineDeps): Promise<PipelineOutcome> {
  const runtime = runtimeOf(deps);
  const outcome = await route(runtime, alert);
  await recordLastAlert(runtime, alert, outcome);
  return outcome;
}

async function route(runtime: Runtime, alert: Alert): Promise<PipelineOutcome> {
  switch (alert.source) {
    case 'test':
      return postAlone(runtime, alert, 'test');
    case 'alarm':
      return alert.alarm === undefined ? postAlone(runtime, alert, 'notification') : processAlarm(runtime, alert, alert.alarm);
    case 'finding':
      // A finding updates its message once shown; shown for the first time, it goes the way of monitor alerts.
      if (alert.finding !== undefined) return processFinding(runtime, alert, alert.finding, (first) => routeMonitorAlert(runtime, first));
      return routeMonitorAlert(runtime, alert);
    case 'event':
    case 'config':
      return routeMonitorAlert(runtime, alert);
    case 'notification':
      return postAlone(runtime, alert, 'notification');
  }
}

/** Rules 3 to 5: record conditions, thresholds, silences, groups, else a post of its own. */
async function routeMonitorAlert(runtime: Runtime, received: Alert): Promise<PipelineOutcome> {
  let alert = received;
  if (alert.monitor === null && alert.setAside !== undefined && alert.setAside.length > 0) {
    return { kind: 'ignored', reason: 'record-condition-unmet', setAside: alert.setAside };
  }
  if (alert.monitor !== null && alert.threshold !== undefined) {
    const counted = await countTowardThreshold(runtime, alert, alert.monitor.id, alert.threshold);
    if ('kind' in counted) return counted;
    alert = counted;
  }
  if (alert.monitor !== null) {
    const silenced = await countIfSilenced(runtime.state.silences, alert.monitor.id, runtime.now());
    if (silenced !== undefined) return silenced;
    const suppressed = await countIfSuppressed(runtime, alert);
    if (suppressed !== undefined) return suppressed;
  }
  if (alert.groupKey !== undefined && alert.groupKey !== '' && alert.revert === undefined && alert.undo === undefined) return processGrouped(runtime, alert, alert.groupKey);
  return postAlone(runtime, alert, 'ungrouped');
}

// -- thresholds -------------------------------------------------------------------------------------------------

/**
 * Counts the alert toward its monitor's threshold: below it, the `counted` outcome; at or above it, the alert with
 * the total it reached (the first such alert of a burst posts, the rest join its group). An event counted too late
 * to be judged (see ThresholdCount) stops here too: its window is gone.
 */
async function countTowardThreshold(
  runtime: Runtime,
  alert: Alert,
  monitorId: string,
  threshold: AlertThreshold,
): Promise<Alert | PipelineOutcome> {
  const now = runtime.now();
  const at = Date.parse(alert.time);
  const result = await runtime.state.thresholds.count({
    monitorId,
    key: threshold.key,
    weight: threshold.weight,
    at: Number.isNaN(at) ? now : new Date(at),
    now,
    windowMs: threshold.windowSeconds * 1000,
  });
  const total = result.status === 'counted' ? result.total : undefined;
  if (total === undefined || total < threshold.count) return { kind: 'counted', monitorId, total, threshold: threshold.count };
  return { ...alert, threshold: { ...threshold, reached: total } };
}

// -- last alert per monitor (`/secmon status`) ------------------------------------------------------------------

/**
 * Remembers the alert as its monitor's last one when it was posted or counted into a group: a real alert that
 * reached Slack. Not: test alerts (they exercise delivery), INSUFFICIENT_DATA (the alarm has no data, nothing
 * happened), OK (a resolution), silenced or ignored alerts. After the post, like the rest of the bookkeeping: a
 * failure propagates and the delivery's retry records it.
 */
async function recordLastAlert(runtime: Runtime, alert: Alert, outcome: PipelineOutcome): Promise<void> {
  if (alert.monitor === null) return;
  let message: PostedMessage | undefined;
  if (outcome.kind === 'posted' && outcome.as !== 'test' && outcome.as !== 'insufficient-data') message = outcome.message;
  else if (outcome.kind === 'grouped') message = outcome.message;
  else return;
  // An alert whose time did not parse is still an alert: it counts as arriving now.
  const at = Number.isNaN(Date.parse(alert.time)) ? runtime.now().toISOString() : alert.time;
  await runtime.state.lastAlerts.record({ monitorId: alert.monitor.id, at, summary: alert.summary, message });
}

// -- posting one alert as one message ---------------------------------------------------------------------------

async function postAlone(runtime: Runtime, alert: Alert, as: PostedAs): Promise<PipelineOutcome> {
  const held = await holdOverBudget(runtime, alert);
  if (held !== undefined) return held;
  const message = await postNew(runtime, alert);
  return { kind: 'posted', as, message };
}

// -- the post budget (flood control) ----------------------------------------------------------------------------

/**
 * Takes a slot of the channel's post budget for a new message, or, none being left, holds the alert for the flood
 * summary and says so. Critical alerts and tests take a slot whatever the count (they still count).
 */
async function holdOverBudget(runtime: Runtime, alert: Alert): Promise<PipelineOutcome | undefined> {
  if (runtime.postsPerMinute === undefined) return undefined;
  const now = runtime.now();
  const force = alert.severity === 'critical' || alert.source === 'test';
  // Each channel has its own budget: Slack's limit is per channel, and a routed storm fills several.
  const channel = alert.channel ?? runtime.channel;
  if (await runtime.state.postBudget.take(channel, now, { limit: runtime.postsPerMinute, force })) return undefined;
  const held = await runtime.state.postBudget.hold(channel, heldAlertOf(alert), now);
  return { kind: 'held', window: new Date(held.windowStartMs).toISOString(), heldInWindow: held.held };
}

function heldAlertOf(alert: Alert): HeldAlert {
  return {
    monitorId: alert.monitor?.id,
    source: alert.source,
    severity: alert.severity,
    title: alert.title.slice(0, 200),
    summary: alert.summary.slice(0, 500),
    time: alert.time,
  };
}

/** Post, then save the content so Slack actions can re-render the message. */
async function postNew(runtime: Runtime, alert: Alert): Promise<PostedMessage> {
  const message = await runtime.slack.post(alert.channel ?? runtime.channel, runtime.render(alert, NEW_MESSAGE_STATE));
  await runtime.state.messages.create(message, { alert, state: NEW_MESSAGE_STATE }, runtime.now());
  return message;
}

// -- alarms -----------------------------------------------------------------------------------------------------

async function processAlarm(runtime: Runtime, alert: Alert, alarm: AlarmInfo): Promise<PipelineOutcome> {
  switch (alarm.state) {
    case 'ALARM': {
      // Its OK was processed first (this ALARM is a late retry): show it as the episode it was, already resolved.
      const resolvedAt = await runtime.state.alarms.resolvedAfter(alarm.name, alarm.changedAt);
      if (resolvedAt !== undefined) {
        const state = { ...NEW_MESSAGE_STATE, resolvedAt };
        const message = await runtime.slack.post(alert.channel ?? runtime.channel, runtime.render(alert, state));
        await runtime.state.messages.create(message, { alert, state }, runtime.now());
        return { kind: 'posted', as: 'alarm', message };
      }
      const held = await holdOverBudget(runtime, alert);
      if (held !== undefined) return held;
      const message = await postNew(runtime, alert);
      // Replaces an older open message (its OK was lost): the newest ALARM is the one OK resolves.
      await runtime.state.alarms.set(alarm.name, message, runtime.now());
      return { kind: 'posted', as: 'alarm', message };
    }
    case 'INSUFFICIENT_DATA':
      // Posted as is (the renderer shows the state); it does not close an open ALARM message.
      return postAlone(runtime, alert, 'insufficient-data');
    case 'OK':
      return resolveAlarm(runtime, alert, alarm);
  }
}

async function resolveAlarm(runtime: Runtime, alert: Alert, alarm: AlarmInfo): Promise<PipelineOutcome> {
  const open = await runtime.state.alarms.get(alarm.name);
  // No open message: typically a new alarm's first transition, INSUFFICIENT_DATA -> OK, nothing to resolve; or its
  // ALARM has not been processed yet (a retry on its way): remembered, so that ALARM is shown resolved.
  if (open === undefined) {
    const resolvedAt = alarm.changedAt !== '' ? alarm.changedAt : alert.time;
    if (alarm.previousState === 'ALARM') await runtime.state.alarms.noteResolved(alarm.name, resolvedAt, runtime.now());
    return { kind: 'ignored', reason: 'ok-without-open-alarm' };
  }
  const resolvedAt = alarm.changedAt !== '' ? alarm.changedAt : alert.time;
  // State first, then Slack, then forget the open message: a retry after any failure repeats the same update.
  let content = await runtime.state.messages.updateState(open, { resolvedAt });
  if (content === undefined) {
    // The saved content is gone (expired): show the OK notification itself as the resolved message.
    content = { alert, state: { ...NEW_MESSAGE_STATE, resolvedAt } };
    await runtime.state.messages.create(open, content, runtime.now());
  }
  await runtime.slack.update(open, runtime.render(content.alert, content.state));
  await runtime.state.alarms.clear(alarm.name, open);
  return { kind: 'resolved', alarmName: alarm.name, message: open, resolvedAt };
}

// -- silences ---------------------------------------------------------------------------------------------------

async function countIfSilenced(silences: PipelineState['silences'], monitorId: string, now: Date): Promise<PipelineOutcome | undefined> {
  // Read first: silences are rare, and a read costs less than a conditional write that fails.
  const silence = await silences.get(monitorId);
  if (silence === undefined || silence.endedAt !== undefined || Date.parse(silence.until) <= now.getTime()) return undefined;
  // Counted only if still in force at this moment (the sweep may have just ended it; then the alert posts).
  const suppressed = await silences.countSuppressed(monitorId, now);
  return suppressed === undefined ? undefined : { kind: 'silenced', monitorId, suppressed };
}

// -- suppression rules -----------------------------------------------------------------------------------------

async function countIfSuppressed(runtime: Runtime, alert: Alert): Promise<PipelineOutcome | undefined> {
  const rules = await runtime.suppressionRules();
  if (rules.length === 0) return undefined;
  const now = runtime.now();
  // The list may be a moment old: only rules still in force now, and counted only if still there (else it posts).
  const rule = matchingSuppression(
    rules.filter((candidate) => candidate.untilMs > now.getTime()),
    alert,
  );
  if (rule === undefined) return undefined;
  const counted = await runtime.state.suppressions.countHeld(rule.id, alert.severity === 'critical', now);
  return counted === undefined ? undefined : { kind: 'suppressed', ruleId: rule.id, held: counted.held };
}

// -- groups -----------------------------------------------------------------------------------------------------

/** Opening and joining can race with other Lambdas (a window ending, a generation replaced); each loss retries. */
const MAX_GROUP_ATTEMPTS = 4;

async function processGrouped(runtime: Runtime, alert: Alert, groupKey: string): Promise<PipelineOutcome> {
  const now = runtime.now();
  let slotTaken = false;
  for (let attempt = 0; attempt < MAX_GROUP_ATTEMPTS; attempt++) {
    // Join first: in a storm almost every alert joins, and joining is a single conditional update.
    const hit = await runtime.state.groups.recordHit(groupKey, { deliveryId: alert.deliveryId, seen: alert.time, now });
    if (hit.status === 'counted') return afterJoin(runtime, hit.group, now);
    if (hit.status === 'own-delivery') return redelivered(runtime, hit.group, now);

    // A new group means a new message: over the budget, the alert is held and no group is opened (the next alert
    // of the same key, once the flood is over, opens it).
    if (!slotTaken) {
      const held = await holdOverBudget(runtime, alert);
      if (held !== undefined) return held;
      slotTaken = true;
    }

    const opened = await runtime.state.groups.open({ groupKey, alert, now, windowMs: runtime.groupWindowMs });
    if (opened.status === 'created') {
      const post = await postGroup(runtime, opened.group);
      return posted('group-first', opened.group, post);
    }
    // Another delivery opened the window a moment ago: join it.
  }
  throw new SecmonError('STATE_STORE', `could not open or join alert group ${groupKey} after ${MAX_GROUP_ATTEMPTS} attempts`);
}

async function afterJoin(runtime: Runtime, group: AlertGroup, now: Date): Promise<PipelineOutcome> {
  if (!hasMessage(group)) {
    // Still being posted. If its poster is overdue, post it here (this alert is already in the count).
    const claimed = await runtime.state.groups.claimPosting(group, { now, leaseMs: runtime.postLeaseMs });
    if (claimed !== undefined) return posted('group-takeover', claimed, await postGroup(runtime, claimed));
    await runtime.state.groups.markDirty(group, group.count, now);
    return deferred(group, 'awaiting-post');
  }
  const claimed = await runtime.state.groups.claimRenderSlot(group, { now, intervalMs: runtime.updateIntervalMs });
  if (claimed === undefined || !hasMessage(claimed)) {
    await runtime.state.groups.markDirty(group, group.count, now);
    return deferred(group, 'render-slot-busy');
  }
  await renderGroup(runtime, claimed);
  return { kind: 'grouped', groupKey: group.groupKey, count: group.count, update: 'updated', message: claimed.message };
}

/** This delivery opened the open generation: a retry after a failure, or a redelivery. It is counted already. */
async function redelivered(runtime: Runtime, group: AlertGroup, now: Date): Promise<PipelineOutcome> {
  if (hasMessage(group)) {
    // Posted (by this delivery before its failure, or by a takeover): make sure the content is saved.
    await runtime.state.messages.create(group.message, { alert: group.alert, state: initialGroupState(group) }, now);
    return { kind: 'posted', as: 'group-first', message: group.message, groupKey: group.groupKey, count: group.count, recovered: true };
  }
  const claimed = await runtime.state.groups.claimPosting(group, { now, leaseMs: runtime.postLeaseMs });
  if (claimed !== undefined) return posted('group-first', claimed, await postGroup(runtime, claimed), true);
  await runtime.state.groups.markDirty(group, group.count, now);
  return deferred(group, 'awaiting-post');
}

function posted(as: PostedAs, group: AlertGroup, post: { message: PostedMessage; attached: boolean }, recovered = false): PipelineOutcome {
  return {
    kind: 'posted',
    as,
    message: post.message,
    groupKey: group.groupKey,
    count: group.count,
    ...(recovered ? { recovered: true } : {}),
    ...(post.attached ? {} : { duplicate: true }),
  };
}

function deferred(group: AlertGroup, because: DeferredBecause): PipelineOutcome {
  return {
    kind: 'grouped',
    groupKey: group.groupKey,
    count: group.count,
    update: 'deferred',
    deferredBecause: because,
    ...(group.message === undefined ? {} : { message: group.message }),
  };
}
