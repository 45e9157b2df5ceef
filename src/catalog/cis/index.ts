/**
 * The CIS AWS Foundations Benchmark monitoring controls (Security Hub CloudWatch.1 to CloudWatch.14, and CIS 4.15
 * for AWS Organizations), as metric filters only. Auditors compare the filter text with the published text, so the
 * texts are read unchanged from published-filters.json (the published file, copied byte for byte) and never
 * rewritten here, not even where secmon's own essentials monitors say the same thing better.
 */
import type { Monitor, Severity } from '../types.js';
import published from './published-filters.json' with { type: 'json' };

export type CisMonitorId = keyof typeof published;

interface CisDetails {
  /** The control: Security Hub's id and the CIS recommendation it checks. */
  readonly control: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly runbook: string;
  /** MITRE ATT&CK technique ids the control's changes point to. */
  readonly attack: readonly string[];
}

/** Keyed by the published ids: the type checker fails when the file gains or loses an id. */
const DETAILS: Record<CisMonitorId, CisDetails> = {
  'cis-root-usage': {
    control: 'CloudWatch.1',
    title: 'Usage of the root user',
    description: 'The root user was used (CIS metric filter and alarm for root usage).',
    severity: 'critical',
    runbook: 'Confirm with the account owner that root was used on purpose; if not, rotate its password and MFA.',
    attack: ['T1078.004'],
  },
  'cis-unauthorized-api-calls': {
    control: 'CloudWatch.2',
    title: 'Unauthorized API calls',
    description: 'An API call was refused (UnauthorizedOperation or AccessDenied), including routine refusals.',
    severity: 'medium',
    runbook: 'Group by principal and errorMessage; many services refused to one principal suggests stolen credentials.',
    attack: ['T1580'],
  },
  'cis-console-signin-without-mfa': {
    control: 'CloudWatch.3',
    title: 'Management Console sign-in without MFA',
    description: 'An IAM user signed in to the console without MFA.',
    severity: 'high',
    runbook: 'Confirm the sign-in with the user and enforce MFA for them.',
    attack: ['T1078.004'],
  },
  'cis-iam-policy-changes': {
    control: 'CloudWatch.4',
    title: 'IAM policy changes',
    description: 'An IAM policy was created, changed, deleted, attached or detached.',
    severity: 'medium',
    runbook: 'Read the policy document or ARN in requestParameters and check the change was planned.',
    attack: ['T1098'],
  },
  'cis-cloudtrail-config-changes': {
    control: 'CloudWatch.5',
    title: 'CloudTrail configuration changes',
    description: 'A trail was created, updated, deleted, started or stopped.',
    severity: 'high',
    runbook: 'Check the trail is logging with its intended settings (GetTrailStatus); treat an unexplained stop as an incident.',
    attack: ['T1562.008'],
  },
  'cis-console-auth-failures': {
    control: 'CloudWatch.6',
    title: 'Management Console authentication failures',
    description: 'A console sign-in failed authentication.',
    severity: 'medium',
    runbook: 'Look for repeats from one source IP or against one user, and for a success after the failures.',
    attack: ['T1110'],
  },
  'cis-cmk-disable-or-deletion': {
    control: 'CloudWatch.7',
    title: 'Disabling or scheduled deletion of customer managed keys',
    description: 'A KMS key was disabled or scheduled for deletion.',
    severity: 'high',
    runbook: 'Find what the key encrypts; EnableKey or CancelKeyDeletion if the change was not intended.',
    attack: ['T1485'],
  },
  'cis-s3-bucket-policy-changes': {
    control: 'CloudWatch.8',
    title: 'S3 bucket policy changes',
    description: "A bucket's policy, ACL, CORS, lifecycle or replication configuration changed.",
    severity: 'medium',
    runbook: 'Read the new configuration in requestParameters and check whether the bucket became public.',
    attack: ['T1530'],
  },
  'cis-aws-config-changes': {
    control: 'CloudWatch.9',
    title: 'AWS Config configuration changes',
    description: 'The AWS Config recorder or delivery channel was changed or stopped.',
    severity: 'high',
    runbook: 'Check the recorder is recording (DescribeConfigurationRecorderStatus) and the delivery channel intact.',
    attack: ['T1562.008'],
  },
  'cis-security-group-changes': {
    control: 'CloudWatch.10',
    title: 'Security group changes',
    description: 'A security group or one of its rules was created, changed or deleted.',
    severity: 'medium',
    runbook: 'Check the rule change (groupId, ports, CIDRs) against the intended network design.',
    attack: ['T1562.007'],
  },
  'cis-nacl-changes': {
    control: 'CloudWatch.11',
    title: 'Network ACL changes',
    description: 'A network ACL, an entry or an association was created, changed or deleted.',
    severity: 'low',
    runbook: 'Check the entry (rule number, CIDR, ports, allow or deny) against the intended network design.',
    attack: ['T1562.007'],
  },
  'cis-network-gateway-changes': {
    control: 'CloudWatch.12',
    title: 'Network gateway changes',
    description: 'An internet or customer gateway was created, attached, detached or deleted.',
    severity: 'low',
    runbook: 'Check which VPC gained or lost a path to the internet or to on-premises networks.',
    attack: ['T1562.007'],
  },
  'cis-route-table-changes': {
    control: 'CloudWatch.13',
    title: 'Route table changes',
    description: 'A route table, a route or an association was created, changed or deleted.',
    severity: 'low',
    runbook: 'Check the route (destination and target) against the intended network design.',
    attack: ['T1562.007'],
  },
  'cis-vpc-changes': {
    control: 'CloudWatch.14',
    title: 'VPC changes',
    description: 'A VPC, a peering connection or ClassicLink setting was created, changed or deleted.',
    severity: 'low',
    runbook: 'Check peering connections in particular: they join networks and their routes.',
    attack: ['T1562.007'],
  },
  'cis-organizations-changes': {
    control: 'CIS 4.15',
    title: 'AWS Organizations changes',
    description: 'The organization changed: accounts, organizational units, policies or handshakes.',
    severity: 'high',
    runbook: 'Check the change with the organization administrators; LeaveOrganization and policy detachments matter most.',
    attack: ['T1666'],
  },
};

/** The 15 CIS monitors, in the published file's order. Alarm-only: no event pattern, so no rule regions. */
export function cisMonitors(): Monitor[] {
  return (Object.keys(published) as CisMonitorId[]).map((id) => {
    const details = DETAILS[id];
    return {
      id,
      title: `CIS: ${details.title} (${details.control})`,
      description: details.description,
      severity: details.severity,
      packs: ['cis'],
      filterPattern: published[id],
      eventPattern: null,
      ruleRegions: [],
      remediations: [],
      runbook: details.runbook,
      attack: details.attack,
      // Stratus detonations are detected by purpose-built monitors; the CIS controls are counted separately.
      stratus: [],
    };
  });
}
