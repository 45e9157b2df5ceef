/**
 * Reverts and undos that never finished, ended by the sweep: a request whose worker never started (its job was lost, refused
 * or expired) or a claim whose worker died (killed at its timeout) would otherwise show "Reverting…" for good. Once
 * its lease has passed (REVERT_LEASES: longer than the worker's timeout), the sweep ends it as failed, every rule
 * marked as not known to be revoked, re-renders the message (Retry revert and Keep come back) and says so in its
 * thread. Open reverts that have ended on their own are only dropped from the list.
 */
import type { AlertMessageState, RuleOutcome } from './model.js';
import type { AlertRenderer, PostedMessage, SlackMessenger } from './ports.js';
import type { StateStores } from '../store/index.js';
import type { OpenRevert } from '../store/remediations/open-reverts.js';
import { REVERT_LEASES } from '../store/remediations/remediations.js';

export interface StaleRevertDeps {
  readonly state: Pick<StateStores, 'remediations' | 'openReverts' | 'messages'>;
  readonly slack: SlackMessenger;
  readonly render: AlertRenderer;
  readonly now: () => Date;
}

export interface EndedRevert {
  readonly deliveryId: string;
  /** What it was when the sweep ended it. */
  readonly was: 'requested' | 'in_progress';
}

/** Ends one open revert if it is stale; undefined when it ended by itself (dropped from the list) or is not stale yet. */
export async function endStaleRevert(deps: StaleRevertDeps, open: OpenRevert): Promise<EndedRevert | undefined> {
  const { remediations, openReverts, messages } = deps.state;
  const record = await remediations.get(open.deliveryId);
  const content = open.message === undefined ? undefined : await messages.get(open.message);
  if (record === undefined || (record.status !== 'requested' && record.status !== 'in_progress')) {
    // Ended. A message still saying "Reverting…" over a failed revert (its update was lost) is brought up to date.
    if (open.message !== undefined && record?.status === 'failed' && content?.state.remediation?.status === 'in_progress') {
      await show(deps, open.message, { ...content.state.remediation, status: 'failed', outcomes: record.outcomes });
    }
    await openReverts.remove(open.deliveryId);
    return undefined;
  }
  // The same claim serves Revert (security groups) and Undo (src/alerts/undo/): the message says which one stopped.
  const isUndo = content?.alert.undo !== undefined;
  const what = isUndo ? 'undo' : 'revert';
  const why =
    record.status === 'requested'
      ? `the worker never started this ${what}`
      : isUndo
        ? 'the worker stopped before finishing (timed out or crashed): the change may or may not be undone; Retry checks it again'
        : 'the worker stopped before finishing (timed out or crashed): this rule may or may not be revoked; Retry checks it again';
  const outcomes: RuleOutcome[] = (content?.alert.revert?.rules ?? []).map((rule) => ({ rule, outcome: 'failed', reason: why }));
  const now = deps.now();
  const ended = await remediations.expire(open.deliveryId, { now, leases: REVERT_LEASES, outcomes });
  if (ended === undefined) return undefined;

  const by = record.startedBy ?? record.requestedBy ?? 'unknown';
  if (open.message !== undefined) {
    await show(deps, open.message, { status: 'failed', by, at: now.toISOString(), outcomes, ...(isUndo ? { undone: { outcome: 'failed', reason: why } } : {}) });
    await deps.slack.reply(open.message, `:warning: The ${what} <@${by}> asked for did not finish: ${why}. Retry ${what} or Keep change are offered again.`);
  }
  await openReverts.remove(open.deliveryId);
  return { deliveryId: open.deliveryId, was: record.status };
}

async function show(deps: StaleRevertDeps, message: PostedMessage, remediation: NonNullable<AlertMessageState['remediation']>): Promise<void> {
  const updated = await deps.state.messages.updateState(message, { remediation });
  if (updated !== undefined) await deps.slack.update(message, deps.render(updated.alert, updated.state));
}
