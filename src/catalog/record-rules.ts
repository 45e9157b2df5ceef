/** What a monitor's record-dependent parts say about one record: its severity, and how much it counts. */
import type { JsonObject } from '../cloudtrail/record.js';
import type { Monitor, Severity } from './types.js';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The monitor's severity for this record: its severity rule's answer, or its own severity. */
export function severityFor(monitor: Monitor, record: JsonObject | undefined): Severity {
  if (monitor.severityRule === undefined || record === undefined) return monitor.severity;
  try {
    return monitor.severityRule.of(record);
  } catch {
    // Rules are written never to throw; if one does, the higher of the two is the safe answer.
    return 'critical';
  }
}

/** How much a record counts toward the monitor's threshold: a whole number of at least 1 (1 without a threshold). */
export function thresholdWeight(monitor: Monitor, record: JsonObject): number {
  if (monitor.threshold === undefined) return 1;
  let weight: number;
  try {
    weight = monitor.threshold.weight(record);
  } catch {
    weight = 1;
  }
  return Number.isFinite(weight) && weight >= 1 ? Math.floor(weight) : 1;
}
