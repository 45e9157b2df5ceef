/**
 * "Suppress similar…" on event alerts: the button opens a modal for a suppression rule pre-filled with the stored
 * alert's monitor, principal (a session's role) and account; the submission is checked field by field (errors shown
 * under the field, the modal kept open) and handed to the worker as the same suppress action `/secmon suppress` runs,
 * with the message, so the rule's end summary replies in its thread. Admins only, checked at the click and again at
 * the submission (and by the worker).
 */
import type { WebClient } from '@slack/web-api';
import { decodeAcknowledgeValue } from '../../../blocks/action-values.js';
import { suppressFieldId, suppressSimilarModal, type SuppressField } from '../../../blocks/suppress-modal.js';
import { MAX_SUPPRESSION_SECONDS, MIN_SUPPRESSION_SECONDS, matcherProblem } from '../../alerts/suppression-input.js';
import type { SuppressionMatchers } from '../../store/suppressions/suppressions.js';
import { parseDuration } from './command-parser.js';
import type { SlackAppDeps } from './deps.js';
import { allowed, clickedValue, ephemeral, job, start, userNameOf, type ActionArgs, type Clicked, type ViewArgs } from './interactions.js';

interface ModalMetadata {
  readonly deliveryId: string;
  readonly monitorId: string;
  readonly channel: string;
  readonly ts: string;
}

const MATCHER_FIELDS = ['principal', 'account', 'ip', 'userAgent', 'resource'] as const satisfies readonly (SuppressField & keyof SuppressionMatchers)[];

async function gone(client: WebClient, at: Clicked): Promise<void> {
  await ephemeral(client, at, ':warning: secmon no longer has the details of this alert: nothing was suppressed.');
}

export function createSuppressSimilarListener(deps: SlackAppDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const click = await clickedValue(deps, client, body, decodeAcknowledgeValue);
    if (click === undefined) return;
    const { at, value } = click;
    // trigger_id expires about 3 s after the click: the (cached) admin check and one read, then the modal.
    if (!(await allowed(deps, client, at, 'suppress', value.monitorId))) return;
    const stored = (await deps.state.messages.get(at.message))?.alert;
    if (stored?.deliveryId !== value.deliveryId || stored.monitor?.id !== value.monitorId || stored.activity === undefined) return gone(client, at);
    const actor = stored.activity.actor;
    const metadata: ModalMetadata = { deliveryId: value.deliveryId, monitorId: value.monitorId, channel: at.message.channel, ts: at.message.ts };
    await client.views.open({
      trigger_id: body.trigger_id,
      view: suppressSimilarModal({
        monitorId: value.monitorId,
        // As grouping does: a role session is matched by its role, since each session has a new name.
        principal: actor.sessionIssuerArn ?? actor.arn,
        account: stored.account,
        privateMetadata: JSON.stringify(metadata),
      }),
    });
  };
}

export function createSuppressSimilarSubmissionListener(deps: SlackAppDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    let meta: ModalMetadata;
    try {
      meta = JSON.parse(view.private_metadata) as ModalMetadata;
      if ([meta.deliveryId, meta.monitorId, meta.channel, meta.ts].some((part) => typeof part !== 'string')) throw new Error('incomplete metadata');
    } catch (error) {
      deps.logger.warn('unreadable suppress-similar modal', { error: error as Error });
      return ack({ response_action: 'errors', errors: { [suppressFieldId('reason')]: 'This alert can no longer be acted on.' } });
    }
    const text = (field: SuppressField) => view.state.values[suppressFieldId(field)]?.[suppressFieldId(field)]?.value?.trim() ?? '';
    const errors: Record<string, string> = {};
    const matchers: Record<string, string> = {};
    for (const field of MATCHER_FIELDS) {
      const value = text(field);
      if (value === '') continue;
      const problem = matcherProblem(field, value);
      if (problem === undefined) matchers[field] = value;
      else errors[suppressFieldId(field)] = capitalised(problem);
    }
    const seconds = parseDuration(text('duration'));
    if (seconds === undefined) errors[suppressFieldId('duration')] = 'Not a duration: use minutes, hours or days, such as 30m, 2h, 1d.';
    else if (seconds < MIN_SUPPRESSION_SECONDS || seconds > MAX_SUPPRESSION_SECONDS) errors[suppressFieldId('duration')] = 'From 1 minute to 30 days.';
    const reason = text('reason');
    if (reason === '') errors[suppressFieldId('reason')] = 'Give a reason.';
    if (Object.keys(errors).length > 0 || seconds === undefined) return ack({ response_action: 'errors', errors });
    await ack();

    const at: Clicked = { user: body.user.id, userName: userNameOf(body.user), message: { channel: meta.channel, ts: meta.ts }, value: '', blockId: '' };
    if (!(await allowed(deps, client, at, 'suppress', meta.monitorId))) return;
    // The rule is for the monitor of the alert the message still holds, nothing the modal's metadata alone says.
    const stored = (await deps.state.messages.get(at.message))?.alert;
    if (stored?.deliveryId !== meta.deliveryId || stored.monitor?.id !== meta.monitorId) return gone(client, at);
    const work = job(deps, at, 'suppress', meta.monitorId, { monitorId: meta.monitorId, matchers, durationSeconds: seconds, reason, message: at.message });
    if (await start(deps, client, at, work)) await ephemeral(client, at, `:hourglass_flowing_sand: Suppressing similar \`${meta.monitorId}\` alerts…`);
  };
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
