/**
 * The event patterns of the member stack's forwarding rules (member.yaml), derived from the catalog so that every
 * monitor sees in an organization what it sees in one account; test/unit/deploy/member-template.test.ts fails when
 * member.yaml's patterns differ from these (and prints these).
 *
 * - write events (rule state ENABLED, which EventBridge never gives read-only management events): every AWS source
 *   with a detail-type some monitor's pattern names;
 * - read-only events (rule state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS): only `readOnly: true` events that a
 *   monitor needing them (`readOnlyEvents`) would match. Read-only calls are most of CloudTrail's volume, and
 *   each forwarded event costs $1 per million (EventBridge pricing: cross-account events are custom events).
 */
import type { EventPattern, Monitor } from '../catalog/types.js';

/**
 * Finding monitors (the findings pack) are left out of member forwarding: the detectors deliver every account's
 * findings to their delegated administrator, the central account, whose own default bus is where those rules live
 * (src/actions/common.ts, rulePlacements). Forwarding the members' copies too would post every finding twice, and
 * a member's copy is not the administrator's (its write-backs would be made in the wrong account).
 */
function forwarded(catalog: readonly Monitor[]): Monitor[] {
  return catalog.filter((monitor) => monitor.findingSource === undefined);
}

export function detailTypesOf(catalog: readonly Monitor[]): string[] {
  const types = new Set<string>();
  for (const monitor of forwarded(catalog)) {
    const value = monitor.eventPattern?.['detail-type'];
    if (Array.isArray(value)) for (const type of value) if (typeof type === 'string') types.add(type);
  }
  return [...types].sort();
}

export function writeForwardPattern(catalog: readonly Monitor[]): EventPattern {
  return { source: [{ prefix: 'aws.' }], 'detail-type': detailTypesOf(catalog) };
}

export function readOnlyForwardPattern(catalog: readonly Monitor[]): EventPattern {
  const needing = catalog.filter((monitor) => monitor.readOnlyEvents === true && monitor.eventPattern !== null);
  // Each monitor's own pattern (its detail-types are the rule's), with `readOnly: true` added to its detail.
  const alternatives = needing.map((monitor) => {
    const own: Record<string, unknown> = { ...monitor.eventPattern };
    delete own['detail-type'];
    return { ...own, detail: { readOnly: [true], ...(own['detail'] as object) } };
  });
  // No top-level source: each alternative keeps its monitor's own (every catalog pattern pins an aws.* source).
  return { 'detail-type': detailTypesOf(needing), $or: alternatives };
}
