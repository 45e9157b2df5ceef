/**
 * Finding alerts for the tests of the finding actions, one FindingInfo per source with the ids its write-back needs,
 * as src/findings/model.ts describes them (realistic ids and ARNs); pass overrides for the field a test is about.
 */
import type { Alert } from '../../src/alerts/model.js';
import type { FindingInfo, FindingSource } from '../../src/findings/model.js';
import { ACCOUNT, REGION, eventAlert } from './alerts.js';

const DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';

const BASE = {
  typeInWords: 'an EC2 instance is being probed on an unprotected port',
  sourceSeverity: '5.0',
  state: 'active',
  account: ACCOUNT,
  region: REGION,
  adminAccount: ACCOUNT,
  adminRegion: REGION,
  resources: [{ type: 'Instance', id: 'i-0abcd1234ef567890' }],
  firstSeen: '2026-11-20T09:00:00Z',
  lastSeen: '2026-11-20T10:00:00Z',
  count: 3,
  updatedAt: '2026-11-20T10:00:00Z',
} as const;

export function finding(source: FindingSource, overrides: Partial<FindingInfo> = {}): FindingInfo {
  const account = overrides.adminAccount ?? ACCOUNT;
  const region = overrides.adminRegion ?? REGION;
  const bySource: Record<FindingSource, FindingInfo> = {
    guardduty: {
      ...BASE,
      source,
      id: '36cd6ab3ae9b4e5c8b2d1f0e9a8b7c6d',
      type: 'Recon:EC2/PortProbeUnprotectedPort',
      title: 'Unprotected port on EC2 instance i-0abcd1234ef567890 is being probed.',
      detectorId: DETECTOR,
      consoleUrl: `https://${region}.console.aws.amazon.com/guardduty/home?region=${region}#/findings?fId=36cd6ab3ae9b4e5c8b2d1f0e9a8b7c6d`,
    },
    securityhub: {
      ...BASE,
      source,
      id: `arn:aws:securityhub:${region}:${account}:security-control/S3.8/finding/751c2173-7372-4e12-8656-a5210dfb1d67`,
      type: 'Software and Configuration Checks/Industry and Regulatory Standards',
      typeInWords: 'an S3 bucket does not block public access',
      title: 'S3 general purpose buckets should block public access',
      sourceSeverity: 'HIGH',
      productArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
      workflowStatus: 'NEW',
      resources: [{ type: 'AwsS3Bucket', id: 'arn:aws:s3:::example-logs' }],
      consoleUrl: `https://${region}.console.aws.amazon.com/securityhub/home?region=${region}#/findings`,
    },
    'access-analyzer': {
      ...BASE,
      source,
      id: 'f1e2d3c4-b5a6-4789-8abc-def012345678',
      type: 'AWS::S3::Bucket',
      typeInWords: 'an S3 bucket is shared outside the zone of trust',
      title: 'S3 bucket example-logs is shared with account 444455556666',
      sourceSeverity: 'ACTIVE',
      analyzerArn: `arn:aws:access-analyzer:${region}:${account}:analyzer/ConsoleAnalyzer-org`,
      resources: [{ type: 'AWS::S3::Bucket', id: 'arn:aws:s3:::example-logs' }],
      consoleUrl: `https://${region}.console.aws.amazon.com/access-analyzer/home?region=${region}#/findings`,
    },
    inspector: {
      ...BASE,
      source,
      id: `arn:aws:inspector2:${region}:${account}:finding/0f1e2d3c4b5a69788796a5b4c3d2e1f0`,
      type: 'PACKAGE_VULNERABILITY',
      typeInWords: 'a package with a known vulnerability is installed',
      title: 'CVE-2026-1234 - openssl',
      sourceSeverity: 'HIGH',
      consoleUrl: `https://${region}.console.aws.amazon.com/inspector/v2/home?region=${region}#/findings`,
    },
    macie: {
      ...BASE,
      source,
      id: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      type: 'SensitiveData:S3Object/Credentials',
      typeInWords: 'an S3 object holds credentials',
      title: 'The S3 object contains credentials data.',
      sourceSeverity: 'High',
      consoleUrl: `https://${region}.console.aws.amazon.com/macie/home?region=${region}#findings`,
    },
  };
  return { ...bySource[source], ...overrides };
}

/** A finding alert of `source` (the findings pack's monitor), stored as the alerts function stores it. */
export function findingAlert(source: FindingSource, overrides: { readonly deliveryId?: string; readonly finding?: Partial<FindingInfo> } = {}): Alert {
  const info = finding(source, overrides.finding);
  const monitorId = `${source}-findings`;
  return eventAlert({
    deliveryId: overrides.deliveryId ?? `finding-${source}-1`,
    source: 'finding',
    monitor: { id: monitorId, title: `${source} findings`, severity: 'high' },
    severity: 'high',
    title: info.title,
    summary: info.typeInWords,
    account: info.account,
    region: info.region,
    activity: undefined,
    links: [{ label: 'finding', url: info.consoleUrl }],
    groupKey: `${monitorId}|${info.id}`,
    finding: info,
  });
}
