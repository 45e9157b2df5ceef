/**
 * Remediations: the revert of an alert's change, one per alert, as a state machine decided by conditional writes.
 *
 * `requested` (the Slack click, before the worker runs) -> `in_progress` (a worker holds the claim) -> `done` |
 * `failed`; or `kept` (someone approved keeping the change). A failed revert may be requested and started again, or
 * kept; a done or kept one never changes again, so a revert and a keep exclude each other: whichever conditional
 * write comes first decides. A claim is the attempt's job id: only the worker running that job may finish it.
 *
 * Stale claims: a `requested` older than the request lease (its worker never started) or an `in_progress` older
 * than the claim lease (its worker died: the lease outlives the worker's timeout) may be requested again by the
 * next click, taken over by a worker, or ended as `failed` by the sweep.
 *
 * | item        | pk                          | sk       |
 * |-------------|-----------------------------|----------|
 * | remediation | `remediation#<deliveryId>`  | `revert` |
 *
 * TTL: 30 days after the last change (as long as the message's buttons can be clicked).
 */
import type { RuleOutcome } from '../../alerts/model.js';
import { SecmonError } from '../../errors.js';
import { malformed, num, oneOf, optStr, plain, requireKey, str } from '../table/decode.js';
import {
  and,
  ifMissing,
  is,
  isOneOf,
  itemExists,
  itemMissing,
  or,
  ttlSeconds,
  type Changes,
  type Condition,
  type Item,
  type ItemKey,
  type StateTable,
} from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const REMEDIATION_KIND: StateKind = 'remediation';

/** A remediation record guards its alert's buttons as long as the message can be acted on. */
export const REMEDIATION_RETENTION_MS = 30 * 24 * 3600_000;

const STATUSES = ['requested', 'in_progress', 'done', 'failed', 'kept'] as const;
export type RemediationStatus = (typeof STATUSES)[number];

export interface RemediationRecord {
  /** The alert's deliveryId: one remediation per alert. */
  readonly deliveryId: string;
  readonly status: RemediationStatus;
  /** Slack user id of who asked for the current (or last) revert; undefined when it was kept without one. */
  readonly requestedBy: string | undefined;
  readonly requestedAt: string | undefined;
  /** Slack user id of who started the current (or last) attempt. */
  readonly startedBy: string | undefined;
  readonly startedAt: string | undefined;
  readonly finishedAt: string | undefined;
  /** The job id of the current (or last) attempt; only the worker running it may finish it. */
  readonly attempt: string | undefined;
  readonly attempts: number;
  readonly outcomes: readonly RuleOutcome[];
  /** Who approved keeping the change, when, and why (status `kept`). */
  readonly kept: { readonly by: string; readonly at: string; readonly reason: string } | undefined;
}

/** When a claim is presumed abandoned. */
export interface RemediationLeases {
  /** A `requested` revert whose worker has not started after this long. */
  readonly requestMs: number;
  /** An `in_progress` claim older than this: its worker is gone (longer than the worker's timeout). */
  readonly claimMs: number;
}

/**
 * The leases of reverts: a request whose worker has not started within a minute (the asynchronous invoke normally
 * starts it in well under a second) may be asked again; a claim older than six minutes belongs to a worker that is
 * gone, since the worker's timeout is five (template.yaml, WorkerFunction Timeout: a test keeps them in that order).
 */
export const REVERT_LEASES: RemediationLeases = { requestMs: 60_000, claimMs: 6 * 60_000 };

export type RemediationRequestResult =
  | { readonly status: 'requested'; readonly record: RemediationRecord }
  /** In progress, done, kept, or requested already (within the leases): nothing changed. */
  | { readonly status: 'existing'; readonly record: RemediationRecord };

export type RemediationStartResult =
  /** This caller holds the claim (`record.attempt`) and must finish it. */
  | { readonly status: 'started'; readonly record: RemediationRecord }
  /** Another attempt is in progress (within its lease), or it is done or kept: nothing changed. */
  | { readonly status: 'existing'; readonly record: RemediationRecord };

export type RemediationKeepResult =
  | { readonly status: 'kept'; readonly record: RemediationRecord }
  /** A revert was asked for, runs or is done, or it was kept already: nothing changed. */
  | { readonly status: 'existing'; readonly record: RemediationRecord };

export interface RemediationFinish {
  /** The attempt's job id (RemediationRecord.attempt). */
  readonly attempt: string;
  readonly status: 'done' | 'failed';
  readonly outcomes: readonly RuleOutcome[];
  readonly now: Date;
}

export const remediationKey = (deliveryId: string): ItemKey => ({ pk: `${REMEDIATION_KIND}#${deliveryId}`, sk: 'revert' });

/** How often a method retries after losing a race it can recover from (the item vanished in between). */
const MAX_ATTEMPTS = 5;

/** A claim whose lease has passed: a request nobody started, or an attempt whose worker is gone. */
function stale(nowMs: number, leases: RemediationLeases): Condition {
  return or(
    and(is('status', '=', 'requested'), is('requestedAtMs', '<=', nowMs - leases.requestMs)),
    and(is('status', '=', 'in_progress'), is('startedAtMs', '<=', nowMs - leases.claimMs)),
  );
}

export class Remediations {
  constructor(private readonly table: StateTable) {}

  /**
   * Records a click on "revert" for the job `attempt`: creates the record as `requested` when there is none, the last
   * attempt failed, or the current claim is stale (then this click takes it over).
   */
  async request(input: {
    readonly deliveryId: string;
    readonly by: string;
    readonly now: Date;
    readonly attempt: string;
    readonly leases: RemediationLeases;
  }): Promise<RemediationRequestResult> {
    requireKey('deliveryId', input.deliveryId);
    requireKey('remediation requester', input.by);
    requireKey('remediation attempt', input.attempt);
    const nowMs = input.now.getTime();
    return this.#transition(input.deliveryId, 'requested', {
      // Status, requester and time are replaced; `attempts` survives a retry after a failure.
      changes: {
        set: {
          kind: REMEDIATION_KIND,
          deliveryId: input.deliveryId,
          status: 'requested',
          requestedBy: input.by,
          requestedAt: input.now.toISOString(),
          requestedAtMs: nowMs,
          attempt: input.attempt,
          attempts: ifMissing(0),
          outcomes: [],
          expiresAt: ttlSeconds(nowMs + REMEDIATION_RETENTION_MS),
        },
        remove: ['startedBy', 'startedAt', 'startedAtMs', 'finishedAt'],
      },
      allowedIf: or(itemMissing, is('status', '=', 'failed'), stale(nowMs, input.leases)),
    });
  }

  /**
   * Claims the remediation for the job `attempt`: `requested`, `failed` or absent (created), or `in_progress` with a
   * claim older than `leaseMs`, becomes `in_progress`. Atomic: of concurrent callers one starts. Never from `done`
   * or `kept`.
   */
  async start(
    deliveryId: string,
    input: { readonly by: string; readonly now: Date; readonly leaseMs: number; readonly attempt: string },
  ): Promise<RemediationStartResult> {
    requireKey('deliveryId', deliveryId);
    requireKey('remediation starter', input.by);
    requireKey('remediation attempt', input.attempt);
    const nowMs = input.now.getTime();
    const at = input.now.toISOString();
    return this.#transition(deliveryId, 'started', {
      changes: {
        set: {
          kind: REMEDIATION_KIND,
          deliveryId,
          requestedBy: ifMissing(input.by),
          requestedAt: ifMissing(at),
          requestedAtMs: ifMissing(nowMs),
          status: 'in_progress',
          startedBy: input.by,
          startedAt: at,
          startedAtMs: nowMs,
          attempt: input.attempt,
          outcomes: [],
          expiresAt: ttlSeconds(nowMs + REMEDIATION_RETENTION_MS),
        },
        remove: ['finishedAt'],
        add: { attempts: 1 },
      },
      allowedIf: or(
        itemMissing,
        isOneOf('status', ['requested', 'failed']),
        and(is('status', '=', 'in_progress'), is('startedAtMs', '<=', nowMs - input.leaseMs)),
      ),
    });
  }

  /**
   * Ends the attempt `finish.attempt` as `done` or `failed` with its outcomes. `undefined` when that attempt no longer
   * holds the claim (taken over after the lease, or already finished): nothing changed.
   */
  async finish(deliveryId: string, finish: RemediationFinish): Promise<RemediationRecord | undefined> {
    return this.#end(deliveryId, finish.status, finish.outcomes, finish.now, and(is('status', '=', 'in_progress'), is('attempt', '=', finish.attempt)));
  }

  /**
   * Ends the job `attempt`'s request or claim as `failed` whatever stage it reached (its worker refused the job, or
   * failed before or while revoking). `undefined` when that attempt holds nothing (finished, or taken over).
   */
  async abandon(deliveryId: string, input: { readonly attempt: string; readonly now: Date; readonly outcomes: readonly RuleOutcome[] }): Promise<RemediationRecord | undefined> {
    return this.#end(deliveryId, 'failed', input.outcomes, input.now, and(isOneOf('status', ['requested', 'in_progress']), is('attempt', '=', input.attempt)));
  }

  /** Ends a stale request or claim as `failed` (the sweep). `undefined` when it is not stale (any more). */
  async expire(deliveryId: string, input: { readonly now: Date; readonly leases: RemediationLeases; readonly outcomes: readonly RuleOutcome[] }): Promise<RemediationRecord | undefined> {
    return this.#end(deliveryId, 'failed', input.outcomes, input.now, stale(input.now.getTime(), input.leases));
  }

  /**
   * Approves keeping the change: absent or `failed` becomes `kept`. Anything else (a revert asked for, running or
   * done; kept already) is left as it is: a keep never races a revert.
   */
  async keep(deliveryId: string, input: { readonly by: string; readonly now: Date; readonly reason: string }): Promise<RemediationKeepResult> {
    requireKey('deliveryId', deliveryId);
    requireKey('keep approver', input.by);
    const nowMs = input.now.getTime();
    return this.#transition(deliveryId, 'kept', {
      changes: {
        set: {
          kind: REMEDIATION_KIND,
          deliveryId,
          status: 'kept',
          keptBy: input.by,
          keptAt: input.now.toISOString(),
          keptReason: input.reason,
          attempts: ifMissing(0),
          outcomes: ifMissing([]),
          expiresAt: ttlSeconds(nowMs + REMEDIATION_RETENTION_MS),
        },
      },
      allowedIf: or(itemMissing, is('status', '=', 'failed')),
    });
  }

  async get(deliveryId: string): Promise<RemediationRecord | undefined> {
    const item = await this.table.get(remediationKey(deliveryId));
    return item === undefined ? undefined : remediationOf(item);
  }

  async #end(deliveryId: string, status: 'done' | 'failed', outcomes: readonly RuleOutcome[], now: Date, allowedIf: Condition): Promise<RemediationRecord | undefined> {
    const item = await this.table.update(
      remediationKey(deliveryId),
      {
        set: {
          status,
          outcomes: plain(outcomes),
          finishedAt: now.toISOString(),
          expiresAt: ttlSeconds(now.getTime() + REMEDIATION_RETENTION_MS),
        },
      },
      { if: and(itemExists, allowedIf) },
    );
    return item === undefined ? undefined : remediationOf(item);
  }

  /** The conditional update of one transition, or the record as it is when the transition is not allowed. */
  async #transition<S extends 'requested' | 'started' | 'kept'>(
    deliveryId: string,
    status: S,
    transition: { readonly changes: Changes; readonly allowedIf: Condition },
  ): Promise<{ status: S; record: RemediationRecord } | { status: 'existing'; record: RemediationRecord }> {
    const key = remediationKey(deliveryId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const updated = await this.table.update(key, transition.changes, { if: transition.allowedIf });
      if (updated !== undefined) return { status, record: remediationOf(updated) };
      const current = await this.table.get(key);
      if (current !== undefined) return { status: 'existing', record: remediationOf(current) };
    }
    throw new SecmonError('STATE_STORE', `remediations: gave up after ${MAX_ATTEMPTS} lost races on ${deliveryId}`);
  }
}

function remediationOf(item: Item): RemediationRecord {
  const outcomes = item['outcomes'];
  if (!Array.isArray(outcomes)) throw malformed(item, 'outcomes');
  const keptBy = optStr(item, 'keptBy');
  return {
    deliveryId: str(item, 'deliveryId'),
    status: oneOf(item, 'status', STATUSES),
    requestedBy: optStr(item, 'requestedBy'),
    requestedAt: optStr(item, 'requestedAt'),
    startedBy: optStr(item, 'startedBy'),
    startedAt: optStr(item, 'startedAt'),
    finishedAt: optStr(item, 'finishedAt'),
    attempt: optStr(item, 'attempt'),
    attempts: num(item, 'attempts'),
    outcomes: (outcomes as RuleOutcome[]).map((o) => ({
      rule: {
        ruleId: o.rule.ruleId,
        protocol: o.rule.protocol,
        fromPort: o.rule.fromPort,
        toPort: o.rule.toPort,
        cidrIpv4: o.rule.cidrIpv4,
        cidrIpv6: o.rule.cidrIpv6,
      },
      outcome: o.outcome,
      reason: o.reason,
    })),
    kept: keptBy === undefined ? undefined : { by: keptBy, at: optStr(item, 'keptAt') ?? '', reason: optStr(item, 'keptReason') ?? '' },
  };
}
