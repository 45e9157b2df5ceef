/**
 * Alert groups: opening a generation once per window, counting hits exactly, the posting lease, the posted message
 * and the render slot. Races are decided by conditional writes, never by a read followed by a write in the caller:
 * a method that can lose a race says so in its result. Key layout: group-item.ts; dirty markers: dirty-markers.ts.
 */
import type { Alert } from '../../alerts/model.js';
import type { PostedMessage } from '../../alerts/ports.js';
import { SecmonError } from '../../errors.js';
import { messageRef, requireKey } from '../table/decode.js';
import {
  and,
  copyOf,
  exists,
  is,
  itemExists,
  itemMissing,
  missing,
  or,
  type Changes,
  type Condition,
  type Item,
  type StateTable,
} from '../table/table.js';
import { DirtyMarkers, type DirtyGroup } from './dirty-markers.js';
import {
  archivedGroupItem,
  groupFromItem,
  groupKeys,
  needsFinalRender,
  newGroupItem,
  revOf,
  type AlertGroup,
  type GroupRef,
} from './group-item.js';

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

/** How often a method retries after losing a race it can recover from, before reporting contention. */
const MAX_ATTEMPTS = 5;

export class AlertGroups {
  readonly #table: StateTable;
  readonly #dirty: DirtyMarkers;

  constructor(table: StateTable) {
    this.#table = table;
    this.#dirty = new DirtyMarkers(table);
  }

  /**
   * Opens a generation for `groupKey` when none exists or the current one's window has ended (the ended one is
   * archived under its `GroupRef` first, and marked dirty when it still needs its final render or post). Atomic:
   * of many concurrent callers exactly one gets `created`; it holds the posting lease (`postingSince = now`).
   */
  async open(input: OpenGroupInput): Promise<OpenGroupResult> {
    requireKey('groupKey', input.groupKey);
    const nowMs = input.now.getTime();
    const item = newGroupItem(input.groupKey, input.alert, nowMs, input.windowMs);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (await this.#table.put(item, { if: itemMissing })) return { status: 'created', group: groupFromItem(item), replaced: undefined };

      const current = await this.#table.get(groupKeys.current(input.groupKey));
      if (current === undefined) continue; // removed meanwhile (TTL): try again
      const old = groupFromItem(current);
      if (old.windowEndsAt > nowMs) return { status: 'existing' };

      // The window ended, so no hit changes the old generation any more: archive it before replacing it (a crash
      // in between leaves it current, and the next opener archives it again). `rev` guards against archiving or
      // replacing a snapshot that a concurrent attach, claim or late hit has already changed.
      const rev = revOf(current);
      await this.#table.put(archivedGroupItem(current), { if: or(itemMissing, is('rev', '<=', rev)) });
      if (needsFinalRender(old)) await this.#dirty.mark(old, old.count, input.now);
      if (await this.#table.put(item, { if: and(is('openedAt', '=', old.openedAt), is('rev', '=', rev)) })) {
        return { status: 'created', group: groupFromItem(item), replaced: { groupKey: old.groupKey, openedAt: old.openedAt } };
      }
    }
    throw contention('open', input.groupKey);
  }

  /** The generation `ref` names, current or archived. */
  async get(ref: GroupRef): Promise<AlertGroup | undefined> {
    const current = await this.#table.get(groupKeys.current(ref.groupKey));
    if (current?.openedAt === ref.openedAt) return groupFromItem(current);
    const archived = await this.#table.get(groupKeys.archived(ref));
    return archived === undefined ? undefined : groupFromItem(archived);
  }

  /**
   * Counts one alert into the open generation of `groupKey`: atomic `count + 1` and `lastSeen`, and returns the
   * group as it is right after. Exact under concurrency.
   */
  async recordHit(groupKey: string, hit: GroupHit): Promise<GroupHitResult> {
    const nowMs = hit.now.getTime();
    const key = groupKeys.current(groupKey);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const updated = await this.#table.update(
        key,
        { add: { count: 1, rev: 1 }, set: { lastSeen: hit.seen } },
        { if: and(itemExists, is('windowEndsAt', '>', nowMs), is('openedBy', '<>', hit.deliveryId)) },
      );
      if (updated !== undefined) return { status: 'counted', group: groupFromItem(updated) };

      const current = await this.#table.get(key);
      if (current === undefined) return { status: 'no-open-group' };
      const group = groupFromItem(current);
      if (group.windowEndsAt <= nowMs) return { status: 'no-open-group' };
      if (group.openedBy === hit.deliveryId) return { status: 'own-delivery', group };
      // The generation was replaced between the update and the read: count into the new one.
    }
    throw contention('recordHit', groupKey);
  }

  /**
   * Takes the posting lease of a generation that has no message yet, when nobody took it within `leaseMs`
   * (the previous poster failed or is gone). Returns the group when taken, `undefined` otherwise.
   */
  async claimPosting(ref: GroupRef, options: { readonly now: Date; readonly leaseMs: number }): Promise<AlertGroup | undefined> {
    const nowMs = options.now.getTime();
    const item = await this.#updateGeneration(
      ref,
      { set: { postingSince: nowMs }, add: { rev: 1 } },
      and(missing('message'), or(missing('postingSince'), is('postingSince', '<=', nowMs - options.leaseMs))),
    );
    return item === undefined ? undefined : groupFromItem(item);
  }

  /**
   * Gives up the posting lease after a failed post, so the failed delivery's own retry (or anyone) may post at
   * once instead of waiting the lease out. No effect once a message is attached.
   */
  async releasePosting(ref: GroupRef): Promise<void> {
    await this.#updateGeneration(ref, { remove: ['postingSince'], add: { rev: 1 } }, and(missing('message'), exists('postingSince')));
  }

  /**
   * Records the posted message of a generation; the post counts as a render of `renderedCount` at `now`.
   * `false` when a message was attached already (a takeover won; the caller's post is a duplicate) or the
   * generation is gone.
   */
  async attachMessage(ref: GroupRef, message: PostedMessage, options: { readonly now: Date; readonly renderedCount: number }): Promise<boolean> {
    const item = await this.#updateGeneration(
      ref,
      {
        set: { message: messageRef(message), renderedAt: options.now.getTime(), renderedCount: options.renderedCount },
        remove: ['postingSince'],
        add: { rev: 1 },
      },
      missing('message'),
    );
    return item !== undefined;
  }

  /**
   * Claims the right to update the message: succeeds only when the generation has a message and its last render
   * is at least `intervalMs` old, so at most one update per interval happens however many Lambdas race. Sets
   * `renderedAt = now` and `renderedCount = count` atomically and returns the group (render exactly that count).
   */
  async claimRenderSlot(ref: GroupRef, options: { readonly now: Date; readonly intervalMs: number }): Promise<AlertGroup | undefined> {
    const nowMs = options.now.getTime();
    const item = await this.#updateGeneration(
      ref,
      { set: { renderedAt: nowMs, renderedCount: copyOf('count') }, add: { rev: 1 } },
      and(exists('message'), or(missing('renderedAt'), is('renderedAt', '<=', nowMs - options.intervalMs))),
    );
    return item === undefined ? undefined : groupFromItem(item);
  }

  /** Raises the dirty marker of a generation: the sweep must render at least `count`. Never lowers it. */
  markDirty(ref: GroupRef, count: number, now: Date): Promise<void> {
    return this.#dirty.mark(ref, count, now);
  }

  /** Every raised dirty marker. */
  listDirty(): Promise<DirtyGroup[]> {
    return this.#dirty.list();
  }

  /** Lowers the marker when `renderedCount` covers it; `true` when the marker is gone. */
  clearDirty(ref: GroupRef, renderedCount: number): Promise<boolean> {
    return this.#dirty.clear(ref, renderedCount);
  }

  /**
   * A conditional update of the generation `ref` names: the current item when it still is that generation, else
   * its archived copy. `undefined` when the condition does not hold (or the generation is gone).
   */
  async #updateGeneration(ref: GroupRef, changes: Changes, condition: Condition): Promise<Item | undefined> {
    const current = await this.#table.update(groupKeys.current(ref.groupKey), changes, { if: and(is('openedAt', '=', ref.openedAt), condition) });
    if (current !== undefined) return current;
    const now = await this.#table.get(groupKeys.current(ref.groupKey));
    if (now?.openedAt === ref.openedAt) return undefined; // the generation is current: its condition failed
    return this.#table.update(groupKeys.archived(ref), changes, { if: and(itemExists, condition) });
  }
}

function contention(operation: string, groupKey: string): SecmonError {
  return new SecmonError('STATE_STORE', `alert groups ${operation}: gave up after ${MAX_ATTEMPTS} lost races on ${groupKey}`);
}
