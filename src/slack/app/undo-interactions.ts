/**
 * The Undo button of alerts with an undo target (blocks/undo.ts). As the Revert button (interactions.ts): the admin
 * check, a check that the message still holds the change the button names, the remediation requested (a second click,
 * a done undo or a kept change: nothing started), the "Undoing…" state, and the hand-off; the worker reads what to
 * undo from the stored alert (src/actions/undo/undo.ts). Both buttons of a KMS key deletion's undo come here: the
 * value says whether to enable the key too, the only thing the job takes from the click.
 */
import { decodeUndoValue } from '../../../blocks/action-values.js';
import { userMention } from '../../../blocks/escape.js';
import { undoSubject } from '../../../blocks/undo.js';
import type { RemediationRecord } from '../../store/remediations/remediations.js';
import type { SlackAppDeps } from './deps.js';
import { allowed, clickedValue, ephemeral, startRemediation, type ActionArgs } from './interactions.js';

export function createUndoListener(deps: SlackAppDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const click = await clickedValue(deps, client, body, decodeUndoValue);
    if (click === undefined) return;
    const { at, value } = click;
    const subject = undoSubject(value);
    if (!(await allowed(deps, client, at, 'undo', subject))) return;
    const stored = await deps.state.messages.get(at.message);
    const target = stored?.alert.undo;
    if (!target || stored?.alert.deliveryId !== value.deliveryId || target.kind !== value.kind || target.eventId !== value.eventId) {
      return ephemeral(client, at, ':warning: secmon no longer has the details of this change: nothing was undone.');
    }
    // The button's one choice (enable the KMS key: decodeUndoValue admits it for that kind only) goes to the job.
    await startRemediation(deps, client, at, { action: 'undo', subject, deliveryId: value.deliveryId, already: alreadyText, enableKey: value.enableKey });
  };
}

function alreadyText(record: RemediationRecord): string {
  const who = userMention(record.startedBy ?? record.requestedBy ?? '');
  switch (record.status) {
    case 'kept':
      return `This change was kept${record.kept === undefined ? '' : ` by ${userMention(record.kept.by)}`}`;
    case 'done':
      return `This change was already undone by ${who}`;
    default:
      return `An undo of this change is already in progress, asked for by ${who}`;
  }
}
