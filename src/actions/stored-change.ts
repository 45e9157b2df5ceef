/**
 * The change an alert's Revert and Keep buttons act on, read from the alert stored with its Slack message (written
 * by the alerts function when it posted the message, never overwritten): a job names the alert, never the change.
 * So whatever a job says, a revert can only revoke the rules an alert showed, and a keep can only approve what an
 * alert reported.
 */
import * as z from 'zod/mini';
import type { Alert, RevertTarget } from '../alerts/model.js';
import type { ActionContext, ActionResult } from './types.js';

/** A Slack message reference, as jobs carry it. */
export const message = z.object({ channel: z.string().check(z.minLength(1)), ts: z.string().check(z.minLength(1)) });

/** The parameters that name an alert: its delivery id, and the message it was posted as. */
export const alertRef = {
  deliveryId: z.string().check(z.minLength(1), z.maxLength(256)),
  message,
};

export type StoredChange<Target = RevertTarget> =
  | { readonly ok: true; readonly alert: Alert; readonly target: Target }
  /** The job names no stored alert with a change (refused: nothing to act on). */
  | { readonly ok: false; readonly result: ActionResult };

type Params = { readonly deliveryId: string; readonly message: { readonly channel: string; readonly ts: string } };

/** The stored alert's security-group revert target. */
export async function storedChange(params: Params, context: Pick<ActionContext, 'state'>, verb: 'reverted' | 'kept'): Promise<StoredChange> {
  return storedTarget(params, context, verb, (alert) => alert.revert);
}

/** The stored alert's change as `targetOf` reads it (a revert's, an undo's, or either for Keep). */
export async function storedTarget<Target>(
  params: Params,
  context: Pick<ActionContext, 'state'>,
  verb: 'reverted' | 'kept' | 'undone',
  targetOf: (alert: Alert) => Target | undefined,
): Promise<StoredChange<Target>> {
  const refuse = (why: string): StoredChange<Target> => ({
    ok: false,
    result: { ok: false, denied: true, summary: `Not ${verb}: ${why}.`, detail: { deliveryId: params.deliveryId, refused: 'no-stored-change' } },
  });
  const content = await context.state.messages.get(params.message);
  if (content === undefined) return refuse('secmon no longer has this alert (older than 30 days, or never posted)');
  if (content.alert.deliveryId !== params.deliveryId) return refuse('the message shows another alert');
  const target = targetOf(content.alert);
  if (target === undefined) return refuse('this alert reports no change secmon can act on');
  return { ok: true, alert: content.alert, target };
}
