/**
 * Each detector's severity on secmon's scale (critical, high, medium, low, info), and the EventBridge pattern that
 * keeps a rule to findings at or above a minimum. The README's severity table says the same; the tests pin both.
 *
 * | source          | critical        | high          | medium         | low        | info           |
 * |-----------------|-----------------|---------------|----------------|------------|----------------|
 * | GuardDuty       | 9.0 and above   | 7.0 – 8.9     | 4.0 – 6.9      | 1.0 – 3.9  | below 1.0      |
 * | Security Hub    | CRITICAL        | HIGH          | MEDIUM         | LOW        | INFORMATIONAL  |
 * | Inspector       | CRITICAL        | HIGH          | MEDIUM, UNTRIAGED | LOW     | INFORMATIONAL  |
 * | Access Analyzer | public access   |               | cross-account  |            |                |
 * | Macie           |                 | High          | Medium         | Low        |                |
 *
 * Inspector's UNTRIAGED (no score yet) counts as medium: shown by default rather than hidden until someone rates it.
 */
import type { Severity } from '../catalog/types.js';
import type { AlertSeverity } from '../alerts/model.js';
import type { FindingSource } from './model.js';

/** The minimum a finding rule takes when `--min-severity` is not given. */
export const DEFAULT_MIN_SEVERITY: Severity = 'medium';

const RANK: Readonly<Record<AlertSeverity, number>> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

function atLeast(severity: AlertSeverity, minimum: AlertSeverity): boolean {
  return RANK[severity] >= RANK[minimum];
}

/** GuardDuty's numeric severity (1.0–10.0; AWS documents 9.0+ as Critical since 2025). */
export function guardDutySeverity(score: number): AlertSeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score >= 1) return 'low';
  return 'info';
}

const LABELS: Readonly<Record<string, AlertSeverity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFORMATIONAL: 'info',
};

/** Security Hub `Severity.Label`; an unknown label reads as medium (shown, never dropped). */
export function securityHubSeverity(label: string): AlertSeverity {
  return LABELS[label.toUpperCase()] ?? 'medium';
}

/** Inspector `severity`: the labels above, and UNTRIAGED as medium. */
export function inspectorSeverity(label: string): AlertSeverity {
  return LABELS[label.toUpperCase()] ?? 'medium';
}

/** Access Analyzer rates nothing: access open to anyone is critical (as resource-made-public), to other accounts medium. */
export function accessAnalyzerSeverity(isPublic: boolean): AlertSeverity {
  return isPublic ? 'critical' : 'medium';
}

/** Macie `severity.description`: Low, Medium, High. */
export function macieSeverity(description: string): AlertSeverity {
  return LABELS[description.toUpperCase()] ?? 'medium';
}

/** The labels of `labels` (highest first) at or above `minimum`. */
function labelsFrom(labels: readonly [string, AlertSeverity][], minimum: Severity): string[] {
  return labels.filter(([, severity]) => atLeast(severity, minimum)).map(([label]) => label);
}

const SECURITY_HUB_LABELS: readonly [string, AlertSeverity][] = [
  ['CRITICAL', 'critical'],
  ['HIGH', 'high'],
  ['MEDIUM', 'medium'],
  ['LOW', 'low'],
];
const INSPECTOR_LABELS: readonly [string, AlertSeverity][] = [...SECURITY_HUB_LABELS, ['UNTRIAGED', 'medium']];
const MACIE_LABELS: readonly [string, AlertSeverity][] = [
  ['High', 'high'],
  ['Medium', 'medium'],
  ['Low', 'low'],
];
const GUARDDUTY_FLOOR: Readonly<Record<Severity, number>> = { critical: 9, high: 7, medium: 4, low: 1 };

/**
 * The `detail` part of a finding rule's pattern that keeps findings at or above `minimum`, or a reason why the source
 * has none at that level (Macie rates nothing critical). Filtering at EventBridge: findings below the minimum never
 * reach (or cost) the alerts function.
 */
export function severityFilter(source: FindingSource, minimum: Severity): { readonly detail: Record<string, unknown> } | { readonly none: string } {
  switch (source) {
    case 'guardduty':
      return { detail: { severity: [{ numeric: ['>=', GUARDDUTY_FLOOR[minimum]] }] } };
    case 'securityhub':
      return { detail: { findings: { Severity: { Label: labelsFrom(SECURITY_HUB_LABELS, minimum) } } } };
    case 'inspector':
      return { detail: { severity: labelsFrom(INSPECTOR_LABELS, minimum) } };
    case 'access-analyzer':
      // Public access is critical, cross-account access medium: above medium, only public access is left.
      return atLeast('medium', minimum) ? { detail: {} } : { detail: { isPublic: [true] } };
    case 'macie': {
      const labels = labelsFrom(MACIE_LABELS, minimum);
      return labels.length === 0 ? { none: 'Macie rates findings Low, Medium or High, never critical' } : { detail: { severity: { description: labels } } };
    }
  }
}
