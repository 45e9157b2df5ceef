/**
 * Finding the catalog monitor an input belongs to: an alarm's by its name, an event's by matching the catalog (never by
 * the rule an event's `resources` name: whoever sends an event chooses them).
 */
import type { CatalogMatcher, UnmetCondition } from '../../catalog/matcher.js';
import { SEVERITY_RANK, severityFor } from '../../catalog/record-rules.js';
import type { Monitor } from '../../catalog/types.js';
import type { JsonObject } from '../../cloudtrail/record.js';
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

/** The monitor that best explains an input, and the monitors a record condition set aside. */
export interface BestMatch {
  readonly monitor: Monitor | undefined;
  readonly unmet: readonly UnmetCondition[];
}

/**
 * The monitor that best explains an input the catalog matches (patterns and record conditions): the most severe
 * for this record (severity rules included); among equals, one with an event pattern (a rule of it could have
 * delivered the event), then the earlier in the catalog (secmon's essentials and threats before the CIS pack).
 * `record` is the CloudTrail record severity rules read (the envelope's detail).
 */
export function bestMatchingMonitor(input: unknown, deps: NormaliseDeps, record: JsonObject | undefined): BestMatch {
  const examined = deps.matcher.examine(input);
  const ranked = examined.monitors
    .map((id) => {
      const index = deps.catalog.findIndex((m) => m.id === id);
      const monitor = deps.catalog[index];
      return monitor === undefined ? undefined : { monitor, index, rank: SEVERITY_RANK[severityFor(monitor, record)] };
    })
    .filter((entry) => entry !== undefined)
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        Number(a.monitor.eventPattern === null) - Number(b.monitor.eventPattern === null) ||
        a.index - b.index,
    );
  return { monitor: ranked[0]?.monitor, unmet: examined.unmet };
}

export function monitorRef(monitor: Monitor | undefined): AlertMonitorRef | null {
  return monitor === undefined ? null : { id: monitor.id, title: monitor.title, severity: monitor.severity };
}
