/**
 * Alert groups: what one generation of a group is, and how it is stored.
 *
 * | item             | pk                 | sk                             |
 * |------------------|--------------------|--------------------------------|
 * | current group    | `group#<groupKey>` | `current`                      |
 * | archived group   | `group#<groupKey>` | `window#<openedAt, 15-digit ms>` |
 *
 * `rev` counts the changes of an item, so that archiving and replacing a generation can tell whether they act on
 * the snapshot they read. TTL: a day after the window ended (the sweep renders it in that time).
 */
import type { Alert } from '../../alerts/model.js';
import type { PostedMessage } from '../../alerts/ports.js';
import { msKey, num, obj, optMessage, optNum, plain, str } from '../table/decode.js';
import { ttlSeconds, type Item, type ItemKey } from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const GROUP_KIND: StateKind = 'group';

/** A group is kept for a day after its window ended (the sweep renders it in that time). */
export const GROUP_RETENTION_AFTER_WINDOW_MS = 24 * 3600_000;

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

export const groupKeys = {
  current: (groupKey: string): ItemKey => ({ pk: `${GROUP_KIND}#${groupKey}`, sk: 'current' }),
  archived: (ref: GroupRef): ItemKey => ({ pk: `${GROUP_KIND}#${ref.groupKey}`, sk: `window#${msKey(ref.openedAt)}` }),
};

/** A freshly opened generation (count 1, posting lease taken). */
export function newGroupItem(groupKey: string, alert: Alert, nowMs: number, windowMs: number): Item {
  const windowEndsAt = nowMs + windowMs;
  return {
    ...groupKeys.current(groupKey),
    kind: GROUP_KIND,
    groupKey,
    openedAt: nowMs,
    openedBy: alert.deliveryId,
    windowEndsAt,
    count: 1,
    firstSeen: alert.time,
    lastSeen: alert.time,
    alert: plain(alert),
    postingSince: nowMs,
    rev: 0,
    expiresAt: ttlSeconds(windowEndsAt + GROUP_RETENTION_AFTER_WINDOW_MS),
  };
}

/** The same generation under its archive key. */
export function archivedGroupItem(current: Item): Item {
  return { ...current, ...groupKeys.archived({ groupKey: str(current, 'groupKey'), openedAt: num(current, 'openedAt') }) };
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

export function revOf(item: Item): number {
  return typeof item.rev === 'number' ? item.rev : 0;
}

/** An archived generation needs the sweep when it was never posted or its last render is behind its count. */
export function needsFinalRender(group: AlertGroup): boolean {
  return group.message === undefined || group.renderedCount !== group.count;
}
