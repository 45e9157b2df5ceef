/** Switching off what would see the attack: GuardDuty, the security services, logs, default encryption, the organization. */
import { callForms, eq } from '../monitors/patterns.js';
import type { Monitor } from '../types.js';

export const guarddutyDisabled: Monitor = {
  id: 'guardduty-disabled',
  title: 'GuardDuty disabled or blinded',
  description:
    'GuardDuty was deleted, suspended, cut from its administrator account, told to trust attacker addresses (an ' +
    'activated IP set) or to archive findings automatically (a filter with action ARCHIVE).',
  severity: 'critical',
  packs: ['threats'],
  ...callForms([
    {
      service: 'guardduty',
      eventNames: ['DeleteDetector', 'DisassociateFromAdministratorAccount', 'DisassociateFromMasterAccount', 'DisassociateMembers', 'DeleteMembers', 'StopMonitoringMembers'],
    },
    { service: 'guardduty', eventNames: ['UpdateDetector'], detail: { requestParameters: { enable: [false] } }, filter: ['$.requestParameters.enable IS FALSE'] },
    { service: 'guardduty', eventNames: ['CreateIPSet', 'UpdateIPSet'], detail: { requestParameters: { activate: [true] } }, filter: ['$.requestParameters.activate IS TRUE'] },
    {
      service: 'guardduty',
      eventNames: ['CreateFilter', 'UpdateFilter'],
      detail: { requestParameters: { action: ['ARCHIVE'] } },
      filter: [eq('$.requestParameters.action', 'ARCHIVE')],
    },
  ]),
  ruleRegions: ['home'],
  remediations: ['undo'],
  runbook:
    'Re-enable the detector or membership, deactivate the IP set or delete the filter (requestParameters), and ' +
    'review findings archived or missed since; an attacker blinds GuardDuty right before acting.',
  attack: ['T1562.001'],
  stratus: [],
};

export const securityToolingDisabled: Monitor = {
  id: 'security-tooling-disabled',
  title: 'Security service disabled',
  description:
    'Security Hub, IAM Access Analyzer, Macie, Detective or Inspector was switched off, or its findings or insights ' +
    'were changed or removed.',
  severity: 'high',
  packs: ['threats'],
  ...callForms([
    {
      service: 'securityhub',
      eventNames: ['DisableSecurityHub', 'BatchDisableStandards', 'DisableImportFindingsForProduct', 'DeleteInsight', 'UpdateFindings'],
    },
    { service: 'access-analyzer', eventNames: ['DeleteAnalyzer'] },
    { service: 'macie2', eventNames: ['DisableMacie', 'UpdateMacieSession'] },
    { service: 'detective', eventNames: ['DeleteGraph'] },
    { service: 'inspector2', eventNames: ['Disable'] },
  ]),
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Turn the service or standard back on and ask the caller why; findings suppressed or deleted meanwhile must be ' +
    'reviewed from the service itself or its exports.',
  attack: ['T1562.001'],
  stratus: [],
};

export const loggingDisabled: Monitor = {
  id: 'logging-disabled',
  title: 'Network or audit logging removed',
  description:
    'VPC flow logs, Route 53 Resolver query logging, WAF logging or a CloudTrail Lake event data store was deleted ' +
    'or stopped: the record of network traffic, DNS queries or API calls ends.',
  severity: 'high',
  packs: ['threats'],
  ...callForms([
    { service: 'ec2', eventNames: ['DeleteFlowLogs'] },
    { service: 'route53resolver', eventNames: ['DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'] },
    { service: 'wafv2', eventNames: ['DeleteLoggingConfiguration'] },
    { service: 'cloudtrail', eventNames: ['DeleteEventDataStore', 'StopEventDataStoreIngestion'] },
  ]),
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Recreate the flow log, query logging configuration, WAF logging or event data store named in ' +
    'requestParameters, and ask the caller why it was removed; look at what the same principal did next.',
  attack: ['T1562.008'],
  stratus: ['aws.defense-evasion.vpc-remove-flow-logs', 'aws.defense-evasion.dns-delete-logs'],
};

export const ebsEncryptionDisabled: Monitor = {
  id: 'ebs-encryption-disabled',
  title: 'EBS encryption by default turned off',
  description: 'New EBS volumes in the region are no longer encrypted by default (also a step in ransomware playbooks).',
  severity: 'medium',
  packs: ['threats'],
  ...callForms([{ service: 'ec2', eventNames: ['DisableEbsEncryptionByDefault'] }]),
  ruleRegions: ['home'],
  remediations: ['undo'],
  runbook: 'Turn it back on (EnableEbsEncryptionByDefault) in the region of the call and ask the caller why.',
  attack: ['T1486', 'T1562'],
  stratus: [],
};

export const leaveOrganization: Monitor = {
  id: 'leave-organization',
  title: 'Account tried to leave the organization',
  description:
    'Someone tried to take the account out of its AWS Organization (refused attempts included): outside the ' +
    "organization, its SCPs, guardrails and central logging no longer apply.",
  severity: 'critical',
  packs: ['threats'],
  ...callForms([{ service: 'organizations', eventNames: ['LeaveOrganization'] }], { attempts: true }),
  // Organizations is a global service: its events are recorded in us-east-1.
  ruleRegions: ['us-east-1'],
  remediations: [],
  runbook:
    'Treat it as an incident even if it failed: find the principal, revoke its sessions, and check from the ' +
    "management account that the account is still a member and its SCPs still apply.",
  attack: ['T1562', 'T1666'],
  stratus: ['aws.defense-evasion.organizations-leave'],
};
