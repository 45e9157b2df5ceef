/**
 * Suppression rules: an admin's "hold back alerts of this monitor that match these matchers until then". While a rule
 * is in force the pipeline counts each matching alert into it (atomic ADD) instead of posting it; once it has expired
 * the sweep claims it, posts what it held back, and deletes it; `/secmon unsuppress` deletes it at once.
 *
 * | item        | pk                | sk     |
 * |-------------|-------------------|--------|
 * | suppression | `suppression#all` | `<id>` |
 *
 * One partition, so the pipeline lists the rules in force with one Query (at most MAX_ACTIVE_SUPPRESSIONS of them).
 * TTL: a week after the end, so the sweep can still summarise a rule after an outage.
 */
import { randomBytes } from 'node:crypto';
import type { PostedMessage } from '../../alerts/ports.js';
import { SecmonError } from '../../errors.js';
import { messageRef, num, obj, optMessage, optNum, optStr, parseTime, plain, str } from '../table/decode.js';
import { and, is, itemExists, itemMissing, missing, or, ttlSeconds, type Item, type ItemKey, type StateTable } from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const SUPPRESSION_KIND: StateKind = 'suppression';
const PARTITION = `${SUPPRESSION_KIND}#all`;

/** Kept a week after its end, so the sweep can summarise it even after an outage (DynamoDB TTL deletes it then). */
export const SUPPRESSION_RETENTION_AFTER_END_MS = 7 * 24 * 3600_000;
/** Rules in force at once: the pipeline reads them all for every alert, so they must stay few. */
export const MAX_ACTIVE_SUPPRESSIONS = 100;
/** How long a sweep holds an expired rule while it posts its summary before another sweep may take it over. */
export const SUMMARY_CLAIM_MS = 2 * 60_000;

/** Lowercase RFC 4648 base32 without padding: typeable, no case to get wrong. */
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
export const SUPPRESSION_ID_LENGTH = 8;
export const SUPPRESSION_ID = /^[a-z2-7]{8}$/;

/** What a rule matches besides its monitor; every one given must match (absent: any). */
export interface SuppressionMatchers {
  /** 12-digit account id. */
  readonly account?: string;
  /** Principal ARN: a role's ARN also matches its sessions. */
  readonly principal?: string;
  /** Source IP address, exact or a CIDR block. */
  readonly ip?: string;
  /** A substring of the user agent (case-insensitive). */
  readonly userAgent?: string;
  /** A resource ARN or id the call named, exact. */
  readonly resource?: string;
}

export interface NewSuppression {
  readonly monitorId: string;
  readonly matchers: SuppressionMatchers;
  /** ISO time the rule ends. */
  readonly until: string;
  /** Slack user id of who wrote it. */
  readonly by: string;
  readonly reason: string;
  /** The alert message it was written from (Suppress similar): the summary replies in its thread. */
  readonly message: PostedMessage | undefined;
}

export interface SuppressionRule extends NewSuppression {
  readonly id: string;
  readonly untilMs: number;
  /** Alerts held back so far. */
  readonly held: number;
  /** Of which critical. */
  readonly heldCritical: number;
}

export type PutSuppressionResult = { readonly status: 'created'; readonly rule: SuppressionRule } | { readonly status: 'too-many'; readonly active: number };

export const suppressionKey = (id: string): ItemKey => ({ pk: PARTITION, sk: id });

export function newSuppressionId(): string {
  const bytes = randomBytes(SUPPRESSION_ID_LENGTH);
  return [...bytes].map((byte) => ID_ALPHABET[byte & 31]).join('');
}

export class Suppressions {
  constructor(
    private readonly table: StateTable,
    private readonly newId: () => string = newSuppressionId,
  ) {}

  /**
   * Writes a new rule with nothing held, unless MAX_ACTIVE_SUPPRESSIONS are in force already (checked by the same
   * read that lists them: two admins racing at the limit may end one over it, which the limit tolerates).
   */
  async put(rule: NewSuppression, now: Date): Promise<PutSuppressionResult> {
    const untilMs = parseTime(rule.until);
    if (untilMs === undefined) throw new SecmonError('INPUT_INVALID', `suppression until is not a time: ${rule.until}`);
    const active = (await this.listActive(now)).length;
    if (active >= MAX_ACTIVE_SUPPRESSIONS) return { status: 'too-many', active };
    for (let attempt = 0; attempt < 3; attempt++) {
      const item: Item = plain({
        ...suppressionKey(this.newId()),
        kind: SUPPRESSION_KIND,
        monitorId: rule.monitorId,
        matchers: rule.matchers,
        until: rule.until,
        untilMs,
        by: rule.by,
        reason: rule.reason,
        message: rule.message === undefined ? undefined : messageRef(rule.message),
        held: 0,
        heldCritical: 0,
        expiresAt: ttlSeconds(untilMs + SUPPRESSION_RETENTION_AFTER_END_MS),
      });
      // 40 random bits: a clash is all but impossible, and never overwrites a rule.
      if (await this.table.put(item, { if: itemMissing })) return { status: 'created', rule: ruleOf(item) };
    }
    throw new SecmonError('STATE_STORE', 'could not find a free suppression id');
  }

  async get(id: string): Promise<SuppressionRule | undefined> {
    const item = await this.table.get(suppressionKey(id));
    return item === undefined ? undefined : ruleOf(item);
  }

  /** Every rule not removed yet, in force or not, in id order. */
  async list(): Promise<SuppressionRule[]> {
    return (await this.table.query(PARTITION)).map(ruleOf);
  }

  /** Rules in force at `now`. */
  async listActive(now: Date): Promise<SuppressionRule[]> {
    return (await this.list()).filter((rule) => rule.untilMs > now.getTime());
  }

  /** Rules whose end has passed at `now`, not removed yet. */
  async listExpired(now: Date): Promise<SuppressionRule[]> {
    return (await this.list()).filter((rule) => rule.untilMs <= now.getTime());
  }

  /**
   * Counts one held-back alert into the rule, atomically, if it is still in force at `now`. The new rule, or
   * `undefined` when it has ended or is gone meanwhile (then the alert goes on).
   */
  async countHeld(id: string, critical: boolean, now: Date): Promise<SuppressionRule | undefined> {
    const item = await this.table.update(
      suppressionKey(id),
      { add: critical ? { held: 1, heldCritical: 1 } : { held: 1 } },
      { if: and(itemExists, is('untilMs', '>', now.getTime())) },
    );
    return item === undefined ? undefined : ruleOf(item);
  }

  /**
   * Claims an expired rule for its summary: one sweep at a time (a claim another sweep holds is refused until it is
   * `SUMMARY_CLAIM_MS` old, so a sweep that died is taken over). The rule as claimed, its count final (the pipeline
   * no longer counts into an expired rule), or `undefined` when it is not expired, gone, or claimed by another.
   */
  async claimSummary(id: string, now: Date): Promise<SuppressionRule | undefined> {
    const nowMs = now.getTime();
    const item = await this.table.update(
      suppressionKey(id),
      { set: { summaryClaimedMs: nowMs } },
      { if: and(itemExists, is('untilMs', '<=', nowMs), or(missing('summaryClaimedMs'), is('summaryClaimedMs', '<=', nowMs - SUMMARY_CLAIM_MS))) },
    );
    return item === undefined ? undefined : ruleOf(item);
  }

  /** Removes a rule (ended early, or summarised); returns it as it was, with its counts. */
  async delete(id: string): Promise<SuppressionRule | undefined> {
    const result = await this.table.delete(suppressionKey(id));
    return result.deleted && result.old !== undefined ? ruleOf(result.old) : undefined;
  }
}

function ruleOf(item: Item): SuppressionRule {
  return {
    id: item.sk,
    monitorId: str(item, 'monitorId'),
    matchers: obj<SuppressionMatchers>(item, 'matchers'),
    until: str(item, 'until'),
    untilMs: num(item, 'untilMs'),
    by: str(item, 'by'),
    reason: optStr(item, 'reason') ?? '',
    message: optMessage(item, 'message'),
    held: num(item, 'held'),
    heldCritical: optNum(item, 'heldCritical') ?? 0,
  };
}
