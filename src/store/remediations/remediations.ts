/**
 * Remediations: the revert of an alert's change, one per alert, as a state machine decided by conditional writes.
 *
 * `requested` (the Slack click, before the worker runs) -> `in_progress` (a worker holds the claim) -> `done` |
 * `failed`. A failed revert may be requested and started again; a done one never. An `in_progress` claim older
 * than the lease (a worker that died) may be taken over.
 *
 * | item        | pk                          | sk       |
 * |-------------|-----------------------------|----------|
 * | remediation | `remediation#<deliveryId>`  | `revert` |
 *
 * TTL: 30 days after the last change (as long as the message's buttons can be clicked).
 */
import { randomUUID } from 'node:crypto';
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

const STATUSES = ['requested', 'in_progress', 'done', 'failed'] as const;
export type RemediationStatus = (typeof STATUSES)[number];

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

export const remediationKey = (deliveryId: string): ItemKey => ({ pk: `${REMEDIATION_KIND}#${deliveryId}`, sk: 'revert' });

/** How often a method retries after losing a race it can recover from (the item vanished in between). */
const MAX_ATTEMPTS = 5;

export class Remediations {
  constructor(private readonly table: StateTable) {}

  /** Records a click on "revert": creates the record as `requested` when there is none or the last one failed. */
  async request(input: { readonly deliveryId: string; readonly by: string; readonly now: Date }): Promise<RemediationRequestResult> {
    requireKey('deliveryId', input.deliveryId);
    requireKey('remediation requester', input.by);
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
          attempts: ifMissing(0),
          outcomes: [],
          expiresAt: ttlSeconds(nowMs + REMEDIATION_RETENTION_MS),
        },
        remove: ['claim', 'startedBy', 'startedAt', 'startedAtMs', 'finishedAt'],
      },
      allowedIf: or(itemMissing, is('status', '=', 'failed')),
    });
  }

  /**
   * Claims the remediation for one attempt: `requested`, `failed` or absent (created), or `in_progress` with a claim
   * older than `leaseMs`, becomes `in_progress` with a new claim token. Atomic: of concurrent callers one starts.
   */
  async start(deliveryId: string, input: { readonly by: string; readonly now: Date; readonly leaseMs: number }): Promise<RemediationStartResult> {
    requireKey('deliveryId', deliveryId);
    requireKey('remediation starter', input.by);
    const nowMs = input.now.getTime();
    const at = input.now.toISOString();
    return this.#transition(deliveryId, 'started', {
      changes: {
        set: {
          kind: REMEDIATION_KIND,
          deliveryId,
          requestedBy: ifMissing(input.by),
          requestedAt: ifMissing(at),
          status: 'in_progress',
          startedBy: input.by,
          startedAt: at,
          startedAtMs: nowMs,
          claim: randomUUID(),
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
   * Ends the attempt holding `claim` as `done` or `failed` with its outcomes. `undefined` when the claim was lost
   * (taken over after the lease, or already finished): nothing changed.
   */
  async finish(deliveryId: string, finish: RemediationFinish): Promise<RemediationRecord | undefined> {
    const item = await this.table.update(
      remediationKey(deliveryId),
      {
        set: {
          status: finish.status,
          outcomes: plain(finish.outcomes),
          finishedAt: finish.now.toISOString(),
          expiresAt: ttlSeconds(finish.now.getTime() + REMEDIATION_RETENTION_MS),
        },
      },
      { if: and(itemExists, is('status', '=', 'in_progress'), is('claim', '=', finish.claim)) },
    );
    return item === undefined ? undefined : remediationOf(item);
  }

  async get(deliveryId: string): Promise<RemediationRecord | undefined> {
    const item = await this.table.get(remediationKey(deliveryId));
    return item === undefined ? undefined : remediationOf(item);
  }

  /** The conditional update of one transition, or the record as it is when the transition is not allowed. */
  async #transition<S extends 'requested' | 'started'>(
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
  return {
    deliveryId: str(item, 'deliveryId'),
    status: oneOf(item, 'status', STATUSES),
    requestedBy: str(item, 'requestedBy'),
    requestedAt: str(item, 'requestedAt'),
    startedBy: optStr(item, 'startedBy'),
    startedAt: optStr(item, 'startedAt'),
    finishedAt: optStr(item, 'finishedAt'),
    claim: optStr(item, 'claim'),
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
  };
}
