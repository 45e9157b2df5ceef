/**
 * The state store in memory, for `secmon replay --slack` and unit tests. It keeps the same items under the same
 * keys as the DynamoDB store (see items.ts) and applies the same conditions; each method runs without awaiting
 * in between, so it is atomic the way a conditional write is. Nothing expires by itself (like DynamoDB TTL, which
 * deletes lazily, the methods compare times instead of relying on deletion).
 */
import { randomUUID } from 'node:crypto';
import type { PostedMessage } from '../alerts/ports.js';
import {
  archivedGroupItem,
  auditFromItem,
  auditItem,
  dirtyExpiry,
  dirtyFromItem,
  groupFromItem,
  lastAlertFromItem,
  lastAlertItem,
  messageFromItem,
  messageItem,
  needsFinalRender,
  newGroupItem,
  openAlarmFromItem,
  openAlarmItem,
  PARTITIONS,
  remediationExpiry,
  remediationFromItem,
  requestedRemediationItem,
  silenceFromItem,
  silenceItem,
  stateKeys,
  type Item,
  type ItemKey,
} from './items.js';
import { auditSinceKey, auditTime, lastAlertInput, patchState, plain, requireKey, silenceEnd, validLimit } from './records.js';
import {
  DEFAULT_AUDIT_LIMIT,
  type AlertGroup,
  type AlertStateStore,
  type AuditRecord,
  type DirtyGroup,
  type GroupHit,
  type GroupHitResult,
  type GroupRef,
  type LastAlertRecord,
  type ListAuditOptions,
  type MessageContent,
  type MessageStatePatch,
  type NewSilence,
  type OpenGroupInput,
  type OpenGroupResult,
  type RemediationFinish,
  type RemediationRecord,
  type RemediationRequestResult,
  type RemediationStartResult,
  type SilenceRecord,
} from './state-store.js';

type MutableItem = Record<string, unknown> & ItemKey;

export class MemoryStateStore implements AlertStateStore {
  readonly #items = new Map<string, MutableItem>();

  /** The stored item under a key (a copy), for tests and the CLI's `--debug`. */
  item(key: ItemKey): Item | undefined {
    const item = this.#items.get(id(key));
    return item === undefined ? undefined : plain(item);
  }

  /** Every stored item (copies), ordered by key. */
  items(): Item[] {
    return [...this.#items.values()].sort(byKey).map((item) => plain(item));
  }

  // -- alert groups -------------------------------------------------------------------------------------------

  async openGroup(input: OpenGroupInput): Promise<OpenGroupResult> {
    requireKey('groupKey', input.groupKey);
    const nowMs = input.now.getTime();
    const key = stateKeys.groupCurrent(input.groupKey);
    const current = this.#get(key);
    let replaced: GroupRef | undefined;
    if (current !== undefined) {
      if ((current.windowEndsAt as number) > nowMs) return { status: 'existing' };
      const old = groupFromItem(current);
      this.#archive(current);
      if (needsFinalRender(old)) this.#raiseDirty(old, old.count, nowMs);
      replaced = { groupKey: old.groupKey, openedAt: old.openedAt };
    }
    const item = newGroupItem({ groupKey: input.groupKey, alert: input.alert, nowMs, windowMs: input.windowMs });
    this.#put(item);
    return { status: 'created', group: groupFromItem(plain(item)), replaced };
  }

  async getGroup(ref: GroupRef): Promise<AlertGroup | undefined> {
    const item = this.#groupItem(ref);
    return item === undefined ? undefined : groupFromItem(plain(item));
  }

  async recordGroupHit(groupKey: string, hit: GroupHit): Promise<GroupHitResult> {
    const current = this.#get(stateKeys.groupCurrent(groupKey));
    if (current === undefined || (current.windowEndsAt as number) <= hit.now.getTime()) return { status: 'no-open-group' };
    if (current.openedBy === hit.deliveryId) return { status: 'own-delivery', group: groupFromItem(plain(current)) };
    current.count = (current.count as number) + 1;
    current.lastSeen = hit.seen;
    bump(current);
    return { status: 'counted', group: groupFromItem(plain(current)) };
  }

  async claimGroupPosting(ref: GroupRef, options: { now: Date; leaseMs: number }): Promise<AlertGroup | undefined> {
    const item = this.#groupItem(ref);
    const nowMs = options.now.getTime();
    if (item === undefined || item.message !== undefined) return undefined;
    if (item.postingSince !== undefined && (item.postingSince as number) > nowMs - options.leaseMs) return undefined;
    item.postingSince = nowMs;
    bump(item);
    return groupFromItem(plain(item));
  }

  async releaseGroupPosting(ref: GroupRef): Promise<void> {
    const item = this.#groupItem(ref);
    if (item === undefined || item.message !== undefined || item.postingSince === undefined) return;
    delete item.postingSince;
    bump(item);
  }

  async attachGroupMessage(ref: GroupRef, message: PostedMessage, options: { now: Date; renderedCount: number }): Promise<boolean> {
    const item = this.#groupItem(ref);
    if (item === undefined || item.message !== undefined) return false;
    item.message = { channel: message.channel, ts: message.ts };
    item.renderedAt = options.now.getTime();
    item.renderedCount = options.renderedCount;
    delete item.postingSince;
    bump(item);
    return true;
  }

  async claimRenderSlot(ref: GroupRef, options: { now: Date; intervalMs: number }): Promise<AlertGroup | undefined> {
    const item = this.#groupItem(ref);
    const nowMs = options.now.getTime();
    if (item === undefined || item.message === undefined) return undefined;
    if (item.renderedAt !== undefined && (item.renderedAt as number) > nowMs - options.intervalMs) return undefined;
    item.renderedAt = nowMs;
    item.renderedCount = item.count;
    bump(item);
    return groupFromItem(plain(item));
  }

  async markGroupDirty(ref: GroupRef, count: number, now: Date): Promise<void> {
    this.#raiseDirty(ref, count, now.getTime());
  }

  async listDirtyGroups(): Promise<DirtyGroup[]> {
    return this.#query(PARTITIONS.dirty).map((item) => dirtyFromItem(item));
  }

  async clearDirtyGroup(ref: GroupRef, renderedCount: number): Promise<boolean> {
    const key = stateKeys.dirty(ref);
    const marker = this.#get(key);
    if (marker === undefined) return true;
    if ((marker.count as number) > renderedCount) return false;
    this.#items.delete(id(key));
    return true;
  }

  // -- messages -----------------------------------------------------------------------------------------------

  async createMessage(target: PostedMessage, content: MessageContent, now: Date): Promise<'created' | 'exists'> {
    const item = messageItem(target, content, now.getTime());
    if (this.#get(item) !== undefined) return 'exists';
    this.#put(item);
    return 'created';
  }

  async getMessage(target: PostedMessage): Promise<MessageContent | undefined> {
    const item = this.#get(stateKeys.message(target));
    return item === undefined ? undefined : messageFromItem(plain(item));
  }

  async updateMessageState(target: PostedMessage, patch: MessageStatePatch): Promise<MessageContent | undefined> {
    const item = this.#get(stateKeys.message(target));
    if (item === undefined) return undefined;
    const content = messageFromItem(plain(item));
    item.state = plain(patchState(content.state, patch));
    return messageFromItem(plain(item));
  }

  async setOpenAlarm(alarmName: string, message: PostedMessage, now: Date): Promise<void> {
    requireKey('alarm name', alarmName);
    this.#put(openAlarmItem(alarmName, message, now.getTime()));
  }

  async getOpenAlarm(alarmName: string): Promise<PostedMessage | undefined> {
    const item = this.#get(stateKeys.openAlarm(alarmName));
    return item === undefined ? undefined : openAlarmFromItem(plain(item));
  }

  async clearOpenAlarm(alarmName: string, message: PostedMessage): Promise<boolean> {
    const key = stateKeys.openAlarm(alarmName);
    const item = this.#get(key);
    if (item === undefined) return false;
    const open = openAlarmFromItem(item);
    if (open.channel !== message.channel || open.ts !== message.ts) return false;
    this.#items.delete(id(key));
    return true;
  }

  // -- silences -----------------------------------------------------------------------------------------------

  async putSilence(silence: NewSilence): Promise<SilenceRecord> {
    const untilMs = silenceEnd(silence);
    const item = silenceItem({ ...silence, suppressed: 0, endedAt: undefined }, untilMs);
    this.#put(item);
    return silenceFromItem(plain(item));
  }

  async getSilence(monitorId: string): Promise<SilenceRecord | undefined> {
    const item = this.#get(stateKeys.silence(monitorId));
    return item === undefined ? undefined : silenceFromItem(plain(item));
  }

  async deleteSilence(monitorId: string): Promise<SilenceRecord | undefined> {
    const key = stateKeys.silence(monitorId);
    const item = this.#get(key);
    if (item === undefined) return undefined;
    this.#items.delete(id(key));
    return silenceFromItem(plain(item));
  }

  async listActiveSilences(now: Date): Promise<SilenceRecord[]> {
    return this.#query(PARTITIONS.silence)
      .filter((item) => (item.untilMs as number) > now.getTime() && item.endedAt === undefined)
      .map((item) => silenceFromItem(item));
  }

  async listExpiredSilences(now: Date): Promise<SilenceRecord[]> {
    return this.#query(PARTITIONS.silence)
      .filter((item) => (item.untilMs as number) <= now.getTime() || item.endedAt !== undefined)
      .map((item) => silenceFromItem(item));
  }

  async countSuppressed(monitorId: string, now: Date): Promise<number | undefined> {
    const item = this.#get(stateKeys.silence(monitorId));
    if (item === undefined || (item.untilMs as number) <= now.getTime() || item.endedAt !== undefined) return undefined;
    item.suppressed = (item.suppressed as number) + 1;
    return item.suppressed as number;
  }

  async endSilence(monitorId: string, now: Date): Promise<SilenceRecord | undefined> {
    const item = this.#get(stateKeys.silence(monitorId));
    if (item === undefined) return undefined;
    if ((item.untilMs as number) > now.getTime() && item.endedAt === undefined) return undefined;
    item.endedAt ??= now.toISOString();
    return silenceFromItem(plain(item));
  }

  async removeEndedSilence(monitorId: string): Promise<boolean> {
    const key = stateKeys.silence(monitorId);
    const item = this.#get(key);
    if (item?.endedAt === undefined) return false;
    this.#items.delete(id(key));
    return true;
  }

  // -- remediations -------------------------------------------------------------------------------------------

  async requestRemediation(input: { deliveryId: string; by: string; now: Date }): Promise<RemediationRequestResult> {
    requireKey('deliveryId', input.deliveryId);
    requireKey('remediation requester', input.by);
    const existing = this.#get(stateKeys.remediation(input.deliveryId));
    if (existing !== undefined && existing.status !== 'failed') return { status: 'existing', record: remediationFromItem(plain(existing)) };
    const item = requestedRemediationItem(input.deliveryId, input.by, input.now.getTime());
    if (existing !== undefined) item.attempts = existing.attempts;
    this.#put(item);
    return { status: 'requested', record: remediationFromItem(plain(item)) };
  }

  async startRemediation(deliveryId: string, input: { by: string; now: Date; leaseMs: number }): Promise<RemediationStartResult> {
    requireKey('deliveryId', deliveryId);
    requireKey('remediation starter', input.by);
    const nowMs = input.now.getTime();
    const key = stateKeys.remediation(deliveryId);
    let item = this.#get(key);
    if (item !== undefined) {
      const stale = item.status === 'in_progress' && (item.startedAtMs as number) <= nowMs - input.leaseMs;
      if (item.status !== 'requested' && item.status !== 'failed' && !stale) {
        return { status: 'existing', record: remediationFromItem(plain(item)) };
      }
    } else {
      this.#put(requestedRemediationItem(deliveryId, input.by, nowMs));
      item = this.#get(key) as MutableItem;
    }
    item.status = 'in_progress';
    item.startedBy = input.by;
    item.startedAt = input.now.toISOString();
    item.startedAtMs = nowMs;
    item.claim = randomUUID();
    item.attempts = (item.attempts as number) + 1;
    item.outcomes = [];
    item.expiresAt = remediationExpiry(nowMs);
    delete item.finishedAt;
    return { status: 'started', record: remediationFromItem(plain(item)) };
  }

  async finishRemediation(deliveryId: string, finish: RemediationFinish): Promise<RemediationRecord | undefined> {
    const item = this.#get(stateKeys.remediation(deliveryId));
    if (item === undefined || item.status !== 'in_progress' || item.claim !== finish.claim) return undefined;
    const nowMs = finish.now.getTime();
    item.status = finish.status;
    item.outcomes = plain(finish.outcomes);
    item.finishedAt = finish.now.toISOString();
    item.expiresAt = remediationExpiry(nowMs);
    return remediationFromItem(plain(item));
  }

  async getRemediation(deliveryId: string): Promise<RemediationRecord | undefined> {
    const item = this.#get(stateKeys.remediation(deliveryId));
    return item === undefined ? undefined : remediationFromItem(plain(item));
  }

  // -- last alert per monitor --------------------------------------------------------------------------------

  async recordLastAlert(record: LastAlertRecord): Promise<boolean> {
    const input = lastAlertInput(record);
    const existing = this.#get(stateKeys.lastAlert(record.monitorId));
    if (existing !== undefined && (existing.atMs as number) > input.atMs) return false;
    this.#put(lastAlertItem(input.record, input.atMs));
    return true;
  }

  async listLastAlerts(): Promise<LastAlertRecord[]> {
    return this.#query(PARTITIONS.lastAlert).map((item) => lastAlertFromItem(item));
  }

  // -- audit --------------------------------------------------------------------------------------------------

  async putAudit(record: AuditRecord): Promise<void> {
    this.#put(auditItem(record, auditTime(record), randomUUID()));
  }

  async listAudit(options: ListAuditOptions = {}): Promise<AuditRecord[]> {
    const limit = validLimit(options.limit, DEFAULT_AUDIT_LIMIT);
    const since = options.since === undefined ? undefined : auditSinceKey(options.since);
    return this.#query(PARTITIONS.audit)
      .filter((item) => since === undefined || item.sk >= since)
      .reverse()
      .slice(0, limit)
      .map((item) => auditFromItem(item));
  }

  // -- the "table" --------------------------------------------------------------------------------------------

  #get(key: ItemKey): MutableItem | undefined {
    return this.#items.get(id(key));
  }

  #put(item: Item): void {
    this.#items.set(id(item), plain(item));
  }

  #query(pk: string): Item[] {
    return [...this.#items.values()].filter((item) => item.pk === pk).sort(byKey).map((item) => plain(item));
  }

  /** The current item when it is the generation `ref` names, else the archived one. */
  #groupItem(ref: GroupRef): MutableItem | undefined {
    const current = this.#get(stateKeys.groupCurrent(ref.groupKey));
    if (current?.openedAt === ref.openedAt) return current;
    return this.#get(stateKeys.groupArchived(ref));
  }

  #archive(current: MutableItem): void {
    const archived = archivedGroupItem(current);
    const existing = this.#get(archived);
    if (existing === undefined || (existing.rev as number) <= (current.rev as number)) this.#put(archived);
  }

  #raiseDirty(ref: GroupRef, count: number, nowMs: number): void {
    const key = stateKeys.dirty(ref);
    const marker = this.#get(key);
    if (marker !== undefined && (marker.count as number) >= count) return;
    this.#put({
      ...key,
      kind: 'dirty',
      groupKey: ref.groupKey,
      openedAt: ref.openedAt,
      count,
      markedAt: nowMs,
      expiresAt: dirtyExpiry(nowMs),
    });
  }
}

function id(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`;
}

function byKey(a: ItemKey, b: ItemKey): number {
  return a.pk === b.pk ? compare(a.sk, b.sk) : compare(a.pk, b.pk);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bump(item: MutableItem): void {
  item.rev = (typeof item.rev === 'number' ? item.rev : 0) + 1;
}
