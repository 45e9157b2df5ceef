/**
 * The read-only replies of `/secmon list [pack]` and `/secmon status`: both run the status action in the worker, and
 * its `detail.monitors` (src/actions/status.ts) is mapped here onto the Block Kit builders of blocks/monitor-list.ts
 * and blocks/status.ts. Pure: the catalog and the time are passed in. No Block Kit here, only the mapping.
 */
import type { MonitorListEntry, MonitorPath } from '../../../blocks/monitor-list.js';
import { monitorListMessage } from '../../../blocks/monitor-list.js';
import { statusMessage, type MonitorStatus as StatusLine, type SuppressionStatus } from '../../../blocks/status.js';
import type { BlockMessage } from '../../../blocks/elements.js';
import type { MonitorStatus } from '../../actions/status.js';
import type { ActionResult } from '../../actions/types.js';
import type { AlarmState } from '../../alerts/model.js';
import type { AccountReport } from '../../org/reporting.js';
import { PACKS, type Monitor, type PackId } from '../../catalog/types.js';
import type { JobView } from './job.js';

const ALARM_STATES: readonly AlarmState[] = ['ALARM', 'OK', 'INSUFFICIENT_DATA'];

export interface ViewOptions {
  readonly catalog: readonly Monitor[];
  /** The job's params (`list` carries `pack`). */
  readonly params: unknown;
  /** When the state was read. */
  readonly now: Date;
}

/**
 * The message for a `list` or `status` job, or `undefined` when the result has nothing to render (the action failed,
 * or its detail is not the status action's): the caller then answers with the plain summary.
 */
export function renderView(view: JobView, result: ActionResult, options: ViewOptions): BlockMessage | undefined {
  // The suppressions list is its summary's text.
  if (!result.ok || view === 'suppressions') return undefined;
  const monitors = statusMonitors(result.detail);
  if (monitors === undefined) return undefined;
  const byId = new Map(monitors.map((entry) => [entry.monitorId, entry]));
  if (view === 'list') {
    const entries: MonitorListEntry[] = options.catalog.map((monitor) => listEntry(monitor, byId.get(monitor.id), options.now));
    const pack = packOf(options.params);
    return monitorListMessage(entries, pack === undefined ? {} : { pack });
  }
  const lines: StatusLine[] = [];
  for (const monitor of options.catalog) {
    const entry = byId.get(monitor.id);
    if (entry !== undefined) lines.push(statusLine(monitor, entry, options.now));
  }
  const accounts = result.detail['accounts'];
  const suppressions = result.detail['suppressions'];
  return statusMessage({
    monitors: lines,
    asOf: options.now.toISOString(),
    ...(Array.isArray(accounts) ? { accounts: accounts as AccountReport[] } : {}),
    ...(Array.isArray(suppressions) ? { suppressions: suppressions as SuppressionStatus[] } : {}),
  });
}

function statusMonitors(detail: ActionResult['detail']): readonly MonitorStatus[] | undefined {
  const monitors = detail['monitors'];
  if (!Array.isArray(monitors)) return undefined;
  return monitors.filter(
    (entry): entry is MonitorStatus =>
      typeof entry === 'object' && entry !== null && typeof (entry as { monitorId?: unknown }).monitorId === 'string',
  );
}

function packOf(params: unknown): PackId | undefined {
  const pack = typeof params === 'object' && params !== null ? (params as { pack?: unknown }).pack : undefined;
  return typeof pack === 'string' && (PACKS as readonly string[]).includes(pack) ? (pack as PackId) : undefined;
}

/** Alarm when the metric filter or the alarm exists; event when a rule is not disabled. */
export function enabledVia(entry: MonitorStatus | undefined): MonitorPath[] {
  if (entry === undefined) return [];
  const paths: MonitorPath[] = [];
  if (entry.metricFilter || entry.alarm !== undefined) paths.push('alarm');
  if (entry.rules.some((rule) => rule.state !== 'DISABLED')) paths.push('event');
  return paths;
}

/** The later end of the silence record and the alarm's mute rule, if either is in force. */
export function silencedUntil(entry: MonitorStatus | undefined, now: Date): string | undefined {
  if (entry === undefined) return undefined;
  const ends = [entry.silencedUntil, entry.mutedUntil]
    .filter((end): end is string => end !== undefined && Date.parse(end) > now.getTime())
    .sort((a, b) => Date.parse(b) - Date.parse(a));
  return ends[0];
}

function listEntry(monitor: Monitor, entry: MonitorStatus | undefined, now: Date): MonitorListEntry {
  const until = silencedUntil(entry, now);
  return { monitor, enabledVia: enabledVia(entry), ...(until !== undefined ? { silencedUntil: until } : {}) };
}

function statusLine(monitor: Monitor, entry: MonitorStatus, now: Date): StatusLine {
  const until = silencedUntil(entry, now);
  const alarmState = ALARM_STATES.find((state) => state === entry.alarm);
  return {
    monitor,
    enabledVia: enabledVia(entry),
    ...(alarmState !== undefined ? { alarmState } : {}),
    ...(until !== undefined ? { silencedUntil: until } : {}),
    ...(until !== undefined && entry.silenceReason !== undefined ? { silenceReason: entry.silenceReason } : {}),
    ...(entry.lastAlert !== undefined ? { lastAlert: { at: entry.lastAlert.at, summary: entry.lastAlert.summary } } : {}),
  };
}
