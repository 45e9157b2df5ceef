/**
 * Flood control: a budget of new Slack messages per channel and minute, and the alerts held back beyond it. Slack
 * takes about one message per second per channel; a storm of distinct alert groups (or forged events) would
 * otherwise hit that limit, and alerts would wait in retries and the dead-letter queue. The pipeline takes a slot
 * before each new message; a non-critical alert that finds none left is counted here instead, and the sweep posts
 * one summary per window once it has ended.
 *
 * | item         | pk                 | sk                                  |
 * |--------------|--------------------|-------------------------------------|
 * | window       | `flood#<channel>`  | `window#<start, 15-digit ms>`       |
 * | held sample  | `flood#<channel>`  | `window#<start>#sample#<nnn>`       |
 *
 * A window counts its posts and what it held, in total and per monitor (top-level attributes `hm_<monitor id>` and
 * `hs_<source>`: DynamoDB's ADD works on top-level attributes only); the first FLOOD_SAMPLE_LIMIT held alerts are
 * kept whole, for the summary to show. TTL: a day after the window.
 */
import { msKey, num, optStr, requireKey, str } from '../table/decode.js';
import { is, itemMissing, missing, or, ttlSeconds, type Item, type ItemKey, type StateTable } from '../table/table.js';
import type { StateKind } from '../kinds.js';

export const FLOOD_KIND: StateKind = 'flood';
export const FLOOD_WINDOW_MS = 60_000;
/** Held alerts kept whole per window (the rest are counted per monitor). */
export const FLOOD_SAMPLE_LIMIT = 10;
const RETENTION_MS = 24 * 3600_000;

/** What the summary shows of a held alert. */
export interface HeldAlert {
  readonly monitorId: string | undefined;
  /** The alert's source when it has no monitor (notification, event, ...). */
  readonly source: string;
  readonly severity: string;
  readonly title: string;
  readonly summary: string;
  readonly time: string;
}

export interface FloodWindow {
  readonly channel: string;
  readonly startMs: number;
  readonly posts: number;
  readonly held: number;
  /** Held alerts per monitor id, or per source (`notification`, ...) for alerts without one. */
  readonly heldBy: Readonly<Record<string, number>>;
  readonly samples: readonly HeldAlert[];
}

const windowStart = (nowMs: number): number => Math.floor(nowMs / FLOOD_WINDOW_MS) * FLOOD_WINDOW_MS;
const partition = (channel: string): string => `${FLOOD_KIND}#${channel}`;
export const floodWindowKey = (channel: string, startMs: number): ItemKey => ({ pk: partition(channel), sk: `window#${msKey(startMs)}` });
const sampleKey = (channel: string, startMs: number, n: number): ItemKey => ({
  pk: partition(channel),
  sk: `window#${msKey(startMs)}#sample#${String(n).padStart(3, '0')}`,
});

const MONITOR_ID = /^[a-z0-9][a-z0-9-]*$/;
const SOURCE = /^[a-z]+$/;

/** The attribute counting a held alert's monitor (or source): `-` becomes `_`, which no monitor id contains. */
function heldAttribute(alert: Pick<HeldAlert, 'monitorId' | 'source'>): string {
  if (alert.monitorId !== undefined && MONITOR_ID.test(alert.monitorId)) return `hm_${alert.monitorId.replace(/-/g, '_')}`;
  return `hs_${SOURCE.test(alert.source) ? alert.source : 'other'}`;
}

export class PostBudget {
  constructor(private readonly table: StateTable) {}

  /**
   * Takes a slot for one new message in the channel's current window: while fewer than `limit` were taken, or always
   * when `force` (critical alerts and tests post whatever the count; they still count). False: none left.
   */
  async take(channel: string, now: Date, options: { readonly limit: number; readonly force: boolean }): Promise<boolean> {
    requireKey('flood channel', channel);
    const startMs = windowStart(now.getTime());
    const updated = await this.table.update(
      floodWindowKey(channel, startMs),
      { set: this.#windowAttributes(channel, startMs), add: { posts: 1 } },
      options.force ? {} : { if: or(itemMissing, missing('posts'), is('posts', '<', options.limit)) },
    );
    return updated !== undefined;
  }

  /** Counts an alert held back in the channel's current window; the window's count after it. */
  async hold(channel: string, alert: HeldAlert, now: Date): Promise<{ readonly windowStartMs: number; readonly held: number }> {
    requireKey('flood channel', channel);
    const startMs = windowStart(now.getTime());
    const updated = await this.table.update(floodWindowKey(channel, startMs), {
      set: this.#windowAttributes(channel, startMs),
      add: { held: 1, [heldAttribute(alert)]: 1 },
    });
    const held = updated === undefined ? 0 : num(updated, 'held');
    if (held >= 1 && held <= FLOOD_SAMPLE_LIMIT) {
      await this.table.put({
        ...sampleKey(channel, startMs, held),
        kind: FLOOD_KIND,
        ...alert,
        expiresAt: ttlSeconds(startMs + RETENTION_MS),
      });
    }
    return { windowStartMs: startMs, held };
  }

  /** The channel's windows that ended at or before `endedBy` (epoch ms), oldest first, with what they held. */
  async listEnded(channel: string, endedBy: number): Promise<FloodWindow[]> {
    const items = await this.table.query(partition(channel));
    const windows = new Map<number, { counter: Item | undefined; samples: HeldAlert[] }>();
    for (const item of items) {
      const startMs = Number(item.sk.slice('window#'.length, 'window#'.length + 15));
      if (!Number.isFinite(startMs) || startMs + FLOOD_WINDOW_MS > endedBy) continue;
      const entry = windows.get(startMs) ?? { counter: undefined, samples: [] };
      if (item.sk.includes('#sample#')) entry.samples.push(sampleOf(item));
      else entry.counter = item;
      windows.set(startMs, entry);
    }
    return [...windows.entries()].map(([startMs, { counter, samples }]) => windowOf(channel, startMs, counter, samples));
  }

  /**
   * Removes an ended window once its summary is out. The counter goes only if it still holds what the summary
   * showed: an alert held after the listing (a slow invocation) keeps it for the next sweep. True when it is gone.
   */
  async clear(window: FloodWindow): Promise<boolean> {
    const cleared = await this.table.delete(floodWindowKey(window.channel, window.startMs), {
      if: window.held === 0 ? or(itemMissing, missing('held')) : or(itemMissing, is('held', '=', window.held)),
    });
    if (!cleared.deleted) return false;
    // Every sample slot, not just those listed: a sweep that stopped half-way left some behind.
    const slots = window.held > 0 || window.samples.length > 0 ? FLOOD_SAMPLE_LIMIT : 0;
    for (let n = 1; n <= slots; n++) await this.table.delete(sampleKey(window.channel, window.startMs, n));
    return true;
  }

  #windowAttributes(channel: string, startMs: number): Record<string, unknown> {
    return { kind: FLOOD_KIND, channel, windowStartMs: startMs, expiresAt: ttlSeconds(startMs + RETENTION_MS) };
  }
}

function sampleOf(item: Item): HeldAlert {
  return {
    monitorId: optStr(item, 'monitorId'),
    source: str(item, 'source'),
    severity: str(item, 'severity'),
    title: str(item, 'title'),
    summary: str(item, 'summary'),
    time: str(item, 'time'),
  };
}

function windowOf(channel: string, startMs: number, counter: Item | undefined, samples: HeldAlert[]): FloodWindow {
  const heldBy: Record<string, number> = {};
  for (const [name, value] of Object.entries(counter ?? {})) {
    if (typeof value !== 'number') continue;
    if (name.startsWith('hm_')) heldBy[name.slice(3).replace(/_/g, '-')] = value;
    else if (name.startsWith('hs_')) heldBy[name.slice(3)] = (heldBy[name.slice(3)] ?? 0) + value;
  }
  return {
    channel,
    startMs,
    posts: counter?.['posts'] === undefined ? 0 : num(counter, 'posts'),
    held: counter?.['held'] === undefined ? 0 : num(counter, 'held'),
    heldBy,
    samples,
  };
}
