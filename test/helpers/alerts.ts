/**
 * Small Alert objects for tests, one factory per source. Each is realistic and complete; pass overrides for the
 * field a test is about (shallow: build nested parts with the part factories below).
 */
import {
  NEW_MESSAGE_STATE,
  type AddedRule,
  type Alert,
  type AlertActivity,
  type AlertMessageState,
  type RevertTarget,
  type RuleOutcome,
} from '../../src/alerts/model.js';
import type { Actor } from '../../src/cloudtrail/actor.js';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const SLACK_USER = 'U0123ABCD';

export function actor(overrides: Partial<Actor> = {}): Actor {
  return {
    name: 'alice',
    type: 'IAMUser',
    arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    sessionIssuerArn: undefined,
    mfa: true,
    invokedBy: undefined,
    ...overrides,
  };
}

/** An assumed-role session without MFA, as CI pipelines make them. */
export function roleActor(overrides: Partial<Actor> = {}): Actor {
  return actor({
    name: 'ci-deploy/gha-42',
    type: 'AssumedRole',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deploy/gha-42`,
    sessionIssuerArn: `arn:aws:iam::${ACCOUNT}:role/ci-deploy`,
    mfa: false,
    ...overrides,
  });
}

export function activity(overrides: Partial<AlertActivity> = {}): AlertActivity {
  return {
    actor: actor(),
    action: 'AttachRolePolicy',
    service: 'iam.amazonaws.com',
    time: '2026-11-20T10:02:13Z',
    resources: ['ci-deploy', 'arn:aws:iam::aws:policy/AdministratorAccess'],
    region: REGION,
    sourceIp: '198.51.100.23',
    userAgent: 'aws-cli/2.22.4 Python/3.12.6 Linux/6.1',
    errorCode: undefined,
    errorMessage: undefined,
    eventId: 'e0000000-0000-4000-8000-000000000001',
    ...overrides,
  };
}

export function addedRule(overrides: Partial<AddedRule> = {}): AddedRule {
  return {
    ruleId: 'sgr-0a1b2c3d4e5f60001',
    protocol: 'tcp',
    fromPort: 22,
    toPort: 22,
    cidrIpv4: '0.0.0.0/0',
    cidrIpv6: undefined,
    ...overrides,
  };
}

/** `count` distinct rules with ids sgr-…0001, sgr-…0002, … */
export function addedRules(count: number, overrides: Partial<AddedRule> = {}): AddedRule[] {
  return Array.from({ length: count }, (_, index) =>
    addedRule({ ruleId: `sgr-0a1b2c3d4e5f6${(index + 1).toString(16).padStart(4, '0')}`, fromPort: 1000 + index, toPort: 1000 + index, ...overrides }),
  );
}

export function revertTarget(overrides: Partial<RevertTarget> = {}): RevertTarget {
  return {
    region: REGION,
    accountId: ACCOUNT,
    groupId: 'sg-0123456789abcdef0',
    eventId: 'e0000000-0000-4000-8000-0000000000c1',
    changedBy: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deploy/gha-42`,
    author: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deploy/gha-42`,
      userName: undefined,
      issuerArn: `arn:aws:iam::${ACCOUNT}:role/ci-deploy`,
      issuerType: 'Role',
      sourceIdentity: undefined,
    },
    rules: [addedRule(), addedRule({ ruleId: 'sgr-0a1b2c3d4e5f60002', cidrIpv4: undefined, cidrIpv6: '::/0' })],
    ...overrides,
  };
}

export function outcome(rule: AddedRule, result: RuleOutcome['outcome'], reason?: string): RuleOutcome {
  return { rule, outcome: result, reason };
}

export function messageState(overrides: Partial<AlertMessageState> = {}): AlertMessageState {
  return { ...NEW_MESSAGE_STATE, ...overrides };
}

/** An EventBridge CloudTrail alert: alice attached AdministratorAccess to a role. */
export function eventAlert(overrides: Partial<Alert> = {}): Alert {
  const call = activity();
  return {
    deliveryId: '6a7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f90',
    source: 'event',
    monitor: { id: 'admin-policy-attached', title: 'AdministratorAccess attached', severity: 'critical' },
    severity: 'critical',
    title: 'AdministratorAccess attached',
    summary: 'alice (IAMUser) attached AdministratorAccess to role ci-deploy',
    time: call.time,
    account: ACCOUNT,
    region: REGION,
    activity: call,
    alarm: undefined,
    matches: undefined,
    compliance: undefined,
    revert: undefined,
    links: [
      {
        label: 'CloudTrail event',
        url: `https://${REGION}.console.aws.amazon.com/cloudtrailv2/home?region=${REGION}#/events/${call.eventId ?? ''}`,
      },
    ],
    groupKey: 'admin-policy-attached|arn:aws:iam::111122223333:user/alice|ci-deploy',
    rawText: undefined,
    threshold: undefined,
    setAside: undefined,
    ...overrides,
  };
}

/** A CloudWatch alarm alert (CIS unauthorized API calls) whose lookup found two matching calls. */
export function alarmAlert(overrides: Partial<Alert> = {}): Alert {
  const denied = (name: string, time: string, eventId: string): AlertActivity =>
    activity({
      actor: roleActor({ name }),
      action: 'DescribeSecrets',
      service: 'secretsmanager.amazonaws.com',
      time,
      resources: [],
      errorCode: 'AccessDenied',
      errorMessage: 'User is not authorized to perform: secretsmanager:ListSecrets',
      eventId,
    });
  return {
    deliveryId: '0b3c5e7a-1d2f-4a6b-9c8d-7e6f5a4b3c2d',
    source: 'alarm',
    monitor: { id: 'cis-unauthorized-api-calls', title: 'CIS: Unauthorized API calls (CloudWatch.2)', severity: 'medium' },
    severity: 'medium',
    title: 'CIS: Unauthorized API calls (CloudWatch.2)',
    summary: 'Alarm secmon-cis-unauthorized-api-calls is in ALARM: 2 matching calls by ci-deploy/gha-42',
    time: '2026-11-20T10:05:00Z',
    account: ACCOUNT,
    region: REGION,
    activity: undefined,
    alarm: {
      name: 'secmon-cis-unauthorized-api-calls',
      arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:secmon-cis-unauthorized-api-calls`,
      state: 'ALARM',
      previousState: 'OK',
      reason: 'Threshold Crossed: 1 datapoint [2.0 (20/11/26 10:00:00)] was greater than or equal to the threshold (1.0).',
      region: REGION,
      changedAt: '2026-11-20T10:05:00Z',
      window: { start: '2026-11-20T10:00:00Z', end: '2026-11-20T10:05:00Z' },
    },
    matches: {
      status: 'found',
      truncated: false,
      activities: [
        denied('ci-deploy/gha-42', '2026-11-20T10:01:07Z', 'e0000000-0000-4000-8000-0000000000d1'),
        denied('ci-deploy/gha-42', '2026-11-20T10:01:09Z', 'e0000000-0000-4000-8000-0000000000d2'),
      ],
    },
    compliance: undefined,
    revert: undefined,
    links: [
      {
        label: 'CloudWatch alarm',
        url: `https://${REGION}.console.aws.amazon.com/cloudwatch/home?region=${REGION}#alarmsV2:alarm/secmon-cis-unauthorized-api-calls`,
      },
    ],
    groupKey: undefined,
    rawText: undefined,
    threshold: undefined,
    setAside: undefined,
    ...overrides,
  };
}

/** An AWS Config compliance change: a bucket became NON_COMPLIANT. */
export function configAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    deliveryId: '3f2e1d0c-9b8a-4765-8432-10fedcba9876',
    source: 'config',
    monitor: { id: 'config-noncompliant', title: 'AWS Config rule non-compliant', severity: 'medium' },
    severity: 'medium',
    title: 'AWS Config rule non-compliant',
    summary: 'S3 bucket acme-logs is now NON_COMPLIANT with s3-bucket-public-read-prohibited',
    time: '2026-11-20T11:00:00Z',
    account: ACCOUNT,
    region: REGION,
    activity: undefined,
    alarm: undefined,
    matches: undefined,
    compliance: {
      ruleName: 's3-bucket-public-read-prohibited',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'acme-logs',
      complianceType: 'NON_COMPLIANT',
      previousComplianceType: 'COMPLIANT',
      annotation: 'The bucket ACL allows public read access.',
    },
    revert: undefined,
    links: [],
    groupKey: 'config-noncompliant|s3-bucket-public-read-prohibited|acme-logs',
    rawText: undefined,
    threshold: undefined,
    setAside: undefined,
    ...overrides,
  };
}

/** Something secmon did not recognise, posted as received. */
export function notificationAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    deliveryId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
    source: 'notification',
    monitor: null,
    severity: 'info',
    title: 'Budget alert: monthly spend above 80%',
    summary: 'An SNS notification secmon does not recognise.',
    time: '2026-11-20T12:00:00Z',
    account: ACCOUNT,
    region: REGION,
    activity: undefined,
    alarm: undefined,
    matches: undefined,
    compliance: undefined,
    revert: undefined,
    links: [],
    groupKey: undefined,
    rawText: 'AWS Budget Notification\nBudget: monthly\nActual: $812.40 (81.2%)',
    threshold: undefined,
    setAside: undefined,
    ...overrides,
  };
}

/** A security group opened to the world by a CI role, with the revert target the pipeline extracted. */
export function sgRevertAlert(overrides: Partial<Alert> = {}): Alert {
  const target = overrides.revert ?? revertTarget();
  const call = activity({
    actor: roleActor(),
    action: 'AuthorizeSecurityGroupIngress',
    service: 'ec2.amazonaws.com',
    time: '2026-11-20T10:02:13Z',
    resources: [target.groupId],
    eventId: target.eventId,
  });
  return eventAlert({
    deliveryId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    monitor: { id: 'sg-open-to-world', title: 'Security group opened to the internet', severity: 'critical' },
    severity: 'critical',
    title: 'Security group opened to the internet',
    summary: `ci-deploy/gha-42 (AssumedRole) opened ${target.groupId} to 0.0.0.0/0 and ::/0 on port 22`,
    activity: call,
    revert: target,
    links: [
      {
        label: 'CloudTrail event',
        url: `https://${REGION}.console.aws.amazon.com/cloudtrailv2/home?region=${REGION}#/events/${target.eventId}`,
      },
    ],
    groupKey: `sg-open-to-world|${call.actor.arn ?? ''}|${target.groupId}`,
    ...overrides,
  });
}
