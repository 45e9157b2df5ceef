/** Finding the catalog monitor an input belongs to: by alarm name, or by matching the catalog. */
import type { CatalogMatcher } from '../../catalog/matcher.js';
import type { Monitor, Severity } from '../../catalog/types.js';
import type { AlertMonitorRef } from '../model.js';

export interface NormaliseDeps {
  readonly catalog: readonly Monitor[];
  /** createCatalogMatcher(catalog): finds the monitor of an event. */
  readonly matcher: CatalogMatcher;
  /**
   * The SNS topic secmon's alarms notify (the stack's alarm topic). Alarm notifications are trusted only from it;
   * undefined (offline replay, which reads no SNS): none is.
   */
  readonly alarmTopicArn?: string | undefined;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * The monitor a resource named `<prefix>-<id>` belongs to (alarms, rules). Any prefix is accepted, since the
 * deployment prefix is configurable and may itself contain hyphens (`acme-secmon-root-activity`); when several ids
 * fit, the longest wins.
 */
export function monitorFromResourceName(name: string, catalog: readonly Monitor[]): Monitor | undefined {
  let best: Monitor | undefined;
  for (const monitor of catalog) {
    const suffix = `-${monitor.id}`;
    if (name.length > suffix.length && name.endsWith(suffix) && (best === undefined || monitor.id.length > best.id.length)) {
      best = monitor;
    }
  }
  return best;
}

/**
 * The monitor that best explains an input the catalog matches: the most severe; among equals, one with an event
 * pattern (a rule of it could have delivered the event), then the earlier in the catalog (secmon's essentials
 * before the CIS pack).
 */
export function bestMatchingMonitor(input: unknown, deps: NormaliseDeps): Monitor | undefined {
  const ranked = deps.matcher
    .match(input)
    .map((id) => ({ monitor: deps.catalog.find((m) => m.id === id), index: deps.catalog.findIndex((m) => m.id === id) }))
    .filter((entry): entry is { monitor: Monitor; index: number } => entry.monitor !== undefined)
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.monitor.severity] - SEVERITY_RANK[b.monitor.severity] ||
        Number(a.monitor.eventPattern === null) - Number(b.monitor.eventPattern === null) ||
        a.index - b.index,
    );
  return ranked[0]?.monitor;
}

export function monitorRef(monitor: Monitor | undefined): AlertMonitorRef | null {
  return monitor === undefined ? null : { id: monitor.id, title: monitor.title, severity: monitor.severity };
}
