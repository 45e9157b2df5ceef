/**
 * Posting and re-rendering a group's message: shared by the pipeline (as alerts arrive) and the sweep (dirty
 * groups after a burst).
 *
 * Exactness: every counted alert either renders (it claimed the render slot, which reads the count atomically) or
 * raises the group's dirty marker to its count; a failed Slack call raises the marker too before the error
 * propagates. The sweep renders marked groups and lowers a marker only when its render covered it, so the count
 * shown once a burst ends is the count stored.
 */
import type { AlertGroup, GroupRef } from '../store/groups/group-item.js';
import type { StateStores } from '../store/index.js';
import { NEW_MESSAGE_STATE, type AlertMessageState } from './model.js';
import type { AlertRenderer, PostedMessage, SlackMessenger } from './ports.js';

export interface GroupRuntime {
  readonly state: Pick<StateStores, 'groups' | 'messages'>;
  readonly slack: SlackMessenger;
  readonly render: AlertRenderer;
  readonly channel: string;
  readonly now: () => Date;
  readonly updateIntervalMs: number;
  readonly postLeaseMs: number;
}

export function groupState(group: AlertGroup): NonNullable<AlertMessageState['group']> {
  return { count: group.count, firstSeen: group.firstSeen, lastSeen: group.lastSeen };
}

/** The state a group's message is first posted with: the counter appears once a second alert joined. */
export function initialGroupState(group: AlertGroup): AlertMessageState {
  return group.count > 1 ? { ...NEW_MESSAGE_STATE, group: groupState(group) } : NEW_MESSAGE_STATE;
}

export interface GroupPost {
  readonly message: PostedMessage;
  /** False when another poster attached its message first (this post is then a duplicate in the channel). */
  readonly attached: boolean;
}

/**
 * Posts the message of a generation whose posting lease the caller holds (it opened the group or claimed the
 * lease), then attaches it to the group and saves its content. Order: post, attach, save. A failed post raises the
 * dirty marker (so the sweep takes over once the lease expires, if Lambda's retry does not first) and propagates.
 */
export async function postGroup(runtime: GroupRuntime, group: AlertGroup): Promise<GroupPost> {
  const state = initialGroupState(group);
  let message: PostedMessage;
  try {
    // The channel routing chose when the group's first alert arrived (the sweep posts a taken-over group there too).
    message = await runtime.slack.post(group.alert.channel ?? runtime.channel, runtime.render(group.alert, state));
  } catch (error) {
    // Leave the group ready for whoever posts next: dirty (so the sweep does, if no retry comes) and unleased (so
    // Lambda's retry of this very delivery need not wait the lease out). Bookkeeping failures must not mask the
    // Slack error that caused them.
    await runtime.state.groups.markDirty(group, group.count, runtime.now()).catch(() => undefined);
    await runtime.state.groups.releasePosting(group).catch(() => undefined);
    throw error;
  }
  const now = runtime.now();
  const attached = await runtime.state.groups.attachMessage(group, message, { now, renderedCount: group.count });
  await runtime.state.messages.create(message, { alert: group.alert, state }, now);
  return { message, attached };
}

export interface GroupRender {
  readonly message: PostedMessage;
  readonly count: number;
  /** A later render slot was claimed before this update finished: the marker was raised so the sweep re-renders. */
  readonly superseded: boolean;
}

/**
 * Updates the message of a generation whose render slot the caller just claimed (`claimed` is the group as the
 * claim read it). Renders the stored message content (it may carry acknowledgements etc.) with the claimed count.
 */
export async function renderGroup(runtime: GroupRuntime, claimed: AlertGroup & { readonly message: PostedMessage }): Promise<GroupRender> {
  const target = claimed.message;
  const stored = await runtime.state.messages.get(target);
  const group = groupState(claimed);
  const alert = stored?.alert ?? claimed.alert;
  const state: AlertMessageState = { ...(stored?.state ?? NEW_MESSAGE_STATE), group };
  await raiseDirtyOnFailure(runtime, claimed, claimed.count, () => runtime.slack.update(target, runtime.render(alert, state)));
  const now = runtime.now();
  if (stored === undefined) await runtime.state.messages.create(target, { alert, state }, now);
  else await runtime.state.messages.updateState(target, { group });

  // Slack applies updates in the order they arrive: if someone claimed a slot after this one, their update may
  // have landed first and been overwritten by this older count. Rare (claims are updateIntervalMs apart); the
  // sweep then renders the latest count once more.
  const latest = await runtime.state.groups.get(claimed);
  const superseded = latest !== undefined && latest.renderedAt !== claimed.renderedAt;
  if (superseded) await runtime.state.groups.markDirty(claimed, latest.count, now);
  return { message: target, count: claimed.count, superseded };
}

export function hasMessage(group: AlertGroup): group is AlertGroup & { readonly message: PostedMessage } {
  return group.message !== undefined;
}

/**
 * Runs a Slack call; when it fails, raises the group's dirty marker (so the count is rendered later even if no
 * retry comes) and rethrows the Slack error. A failure to raise the marker is not reported in its place: the
 * Slack error is the one the invocation must fail with, and Lambda's retry repeats the whole step.
 */
async function raiseDirtyOnFailure<T>(runtime: GroupRuntime, ref: GroupRef, count: number, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    await runtime.state.groups.markDirty(ref, count, runtime.now()).catch(() => undefined);
    throw error;
  }
}
