import { describe, expect, it } from 'vitest';
import { normaliseInvocation } from '../../../src/alerts/normalise/index.js';
import type { Alert } from '../../../src/alerts/model.js';
import { deps, loadEvent, NOW } from '../alerts/fixtures.js';

function finding(name: string): Alert {
  const alerts = normaliseInvocation(loadEvent(`eventbridge/findings/${name}.json`), deps, { now: NOW });
  expect(alerts).toHaveLength(1);
  return alerts[0]!;
}

const ADMIN = '111122223333';
const MEMBER = '444455556666';

describe('GuardDuty findings', () => {
  it('become finding alerts of guardduty-findings with every field the write-backs need', () => {
    const alert = finding('guardduty-ssh-brute-force');
    expect(alert).toMatchObject({
      deliveryId: '5e1d2c3b-0001-4a5b-8c7d-000000000001',
      source: 'finding',
      monitor: { id: 'guardduty-findings' },
      severity: 'medium',
      title: 'GuardDuty: 198.51.100.10 is performing SSH brute force attacks against i-0a1b2c3d4e5f60718',
      summary: 'Unauthorized access against an EC2 instance: SSH brute force on i-0a1b2c3d4e5f60718',
      account: MEMBER,
      region: 'eu-west-1',
      time: '2026-11-20T10:02:00.000Z',
    });
    expect(alert.finding).toEqual({
      source: 'guardduty',
      id: 'b4c6e8f0a2d4c6e8f0a2b4c6d8e0f2a4',
      type: 'UnauthorizedAccess:EC2/SSHBruteForce',
      typeInWords: 'Unauthorized access against an EC2 instance: SSH brute force',
      title: '198.51.100.10 is performing SSH brute force attacks against i-0a1b2c3d4e5f60718',
      sourceSeverity: '5.0',
      state: 'active',
      account: MEMBER,
      region: 'eu-west-1',
      adminAccount: ADMIN,
      adminRegion: 'eu-west-1',
      resources: [{ type: 'Instance', id: 'i-0a1b2c3d4e5f60718' }],
      firstSeen: '2026-11-20T09:58:00.000Z',
      lastSeen: '2026-11-20T10:02:00.000Z',
      count: 3,
      updatedAt: '2026-11-20T10:05:00.000Z',
      detectorId: '12abc34d567e8fa901bc2d34e56789f0',
      consoleUrl: 'https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current&fId=b4c6e8f0a2d4c6e8f0a2b4c6d8e0f2a4',
    });
    expect(alert.links).toEqual([{ label: 'GuardDuty finding', url: alert.finding!.consoleUrl }]);
    expect(JSON.parse(alert.rawFinding!)).toEqual((loadEvent('eventbridge/findings/guardduty-ssh-brute-force.json') as { detail: unknown }).detail);
  });

  it.each([
    ['guardduty-port-probe-low', 'low', '2.0', 'Reconnaissance against an EC2 instance: port probe unprotected port'],
    ['guardduty-credential-exfiltration', 'high', '8.0', 'Unauthorized access against IAM credentials: instance credential exfiltration (outside AWS)'],
    ['guardduty-bitcoin-dns-critical', 'critical', '9.2', 'Cryptocurrency mining against an EC2 instance: bitcoin tool (detected by behaviour, seen in DNS)'],
  ])('%s: severity %s (GuardDuty %s), %s', (name, severity, sourceSeverity, words) => {
    const alert = finding(name);
    expect(alert.severity).toBe(severity);
    expect(alert.finding).toMatchObject({ sourceSeverity, typeInWords: words });
  });

  it('name an access key finding by the user the key belongs to', () => {
    expect(finding('guardduty-credential-exfiltration').finding!.resources).toEqual([{ type: 'AccessKey', id: 'orders-api' }]);
  });

  it('group different findings of one type on one resource, and keep other types apart', () => {
    const first = finding('guardduty-ssh-brute-force');
    const second = finding('guardduty-ssh-brute-force-second-source');
    expect(second.finding!.id).not.toBe(first.finding!.id);
    expect(second.groupKey).toBe(first.groupKey);
    expect(finding('guardduty-port-probe-low').groupKey).not.toBe(first.groupKey);
  });

  it('carry the later count and times of an updated finding', () => {
    expect(finding('guardduty-ssh-brute-force-updated').finding).toMatchObject({ count: 12, lastSeen: '2026-11-20T16:01:00.000Z', updatedAt: '2026-11-20T16:05:00.000Z' });
  });

  it('are trusted only from aws.guardduty: the same event from another source is an untrusted notification', () => {
    const alert = finding('guardduty-forged-source');
    expect(alert).toMatchObject({ source: 'notification', monitor: null, severity: 'high', title: 'Untrusted event: not sent by GuardDuty' });
    expect(alert.finding).toBeUndefined();
    expect(alert.summary).toContain('source acme.guardduty, not aws.guardduty');
  });

  it('that break the documented shape are posted as an unreadable-finding notification naming the field', () => {
    const alert = finding('guardduty-malformed');
    expect(alert).toMatchObject({ source: 'notification', monitor: null, severity: 'high', title: 'GuardDuty finding secmon could not read' });
    expect(alert.summary).toContain('missing detail.severity');
    expect(alert.rawText).toContain('SSHBruteForce');
  });
});

describe('finding times', () => {
  const withTimes = (createdAt: string) => {
    const event = loadEvent('eventbridge/findings/macie-bucket-public.json') as { detail: Record<string, unknown> };
    event.detail['createdAt'] = createdAt;
    return normaliseInvocation(event, deps, { now: NOW })[0]!;
  };

  it('read times without a zone as UTC, and a time that is not one as an unreadable finding', () => {
    expect(withTimes('2026-11-20T10:31:00').finding!.firstSeen).toBe('2026-11-20T10:31:00.000Z');
    expect(withTimes('2026-11-20T12:31:00+02:00').finding!.firstSeen).toBe('2026-11-20T10:31:00.000Z');
    const bad = withTimes('yesterday');
    expect(bad).toMatchObject({ source: 'notification', title: 'Macie finding secmon could not read' });
    expect(bad.summary).toContain('detail.createdAt "yesterday" is not a timestamp');
  });
});

describe('Security Hub findings', () => {
  it('keep the product ARN and workflow status, and read the ASFF type', () => {
    const alert = finding('securityhub-s3-block-public-access');
    expect(alert).toMatchObject({ monitor: { id: 'securityhub-findings' }, severity: 'high', account: MEMBER });
    expect(alert.finding).toMatchObject({
      source: 'securityhub',
      id: 'arn:aws:securityhub:eu-west-1:444455556666:security-control/S3.8/finding/7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
      productArn: 'arn:aws:securityhub:eu-west-1::product/aws/securityhub',
      workflowStatus: 'NEW',
      state: 'active',
      sourceSeverity: 'HIGH',
      typeInWords: 'Software and configuration checks: industry and regulatory standards (AWS-Foundational-Security-Best-Practices)',
      resources: [{ type: 'AwsS3Bucket', id: 'arn:aws:s3:::orders-exports' }],
      adminAccount: ADMIN,
      count: 1,
    });
    expect(alert.finding!.consoleUrl).toMatch(/^https:\/\/eu-west-1\.console\.aws\.amazon\.com\/securityhub\/home\?region=eu-west-1#\/findings\?search=/);
  });

  it.each([
    ['securityhub-s3-block-public-access-resolved', 'resolved', 'high'],
    ['securityhub-root-access-key-critical', 'active', 'critical'],
    ['securityhub-informational-passed', 'active', 'info'],
  ])('%s: state %s, severity %s', (name, state, severity) => {
    const alert = finding(name);
    expect(alert.finding!.state).toBe(state);
    expect(alert.severity).toBe(severity);
  });

  it('read every finding of an event, each its own delivery', () => {
    const event = loadEvent('eventbridge/findings/securityhub-s3-block-public-access.json') as { id: string; detail: { findings: unknown[] } };
    const other = (loadEvent('eventbridge/findings/securityhub-root-access-key-critical.json') as { detail: { findings: unknown[] } }).detail.findings[0];
    event.detail.findings.push(other);
    const alerts = normaliseInvocation(event, deps, { now: NOW });
    expect(alerts.map((a) => a.deliveryId)).toEqual([`${event.id}#0`, `${event.id}#1`]);
    expect(alerts.map((a) => a.severity)).toEqual(['high', 'critical']);
  });
});

describe('IAM Access Analyzer findings', () => {
  it('rate public access critical and take the analyzer ARN from the event resources', () => {
    const alert = finding('access-analyzer-bucket-public');
    expect(alert).toMatchObject({ severity: 'critical', title: 'IAM Access Analyzer: Public access to S3 bucket', summary: 'S3 bucket made public on arn:aws:s3:::orders-exports' });
    expect(alert.finding).toMatchObject({
      state: 'active',
      analyzerArn: 'arn:aws:access-analyzer:eu-west-1:111122223333:analyzer/org-analyzer',
      sourceSeverity: 'public access',
      consoleUrl: 'https://eu-west-1.console.aws.amazon.com/access-analyzer/home?region=eu-west-1#/findings/details/org-analyzer/2f3e4d5c-6b7a-4988-a1b2-c3d4e5f60718',
    });
  });

  it('rate cross-account access medium; an archived finding says so', () => {
    expect(finding('access-analyzer-role-cross-account')).toMatchObject({ severity: 'medium', summary: 'IAM role shared with another account on arn:aws:iam::444455556666:role/partner-reporting' });
    expect(finding('access-analyzer-bucket-public-archived').finding!.state).toBe('archived');
  });

  it('leave the analyzer undefined when the event names none', () => {
    const event = loadEvent('eventbridge/findings/access-analyzer-bucket-public.json') as { resources: string[] };
    event.resources = [];
    const [alert] = normaliseInvocation(event, deps, { now: NOW });
    expect(alert!.finding!.analyzerArn).toBeUndefined();
  });
});

describe('Inspector findings', () => {
  it('read the documented "Nov 20, 2026, 10:45:00 AM" times as UTC and name the CVE', () => {
    const alert = finding('inspector-package-critical');
    expect(alert).toMatchObject({ severity: 'critical', title: 'Inspector: CVE-2023-4863 - libwebp' });
    expect(alert.finding).toMatchObject({
      id: 'arn:aws:inspector2:eu-west-1:444455556666:finding/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      typeInWords: 'Vulnerable software package (CVE-2023-4863)',
      firstSeen: '2026-11-20T10:45:00.000Z',
      updatedAt: '2026-11-20T10:45:00.000Z',
      resources: [{ type: 'AWS_EC2_INSTANCE', id: 'i-0a1b2c3d4e5f60718' }],
    });
  });

  it.each([
    ['inspector-package-critical-closed', 'resolved', 'critical'],
    ['inspector-network-reachability-medium', 'active', 'medium'],
    ['inspector-package-low', 'active', 'low'],
  ])('%s: state %s, severity %s', (name, state, severity) => {
    const alert = finding(name);
    expect(alert.finding!.state).toBe(state);
    expect(alert.severity).toBe(severity);
  });
});

describe('Macie findings', () => {
  it.each([
    ['macie-bucket-public', 'high', 'Policy: S3 bucket made public', 1],
    ['macie-bucket-public-again', 'high', 'Policy: S3 bucket made public', 2],
    ['macie-sensitive-personal', 'medium', 'Sensitive data in an S3 object: personal information', 1],
    ['macie-encryption-disabled-low', 'low', 'Policy: default encryption turned off for an S3 bucket', 1],
  ])('%s: severity %s, "%s", count %d', (name, severity, words, count) => {
    const alert = finding(name);
    expect(alert.severity).toBe(severity);
    expect(alert.finding).toMatchObject({ typeInWords: words, count, state: 'active' });
  });

  it('name the bucket and the object', () => {
    expect(finding('macie-sensitive-personal').finding!.resources).toEqual([
      { type: 'AWS::S3::Bucket', id: 'arn:aws:s3:::orders-exports' },
      { type: 'AWS::S3::Object', id: 'orders-exports/exports/customers-2026-11.csv' },
    ]);
  });
});
