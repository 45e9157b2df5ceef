/**
 * Escalations: each critical alert's message while it waits to be acknowledged, so the sweep can call the on-call
 * group (and open a PagerDuty or Opsgenie incident) when nobody did in time, and the worker can resolve that incident
 * once someone does. Written only when escalation is configured (ESCALATE_AFTER_MINUTES).
 *
 * | item       | pk                | sk               |
 * |------------|-------------------|------------------|
 * | escalation | `escalation#all`  | `<channel>#<ts>` |
 *
 * One partition, so the sweep lists them with one Query: only critical alerts of the last minutes wait there (an
 * entry goes once its alert was acknowledged, or escalated without an incident); escalated ones with an incident
 * wait for the acknowledgement that resolves it. TTL: 30 days, like the message (older ones cannot be acknowledged).
 *
 * An escalation is claimed for a lease before anything is posted (two sweeps never post it twice), and each step is
 * recorded as it is done (thread reply, channel post, each incident), so a sweep that fails half-way is resumed by a
 * later one from the first step not done.
 */
import type { PostedMessage } from '../../alerts/ports.js';
import { SecmonError } from '../../errors.js';
import { MESSAGE_RETENTION_MS } from '../messages/messages.js';
import { num, oneOf, optStr, requireKey, str } from '../table/decode.js';
import { and, is, itemExists, itemMissing, missing, or, ttlSeconds, type Item, type ItemKey, type StateTable } from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const ESCALATION_KIND: StateKind = 'escalation';
const PARTITION = `${ESCALATION_KIND}#all`;

/** The incident services an escalation can open an incident in (keys in the Slack secret). */
export const INCIDENT_SERVICES = ['pagerduty', 'opsgenie'] as const;
export type IncidentService = (typeof INCIDENT_SERVICES)[number];

/** What an escalation says about its alert: nothing secret, only what its Slack message shows. */
export interface EscalatedAlert {
  readonly deliveryId: string;
  readonly title: string;
  readonly summary: string;
  readonly account: string | undefined;
  readonly monitorId: string | undefined;
  /** When the alert happened (ISO). */
  readonly time: string;
}

export interface Escalation {
  readonly message: PostedMessage;
  readonly alert: EscalatedAlert;
  readonly dueAtMs: number;
  readonly status: 'pending' | 'escalated';
  readonly replied: boolean;
  readonly posted: boolean;
  /** The services an incident was opened in. */
  readonly incidents: readonly IncidentService[];
}

export type EscalationStep = 'replied' | 'posted';

export const escalationKey = (message: PostedMessage): ItemKey => ({ pk: PARTITION, sk: `${message.channel}#${message.ts}` });

export class Escalations {
  constructor(private readonly table: StateTable) {}

  /** Starts the wait for an acknowledgement of a posted critical alert. Never overwrites (a retry keeps the first). */
  async add(message: PostedMessage, alert: EscalatedAlert, options: { readonly now: Date; readonly afterMs: number }): Promise<void> {
    requireKey('deliveryId', alert.deliveryId);
    const nowMs = options.now.getTime();
    await this.table.put(
      {
        ...escalationKey(message),
        kind: ESCALATION_KIND,
        channel: message.channel,
        ts: message.ts,
        deliveryId: alert.deliveryId,
        title: alert.title.slice(0, 300),
        summary: alert.summary.slice(0, 1000),
        time: alert.time,
        ...(alert.account === undefined ? {} : { account: alert.account }),
        ...(alert.monitorId === undefined ? {} : { monitorId: alert.monitorId }),
        dueAtMs: nowMs + options.afterMs,
        status: 'pending',
        replied: false,
        posted: false,
        incidents: [],
        expiresAt: ttlSeconds(nowMs + MESSAGE_RETENTION_MS),
      },
      { if: itemMissing },
    );
  }

  async get(message: PostedMessage): Promise<Escalation | undefined> {
    const item = await this.table.get(escalationKey(message));
    return item === undefined ? undefined : escalationOf(item);
  }

  /** The pending escalations due at `now`, earliest first, and the escalated ones (waiting for an acknowledgement). */
  async list(now: Date): Promise<{ readonly due: Escalation[]; readonly escalated: Escalation[] }> {
    const all = (await this.table.query(PARTITION)).map(escalationOf);
    return {
      due: all.filter((escalation) => escalation.status === 'pending' && escalation.dueAtMs <= now.getTime()).sort((a, b) => a.dueAtMs - b.dueAtMs),
      escalated: all.filter((escalation) => escalation.status === 'escalated'),
    };
  }

  /**
   * Takes a pending escalation for `leaseMs` (nobody else holds it, or their lease has passed): the escalation as
   * stored, or undefined when another sweep holds it or it is no longer pending.
   */
  async claim(message: PostedMessage, options: { readonly now: Date; readonly leaseMs: number }): Promise<Escalation | undefined> {
    const nowMs = options.now.getTime();
    const item = await this.table.update(
      escalationKey(message),
      { set: { claimedUntilMs: nowMs + options.leaseMs } },
      { if: and(itemExists, is('status', '=', 'pending'), or(missing('claimedUntilMs'), is('claimedUntilMs', '<=', nowMs))) },
    );
    return item === undefined ? undefined : escalationOf(item);
  }

  /** Records a step done, so a later sweep resumes after it. */
  async markStep(message: PostedMessage, step: EscalationStep): Promise<void> {
    await this.table.update(escalationKey(message), { set: { [step]: true } }, { if: itemExists });
  }

  /** Records the incidents opened so far. */
  async markIncidents(message: PostedMessage, incidents: readonly IncidentService[]): Promise<void> {
    await this.table.update(escalationKey(message), { set: { incidents: [...incidents] } }, { if: itemExists });
  }

  /** Marks it escalated (it waits for the acknowledgement that resolves its incidents); false when it was not pending. */
  async markEscalated(message: PostedMessage): Promise<boolean> {
    const item = await this.table.update(
      escalationKey(message),
      { set: { status: 'escalated' }, remove: ['claimedUntilMs'] },
      { if: and(itemExists, is('status', '=', 'pending')) },
    );
    return item !== undefined;
  }

  /** Forgets it: acknowledged in time, escalated without an incident, or its incidents resolved. */
  async remove(message: PostedMessage): Promise<void> {
    await this.table.delete(escalationKey(message));
  }
}

function escalationOf(item: Item): Escalation {
  const incidents = item['incidents'];
  if (!Array.isArray(incidents) || !incidents.every((service) => (INCIDENT_SERVICES as readonly unknown[]).includes(service))) {
    throw new SecmonError('STATE_STORE', `malformed state item ${item.pk} / ${item.sk}: attribute incidents`);
  }
  return {
    message: { channel: str(item, 'channel'), ts: str(item, 'ts') },
    alert: {
      deliveryId: str(item, 'deliveryId'),
      title: str(item, 'title'),
      summary: str(item, 'summary'),
      account: optStr(item, 'account'),
      monitorId: optStr(item, 'monitorId'),
      time: str(item, 'time'),
    },
    dueAtMs: num(item, 'dueAtMs'),
    status: oneOf(item, 'status', ['pending', 'escalated'] as const),
    replied: item['replied'] === true,
    posted: item['posted'] === true,
    incidents: incidents as IncidentService[],
  };
}
