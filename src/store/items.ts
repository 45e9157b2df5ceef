/**
 * The single-table layout: key shapes and item attributes, shared by the DynamoDB store and the memory store
 * (which keeps the very same items in a map, so both agree on keys, attributes and TTLs).
 *
 * | item                 | pk                    | sk                          | lists (Query)                |
 * |----------------------|-----------------------|-----------------------------|------------------------------|
 * | group (current)      | `group#<groupKey>`    | `current`                   |                              |
 * | group (archived)     | `group#<groupKey>`    | `window#<openedAt ms, 15d>` |                              |
 * | dirty marker         | `dirty`               | `<openedAt ms>#<groupKey>`  | pk = dirty                   |
 * | message              | `message#<channel>`   | `<ts>`                      | pk = message#C (per channel) |
 * | open alarm message   | `alarm#<alarmName>`   | `open`                      |                              |
 * | silence              | `silence`             | `<monitorId>`               | pk = silence                 |
 * | audit record         | `audit`               | `<ISO at>#<uuid>`           | pk = audit, newest first     |
 * | remediation (revert) | `remediation#<deliveryId>` | `revert`               |                              |
 * | last alert           | `last-alert`          | `<monitorId>`               | pk = last-alert              |
 * | idempotency (Powertools) | `idempotency`     | `alert#<hash of deliveryId>`|                              |
 *
 * Every item has `expiresAt` (epoch seconds), the table's TTL attribute, and `kind`.
 */
import type { Alert, RuleOutcome } from '../alerts/model.js';
import type { PostedMessage } from '../alerts/ports.js';
import { SecmonError } from '../errors.js';
import { messageState, msKey, plain, timeKey } from './records.js';
import {
  RETENTION,
  ttlSeconds as ttl,
  type AlertGroup,
  type AuditRecord,
  type AuditResult,
  type DirtyGroup,
  type GroupRef,
  type LastAlertRecord,
  type MessageContent,
  type RemediationRecord,
  type RemediationStatus,
  type SilenceRecord,
} from './state-store.js';

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export type Item = Record<string, unknown> & ItemKey;

export const PARTITIONS = {
  dirty: 'dirty',
  silence: 'silence',
  audit: 'audit',
  idempotency: 'idempotency',
  lastAlert: 'last-alert',
} as const;

export const stateKeys = {
  groupCurrent: (groupKey: string): ItemKey => ({ pk: `group#${groupKey}`, sk: 'current' }),
  groupArchived: (ref: GroupRef): ItemKey => ({ pk: `group#${ref.groupKey}`, sk: `window#${msKey(ref.openedAt)}` }),
  dirty: (ref: GroupRef): ItemKey => ({ pk: PARTITIONS.dirty, sk: `${msKey(ref.openedAt)}#${ref.groupKey}` }),
  message: (target: PostedMessage): ItemKey => ({ pk: `message#${target.channel}`, sk: target.ts }),
  openAlarm: (alarmName: string): ItemKey => ({ pk: `alarm#${alarmName}`, sk: 'open' }),
  silence: (monitorId: string): ItemKey => ({ pk: PARTITIONS.silence, sk: monitorId }),
  audit: (atMs: number, id: string): ItemKey => ({ pk: PARTITIONS.audit, sk: `${timeKey(atMs)}#${id}` }),
  remediation: (deliveryId: string): ItemKey => ({ pk: `remediation#${deliveryId}`, sk: 'revert' }),
  lastAlert: (monitorId: string): ItemKey => ({ pk: PARTITIONS.lastAlert, sk: monitorId }),
} as const;

// -- decoding: items come back from a table others can write to, so check what is read --------------------------

function malformed(item: Item, attribute: string): SecmonError {
  return new SecmonError('STATE_STORE', `malformed state item ${item.pk} / ${item.sk}: attribute ${attribute}`);
}

function str(item: Item, attribute: string): string {
  const value = item[attribute];
  if (typeof value !== 'string') throw malformed(item, attribute);
  return value;
}

function optStr(item: Item, attribute: string): string | undefined {
  return item[attribute] === undefined ? undefined : str(item, attribute);
}

function num(item: Item, attribute: string): number {
  const value = item[attribute];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw malformed(item, attribute);
  return value;
}

function optNum(item: Item, attribute: string): number | undefined {
  return item[attribute] === undefined ? undefined : num(item, attribute);
}

function obj<T>(item: Item, attribute: string): T {
  const value = item[attribute];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(item, attribute);
  return value as T;
}

function optMessage(item: Item, attribute: string): PostedMessage | undefined {
  if (item[attribute] === undefined) return undefined;
  const value = obj<Record<string, unknown>>(item, attribute);
  if (typeof value.channel !== 'string' || typeof value.ts !== 'string') throw malformed(item, attribute);
  return { channel: value.channel, ts: value.ts };
}

export function groupFromItem(item: Item): AlertGroup {
  return {
    groupKey: str(item, 'groupKey'),
    openedAt: num(item, 'openedAt'),
    alert: obj<Alert>(item, 'alert'),
    openedBy: str(item, 'openedBy'),
    windowEndsAt: num(item, 'windowEndsAt'),
    count: num(item, 'count'),
    firstSeen: str(item, 'firstSeen'),
    lastSeen: str(item, 'lastSeen'),
    message: optMessage(item, 'message'),
    postingSince: optNum(item, 'postingSince'),
    renderedAt: optNum(item, 'renderedAt'),
    renderedCount: optNum(item, 'renderedCount'),
  };
}

/** A freshly opened generation (count 1, posting lease taken). */
export function newGroupItem(input: {
  groupKey: string;
  alert: Alert;
  nowMs: number;
  windowMs: number;
}): Item {
  const windowEndsAt = input.nowMs + input.windowMs;
  return {
    ...stateKeys.groupCurrent(input.groupKey),
    kind: 'group',
    groupKey: input.groupKey,
    openedAt: input.nowMs,
    openedBy: input.alert.deliveryId,
    windowEndsAt,
    count: 1,
    firstSeen: input.alert.time,
    lastSeen: input.alert.time,
    alert: plain(input.alert),
    postingSince: input.nowMs,
    rev: 0,
    expiresAt: groupExpiry(windowEndsAt),
  };
}

export function groupExpiry(windowEndsAt: number): number {
  return ttl(windowEndsAt + RETENTION.groupAfterWindowMs);
}

export function archivedGroupItem(current: Item): Item {
  return { ...current, ...stateKeys.groupArchived({ groupKey: str(current, 'groupKey'), openedAt: num(current, 'openedAt') }) };
}

/** An archived generation needs the sweep when it was never posted or its last render is behind its count. */
export function needsFinalRender(group: AlertGroup): boolean {
  return group.message === undefined || group.renderedCount !== group.count;
}

export function dirtyFromItem(item: Item): DirtyGroup {
  return {
    groupKey: str(item, 'groupKey'),
    openedAt: num(item, 'openedAt'),
    count: num(item, 'count'),
    markedAt: num(item, 'markedAt'),
  };
}

export function dirtyExpiry(nowMs: number): number {
  return ttl(nowMs + RETENTION.dirtyMarkerMs);
}

export function messageItem(target: PostedMessage, content: MessageContent, nowMs: number): Item {
  return {
    ...stateKeys.message(target),
    kind: 'message',
    channel: target.channel,
    ts: target.ts,
    alert: plain(content.alert),
    state: plain(content.state),
    savedAt: nowMs,
    expiresAt: ttl(nowMs + RETENTION.messageMs),
  };
}

export function messageFromItem(item: Item): MessageContent {
  return { alert: obj<Alert>(item, 'alert'), state: messageState(obj(item, 'state')) };
}

export function openAlarmItem(alarmName: string, message: PostedMessage, nowMs: number): Item {
  return {
    ...stateKeys.openAlarm(alarmName),
    kind: 'open-alarm',
    alarmName,
    message: { channel: message.channel, ts: message.ts },
    expiresAt: ttl(nowMs + RETENTION.messageMs),
  };
}

export function openAlarmFromItem(item: Item): PostedMessage {
  const message = optMessage(item, 'message');
  if (message === undefined) throw malformed(item, 'message');
  return message;
}

export function silenceItem(silence: SilenceRecord, untilMs: number): Item {
  return plain({
    ...stateKeys.silence(silence.monitorId),
    kind: 'silence',
    monitorId: silence.monitorId,
    until: silence.until,
    untilMs,
    by: silence.by,
    reason: silence.reason,
    message: silence.message === undefined ? undefined : { channel: silence.message.channel, ts: silence.message.ts },
    suppressed: silence.suppressed,
    endedAt: silence.endedAt,
    expiresAt: ttl(untilMs + RETENTION.silenceAfterEndMs),
  });
}

export function silenceFromItem(item: Item): SilenceRecord {
  return {
    monitorId: str(item, 'monitorId'),
    until: str(item, 'until'),
    by: str(item, 'by'),
    reason: optStr(item, 'reason'),
    message: optMessage(item, 'message'),
    suppressed: num(item, 'suppressed'),
    endedAt: optStr(item, 'endedAt'),
  };
}

export function auditItem(record: AuditRecord, atMs: number, id: string): Item {
  return plain({
    ...stateKeys.audit(atMs, id),
    kind: 'audit',
    at: record.at,
    actor: record.actor,
    action: record.action,
    target: record.target,
    result: record.result,
    detail: record.detail,
    expiresAt: ttl(atMs + RETENTION.auditMs),
  });
}

const AUDIT_RESULTS: readonly AuditResult[] = ['succeeded', 'failed', 'denied'];

export function auditFromItem(item: Item): AuditRecord {
  const result = str(item, 'result');
  if (!AUDIT_RESULTS.includes(result as AuditResult)) throw malformed(item, 'result');
  return {
    at: str(item, 'at'),
    actor: str(item, 'actor'),
    action: str(item, 'action'),
    target: str(item, 'target'),
    result: result as AuditResult,
    detail: optStr(item, 'detail'),
  };
}

// -- last alert per monitor ---------------------------------------------------------------------------------------

/** `atMs` orders records (the condition "only a later alert replaces it" compares it). */
export function lastAlertItem(record: LastAlertRecord, atMs: number): Item {
  return plain({
    ...stateKeys.lastAlert(record.monitorId),
    kind: 'last-alert',
    monitorId: record.monitorId,
    at: record.at,
    atMs,
    summary: record.summary,
    message: record.message === undefined ? undefined : { channel: record.message.channel, ts: record.message.ts },
    expiresAt: ttl(atMs + RETENTION.lastAlertMs),
  });
}

export function lastAlertFromItem(item: Item): LastAlertRecord {
  return {
    monitorId: str(item, 'monitorId'),
    at: str(item, 'at'),
    summary: str(item, 'summary'),
    message: optMessage(item, 'message'),
  };
}

// -- remediations ------------------------------------------------------------------------------------------------

export function remediationExpiry(nowMs: number): number {
  return ttl(nowMs + RETENTION.remediationMs);
}

/** A new `requested` record. */
export function requestedRemediationItem(deliveryId: string, by: string, nowMs: number): Item {
  return {
    ...stateKeys.remediation(deliveryId),
    kind: 'remediation',
    deliveryId,
    status: 'requested',
    requestedBy: by,
    requestedAt: new Date(nowMs).toISOString(),
    attempts: 0,
    outcomes: [],
    expiresAt: remediationExpiry(nowMs),
  };
}

const REMEDIATION_STATUSES: readonly RemediationStatus[] = ['requested', 'in_progress', 'done', 'failed'];

export function remediationFromItem(item: Item): RemediationRecord {
  const status = str(item, 'status');
  if (!REMEDIATION_STATUSES.includes(status as RemediationStatus)) throw malformed(item, 'status');
  const outcomes = item['outcomes'];
  if (!Array.isArray(outcomes)) throw malformed(item, 'outcomes');
  return {
    deliveryId: str(item, 'deliveryId'),
    status: status as RemediationStatus,
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
