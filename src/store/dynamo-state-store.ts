/**
 * The state store on the DynamoDB table of template.yaml (`pk`/`sk` strings, TTL attribute `expiresAt`).
 * Key shapes and attributes: items.ts. Every list is a Query on one partition; every race is a conditional write.
 * A failed condition becomes a result (`undefined`, `false`, `existing`); any other AWS error becomes a
 * SecmonError `STATE_STORE` with the AWS error as its cause, so the invocation fails and Lambda retries.
 *
 * The document client is passed in, built by the caller (handlers wire it; tests point it at dynalite). Items are
 * written without `undefined` values, so the client needs no `removeUndefinedValues` option.
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { PostedMessage } from '../alerts/ports.js';
import { SecmonError, isSecmonError } from '../errors.js';
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
import { auditSinceKey, auditTime, lastAlertInput, patchKeys, plain, requireKey, silenceEnd, validLimit } from './records.js';
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

export interface DynamoStateStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** How often a method retries after losing a race it can recover from, before reporting contention. */
const MAX_ATTEMPTS = 5;

const CONDITION_FAILED = Symbol('condition failed');
type ConditionFailed = typeof CONDITION_FAILED;

/** An update, condition and the placeholders they use (DynamoDB rejects unused placeholders). */
interface Expression {
  readonly update: string;
  readonly condition: string;
  readonly names: Record<string, string>;
  readonly values: Record<string, unknown>;
}

export class DynamoStateStore implements AlertStateStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoStateStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  // -- alert groups -------------------------------------------------------------------------------------------

  async openGroup(input: OpenGroupInput): Promise<OpenGroupResult> {
    requireKey('groupKey', input.groupKey);
    const nowMs = input.now.getTime();
    const item = newGroupItem({ groupKey: input.groupKey, alert: input.alert, nowMs, windowMs: input.windowMs });
    const key = stateKeys.groupCurrent(input.groupKey);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const put = await this.#putIf('openGroup', item, 'attribute_not_exists(pk)');
      if (put !== CONDITION_FAILED) return { status: 'created', group: groupFromItem(item), replaced: undefined };

      const current = await this.#get('openGroup', key);
      if (current === undefined) continue; // removed meanwhile (TTL): try again
      const old = groupFromItem(current);
      if (old.windowEndsAt > nowMs) return { status: 'existing' };

      // The window ended, so no hit changes the old generation any more: archive it before replacing it (a crash
      // in between leaves it current, and the next opener archives it again). `rev` guards against archiving or
      // replacing a snapshot that a concurrent attach, claim or late hit has already changed.
      const rev = revOf(current);
      await this.#putIf('openGroup.archive', archivedGroupItem(current), 'attribute_not_exists(pk) OR #rev <= :rev', {
        names: { '#rev': 'rev' },
        values: { ':rev': rev },
      });
      if (needsFinalRender(old)) await this.markGroupDirty(old, old.count, input.now);
      const replace = await this.#putIf('openGroup.replace', item, '#openedAt = :openedAt AND #rev = :rev', {
        names: { '#openedAt': 'openedAt', '#rev': 'rev' },
        values: { ':openedAt': old.openedAt, ':rev': rev },
      });
      if (replace !== CONDITION_FAILED) {
        return { status: 'created', group: groupFromItem(item), replaced: { groupKey: old.groupKey, openedAt: old.openedAt } };
      }
    }
    throw contention('openGroup', input.groupKey);
  }

  async getGroup(ref: GroupRef): Promise<AlertGroup | undefined> {
    const current = await this.#get('getGroup', stateKeys.groupCurrent(ref.groupKey));
    if (current?.openedAt === ref.openedAt) return groupFromItem(current);
    const archived = await this.#get('getGroup', stateKeys.groupArchived(ref));
    return archived === undefined ? undefined : groupFromItem(archived);
  }

  async recordGroupHit(groupKey: string, hit: GroupHit): Promise<GroupHitResult> {
    const nowMs = hit.now.getTime();
    const key = stateKeys.groupCurrent(groupKey);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const updated = await this.#updateIf('recordGroupHit', key, {
        update: 'ADD #count :one, #rev :one SET #lastSeen = :seen',
        condition: 'attribute_exists(pk) AND #windowEndsAt > :now AND #openedBy <> :delivery',
        names: { '#count': 'count', '#rev': 'rev', '#lastSeen': 'lastSeen', '#windowEndsAt': 'windowEndsAt', '#openedBy': 'openedBy' },
        values: { ':one': 1, ':seen': hit.seen, ':now': nowMs, ':delivery': hit.deliveryId },
      });
      if (updated !== CONDITION_FAILED) return { status: 'counted', group: groupFromItem(updated) };

      const current = await this.#get('recordGroupHit', key);
      if (current === undefined) return { status: 'no-open-group' };
      const group = groupFromItem(current);
      if (group.windowEndsAt <= nowMs) return { status: 'no-open-group' };
      if (group.openedBy === hit.deliveryId) return { status: 'own-delivery', group };
      // The generation was replaced between the update and the read: count into the new one.
    }
    throw contention('recordGroupHit', groupKey);
  }

  async claimGroupPosting(ref: GroupRef, options: { now: Date; leaseMs: number }): Promise<AlertGroup | undefined> {
    const nowMs = options.now.getTime();
    const item = await this.#updateGroup('claimGroupPosting', ref, {
      update: 'SET #postingSince = :now ADD #rev :one',
      condition: 'attribute_not_exists(#message) AND (attribute_not_exists(#postingSince) OR #postingSince <= :cutoff)',
      names: { '#postingSince': 'postingSince', '#rev': 'rev', '#message': 'message' },
      values: { ':now': nowMs, ':one': 1, ':cutoff': nowMs - options.leaseMs },
    });
    return item === undefined ? undefined : groupFromItem(item);
  }

  async releaseGroupPosting(ref: GroupRef): Promise<void> {
    await this.#updateGroup('releaseGroupPosting', ref, {
      update: 'REMOVE #postingSince ADD #rev :one',
      condition: 'attribute_not_exists(#message) AND attribute_exists(#postingSince)',
      names: { '#postingSince': 'postingSince', '#rev': 'rev', '#message': 'message' },
      values: { ':one': 1 },
    });
  }

  async attachGroupMessage(ref: GroupRef, message: PostedMessage, options: { now: Date; renderedCount: number }): Promise<boolean> {
    const item = await this.#updateGroup('attachGroupMessage', ref, {
      update: 'SET #message = :message, #renderedAt = :now, #renderedCount = :rendered REMOVE #postingSince ADD #rev :one',
      condition: 'attribute_not_exists(#message)',
      names: {
        '#message': 'message',
        '#renderedAt': 'renderedAt',
        '#renderedCount': 'renderedCount',
        '#postingSince': 'postingSince',
        '#rev': 'rev',
      },
      values: {
        ':message': { channel: message.channel, ts: message.ts },
        ':now': options.now.getTime(),
        ':rendered': options.renderedCount,
        ':one': 1,
      },
    });
    return item !== undefined;
  }

  async claimRenderSlot(ref: GroupRef, options: { now: Date; intervalMs: number }): Promise<AlertGroup | undefined> {
    const nowMs = options.now.getTime();
    const item = await this.#updateGroup('claimRenderSlot', ref, {
      update: 'SET #renderedAt = :now, #renderedCount = #count ADD #rev :one',
      condition: 'attribute_exists(#message) AND (attribute_not_exists(#renderedAt) OR #renderedAt <= :cutoff)',
      names: { '#renderedAt': 'renderedAt', '#renderedCount': 'renderedCount', '#count': 'count', '#rev': 'rev', '#message': 'message' },
      values: { ':now': nowMs, ':one': 1, ':cutoff': nowMs - options.intervalMs },
    });
    return item === undefined ? undefined : groupFromItem(item);
  }

  async markGroupDirty(ref: GroupRef, count: number, now: Date): Promise<void> {
    const nowMs = now.getTime();
    // Lost condition: the marker already asks for at least `count`; nothing to do.
    await this.#updateIf('markGroupDirty', stateKeys.dirty(ref), {
      update: 'SET #kind = :kind, #groupKey = :groupKey, #openedAt = :openedAt, #count = :count, #markedAt = :now, #expiresAt = :expires',
      condition: 'attribute_not_exists(pk) OR #count < :count',
      names: {
        '#kind': 'kind',
        '#groupKey': 'groupKey',
        '#openedAt': 'openedAt',
        '#count': 'count',
        '#markedAt': 'markedAt',
        '#expiresAt': 'expiresAt',
      },
      values: {
        ':kind': 'dirty',
        ':groupKey': ref.groupKey,
        ':openedAt': ref.openedAt,
        ':count': count,
        ':now': nowMs,
        ':expires': dirtyExpiry(nowMs),
      },
    });
  }

  async listDirtyGroups(): Promise<DirtyGroup[]> {
    const items = await this.#query('listDirtyGroups', {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PARTITIONS.dirty },
    });
    return items.map((item) => dirtyFromItem(item));
  }

  async clearDirtyGroup(ref: GroupRef, renderedCount: number): Promise<boolean> {
    const deleted = await this.#deleteIf('clearDirtyGroup', stateKeys.dirty(ref), 'attribute_not_exists(pk) OR #count <= :rendered', {
      names: { '#count': 'count' },
      values: { ':rendered': renderedCount },
    });
    return deleted !== CONDITION_FAILED;
  }

  // -- messages -----------------------------------------------------------------------------------------------

  async createMessage(target: PostedMessage, content: MessageContent, now: Date): Promise<'created' | 'exists'> {
    const put = await this.#putIf('createMessage', messageItem(target, content, now.getTime()), 'attribute_not_exists(pk)');
    return put === CONDITION_FAILED ? 'exists' : 'created';
  }

  async getMessage(target: PostedMessage): Promise<MessageContent | undefined> {
    const item = await this.#get('getMessage', stateKeys.message(target));
    return item === undefined ? undefined : messageFromItem(item);
  }

  async updateMessageState(target: PostedMessage, patch: MessageStatePatch): Promise<MessageContent | undefined> {
    const fields = patchKeys(patch);
    if (fields.length === 0) return this.getMessage(target);
    const names: Record<string, string> = { '#state': 'state' };
    const values: Record<string, unknown> = {};
    const set: string[] = [];
    const remove: string[] = [];
    fields.forEach((field, index) => {
      names[`#f${index}`] = field;
      const value = patch[field];
      if (value === undefined) {
        remove.push(`#state.#f${index}`);
      } else {
        values[`:f${index}`] = plain(value);
        set.push(`#state.#f${index} = :f${index}`);
      }
    });
    const update = [set.length > 0 ? `SET ${set.join(', ')}` : '', remove.length > 0 ? `REMOVE ${remove.join(', ')}` : '']
      .filter((part) => part !== '')
      .join(' ');
    const item = await this.#updateIf('updateMessageState', stateKeys.message(target), {
      update,
      condition: 'attribute_exists(pk)',
      names,
      values,
    });
    return item === CONDITION_FAILED ? undefined : messageFromItem(item);
  }

  async setOpenAlarm(alarmName: string, message: PostedMessage, now: Date): Promise<void> {
    requireKey('alarm name', alarmName);
    await this.#put('setOpenAlarm', openAlarmItem(alarmName, message, now.getTime()));
  }

  async getOpenAlarm(alarmName: string): Promise<PostedMessage | undefined> {
    const item = await this.#get('getOpenAlarm', stateKeys.openAlarm(alarmName));
    return item === undefined ? undefined : openAlarmFromItem(item);
  }

  async clearOpenAlarm(alarmName: string, message: PostedMessage): Promise<boolean> {
    const deleted = await this.#deleteIf(
      'clearOpenAlarm',
      stateKeys.openAlarm(alarmName),
      '#message.#channel = :channel AND #message.#ts = :ts',
      { names: { '#message': 'message', '#channel': 'channel', '#ts': 'ts' }, values: { ':channel': message.channel, ':ts': message.ts } },
    );
    return deleted !== CONDITION_FAILED;
  }

  // -- silences -----------------------------------------------------------------------------------------------

  async putSilence(silence: NewSilence): Promise<SilenceRecord> {
    const untilMs = silenceEnd(silence);
    const item = silenceItem({ ...silence, suppressed: 0, endedAt: undefined }, untilMs);
    await this.#put('putSilence', item);
    return silenceFromItem(item);
  }

  async getSilence(monitorId: string): Promise<SilenceRecord | undefined> {
    const item = await this.#get('getSilence', stateKeys.silence(monitorId));
    return item === undefined ? undefined : silenceFromItem(item);
  }

  async deleteSilence(monitorId: string): Promise<SilenceRecord | undefined> {
    const old = await this.#deleteIf('deleteSilence', stateKeys.silence(monitorId), undefined);
    return old === CONDITION_FAILED || old === undefined ? undefined : silenceFromItem(old);
  }

  async listActiveSilences(now: Date): Promise<SilenceRecord[]> {
    const items = await this.#query('listActiveSilences', {
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#untilMs > :now AND attribute_not_exists(#endedAt)',
      ExpressionAttributeNames: { '#untilMs': 'untilMs', '#endedAt': 'endedAt' },
      ExpressionAttributeValues: { ':pk': PARTITIONS.silence, ':now': now.getTime() },
    });
    return items.map((item) => silenceFromItem(item));
  }

  async listExpiredSilences(now: Date): Promise<SilenceRecord[]> {
    const items = await this.#query('listExpiredSilences', {
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#untilMs <= :now OR attribute_exists(#endedAt)',
      ExpressionAttributeNames: { '#untilMs': 'untilMs', '#endedAt': 'endedAt' },
      ExpressionAttributeValues: { ':pk': PARTITIONS.silence, ':now': now.getTime() },
    });
    return items.map((item) => silenceFromItem(item));
  }

  async countSuppressed(monitorId: string, now: Date): Promise<number | undefined> {
    const item = await this.#updateIf('countSuppressed', stateKeys.silence(monitorId), {
      update: 'ADD #suppressed :one',
      condition: 'attribute_exists(pk) AND #untilMs > :now AND attribute_not_exists(#endedAt)',
      names: { '#suppressed': 'suppressed', '#untilMs': 'untilMs', '#endedAt': 'endedAt' },
      values: { ':one': 1, ':now': now.getTime() },
    });
    return item === CONDITION_FAILED ? undefined : silenceFromItem(item).suppressed;
  }

  async endSilence(monitorId: string, now: Date): Promise<SilenceRecord | undefined> {
    const item = await this.#updateIf('endSilence', stateKeys.silence(monitorId), {
      update: 'SET #endedAt = if_not_exists(#endedAt, :nowIso)',
      condition: 'attribute_exists(pk) AND (#untilMs <= :now OR attribute_exists(#endedAt))',
      names: { '#endedAt': 'endedAt', '#untilMs': 'untilMs' },
      values: { ':nowIso': now.toISOString(), ':now': now.getTime() },
    });
    return item === CONDITION_FAILED ? undefined : silenceFromItem(item);
  }

  async removeEndedSilence(monitorId: string): Promise<boolean> {
    const deleted = await this.#deleteIf('removeEndedSilence', stateKeys.silence(monitorId), 'attribute_exists(#endedAt)', {
      names: { '#endedAt': 'endedAt' },
      values: {},
    });
    return deleted !== CONDITION_FAILED;
  }

  // -- remediations -------------------------------------------------------------------------------------------

  async requestRemediation(input: { deliveryId: string; by: string; now: Date }): Promise<RemediationRequestResult> {
    requireKey('deliveryId', input.deliveryId);
    requireKey('remediation requester', input.by);
    const key = stateKeys.remediation(input.deliveryId);
    const nowMs = input.now.getTime();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // Status, requester and time are replaced; `attempts` survives a retry after a failure.
      const updated = await this.#updateIf('requestRemediation', key, {
        update:
          'SET #kind = :kind, #deliveryId = :deliveryId, #status = :requested, #requestedBy = :by, #requestedAt = :at, ' +
          '#attempts = if_not_exists(#attempts, :zero), #outcomes = :none, #expiresAt = :expires ' +
          'REMOVE #claim, #startedBy, #startedAt, #startedAtMs, #finishedAt',
        condition: 'attribute_not_exists(pk) OR #status = :failed',
        names: {
          '#kind': 'kind',
          '#deliveryId': 'deliveryId',
          '#status': 'status',
          '#requestedBy': 'requestedBy',
          '#requestedAt': 'requestedAt',
          '#attempts': 'attempts',
          '#outcomes': 'outcomes',
          '#expiresAt': 'expiresAt',
          '#claim': 'claim',
          '#startedBy': 'startedBy',
          '#startedAt': 'startedAt',
          '#startedAtMs': 'startedAtMs',
          '#finishedAt': 'finishedAt',
        },
        values: {
          ':kind': 'remediation',
          ':deliveryId': input.deliveryId,
          ':requested': 'requested',
          ':by': input.by,
          ':at': input.now.toISOString(),
          ':zero': 0,
          ':none': [],
          ':expires': remediationExpiry(nowMs),
          ':failed': 'failed',
        },
      });
      if (updated !== CONDITION_FAILED) return { status: 'requested', record: remediationFromItem(updated) };
      const current = await this.#get('requestRemediation', key);
      if (current !== undefined) return { status: 'existing', record: remediationFromItem(current) };
    }
    throw contention('requestRemediation', input.deliveryId);
  }

  async startRemediation(deliveryId: string, input: { by: string; now: Date; leaseMs: number }): Promise<RemediationStartResult> {
    requireKey('deliveryId', deliveryId);
    requireKey('remediation starter', input.by);
    const key = stateKeys.remediation(deliveryId);
    const nowMs = input.now.getTime();
    const fresh = requestedRemediationItem(deliveryId, input.by, nowMs);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const updated = await this.#updateIf('startRemediation', key, {
        update:
          'SET #kind = :kind, #deliveryId = :deliveryId, #requestedBy = if_not_exists(#requestedBy, :by), ' +
          '#requestedAt = if_not_exists(#requestedAt, :at), #status = :inProgress, #startedBy = :by, #startedAt = :at, ' +
          '#startedAtMs = :now, #claim = :claim, #outcomes = :none, #expiresAt = :expires ' +
          'REMOVE #finishedAt ADD #attempts :one',
        condition:
          'attribute_not_exists(pk) OR #status IN (:requested, :failed) OR (#status = :inProgress AND #startedAtMs <= :cutoff)',
        names: {
          '#kind': 'kind',
          '#deliveryId': 'deliveryId',
          '#requestedBy': 'requestedBy',
          '#requestedAt': 'requestedAt',
          '#status': 'status',
          '#startedBy': 'startedBy',
          '#startedAt': 'startedAt',
          '#startedAtMs': 'startedAtMs',
          '#claim': 'claim',
          '#outcomes': 'outcomes',
          '#expiresAt': 'expiresAt',
          '#finishedAt': 'finishedAt',
          '#attempts': 'attempts',
        },
        values: {
          ':kind': fresh.kind,
          ':deliveryId': deliveryId,
          ':by': input.by,
          ':at': input.now.toISOString(),
          ':inProgress': 'in_progress',
          ':now': nowMs,
          ':claim': randomUUID(),
          ':none': [],
          ':expires': remediationExpiry(nowMs),
          ':one': 1,
          ':requested': 'requested',
          ':failed': 'failed',
          ':cutoff': nowMs - input.leaseMs,
        },
      });
      if (updated !== CONDITION_FAILED) return { status: 'started', record: remediationFromItem(updated) };
      const current = await this.#get('startRemediation', key);
      if (current !== undefined) return { status: 'existing', record: remediationFromItem(current) };
    }
    throw contention('startRemediation', deliveryId);
  }

  async finishRemediation(deliveryId: string, finish: RemediationFinish): Promise<RemediationRecord | undefined> {
    const nowMs = finish.now.getTime();
    const updated = await this.#updateIf('finishRemediation', stateKeys.remediation(deliveryId), {
      update: 'SET #status = :status, #outcomes = :outcomes, #finishedAt = :at, #expiresAt = :expires',
      condition: 'attribute_exists(pk) AND #status = :inProgress AND #claim = :claim',
      names: { '#status': 'status', '#outcomes': 'outcomes', '#finishedAt': 'finishedAt', '#expiresAt': 'expiresAt', '#claim': 'claim' },
      values: {
        ':status': finish.status,
        ':outcomes': plain(finish.outcomes),
        ':at': finish.now.toISOString(),
        ':expires': remediationExpiry(nowMs),
        ':inProgress': 'in_progress',
        ':claim': finish.claim,
      },
    });
    return updated === CONDITION_FAILED ? undefined : remediationFromItem(updated);
  }

  async getRemediation(deliveryId: string): Promise<RemediationRecord | undefined> {
    const item = await this.#get('getRemediation', stateKeys.remediation(deliveryId));
    return item === undefined ? undefined : remediationFromItem(item);
  }

  // -- last alert per monitor --------------------------------------------------------------------------------

  async recordLastAlert(record: LastAlertRecord): Promise<boolean> {
    const input = lastAlertInput(record);
    const written = await this.#putIf('recordLastAlert', lastAlertItem(input.record, input.atMs), 'attribute_not_exists(pk) OR #atMs <= :atMs', {
      names: { '#atMs': 'atMs' },
      values: { ':atMs': input.atMs },
    });
    return written !== CONDITION_FAILED;
  }

  async listLastAlerts(): Promise<LastAlertRecord[]> {
    const items = await this.#query('listLastAlerts', {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PARTITIONS.lastAlert },
    });
    return items.map((item) => lastAlertFromItem(item));
  }

  // -- audit --------------------------------------------------------------------------------------------------

  async putAudit(record: AuditRecord): Promise<void> {
    await this.#put('putAudit', auditItem(record, auditTime(record), randomUUID()));
  }

  async listAudit(options: ListAuditOptions = {}): Promise<AuditRecord[]> {
    const limit = validLimit(options.limit, DEFAULT_AUDIT_LIMIT);
    const since = options.since === undefined ? undefined : auditSinceKey(options.since);
    const items = await this.#query(
      'listAudit',
      {
        KeyConditionExpression: since === undefined ? 'pk = :pk' : 'pk = :pk AND sk >= :since',
        ExpressionAttributeValues: since === undefined ? { ':pk': PARTITIONS.audit } : { ':pk': PARTITIONS.audit, ':since': since },
        ScanIndexForward: false,
      },
      limit,
    );
    return items.map((item) => auditFromItem(item));
  }

  // -- DynamoDB calls -----------------------------------------------------------------------------------------

  /**
   * A conditional update of the generation `ref` names: the current item when it still is that generation, else
   * its archived copy. `undefined` when the condition does not hold (or the generation is gone).
   */
  async #updateGroup(op: string, ref: GroupRef, expression: Expression): Promise<Item | undefined> {
    const current = await this.#updateIf(op, stateKeys.groupCurrent(ref.groupKey), {
      ...expression,
      condition: `#openedAt = :openedAt AND (${expression.condition})`,
      names: { ...expression.names, '#openedAt': 'openedAt' },
      values: { ...expression.values, ':openedAt': ref.openedAt },
    });
    if (current !== CONDITION_FAILED) return current;
    const now = await this.#get(op, stateKeys.groupCurrent(ref.groupKey));
    if (now?.openedAt === ref.openedAt) return undefined; // the generation is current: its condition failed
    const archived = await this.#updateIf(op, stateKeys.groupArchived(ref), {
      ...expression,
      condition: `attribute_exists(pk) AND (${expression.condition})`,
    });
    return archived === CONDITION_FAILED ? undefined : archived;
  }

  async #get(op: string, key: ItemKey): Promise<Item | undefined> {
    const output = await this.#call(op, () =>
      this.#client.send(new GetCommand({ TableName: this.#table, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true })),
    );
    return output.Item === undefined ? undefined : asItem(output.Item);
  }

  async #put(op: string, item: Item): Promise<void> {
    await this.#call(op, () => this.#client.send(new PutCommand({ TableName: this.#table, Item: item })));
  }

  async #putIf(
    op: string,
    item: Item,
    condition: string,
    placeholders?: { names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<void | ConditionFailed> {
    return this.#conditional(op, async () => {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: item,
          ConditionExpression: condition,
          ...expressionPlaceholders(placeholders?.names ?? {}, placeholders?.values ?? {}),
        }),
      );
    });
  }

  async #updateIf(op: string, key: ItemKey, expression: Expression): Promise<Item | ConditionFailed> {
    return this.#conditional(op, async () => {
      const output = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: key.pk, sk: key.sk },
          UpdateExpression: expression.update,
          ConditionExpression: expression.condition,
          ...expressionPlaceholders(expression.names, expression.values),
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (output.Attributes === undefined) throw new SecmonError('STATE_STORE', `state store ${op}: update returned no item`);
      return asItem(output.Attributes);
    });
  }

  /** Deletes (when `condition` holds, if given) and returns the deleted item, if there was one. */
  async #deleteIf(
    op: string,
    key: ItemKey,
    condition: string | undefined,
    placeholders?: { names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<Item | undefined | ConditionFailed> {
    return this.#conditional(op, async () => {
      const output = await this.#client.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: { pk: key.pk, sk: key.sk },
          ...(condition === undefined ? {} : { ConditionExpression: condition }),
          ...expressionPlaceholders(placeholders?.names ?? {}, placeholders?.values ?? {}),
          ReturnValues: 'ALL_OLD',
        }),
      );
      return output.Attributes === undefined ? undefined : asItem(output.Attributes);
    });
  }

  /** Every item of a Query, following pages, up to `limit` items. */
  async #query(op: string, input: Omit<QueryCommandInput, 'TableName'>, limit = Number.POSITIVE_INFINITY): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const remaining = limit - items.length;
      const output = await this.#call(op, () =>
        this.#client.send(
          new QueryCommand({
            ...input,
            TableName: this.#table,
            ConsistentRead: true,
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
            ...(Number.isFinite(remaining) ? { Limit: remaining } : {}),
          }),
        ),
      );
      for (const raw of output.Items ?? []) items.push(asItem(raw));
      start = output.LastEvaluatedKey;
    } while (start !== undefined && items.length < limit);
    return items.slice(0, limit);
  }

  async #conditional<T>(op: string, write: () => Promise<T>): Promise<T | ConditionFailed> {
    try {
      return await this.#call(op, write, true);
    } catch (error) {
      if (error === CONDITION_FAILED) return CONDITION_FAILED;
      throw error;
    }
  }

  /** Runs one SDK call; AWS errors become STATE_STORE errors (a failed condition is rethrown as the marker). */
  async #call<T>(op: string, send: () => Promise<T>, conditional = false): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (conditional && isConditionFailed(error)) throw CONDITION_FAILED;
      if (isSecmonError(error)) throw error;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new SecmonError('STATE_STORE', `state store ${op} failed: ${reason}`, { cause: error });
    }
  }
}

function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function expressionPlaceholders(
  names: Record<string, string>,
  values: Record<string, unknown>,
): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
  return {
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

function asItem(raw: Record<string, unknown>): Item {
  if (typeof raw.pk !== 'string' || typeof raw.sk !== 'string') {
    throw new SecmonError('STATE_STORE', 'state item without string pk/sk');
  }
  return raw as Item;
}

function revOf(item: Item): number {
  return typeof item.rev === 'number' ? item.rev : 0;
}

function contention(op: string, key: string): SecmonError {
  return new SecmonError('STATE_STORE', `state store ${op}: gave up after ${MAX_ATTEMPTS} lost races on ${key}`);
}
