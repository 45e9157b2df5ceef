/**
 * Dirty markers: group generations that need a render the pipeline could not do at the time (render slot busy,
 * first post pending or failed). The sweep lists them, renders, and lowers each marker only when its render
 * covered it.
 *
 * | item         | pk         | sk                                    |
 * |--------------|------------|---------------------------------------|
 * | dirty marker | `dirty#all`| `<openedAt, 15-digit ms>#<groupKey>`  |
 *
 * One partition, so the sweep lists every marker with one Query. TTL: a day after the last raise.
 */
import { msKey, num, str } from '../table/decode.js';
import { or, is, itemMissing, ttlSeconds, type ItemKey, type StateTable } from '../table/table.js';
import type { GroupRef } from './group-item.js';
import type { StateKind } from '../kinds.js';

export const DIRTY_KIND: StateKind = 'dirty';
const PARTITION = `${DIRTY_KIND}#all`;

export const DIRTY_MARKER_RETENTION_MS = 24 * 3600_000;

/** A group generation that needs a render the pipeline could not do at the time. */
export interface DirtyGroup extends GroupRef {
  /** The highest count known to be unrendered when the marker was (last) raised. */
  readonly count: number;
  /** Epoch ms of the last raise. */
  readonly markedAt: number;
}

export const dirtyKey = (ref: GroupRef): ItemKey => ({ pk: PARTITION, sk: `${msKey(ref.openedAt)}#${ref.groupKey}` });

export class DirtyMarkers {
  constructor(private readonly table: StateTable) {}

  /** Raises the marker of a generation: the sweep must render at least `count`. Never lowers it. */
  async mark(ref: GroupRef, count: number, now: Date): Promise<void> {
    const nowMs = now.getTime();
    // A lost condition means the marker already asks for at least `count`: nothing to do.
    await this.table.update(
      dirtyKey(ref),
      {
        set: {
          kind: DIRTY_KIND,
          groupKey: ref.groupKey,
          openedAt: ref.openedAt,
          count,
          markedAt: nowMs,
          expiresAt: ttlSeconds(nowMs + DIRTY_MARKER_RETENTION_MS),
        },
      },
      { if: or(itemMissing, is('count', '<', count)) },
    );
  }

  /** Every raised marker (a Query on one partition). */
  async list(): Promise<DirtyGroup[]> {
    const items = await this.table.query(PARTITION);
    return items.map((item) => ({
      groupKey: str(item, 'groupKey'),
      openedAt: num(item, 'openedAt'),
      count: num(item, 'count'),
      markedAt: num(item, 'markedAt'),
    }));
  }

  /**
   * Lowers the marker when `renderedCount` covers it (a hit that raised it higher meanwhile keeps it raised).
   * `true` when the marker is gone.
   */
  async clear(ref: GroupRef, renderedCount: number): Promise<boolean> {
    const result = await this.table.delete(dirtyKey(ref), { if: or(itemMissing, is('count', '<=', renderedCount)) });
    return result.deleted;
  }
}
