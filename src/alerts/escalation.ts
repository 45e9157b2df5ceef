/**
 * Escalation of critical alerts nobody acknowledged (ESCALATE_AFTER_MINUTES; off by default).
 *
 * - When a critical alert's message is posted (not a test, not INSUFFICIENT_DATA), its escalation starts: an
 *   `escalation` item due `afterMs` later (src/store/escalations/).
 * - Each sweep, for each one due: if its message shows it handled (acknowledged, kept, or a revert asked for), it is
 *   dropped without a word. Otherwise it is claimed (one sweep at a time), and, each step recorded once done so a
 *   failed sweep resumes where it stopped: a reply in the alert's thread mentioning the on-call user group; one post
 *   in the channel linking the alert; an incident in PagerDuty and/or Opsgenie when their keys are in the Slack
 *   secret. Then it is removed (no incident) or marked escalated, waiting for the acknowledgement that resolves its
 *   incidents (the worker, src/alerts/escalation-resolve.ts); one acknowledged while its incidents were being opened
 *   has them resolved here, since the worker may have looked before they were recorded; and so does one whose
 *   acknowledgement the worker could not resolve (it does not retry).
 */
import { safeText } from '../../blocks/escape.js';
import type { IncidentClient } from '../incidents/incident.js';
import type { StateStores } from '../store/index.js';
import type { Escalation, IncidentService } from '../store/escalations/escalations.js';
import { NEW_MESSAGE_STATE, type AlertMessageState, type Alert } from './model.js';
import type { PipelineOutcome } from './pipeline.js';
import type { PostedMessage, SlackMessenger } from './ports.js';

/** Longer than one escalation takes (two Slack calls, two incident requests with their retries). */
export const ESCALATION_LEASE_MS = 60_000;
/**
 * Time the sweep keeps for the rest of its work (groups, silences, reverts, floods): with an incident service down,
 * escalations stop starting below it and wait for the next sweep, rather than the invocation timing out.
 */
export const SWEEP_RESERVE_MS = 15_000;

export interface EscalationSettings {
  readonly afterMs: number;
  /** A Slack user group id (`S…`) to mention; undefined: no mention. */
  readonly userGroup: string | undefined;
}

export type EscalationState = Pick<StateStores, 'escalations' | 'messages'>;

export interface EscalationDeps extends EscalationSettings {
  readonly state: EscalationState;
  readonly slack: SlackMessenger;
  /** The incident services configured (keys in the Slack secret); resolved only when one is due. */
  readonly incidents: () => Promise<readonly IncidentClient[]>;
  readonly now: () => Date;
  readonly leaseMs?: number;
  /** Milliseconds left in the invocation (default: no limit). */
  readonly remainingMs?: () => number;
}

export type SweptEscalation =
  | { readonly action: 'escalated'; readonly message: PostedMessage; readonly incidents: readonly IncidentService[] }
  /** Escalated earlier, acknowledged since, and its incidents still open (the worker could not resolve them). */
  | { readonly action: 'resolved'; readonly message: PostedMessage; readonly incidents: readonly IncidentService[] }
  /** Acknowledged (or otherwise handled) in time: nothing posted. */
  | { readonly action: 'dropped'; readonly message: PostedMessage }
  /** Another sweep holds it. */
  | { readonly action: 'busy'; readonly message: PostedMessage };

/** Starts the escalation of a critical alert the pipeline just posted; nothing for anything else. */
export async function startEscalation(
  state: Pick<StateStores, 'escalations'>,
  alert: Alert,
  outcome: PipelineOutcome,
  options: { readonly now: Date; readonly afterMs: number },
): Promise<boolean> {
  if (alert.severity !== 'critical' || outcome.kind !== 'posted' || outcome.as === 'test' || outcome.as === 'insufficient-data') return false;
  await state.escalations.add(
    outcome.message,
    { deliveryId: alert.deliveryId, title: alert.title, summary: alert.summary, account: alert.account, monitorId: alert.monitor?.id, time: alert.time },
    options,
  );
  return true;
}

/** Whether someone took the alert on: acknowledged it, kept its change, or asked for its revert. */
export function isHandled(state: AlertMessageState): boolean {
  return state.acknowledged !== undefined || state.kept !== undefined || state.remediation !== undefined;
}

/**
 * Escalates the due escalations, earliest first, while the invocation has time (the rest wait for the next sweep);
 * every one started is attempted even when another fails, and failures are returned with their message.
 */
export async function escalateDue(deps: EscalationDeps): Promise<{ swept: SweptEscalation[]; failures: { message: PostedMessage; error: unknown }[] }> {
  const swept: SweptEscalation[] = [];
  const failures: { message: PostedMessage; error: unknown }[] = [];
  const { due, escalated } = await deps.state.escalations.list(deps.now());
  const attempt = async (escalation: Escalation, step: (deps: EscalationDeps, escalation: Escalation) => Promise<SweptEscalation | undefined>) => {
    try {
      const done = await step(deps, escalation);
      if (done !== undefined) swept.push(done);
    } catch (error) {
      failures.push({ message: escalation.message, error });
    }
  };
  for (const escalation of due) {
    if ((deps.remainingMs?.() ?? Infinity) < SWEEP_RESERVE_MS) break;
    await attempt(escalation, escalate);
  }
  for (const escalation of escalated) {
    if ((deps.remainingMs?.() ?? Infinity) < SWEEP_RESERVE_MS) break;
    await attempt(escalation, resolveIfAcknowledged);
  }
  return { swept, failures };
}

/**
 * The worker resolves an escalation's incidents on acknowledge; should it fail (it does not retry), the sweep finds
 * the message acknowledged and the escalation still there, and resolves them.
 */
async function resolveIfAcknowledged(deps: EscalationDeps, escalation: Escalation): Promise<SweptEscalation | undefined> {
  const content = await deps.state.messages.get(escalation.message);
  if (content === undefined || !isHandled(content.state)) return undefined;
  await resolveAll(await deps.incidents(), escalation, 'Acknowledged in Slack');
  await deps.state.escalations.remove(escalation.message);
  return { action: 'resolved', message: escalation.message, incidents: escalation.incidents };
}

async function resolveAll(clients: readonly IncidentClient[], escalation: Pick<Escalation, 'alert' | 'incidents'>, note: string): Promise<void> {
  for (const client of clients) if (escalation.incidents.includes(client.service)) await client.resolve(escalation.alert.deliveryId, note);
}

async function escalate(deps: EscalationDeps, due: Escalation): Promise<SweptEscalation> {
  const { escalations, messages } = deps.state;
  const { message } = due;
  const content = await messages.get(message);
  // A message secmon no longer has cannot show an acknowledgement: escalated (fail towards calling someone).
  if (content !== undefined && isHandled(content.state)) {
    await escalations.remove(message);
    return { action: 'dropped', message };
  }
  const claimed = await escalations.claim(message, { now: deps.now(), leaseMs: deps.leaseMs ?? ESCALATION_LEASE_MS });
  if (claimed === undefined) return { action: 'busy', message };

  const minutes = Math.round(deps.afterMs / 60_000);
  const mention = deps.userGroup === undefined ? '' : `<!subteam^${deps.userGroup}> `;
  const waited = `not acknowledged after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  if (!claimed.replied) {
    await deps.slack.reply(message, `${mention}:rotating_light: This critical alert was ${waited}.`);
    await escalations.markStep(message, 'replied');
  }
  // The link is best effort: without it the post still names the alert and where its thread is.
  const link = await deps.slack.permalink?.(message).catch(() => undefined);
  if (!claimed.posted) {
    const title = safeText(claimed.alert.title);
    const text = `${mention}:rotating_light: Critical alert ${waited}: ${link === undefined ? `*${title}* (see its thread)` : `<${link}|${title}>`}`;
    // A plain-text message: the Slack client sends `text` alone when there are no blocks.
    await deps.slack.post(message.channel, { text, blocks: [] });
    await escalations.markStep(message, 'posted');
  }
  const clients = await deps.incidents();
  const opened = [...claimed.incidents];
  for (const client of clients) {
    if (opened.includes(client.service)) continue;
    await client.open({ ...claimed.alert, link });
    opened.push(client.service);
    await escalations.markIncidents(message, opened);
  }
  if (opened.length === 0) {
    await escalations.remove(message);
  } else if (isHandled((await messages.get(message))?.state ?? NEW_MESSAGE_STATE)) {
    // Acknowledged while the incidents were being opened: the worker may have looked before they were recorded.
    await resolveAll(clients, { alert: claimed.alert, incidents: opened }, 'Acknowledged in Slack during the escalation');
    await escalations.remove(message);
  } else {
    await escalations.markEscalated(message);
  }
  return { action: 'escalated', message, incidents: opened };
}
