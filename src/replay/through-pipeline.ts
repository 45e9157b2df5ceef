/**
 * Replayed alerts through the real alert pipeline (`processAlert`, then `sweep`), with the state modules on a memory table and
 * the caller's renderer (the CLI wires blocks/alert.ts): grouping, silences and rendering behave as deployed. The pipeline clock is each alert's own event
 * time, so replayed history groups the way it would have live; the sweep at the end runs once every render slot and
 * posting lease of the replay has passed, so every group's message shows its exact final count.
 *
 * Every message the pipeline posts or updates is recorded (its last text and blocks, how often it was updated):
 * `secmon replay --slack` reports them, `--preview` writes them.
 */
import type { Alert } from '../alerts/model.js';
import { DEFAULT_POST_LEASE_MS, DEFAULT_UPDATE_INTERVAL_MS, processAlert, type PipelineOutcome } from '../alerts/pipeline.js';
import type { AlertRenderer, PostedMessage, SlackMessage, SlackMessenger } from '../alerts/ports.js';
import { sweep, SweepError } from '../alerts/sweep.js';
import { SecmonError } from '../errors.js';
import { createStateStores } from '../store/index.js';
import { MemoryTable } from '../store/table/memory-table.js';

export interface ReplayedMessage {
  readonly target: PostedMessage;
  /** What the channel shows in the end: the last text and blocks posted or updated. */
  readonly message: SlackMessage;
  /** The alert the message shows (a group's first alert); undefined for plain-text notices. */
  readonly alert: Alert | undefined;
  /** How many alerts the message counts: 1, or the group's final count. */
  readonly count: number;
  readonly updates: number;
}

export type OutcomeCounts = Readonly<Record<PipelineOutcome['kind'], number>>;

export interface ReplayDelivery {
  /** Alerts the pipeline processed (all of them, unless it failed). */
  readonly processed: number;
  readonly outcomes: OutcomeCounts;
  /** In the order they were first posted. */
  readonly messages: readonly ReplayedMessage[];
  /** Why the replay stopped early (a Slack failure); what was done before it is reported above. */
  readonly failure: SecmonError | undefined;
}

export interface ReplayPipelineOptions {
  readonly slack: SlackMessenger;
  readonly render: AlertRenderer;
  readonly channel: string;
  readonly groupWindowMs?: number;
}

export async function replayThroughPipeline(alerts: readonly Alert[], options: ReplayPipelineOptions): Promise<ReplayDelivery> {
  const recorder = recordingMessenger(options.slack);
  const state = createStateStores(new MemoryTable());
  let clock = new Date(0);
  const deps = {
    state,
    slack: recorder.messenger,
    render: options.render,
    channel: options.channel,
    now: () => clock,
    ...(options.groupWindowMs !== undefined ? { groupWindowMs: options.groupWindowMs } : {}),
  };
  // No post budget in replays (held stays 0), and no suppression rules (a fresh memory table: suppressed stays 0).
  const outcomes = { posted: 0, grouped: 0, silenced: 0, suppressed: 0, resolved: 0, ignored: 0, counted: 0, held: 0, updated: 0 };
  let processed = 0;
  let failure: SecmonError | undefined;
  try {
    for (const alert of alerts) {
      clock = clockFor(alert, clock);
      outcomes[(await processAlert(alert, deps)).kind]++;
      processed++;
    }
    clock = new Date(clock.getTime() + Math.max(DEFAULT_UPDATE_INTERVAL_MS, DEFAULT_POST_LEASE_MS) + 1);
    await sweep(deps);
  } catch (error) {
    failure = asFailure(error);
  }
  const messages: ReplayedMessage[] = [];
  for (const [, recorded] of recorder.messages) {
    const content = await state.messages.get(recorded.target);
    messages.push({
      target: recorded.target,
      message: recorded.message,
      alert: content?.alert,
      count: content?.state.group?.count ?? 1,
      updates: recorded.updates,
    });
  }
  return { processed, outcomes, messages, failure };
}

/** The alert's event time; never earlier than the clock already is (alerts come sorted; odd times keep the clock). */
function clockFor(alert: Alert, current: Date): Date {
  const at = Date.parse(alert.time);
  return Number.isNaN(at) || at < current.getTime() ? current : new Date(at);
}

/** Slack and store failures stop the replay; anything else is a bug and propagates. */
function asFailure(error: unknown): SecmonError {
  if (error instanceof SweepError) {
    // The first item's own error names Slack's code; the sweep's message only counts the failures.
    const first = error.failures[0]?.error;
    return first instanceof SecmonError ? first : error;
  }
  if (error instanceof SecmonError) return error;
  throw error;
}

interface RecordedMessage {
  readonly target: PostedMessage;
  message: SlackMessage;
  updates: number;
}

/** Passes every call on and remembers the last content of each message, keyed by channel and ts. */
function recordingMessenger(inner: SlackMessenger): { messenger: SlackMessenger; messages: Map<string, RecordedMessage> } {
  const messages = new Map<string, RecordedMessage>();
  const keyOf = (target: PostedMessage) => `${target.channel}/${target.ts}`;
  const messenger: SlackMessenger = {
    async post(channel, message) {
      const target = await inner.post(channel, message);
      messages.set(keyOf(target), { target, message, updates: 0 });
      return target;
    },
    async update(target, message) {
      await inner.update(target, message);
      const recorded = messages.get(keyOf(target));
      if (recorded === undefined) messages.set(keyOf(target), { target, message, updates: 1 });
      else {
        recorded.message = message;
        recorded.updates++;
      }
    },
    reply: (target, text) => inner.reply(target, text),
  };
  return { messenger, messages };
}

/** A messenger that posts nowhere: each post gets the next made-up ts. For previews. */
export function offlineMessenger(): SlackMessenger {
  let next = 0;
  return {
    post: async (channel) => ({ channel, ts: `${++next}.000000` }),
    update: async () => undefined,
    reply: async () => undefined,
  };
}
