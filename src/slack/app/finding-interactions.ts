/**
 * The Suppress and Resolve buttons of finding alerts. As for revert and keep (src/slack/app/interactions.ts): in the
 * listener only the admin check, the reason (a modal, for Suppress), a check that the message still holds the finding
 * the button names, and the hand-off; the worker reads the finding from the stored alert and writes to its source.
 */
import type { WebClient } from '@slack/web-api';
import { decodeFindingValue, type FindingValue } from '../../../blocks/action-values.js';
import { FINDING_SOURCE_NAMES, MAX_SUPPRESS_REASON, SUPPRESS_AT_SOURCE } from '../../actions/findings/sources.js';
import type { SlackAppDeps } from './deps.js';
import { allowed, clickedValue, ephemeral, job, start, userNameOf, type ActionArgs, type Clicked, type ViewArgs } from './interactions.js';

export const FINDING_SUPPRESS_CALLBACK_ID = 'secmon_finding_suppress_reason';
export const FINDING_SUPPRESS_BLOCK_ID = 'secmon_finding_suppress_reason_block';
export const FINDING_SUPPRESS_ACTION_ID = 'secmon_finding_suppress_reason_input';
const MIN_REASON = 3;

/** The audit target of a finding action: the source and the finding's id, from the stored alert. */
async function storedTarget(deps: SlackAppDeps, at: Clicked, value: FindingValue): Promise<string | undefined> {
  const stored = await deps.state.messages.get(at.message);
  const finding = stored?.alert.finding;
  if (stored?.alert.deliveryId !== value.deliveryId || finding?.source !== value.source) return undefined;
  return `${finding.source} finding ${finding.id}`.slice(0, 512);
}

async function gone(client: WebClient, at: Clicked, verb: string): Promise<void> {
  await ephemeral(client, at, `:warning: secmon no longer has the details of this finding: nothing was ${verb}.`);
}

export function createFindingSuppressListener(deps: SlackAppDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const click = await clickedValue(deps, client, body, decodeFindingValue);
    if (click === undefined) return;
    const { at, value } = click;
    // trigger_id expires about 3 s after the click: the (cached) admin check, then the modal, nothing slow between.
    if (!(await allowed(deps, client, at, 'finding-suppress', `${value.source} finding`))) return;
    const name = FINDING_SOURCE_NAMES[value.source];
    const atSource = SUPPRESS_AT_SOURCE[value.source];
    const what =
      atSource === undefined
        ? `secmon does not write back to ${name}: the suppression is recorded in secmon only, and the finding stays open in ${name}.`
        : `At ${name}: ${atSource}. The reason is recorded in secmon's audit trail.`;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: FINDING_SUPPRESS_CALLBACK_ID,
        private_metadata: JSON.stringify({ value: at.value, channel: at.message.channel, ts: at.message.ts }),
        title: { type: 'plain_text', text: 'Suppress this finding' },
        submit: { type: 'plain_text', text: 'Suppress' },
        close: { type: 'plain_text', text: 'Cancel' },
        blocks: [
          { type: 'section', text: { type: 'plain_text', text: what } },
          {
            type: 'input',
            block_id: FINDING_SUPPRESS_BLOCK_ID,
            label: { type: 'plain_text', text: 'Why is this finding suppressed?' },
            element: { type: 'plain_text_input', action_id: FINDING_SUPPRESS_ACTION_ID, multiline: true, min_length: MIN_REASON, max_length: MAX_SUPPRESS_REASON },
          },
        ],
      },
    });
  };
}

export function createFindingSuppressSubmissionListener(deps: SlackAppDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    let meta: { value: string; channel: string; ts: string };
    let value: FindingValue;
    try {
      meta = JSON.parse(view.private_metadata) as { value: string; channel: string; ts: string };
      value = decodeFindingValue(meta.value);
    } catch (error) {
      deps.logger.warn('unreadable suppress modal', { error: error as Error });
      return ack({ response_action: 'errors', errors: { [FINDING_SUPPRESS_BLOCK_ID]: 'This alert can no longer be acted on.' } });
    }
    const reason = view.state.values[FINDING_SUPPRESS_BLOCK_ID]?.[FINDING_SUPPRESS_ACTION_ID]?.value?.trim() ?? '';
    if (reason.length < MIN_REASON) return ack({ response_action: 'errors', errors: { [FINDING_SUPPRESS_BLOCK_ID]: 'Give a reason.' } });
    await ack();
    const at: Clicked = { user: body.user.id, userName: userNameOf(body.user), message: { channel: meta.channel, ts: meta.ts }, value: meta.value, blockId: '' };
    if (!(await allowed(deps, client, at, 'finding-suppress', `${value.source} finding`))) return;
    const target = await storedTarget(deps, at, value);
    if (target === undefined) return gone(client, at, 'suppressed');
    const work = job(deps, at, 'finding-suppress', target, { deliveryId: value.deliveryId, reason, message: at.message });
    if (await start(deps, client, at, work)) await ephemeral(client, at, `:hourglass_flowing_sand: Suppressing the ${FINDING_SOURCE_NAMES[value.source]} finding…`);
  };
}

export function createFindingResolveListener(deps: SlackAppDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const click = await clickedValue(deps, client, body, decodeFindingValue);
    if (click === undefined) return;
    const { at, value } = click;
    if (!(await allowed(deps, client, at, 'finding-resolve', `${value.source} finding`))) return;
    const target = await storedTarget(deps, at, value);
    if (target === undefined) return gone(client, at, 'resolved');
    const work = job(deps, at, 'finding-resolve', target, { deliveryId: value.deliveryId, message: at.message });
    if (await start(deps, client, at, work)) await ephemeral(client, at, `:hourglass_flowing_sand: Resolving the ${FINDING_SOURCE_NAMES[value.source]} finding…`);
  };
}
