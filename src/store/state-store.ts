/**
 * What secmon keeps in its one DynamoDB table besides the idempotency records: alert groups, the Slack messages
 * the alerts were posted as, open alarm messages, silences of event monitors and audit records.
 *
 * One concept per method, every method keyed and typed. Races are decided by the store (conditional writes), never
 * by a read followed by a write in the caller: a method that can lose a race says so in its result type.
 * Times that only the store compares are epoch milliseconds (`number`); times that are shown are ISO strings.
 * Implementations: `DynamoStateStore` (the Lambdas) and `MemoryStateStore` (the CLI replay and unit tests); both
 * run the same contract tests.
 */
import type { Alert, AlertMessageState, RuleOutcome } from '../alerts/model.js';
import type { PostedMessage } from '../alerts/ports.js';

/** How long each kind of record outlives its use before DynamoDB's TTL removes it. */
export const RETENTION = {
  /** A group is kept for a day after its window ended (the sweep renders it in that time). */
  groupAfterWindowMs: 24 * 3600_000,
  /** Messages (and open-alarm pointers) can be re-rendered by Slack actions for 30 days. */
  messageMs: 30 * 24 * 3600_000,
  /** An ended silence is kept for a week so the sweep can summarise it even after an outage. */
  silenceAfterEndMs: 7 * 24 * 3600_000,
  auditMs: 400 * 24 * 3600_000,
  dirtyMarkerMs: 24 * 3600_000,
  /** A remediation (revert) record guards its alert's buttons as long as the message can be acted on. */
  remediationMs: 30 * 24 * 3600_000,
  /** A monitor's last alert is shown by `/secmon status` for 90 days; a quieter monitor says "no alerts yet". */
  lastAlertMs: 90 * 24 * 3600_000,
} as const;

/** DynamoDB TTL attribute value (epoch seconds) for a time in epoch milliseconds. */
export function ttlSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}

// ---------------------------------------------------------------------------------------------------------------
// Alert groups
// ---------------------------------------------------------------------------------------------------------------

/**
 * One generation of a group: the alerts with one `groupKey` that arrived within the window opened by the first.
 * `openedAt` identifies the generation: when a window ends and the key reopens, the old generation is archived
 * (it may still need its final render) and the new one takes its place.
 */
export interface GroupRef {
  readonly groupKey: string;
  /** Epoch ms when this generation was opened. */
  readonly openedAt: number;
}

export interface AlertGroup extends GroupRef {
  /** The first alert: what the message shows, and what a takeover posts when the first poster failed. */
  readonly alert: Alert;
  /** deliveryId of the first alert: its redelivery is recognised and not counted twice. */
  readonly openedBy: string;
  /** Epoch ms; alerts arriving from then on open a new generation. */
  readonly windowEndsAt: number;
  /** Alerts in this generation, the first included. Exact: every hit is an atomic ADD. */
  readonly count: number;
  /** Alert time of the first alert. */
  readonly firstSeen: string;
  /** Alert time of the most recently counted alert. */
  readonly lastSeen: string;
  /** The Slack message, once posted. A group without one is "being posted" (see `postingSince`). */
  readonly message: PostedMessage | undefined;
  /** While `message` is unset: epoch ms when the current poster took the posting lease. */
  readonly postingSince: number | undefined;
  /** Epoch ms of the last render slot claimed (the post counts as one). */
  readonly renderedAt: number | undefined;
  /** The count the last claimed render showed. */
  readonly renderedCount: number | undefined;
}

export interface OpenGroupInput {
  readonly groupKey: string;
  /** The first alert; its deliveryId and time become `openedBy` and `firstSeen`. */
  readonly alert: Alert;
  readonly now: Date;
  readonly windowMs: number;
}

export type OpenGroupResult =
  /** This call opened a new generation and holds its posting lease; `replaced` is the archived ended one. */
  | { readonly status: 'created'; readonly group: AlertGroup; readonly replaced: GroupRef | undefined }
  /** A generation whose window is still open exists (another delivery opened it first). */
  | { readonly status: 'existing' };

export interface GroupHit {
  readonly deliveryId: string;
  /** The alert's time; becomes `lastSeen`. */
  readonly seen: string;
  readonly now: Date;
}

export type GroupHitResult =
  /** Counted into the open generation; `group` is its state right after the increment. */
  | { readonly status: 'counted'; readonly group: AlertGroup }
  /** The open generation was opened by this very delivery (a retry or redelivery): not counted again. */
  | { readonly status: 'own-delivery'; readonly group: AlertGroup }
  /** No generation is open for the key (never was, or its window ended): open one. */
  | { readonly status: 'no-open-group' };

/** A group generation that needs a render the pipeline could not do at the time. */
export interface DirtyGroup extends GroupRef {
  /** The highest count known to be unrendered when the marker was (last) raised. */
  readonly count: number;
  /** Epoch ms of the last raise. */
  readonly markedAt: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------------------------

/** What a posted message shows: enough to render it again when its state changes. */
export interface MessageContent {
  readonly alert: Alert;
  readonly state: AlertMessageState;
}

/** Fields of the message state to change; a key present with the value `undefined` clears that field. */
export type MessageStatePatch = { -readonly [K in keyof AlertMessageState]?: AlertMessageState[K] };

// ---------------------------------------------------------------------------------------------------------------
// Silences
// ---------------------------------------------------------------------------------------------------------------

export interface NewSilence {
  readonly monitorId: string;
  /** ISO time the silence ends. */
  readonly until: string;
  /** Slack user id of who silenced. */
  readonly by: string;
  readonly reason: string | undefined;
  /** The alert message the silence was set from; the end-of-silence summary replies in its thread. */
  readonly message: PostedMessage | undefined;
}

export interface SilenceRecord extends NewSilence {
  /** Events not posted because of this silence. */
  readonly suppressed: number;
  /** Set by the sweep when it ends the silence: from then on the count is final. */
  readonly endedAt: string | undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Audit
// ---------------------------------------------------------------------------------------------------------------

export type AuditResult = 'succeeded' | 'failed' | 'denied';

export interface AuditRecord {
  /** ISO time of the action. */
  readonly at: string;
  /** Slack user id. */
  readonly actor: string;
  /** e.g. `monitor.enable`, `alert.revert`, `silence.set`. */
  readonly action: string;
  /** What was acted on: a monitor id, a security group, a message. */
  readonly target: string;
  readonly result: AuditResult;
  /** Human detail; never a raw AWS error. */
  readonly detail: string | undefined;
}

export interface ListAuditOptions {
  /** Only records at or after this ISO time. */
  readonly since?: string;
  /** At most this many, newest first (default 50). */
  readonly limit?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Remediations (the revert of an alert's change)
// ---------------------------------------------------------------------------------------------------------------

/**
 * `requested` (the Slack click, before the worker runs) -> `in_progress` (a worker holds the claim) -> `done` |
 * `failed`. A failed revert may be requested and started again; a done one never. An `in_progress` claim older
 * than the lease (a worker that died) may be taken over.
 */
export type RemediationStatus = 'requested' | 'in_progress' | 'done' | 'failed';

export interface RemediationRecord {
  /** The alert's deliveryId: one remediation per alert. */
  readonly deliveryId: string;
  readonly status: RemediationStatus;
  /** Slack user id of who asked first (kept across retries). */
  readonly requestedBy: string;
  readonly requestedAt: string;
  /** Slack user id of who started the current (or last) attempt. */
  readonly startedBy: string | undefined;
  readonly startedAt: string | undefined;
  readonly finishedAt: string | undefined;
  /** Token of the current attempt; only its holder may finish it. */
  readonly claim: string | undefined;
  readonly attempts: number;
  readonly outcomes: readonly RuleOutcome[];
}

export type RemediationRequestResult =
  | { readonly status: 'requested'; readonly record: RemediationRecord }
  /** In progress, done, or requested already: nothing changed. */
  | { readonly status: 'existing'; readonly record: RemediationRecord };

export type RemediationStartResult =
  /** This caller holds the claim (`record.claim`) and must finish it. */
  | { readonly status: 'started'; readonly record: RemediationRecord }
  /** Another attempt is in progress (within its lease), or it is done: nothing changed. */
  | { readonly status: 'existing'; readonly record: RemediationRecord };

export interface RemediationFinish {
  readonly claim: string;
  readonly status: 'done' | 'failed';
  readonly outcomes: readonly RuleOutcome[];
  readonly now: Date;
}

// ---------------------------------------------------------------------------------------------------------------
// Last alert per monitor (for `/secmon status`)
// ---------------------------------------------------------------------------------------------------------------

/** The most recent alert of a monitor that was posted or counted into a group. */
export interface LastAlertRecord {
  readonly monitorId: string;
  /** ISO time of the alert (the event's time, not when it was processed). */
  readonly at: string;
  /** The alert's one-line summary (truncated to MAX_LAST_ALERT_SUMMARY). */
  readonly summary: string;
  /** The Slack message that shows it; undefined while its group's first post is still being made. */
  readonly message: PostedMessage | undefined;
}

/** Summaries are shown on one line of `/secmon status`; longer ones are cut before storing. */
export const MAX_LAST_ALERT_SUMMARY = 300;

// ---------------------------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------------------------

export interface AlertStateStore {
  // -- alert groups -------------------------------------------------------------------------------------------

  /**
   * Opens a generation for `groupKey` when none exists or the current one's window has ended (the ended one is
   * archived under its `GroupRef` first, and marked dirty when it still needs its final render or post). Atomic:
   * of many concurrent callers exactly one gets `created`; it holds the posting lease (`postingSince = now`).
   */
  openGroup(input: OpenGroupInput): Promise<OpenGroupResult>;

  /** The generation `ref` names, current or archived. */
  getGroup(ref: GroupRef): Promise<AlertGroup | undefined>;

  /**
   * Counts one alert into the open generation of `groupKey`: atomic `count + 1` and `lastSeen`, and returns the
   * group as it is right after. Exact under concurrency.
   */
  recordGroupHit(groupKey: string, hit: GroupHit): Promise<GroupHitResult>;

  /**
   * Takes the posting lease of a generation that has no message yet, when nobody took it within `leaseMs`
   * (the previous poster failed or is gone). Returns the group when taken, `undefined` otherwise.
   */
  claimGroupPosting(ref: GroupRef, options: { readonly now: Date; readonly leaseMs: number }): Promise<AlertGroup | undefined>;

  /**
   * Gives up the posting lease after a failed post, so the failed delivery's own retry (or anyone) may post at
   * once instead of waiting the lease out. No effect once a message is attached.
   */
  releaseGroupPosting(ref: GroupRef): Promise<void>;

  /**
   * Records the posted message of a generation; the post counts as a render of `renderedCount` at `now`.
   * `false` when a message was attached already (a takeover won; the caller's post is a duplicate) or the
   * generation is gone.
   */
  attachGroupMessage(
    ref: GroupRef,
    message: PostedMessage,
    options: { readonly now: Date; readonly renderedCount: number },
  ): Promise<boolean>;

  /**
   * Claims the right to update the message: succeeds only when the generation has a message and its last render
   * is at least `intervalMs` old, so at most one update per interval happens however many Lambdas race. Sets
   * `renderedAt = now` and `renderedCount = count` atomically and returns the group (render exactly that count).
   */
  claimRenderSlot(ref: GroupRef, options: { readonly now: Date; readonly intervalMs: number }): Promise<AlertGroup | undefined>;

  /** Raises the dirty marker of a generation: the sweep must render at least `count`. Never lowers it. */
  markGroupDirty(ref: GroupRef, count: number, now: Date): Promise<void>;

  /** Every raised dirty marker (a Query on one partition). */
  listDirtyGroups(): Promise<DirtyGroup[]>;

  /**
   * Lowers the marker when `renderedCount` covers it (a hit that raised it higher meanwhile keeps it raised).
   * `true` when the marker is gone.
   */
  clearDirtyGroup(ref: GroupRef, renderedCount: number): Promise<boolean>;

  // -- messages -----------------------------------------------------------------------------------------------

  /** Saves a posted message's content. Never overwrites: `exists` when it was saved before (a retry). */
  createMessage(target: PostedMessage, content: MessageContent, now: Date): Promise<'created' | 'exists'>;

  getMessage(target: PostedMessage): Promise<MessageContent | undefined>;

  /**
   * Changes only the state fields in `patch` (other fields, written concurrently by others, are kept) and
   * returns the content after. `undefined` when no such message is stored.
   */
  updateMessageState(target: PostedMessage, patch: MessageStatePatch): Promise<MessageContent | undefined>;

  /** Remembers the message of an alarm that is in ALARM (replacing an older one). */
  setOpenAlarm(alarmName: string, message: PostedMessage, now: Date): Promise<void>;

  getOpenAlarm(alarmName: string): Promise<PostedMessage | undefined>;

  /** Forgets the open alarm message if it is still `message` (not a newer ALARM's). */
  clearOpenAlarm(alarmName: string, message: PostedMessage): Promise<boolean>;

  // -- silences of event monitors -----------------------------------------------------------------------------

  /** Sets (or replaces) the silence of a monitor, with `suppressed = 0`. */
  putSilence(silence: NewSilence): Promise<SilenceRecord>;

  getSilence(monitorId: string): Promise<SilenceRecord | undefined>;

  /** Removes a silence (ended early from Slack); returns it as it was, with its suppressed count. */
  deleteSilence(monitorId: string): Promise<SilenceRecord | undefined>;

  /** Silences in force at `now`. */
  listActiveSilences(now: Date): Promise<SilenceRecord[]>;

  /** Silences whose `until` has passed (or that the sweep has ended), not yet removed. */
  listExpiredSilences(now: Date): Promise<SilenceRecord[]>;

  /**
   * Counts one suppressed event, atomically, if the monitor's silence is in force at `now` and not ended.
   * Returns the new count, or `undefined` when there is no such silence (post the alert).
   */
  countSuppressed(monitorId: string, now: Date): Promise<number | undefined>;

  /**
   * Ends an expired silence: sets `endedAt`, after which `countSuppressed` no longer counts, so the returned
   * `suppressed` is final. Idempotent. `undefined` when there is no silence or it has not expired.
   */
  endSilence(monitorId: string, now: Date): Promise<SilenceRecord | undefined>;

  /** Removes a silence only if it was ended (a new silence put meanwhile is kept). */
  removeEndedSilence(monitorId: string): Promise<boolean>;

  // -- remediations -------------------------------------------------------------------------------------------

  /** Records a click on "revert": creates the record as `requested` when there is none or the last one failed. */
  requestRemediation(input: { readonly deliveryId: string; readonly by: string; readonly now: Date }): Promise<RemediationRequestResult>;

  /**
   * Claims the remediation for one attempt: `requested`, `failed` or absent (created), or `in_progress` with a claim
   * older than `leaseMs`, becomes `in_progress` with a new claim token. Atomic: of concurrent callers one starts.
   */
  startRemediation(
    deliveryId: string,
    input: { readonly by: string; readonly now: Date; readonly leaseMs: number },
  ): Promise<RemediationStartResult>;

  /**
   * Ends the attempt holding `claim` as `done` or `failed` with its outcomes. `undefined` when the claim was lost
   * (taken over after the lease, or already finished): nothing changed.
   */
  finishRemediation(deliveryId: string, finish: RemediationFinish): Promise<RemediationRecord | undefined>;

  getRemediation(deliveryId: string): Promise<RemediationRecord | undefined>;

  // -- last alert per monitor --------------------------------------------------------------------------------

  /**
   * Remembers `record` as its monitor's last alert unless a later one (by `at`) is stored already: deliveries
   * arrive out of order, and an older one must not hide a newer one. Atomic. `true` when stored.
   */
  recordLastAlert(record: LastAlertRecord): Promise<boolean>;

  /** The last alert of every monitor that has one (a Query on one partition), ordered by monitor id. */
  listLastAlerts(): Promise<LastAlertRecord[]>;

  // -- audit --------------------------------------------------------------------------------------------------

  putAudit(record: AuditRecord): Promise<void>;

  listAudit(options?: ListAuditOptions): Promise<AuditRecord[]>;
}

/** Parses an ISO time into epoch ms; `undefined` when it is not a time. */
export function parseTime(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export const DEFAULT_AUDIT_LIMIT = 50;
