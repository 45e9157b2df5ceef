/**
 * The findings pack: one monitor per AWS detector (GuardDuty, Security Hub, IAM Access Analyzer, Inspector, Macie),
 * taking the findings that detector publishes to EventBridge. Event-only (no metric filter: findings are not
 * CloudTrail records); one rule on the home region's default bus, in an organization too, since the findings of
 * every account reach the delegated administrator (the central account) there (see rulePlacements).
 *
 * Each pattern pins the detector's own `aws.*` source and detail-type and keeps findings at or above the minimum
 * severity (the catalog shows the default, medium; `enable --min-severity` chooses another). It does not filter on
 * the finding's state: an update that closes a finding (RESOLVED, ARCHIVED, SUPPRESSED, CLOSED) must still arrive,
 * to update the message that shows it. The pipeline posts only open findings; a closed one secmon never showed is
 * ignored, a closed one it showed updates that message.
 */
import { FINDING_EVENTS, type FindingEventKind } from '../../findings/events.js';
import type { FindingSource } from '../../findings/model.js';
import { DEFAULT_MIN_SEVERITY, severityFilter } from '../../findings/severity.js';
import type { EventPattern, Monitor, Severity } from '../types.js';

/**
 * The rule pattern of a finding monitor for a minimum severity: source, detail-type and the severity filter; a
 * reason instead when the detector has no findings that severe.
 */
export function findingPattern(source: FindingSource, minimum: Severity): { readonly pattern: EventPattern } | { readonly none: string } {
  const kind = FINDING_EVENTS[source];
  const filter = severityFilter(source, minimum);
  if ('none' in filter) return filter;
  const detail = filter.detail;
  return {
    pattern: {
      source: [kind.eventSource],
      'detail-type': [kind.detailType],
      ...(Object.keys(detail).length === 0 ? {} : { detail }),
    },
  };
}

function defaultPattern(source: FindingSource): EventPattern {
  const made = findingPattern(source, DEFAULT_MIN_SEVERITY);
  if ('none' in made) throw new Error(`${source}: no findings at the default minimum (${made.none})`);
  return made.pattern;
}

interface FindingMonitorText {
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly runbook: string;
}

function findingMonitor(kind: FindingEventKind, text: FindingMonitorText): Monitor {
  return {
    id: kind.monitorId,
    ...text,
    packs: ['findings'],
    filterPattern: null,
    eventPattern: defaultPattern(kind.source),
    ruleRegions: ['home'],
    remediations: [],
    // Findings carry their own classification (the detector's type); no ATT&CK or Stratus mapping is claimed.
    attack: [],
    stratus: [],
    findingSource: kind.source,
  };
}

export function findingsMonitors(): Monitor[] {
  return [
    findingMonitor(FINDING_EVENTS.guardduty, {
      title: 'GuardDuty finding',
      description: 'A GuardDuty finding: threat detection on CloudTrail, VPC flow, DNS, S3, EKS, runtime and malware data.',
      severity: 'high',
      runbook: "Open the finding in GuardDuty; check the affected resource and the actor's activity around the first-seen time.",
    }),
    findingMonitor(FINDING_EVENTS.securityhub, {
      title: 'Security Hub finding',
      description: 'A Security Hub finding (ASFF): failed security controls and the findings of integrated products.',
      severity: 'high',
      runbook: 'Open the finding in Security Hub; follow its remediation link, fix the resource, or suppress it with a reason.',
    }),
    findingMonitor(FINDING_EVENTS['access-analyzer'], {
      title: 'IAM Access Analyzer finding',
      description: 'IAM Access Analyzer found a resource shared outside the zone of trust (another account, or public).',
      severity: 'high',
      runbook: "Check the resource's policy: remove the grant, or archive the finding if the sharing is intended.",
    }),
    findingMonitor(FINDING_EVENTS.inspector, {
      title: 'Inspector finding',
      description: 'An Inspector finding: a vulnerable package, an open network path or a code vulnerability.',
      severity: 'high',
      runbook: 'Open the finding in Inspector; patch or update the affected package, or close the network path.',
    }),
    findingMonitor(FINDING_EVENTS.macie, {
      title: 'Macie finding',
      description: 'A Macie finding: sensitive data in S3, or an S3 bucket policy that weakens its security.',
      severity: 'high',
      runbook: 'Open the finding in Macie; restrict access to the bucket or object, and move the data if it should not be there.',
    }),
  ];
}
