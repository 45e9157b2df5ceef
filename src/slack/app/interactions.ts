/**
 * The buttons and the select of alert messages. In the listener (fast: a few store writes, one or two Slack calls):
 * acknowledge completely; for silence, revert and keep only the authorization, the "working on it" state and the
 * hand-off to the worker. Refusals are ephemeral, make no AWS call, and go to the worker for the audit trail (as do
 * acknowledgements: the worker alone writes audit records).
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { KnownBlock } from '@slack/types';
import {
  decodeAcknowledgeValue,
  decodeKeepValue,
  decodeRevertValue,
  decodeSilenceValue,
  deliveryIdFromBlockId,
} from '../../../blocks/action-values.js';
import { renderAlert } from '../../../blocks/alert.js';
import { userMention } from '../../../blocks/escape.js';
import { undoSubject } from '../../../blocks/undo.js';
import type { ActionName } from '../../actions/types.js';
import type { PostedMessage } from '../../alerts/ports.js';
import { isSecmonError } from '../../errors.js';
import type { MessageStatePatch } from '../../store/messages/messages.js';
import { REVERT_LEASES, type RemediationRecord } from '../../store/remediations/remediations.js';
import { isAdminOnly } from './authorize.js';
import { REFUSAL_TEXT, type SlackAppDeps } from './deps.js';
import { handOff, handOffRecord } from './hand-off.js';
import type { ActionJobPayload } from './job.js';

export const KEEP_REASON_CALLBACK_ID = 'secmon_keep_reason';
export const KEEP_REASON_BLOCK_ID = 'secmon_keep_reason_block';
export const KEEP_REASON_ACTION_ID = 'secmon_keep_reason_input';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export interface Clicked {
  readonly user: string;
  /** The Slack user name, when the payload has one (for the logs; identities are compared by id and e-mail). */
  readonly userName: string | undefined;
  readonly message: PostedMessage;
  readonly value: string;
  readonly blockId: string;
}

function clicked(body: BlockAction): Clicked | undefined {
  const action = body.actions[0];
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  if (!action || channel === undefined || ts === undefined) return undefined;
  const value =
    action.type === 'static_select' ? action.selected_option?.value : action.type === 'button' ? action.value : undefined;
  return { user: body.user.id, userName: userNameOf(body.user), message: { channel, ts }, value: value ?? '', blockId: action.block_id };
}

export function userNameOf(user: { username?: string; name?: string }): string | undefined {
  const name = user.username ?? user.name;
  return name === undefined || name.trim() === '' ? undefined : name;
}

export async function ephemeral(client: WebClient, at: Clicked, text: string): Promise<void> {
  await client.chat.postEphemeral({ channel: at.message.channel, user: at.user, text });
}

async function threadReply(client: WebClient, message: PostedMessage, text: string): Promise<void> {
  await client.chat.postMessage({ channel: message.channel, thread_ts: message.ts, text, unfurl_links: false });
}

async function rerender(deps: SlackAppDeps, client: WebClient, message: PostedMessage, patch: MessageStatePatch): Promise<boolean> {
  const content = await deps.state.messages.updateState(message, patch);
  if (!content) return false;
  const rendered = renderAlert(content.alert, content.state);
  await client.chat.update({ channel: message.channel, ts: message.ts, text: rendered.text, blocks: rendered.blocks as KnownBlock[] });
  return true;
}

const actorOf = (at: Clicked) => ({ userId: at.user, ...(at.userName !== undefined ? { userName: at.userName } : {}) });

/** Admin check with refusal (ephemeral, and the refusal handed to the worker's audit trail); true when the user may go on. */
export async function allowed(deps: SlackAppDeps, client: WebClient, at: Clicked, action: ActionName, target: string): Promise<boolean> {
  if (!isAdminOnly(action) || (await deps.admins.isAdmin(at.user, client))) return true;
  deps.logger.info('refused: not a secmon admin', { actor: at.user, action, target });
  await handOffRecord(deps, { kind: 'refusal', action, actor: actorOf(at), requestedAt: deps.now().toISOString(), target, reason: 'not a secmon admin' });
  await ephemeral(client, at, REFUSAL_TEXT);
  return false;
}

export function job(deps: SlackAppDeps, at: Clicked, action: ActionName, target: string, params: Record<string, unknown>): ActionJobPayload {
  return {
    kind: 'action',
    action,
    params,
    actor: actorOf(at),
    requestedAt: deps.now().toISOString(),
    reply: { message: at.message, channel: at.message.channel },
    target,
  };
}

/** Hands the job over; on failure says so to the user. True when the worker will run it. */
export async function start(deps: SlackAppDeps, client: WebClient, at: Clicked, work: ActionJobPayload, id?: string): Promise<boolean> {
  try {
    await handOff(deps, work, id);
    return true;
  } catch (error) {
    deps.logger.error('worker hand-off failed', { action: work.action, error: error as Error });
    await ephemeral(client, at, ':x: secmon could not start this just now. Try again in a minute.');
    return false;
  }
}

/** A value that does not decode (an old or tampered button): say so, touch nothing. */
async function unreadable(deps: SlackAppDeps, client: WebClient, at: Clicked, error: unknown): Promise<void> {
  if (!isSecmonError(error, 'INPUT_INVALID')) throw error;
  deps.logger.warn('unreadable button value', { error: error as Error });
  await ephemeral(client, at, ':warning: This button is from a message secmon can no longer act on.');
}

/**
 * The click and its button's value, decoded; undefined when there is nothing to act on (no message) or the value does
 * not decode (the user is told, by `unreadable`).
 */
export async function clickedValue<T>(deps: SlackAppDeps, client: WebClient, body: ActionArgs['body'], decode: (value: string) => T): Promise<{ at: Clicked; value: T } | undefined> {
  const at = clicked(body);
  if (!at) return undefined;
  try {
    return { at, value: decode(at.value) };
  } catch (error) {
    await unreadable(deps, client, at, error);
    return undefined;
  }
}

export function createAcknowledgeListener(deps: SlackAppDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const click = await clickedValue(deps, client, body, decodeAcknowledgeValue);
    if (click === undefined) return;
    const { at } = click;
    const { monitorId } = click.value;
    const now = deps.now().toISOString();
    const updated = await rerender(deps, client, at.message, { acknowledged: { by: at.user, at: now } });
    if (!updated) return ephemeral(client, at, ':warning: secmon no longer tracks this alert (older than 30 days).');
    await Promise.all([
      handOffRecord(deps, { kind: 'acknowledge', actor: actorOf(at), requestedAt: now, message: at.message, target: monitorId }),
      threadReply(client, at.message, `:eyes: ${userMention(at.user)} acknowledged this alert.`),
    ]);
  };
}

export function createSilenceListener(deps: SlackAppDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const at = clicked(body);
    if (!at) return;
    let value;
    try {
      value = decodeSilenceValue(at.value);
      deliveryIdFromBlockId(at.blockId);
    } catch (error) {
      return unreadable(deps, client, at, error);
    }
    if (!(await allowed(deps, client, at, 'silence', value.monitorId))) return;
    const work = job(deps, at, 'silence', value.monitorId, { monitorId: value.monitorId, durationSeconds: value.seconds, message: at.message });
    if (await start(deps, client, at, work)) {
      await ephemeral(client, at, `:hourglass_flowing_sand: Silencing \`${value.monitorId}\` for ${value.duration}…`);
    }
  };
}

export function createRevertListener(deps: SlackAppDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const click = await clickedValue(deps, client, body, decodeRevertValue);
    if (click === undefined) return;
    const { at, value } = click;
    if (!(await allowed(deps, client, at, 'revert', value.groupId))) return;
    // The worker reverts what the stored alert says; the button only has to point at that alert.
    const stored = await deps.state.messages.get(at.message);
    const target = stored?.alert.revert;
    if (!target || stored?.alert.deliveryId !== value.deliveryId || target.groupId !== value.groupId || target.eventId !== value.eventId) {
      return ephemeral(client, at, ':warning: secmon no longer has the details of this change: nothing was reverted.');
    }
    await startRemediation(deps, client, at, { action: 'revert', subject: value.groupId, deliveryId: value.deliveryId, already: alreadyText });
  };
}

/**
 * Requests the remediation of an alert (Revert or Undo) and hands it to the worker: a stale request or claim (its
 * worker never started, or died) is taken over; an existing one (running, done, kept) starts nothing and says so.
 */
export async function startRemediation(
  deps: SlackAppDeps,
  client: WebClient,
  at: Clicked,
  remediation: {
    readonly action: 'revert' | 'undo';
    readonly subject: string;
    readonly deliveryId: string;
    readonly already: (record: RemediationRecord) => string;
    /** An undo's choice: also enable the KMS key (the undo action refuses it for any other kind). */
    readonly enableKey?: boolean;
  },
): Promise<void> {
  const { deliveryId } = remediation;
  const now = deps.now();
  const jobId = deps.newId();
  const requested = await deps.state.remediations.request({ deliveryId, by: at.user, now, attempt: jobId, leases: REVERT_LEASES });
  if (requested.status === 'existing') return ephemeral(client, at, `:information_source: ${remediation.already(requested.record)}: nothing more was started.`);
  // Open until it ends: the sweep finds it there if its worker never finishes.
  await deps.state.openReverts.add({ deliveryId, message: at.message }, now);
  // The message says "Reverting…"/"Undoing…" before the worker starts: a second click sees it at once.
  await rerender(deps, client, at.message, { remediation: { status: 'in_progress', by: at.user, at: now.toISOString(), outcomes: [] } });
  const work = job(deps, at, remediation.action, remediation.subject, { deliveryId, message: at.message, ...(remediation.enableKey === true ? { enableKey: true } : {}) });
  if (!(await start(deps, client, at, work, jobId))) {
    // Nothing will run: release the request and show the button again, for a click at once.
    await deps.state.remediations.abandon(deliveryId, { attempt: jobId, now: deps.now(), outcomes: [] });
    await rerender(deps, client, at.message, { remediation: undefined });
  }
}

function alreadyText(record: RemediationRecord): string {
  switch (record.status) {
    case 'kept':
      return `This change was kept${record.kept === undefined ? '' : ` by ${userMention(record.kept.by)}`}`;
    case 'done':
      return `This change was already reverted by ${userMention(record.startedBy ?? record.requestedBy ?? '')}`;
    default:
      return `A revert of this change is already in progress, asked for by ${userMention(record.startedBy ?? record.requestedBy ?? '')}`;
  }
}

export function createKeepListener(deps: SlackAppDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const at = clicked(body);
    if (!at) return;
    // trigger_id expires about 3 s after the click: open the modal before anything slow. The admin check (cached)
    // comes first only because a refused user must not be asked for a reason.
    if (!(await allowed(deps, client, at, 'keep', 'change'))) return;
    try {
      decodeKeepValue(at.value);
    } catch (error) {
      return unreadable(deps, client, at, error);
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: KEEP_REASON_CALLBACK_ID,
        private_metadata: JSON.stringify({ value: at.value, channel: at.message.channel, ts: at.message.ts }),
        title: { type: 'plain_text', text: 'Keep this change' },
        submit: { type: 'plain_text', text: 'Keep change' },
        close: { type: 'plain_text', text: 'Cancel' },
        blocks: [
          {
            type: 'input',
            block_id: KEEP_REASON_BLOCK_ID,
            label: { type: 'plain_text', text: 'Why is this change approved?' },
            element: { type: 'plain_text_input', action_id: KEEP_REASON_ACTION_ID, multiline: true, max_length: 500 },
          },
        ],
      },
    });
  };
}

export function createKeepSubmissionListener(deps: SlackAppDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    let meta: { value: string; channel: string; ts: string };
    let value;
    try {
      meta = JSON.parse(view.private_metadata) as { value: string; channel: string; ts: string };
      value = decodeKeepValue(meta.value);
    } catch (error) {
      deps.logger.warn('unreadable keep modal', { error: error as Error });
      return ack({ response_action: 'errors', errors: { [KEEP_REASON_BLOCK_ID]: 'This alert can no longer be acted on.' } });
    }
    const reason = view.state.values[KEEP_REASON_BLOCK_ID]?.[KEEP_REASON_ACTION_ID]?.value?.trim() ?? '';
    if (reason === '') return ack({ response_action: 'errors', errors: { [KEEP_REASON_BLOCK_ID]: 'Give a reason.' } });
    await ack();
    const at: Clicked = {
      user: body.user.id,
      userName: userNameOf(body.user),
      message: { channel: meta.channel, ts: meta.ts },
      value: meta.value,
      blockId: '',
    };
    // The audit names the security group of a revert's change, or the kind and region of an undo's.
    const changed = value.groupId ?? undoSubject({ kind: value.undoKind ?? 'change', region: value.region });
    if (!(await allowed(deps, client, at, 'keep', changed))) return;
    // Who made the change is read by the worker from the stored alert, not passed along.
    await start(deps, client, at, job(deps, at, 'keep', changed, { deliveryId: value.deliveryId, reason, message: at.message }));
  };
}
