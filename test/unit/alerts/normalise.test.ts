import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTestEvent, normaliseInvocation } from '../../../src/alerts/normalise/index.js';
import type { Alert } from '../../../src/alerts/model.js';
import { buildCatalog } from '../../../src/catalog/index.js';
import { createCatalogMatcher } from '../../../src/catalog/matcher.js';
import { isSecmonError } from '../../../src/errors.js';
import { deps, EVENTS_DIR, fixtureFiles, loadEvent, NOW } from './fixtures.js';

function normaliseOne(fixture: string): Alert {
  const alerts = normaliseInvocation(loadEvent(fixture), deps, { now: NOW });
  expect(alerts).toHaveLength(1);
  return alerts[0]!;
}

const trail = (region: string, id: string) =>
  `https://${region}.console.aws.amazon.com/cloudtrailv2/home?region=${region}#/events/${id}`;

interface EventCase {
  readonly fixture: string;
  readonly monitor: string;
  readonly severity: string;
  readonly summary: string;
  readonly region: string;
  readonly actor: string;
}

/** One per event-capable essentials monitor (config-noncompliant is covered by the config fixtures). */
const EVENT_CASES: readonly EventCase[] = [
  { fixture: 'root-activity', monitor: 'root-activity', severity: 'critical', region: 'us-east-1', actor: 'root', summary: 'root (Root) signed in to the console without MFA' },
  { fixture: 'unauthorized-api-calls', monitor: 'unauthorized-api-calls', severity: 'medium', region: 'us-east-1', actor: 'svc-backup', summary: 'svc-backup (IAMUser) was denied iam:ListUsers (AccessDenied)' },
  { fixture: 'console-login-failure', monitor: 'console-login-failure', severity: 'medium', region: 'us-east-1', actor: 'bob', summary: 'bob (IAMUser) failed to sign in to the console' },
  { fixture: 'console-login-without-mfa', monitor: 'console-login-without-mfa', severity: 'high', region: 'us-east-1', actor: 'alice', summary: 'alice (IAMUser) signed in to the console without MFA' },
  { fixture: 'mfa-deactivated', monitor: 'mfa-deactivated', severity: 'high', region: 'us-east-1', actor: 'alice', summary: 'alice (IAMUser) deactivated MFA device arn:aws:iam::111122223333:mfa/bob-phone of user bob' },
  { fixture: 'admin-policy-attached', monitor: 'admin-policy-attached', severity: 'critical', region: 'us-east-1', actor: 'alice', summary: 'alice (IAMUser) attached AdministratorAccess to role ci-deploy' },
  { fixture: 'config-disabled', monitor: 'config-disabled', severity: 'high', region: 'eu-west-1', actor: 'alice', summary: 'alice (IAMUser) stopped AWS Config recorder default' },
  { fixture: 'sns-topic-deleted', monitor: 'sns-topic-deleted', severity: 'high', region: 'eu-west-1', actor: 'alice', summary: 'alice (IAMUser) deleted SNS topic orders-events' },
  { fixture: 's3-bucket-policy-changed', monitor: 's3-bucket-policy-changed', severity: 'high', region: 'eu-west-1', actor: 'alice', summary: 'alice (IAMUser) replaced the bucket policy of orders-exports' },
  { fixture: 'sg-open-to-world', monitor: 'sg-open-to-world', severity: 'critical', region: 'eu-west-1', actor: 'ci-deploy/gha-42', summary: 'ci-deploy/gha-42 (AssumedRole) opened tcp 22 on sg-0abc1234def567890 to 0.0.0.0/0' },
  { fixture: 'lambda-code-changed', monitor: 'lambda-code-changed', severity: 'medium', region: 'eu-west-1', actor: 'alice', summary: 'alice (IAMUser) updated the code of Lambda function orders-api' },
  { fixture: 'cloudtrail-tampering', monitor: 'cloudtrail-tampering', severity: 'critical', region: 'eu-west-1', actor: 'mallory', summary: 'mallory (IAMUser) stopped CloudTrail logging on trail main' },
  { fixture: 'kms-key-deletion', monitor: 'kms-key-deletion', severity: 'high', region: 'eu-west-1', actor: 'alice', summary: 'alice (IAMUser) scheduled KMS key 1234abcd-12ab-34cd-56ef-1234567890ab for deletion in 7 days' },
  { fixture: 'secmon-tampering', monitor: 'secmon-tampering', severity: 'critical', region: 'us-east-1', actor: 'mallory', summary: 'mallory (IAMUser) deleted EventBridge rule secmon-root-activity' },
];

describe('EventBridge CloudTrail envelopes', () => {
  it.each(EVENT_CASES)('$fixture → $monitor', (c) => {
    const event = loadEvent(`eventbridge/${c.fixture}.json`) as { id: string; detail: { eventID: string; eventTime: string } };
    const alert = normaliseOne(`eventbridge/${c.fixture}.json`);
    const monitor = deps.catalog.find((m) => m.id === c.monitor)!;
    expect(alert).toMatchObject({
      deliveryId: event.id,
      source: 'event',
      monitor: { id: c.monitor, title: monitor.title, severity: monitor.severity },
      severity: c.severity,
      title: monitor.title,
      summary: c.summary,
      time: event.detail.eventTime,
      account: '111122223333',
      region: c.region,
      alarm: undefined,
      matches: undefined,
      compliance: undefined,
      rawText: undefined,
      links: [{ label: 'CloudTrail event', url: trail(c.region, event.detail.eventID) }],
    });
    expect(alert.activity).toMatchObject({ actor: { name: c.actor }, eventId: event.detail.eventID, region: c.region });
    expect(alert.groupKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Only the security-group monitor's alert can be reverted.
    expect(alert.revert !== undefined).toBe(c.monitor === 'sg-open-to-world');
  });

  it('has a fixture for every essentials monitor with an event pattern', () => {
    const covered = new Set([...EVENT_CASES.map((c) => c.monitor), 'config-noncompliant']);
    const eventCapable = deps.catalog.filter((m) => m.packs.includes('essentials') && m.eventPattern !== null).map((m) => m.id);
    expect(eventCapable.filter((id) => !covered.has(id))).toEqual([]);
  });

  it('each monitor fixture is also matched by its own monitor, so the rule ARN and the patterns agree', () => {
    for (const c of EVENT_CASES) expect(deps.matcher.match(loadEvent(`eventbridge/${c.fixture}.json`)), c.fixture).toContain(c.monitor);
  });

  it('reads the monitor from a rule on a custom event bus', () => {
    const event = loadEvent('eventbridge/lambda-code-changed.json') as { resources: string[] };
    expect(event.resources[0]).toContain(':rule/security-events/secmon-lambda-code-changed');
    expect(normaliseOne('eventbridge/lambda-code-changed.json').monitor?.id).toBe('lambda-code-changed');
  });

  it("takes the monitor from matching the catalog, never from the envelope's resources", () => {
    // StopLogging by mallory matches cloudtrail-tampering (critical). A sender may put any rule ARN in resources
    // (AWS leaves them empty for CloudTrail events): naming a milder monitor's rule must not change the monitor.
    const event = loadEvent('eventbridge/cloudtrail-tampering.json') as { resources: string[] };
    event.resources = ['arn:aws:events:eu-west-1:111122223333:rule/prod-secmon-cis-cloudtrail-config-changes'];
    const [alert] = normaliseInvocation(event, deps);
    expect(alert?.monitor?.id).toBe('cloudtrail-tampering');
    expect(alert?.severity).toBe('critical');
    // Nor does a rule ARN make a monitor of an event it does not match (a routine call).
    const routine = loadEvent('eventbridge/unmatched-api-call.json') as { resources: string[] };
    routine.resources = ['arn:aws:events:eu-west-1:111122223333:rule/secmon-root-activity'];
    expect(normaliseInvocation(routine, deps)[0]?.monitor).toBeNull();
  });

  describe('an envelope whose source is not the one AWS gives its record (forged: only AWS may send aws.*)', () => {
    const opened = () => loadEvent('eventbridge/sg-open-to-world.json') as Record<string, unknown> & { detail: Record<string, unknown> };
    it.each([
      ['a customer source', (e: Record<string, unknown>) => (e['source'] = 'acme.anything')],
      ['no source', (e: Record<string, unknown>) => delete e['source']],
      ["another AWS service's source", (e: Record<string, unknown>) => (e['source'] = 'aws.iam')],
      ['a source with the right name under a customer prefix', (e: Record<string, unknown>) => (e['source'] = 'custom.aws.ec2')],
      ['the documented sign-in spelling from a customer source', (e: Record<string, unknown>) => {
        e['source'] = 'acme.signin';
        e['detail-type'] = 'AWS Console Signin via CloudTrail';
      }],
      ['a console action from a customer source', (e: Record<string, unknown>) => {
        e['source'] = 'acme.ec2';
        e['detail-type'] = 'AWS Console Action via CloudTrail';
      }],
      ['a record without eventSource', (e: Record<string, unknown> & { detail: Record<string, unknown> }) => delete e.detail['eventSource']],
    ])('%s: an untrusted notification, with no monitor, no revert and no group', (_label, forge) => {
      const event = opened();
      event['resources'] = ['arn:aws:events:eu-west-1:111122223333:rule/secmon-sg-open-to-world'];
      forge(event);
      const [alert] = normaliseInvocation(event, deps);
      expect(alert).toMatchObject({ source: 'notification', monitor: null, revert: undefined, groupKey: undefined, severity: 'high' });
      expect(alert?.title).toBe('Untrusted event: not sent by AWS CloudTrail');
      expect(alert?.summary).toMatch(/someone forged it/);
    });

    it('the same event from its own AWS source is trusted', () => {
      expect(normaliseInvocation(opened(), deps)[0]).toMatchObject({ source: 'event', monitor: { id: 'sg-open-to-world' } });
    });
  });

  it('without resources, matches the catalog and takes the most severe monitor', () => {
    expect(deps.matcher.match(loadEvent('eventbridge/no-resources.json'))).toEqual(['cis-cloudtrail-config-changes', 'cloudtrail-tampering']);
    const alert = normaliseOne('eventbridge/no-resources.json');
    expect(alert.monitor?.id).toBe('cloudtrail-tampering');
    expect(alert.severity).toBe('critical');
  });

  it('on a tie in severity prefers a monitor with an event pattern over an alarm-only one, then catalog order', () => {
    // Root activity matches root-activity and cis-root-usage, both critical; cis-root-usage sorts first by id.
    const event = loadEvent('eventbridge/root-activity.json') as { resources: string[] };
    event.resources = [];
    expect(deps.matcher.match(event)).toEqual(['cis-root-usage', 'root-activity']);
    expect(normaliseInvocation(event, deps)[0]?.monitor?.id).toBe('root-activity');
  });

  it('falls back to matching when the rule is not secmon\'s', () => {
    const alert = normaliseOne('eventbridge/unknown-rule.json');
    expect(alert.monitor?.id).toBe('admin-policy-attached');
    expect(alert.summary).toBe('mallory (IAMUser) attached AdministratorAccess to user mallory');
  });

  it('AdministratorAccess attached to a role offers its undo (detach), except on an Identity Center role, whose alert says why', () => {
    const envelope = loadEvent('eventbridge/admin-policy-attached.json') as { detail: { requestParameters: Record<string, string> } };
    expect(normaliseOne('eventbridge/admin-policy-attached.json').undo).toMatchObject({
      kind: 'iam-policy-attachment', principal: 'role', principalName: 'ci-deploy', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
    const sso = { ...envelope, detail: { ...envelope.detail, requestParameters: { ...envelope.detail.requestParameters, roleName: 'AWSReservedSSO_PowerUser_4e1d2b7c9a0f3e61' } } };
    const [alert] = normaliseInvocation(sso, deps, { now: NOW });
    expect(alert?.monitor?.id).toBe('admin-policy-attached');
    expect(alert?.undo).toBeUndefined();
    expect(alert?.summary).toBe(
      'alice (IAMUser) attached AdministratorAccess to role AWSReservedSSO_PowerUser_4e1d2b7c9a0f3e61. ' +
        'No undo: the role is managed by IAM Identity Center: remove the permission set assignment there',
    );
  });

  it('posts a CloudTrail event no monitor matches as an event alert without a monitor, at info severity', () => {
    const alert = normaliseOne('eventbridge/unmatched-api-call.json');
    expect(alert).toMatchObject({
      source: 'event',
      monitor: null,
      severity: 'info',
      title: 'CloudTrail event DescribeInstances',
      summary: 'alice (IAMUser) called ec2:DescribeInstances',
    });
  });

  it('accepts the "Signin" spelling of the sign-in detail-type', () => {
    const event = loadEvent('eventbridge/console-login-failure.json') as Record<string, unknown>;
    event['detail-type'] = 'AWS Console Signin via CloudTrail';
    expect(normaliseInvocation(event, deps)[0]).toMatchObject({ source: 'event', monitor: { id: 'console-login-failure' } });
  });

  it('groups a redelivery and a repeat by the same principal on the same resource under one key', () => {
    const first = normaliseOne('eventbridge/cloudtrail-tampering.json');
    const again = normaliseOne('eventbridge/cloudtrail-tampering.json');
    const repeat = normaliseOne('eventbridge/no-resources.json');
    expect(again.groupKey).toBe(first.groupKey);
    expect(repeat.groupKey).toBe(first.groupKey);
    expect(repeat.deliveryId).not.toBe(first.deliveryId);
    expect(normaliseOne('eventbridge/kms-key-deletion.json').groupKey).not.toBe(first.groupKey);
  });

  it('builds the revert target of the security-group fixtures', () => {
    expect(normaliseOne('eventbridge/sg-open-to-world.json').revert).toEqual({
      region: 'eu-west-1',
      accountId: '111122223333',
      groupId: 'sg-0abc1234def567890',
      eventId: 'b1f0c2d3-0000-4000-8000-0000000000b1',
      changedBy: 'arn:aws:sts::111122223333:assumed-role/ci-deploy/gha-42',
      // Who made the change, for keep's four-eyes check: the role session, its role, and no source identity.
      author: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::111122223333:assumed-role/ci-deploy/gha-42',
        userName: undefined,
        issuerArn: 'arn:aws:iam::111122223333:role/ci-deploy',
        issuerType: 'Role',
        sourceIdentity: undefined,
      },
      rules: [{ ruleId: 'sgr-0123456789abcdef0', protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0', cidrIpv6: undefined }],
    });
    const older = normaliseOne('eventbridge/sg-open-to-world-request-only.json');
    expect(older.revert?.rules).toHaveLength(4);
    expect(older.summary).toBe(
      'alice (IAMUser) opened tcp 443 to 0.0.0.0/0, 10.0.0.0/8, ::/0 and udp 51820 to ::/0 on sg-0abc1234def567890',
    );
  });
});

describe('SNS alarm notifications', () => {
  it('single metric ALARM: monitor from the alarm name, region from the ARN, window back to the quoted datapoint', () => {
    const alert = normaliseOne('sns/alarm-single-metric-alarm.json');
    expect(alert).toMatchObject({
      deliveryId: '95df01b4-ee98-5cb9-9903-4c221d41eb01',
      source: 'alarm',
      monitor: { id: 'root-activity', severity: 'critical' },
      severity: 'critical',
      title: 'Root user activity',
      summary: 'Alarm secmon-root-activity is ALARM: 2 matching events',
      time: '2026-11-20T10:01:12.345Z',
      account: '111122223333',
      region: 'eu-west-1',
      activity: undefined,
      matches: undefined,
      revert: undefined,
      links: [
        {
          label: 'CloudWatch alarm',
          url: 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/secmon-root-activity',
        },
      ],
    });
    expect(alert.alarm).toEqual({
      name: 'secmon-root-activity',
      arn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:secmon-root-activity',
      state: 'ALARM',
      previousState: 'OK',
      reason: expect.stringContaining('[2.0 (20/11/26 09:50:00)]') as unknown as string,
      region: 'eu-west-1',
      changedAt: '2026-11-20T10:01:12.345Z',
      // Period × EvaluationPeriods (300 s) would start at 09:56:12; the datapoint that tripped it starts at 09:50.
      window: { start: '2026-11-20T09:50:00.000Z', end: '2026-11-20T10:01:12.345Z' },
    });
  });

  it('metric math ALARM under another deployment prefix: largest MetricStat period, aligned to the period', () => {
    const [alert] = normaliseInvocation(loadEvent('sns/alarm-metric-math-alarm.json'), { ...deps, alarmTopicArn: 'arn:aws:sns:us-east-1:111122223333:acme-secmon-alarms' }, { now: NOW });
    if (alert === undefined) throw new Error('expected one alert');
    expect(alert).toMatchObject({
      monitor: { id: 'unauthorized-api-calls' },
      severity: 'medium',
      region: 'us-east-1',
      summary: 'Alarm acme-secmon-unauthorized-api-calls is ALARM: 3 matching events',
    });
    // 10:16:40 − 2 × 300 s = 10:06:40, rounded down to the 5-minute boundary.
    expect(alert.alarm?.window).toEqual({ start: '2026-11-20T10:05:00.000Z', end: '2026-11-20T10:16:40.000Z' });
  });

  it.each([
    ['another topic', 'arn:aws:sns:eu-west-1:111122223333:team-notifications'],
    ['the same topic name in another account', 'arn:aws:sns:eu-west-1:444455556666:secmon-alarms'],
    ['no topic (a direct invocation)', undefined],
  ])('an alarm notification from %s is untrusted: shown, never applied as an alarm state', (_label, topicArn) => {
    const event = structuredClone(loadEvent('sns/alarm-ok.json')) as { Records: { Sns: Record<string, unknown> }[] };
    if (topicArn === undefined) delete event.Records[0]!.Sns['TopicArn'];
    else event.Records[0]!.Sns['TopicArn'] = topicArn;
    const [alert] = normaliseInvocation(event, deps, { now: NOW });
    expect(alert).toMatchObject({ source: 'notification', monitor: null, alarm: undefined, severity: 'high' });
    expect(alert?.title).toBe("Untrusted alarm notification: not from secmon's alarm topic");
  });

  it('offline (no alarm topic configured) no alarm notification is trusted', () => {
    expect(normaliseInvocation(loadEvent('sns/alarm-ok.json'), { ...deps, alarmTopicArn: undefined }, { now: NOW })[0]?.source).toBe('notification');
  });

  it('OK and INSUFFICIENT_DATA are info alerts that keep their monitor and say the state', () => {
    const ok = normaliseOne('sns/alarm-ok.json');
    expect(ok).toMatchObject({
      monitor: { id: 'cloudtrail-tampering', severity: 'critical' },
      severity: 'info',
      summary: 'Alarm secmon-cloudtrail-tampering is OK (was ALARM)',
      alarm: { state: 'OK', previousState: 'ALARM' },
    });
    const insufficient = normaliseOne('sns/alarm-insufficient-data.json');
    expect(insufficient).toMatchObject({
      monitor: { id: 'cis-root-usage' },
      severity: 'info',
      summary: 'Alarm secmon-cis-root-usage is INSUFFICIENT_DATA: not enough data to evaluate',
      alarm: { state: 'INSUFFICIENT_DATA', previousState: 'OK' },
    });
  });

  it('all state changes of one alarm share a group key, whatever the delivery', () => {
    const alarm = normaliseOne('sns/alarm-ok.json');
    const event = loadEvent('sns/alarm-ok.json') as { Records: { Sns: { Message: string; MessageId: string } }[] };
    const message = JSON.parse(event.Records[0]!.Sns.Message) as Record<string, unknown>;
    message['NewStateValue'] = 'ALARM';
    message['OldStateValue'] = 'OK';
    event.Records[0]!.Sns.Message = JSON.stringify(message);
    event.Records[0]!.Sns.MessageId = 'another-delivery';
    const firing = normaliseInvocation(event, deps)[0]!;
    expect(firing.severity).toBe('critical');
    expect(firing.groupKey).toBe(alarm.groupKey);
  });

  it('an alarm that is not secmon\'s is still an alert, with no monitor and info severity', () => {
    const alert = normaliseOne('sns/alarm-unknown-name.json');
    expect(alert).toMatchObject({
      source: 'alarm',
      monitor: null,
      severity: 'info',
      title: 'orders-api-5xx',
      summary: 'Alarm orders-api-5xx is ALARM (was OK)',
      region: 'eu-west-1',
    });
    // 60 s × 5 from 10:44:31.87 is 10:39:31.87 → 10:39:00; the quoted datapoints (10:40-10:43) are inside.
    expect(alert.alarm?.window).toEqual({ start: '2026-11-20T10:39:00.000Z', end: '2026-11-20T10:44:31.870Z' });
  });

  it('two SNS records give two alerts, in order, each with its own MessageId', () => {
    const alerts = normaliseInvocation(loadEvent('sns/two-records.json'), deps, { now: NOW });
    expect(alerts.map((a) => [a.source, a.deliveryId, a.monitor?.id ?? null])).toEqual([
      ['alarm', '95df01b4-ee98-5cb9-9903-4c221d41eb08', 'kms-key-deletion'],
      ['notification', '95df01b4-ee98-5cb9-9903-4c221d41eb09', null],
    ]);
    expect(alerts[0]?.summary).toBe('Alarm secmon-kms-key-deletion is ALARM: 1 matching event');
  });

  it('a composite alarm (no Trigger) has no window', () => {
    const event = loadEvent('sns/alarm-ok.json') as { Records: { Sns: { Message: string } }[] };
    const message = JSON.parse(event.Records[0]!.Sns.Message) as Record<string, unknown>;
    delete message['Trigger'];
    message['NewStateReason'] = 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:child transitioned to OK';
    event.Records[0]!.Sns.Message = JSON.stringify(message);
    expect(normaliseInvocation(event, deps)[0]?.alarm?.window).toBeUndefined();
  });

  it('only names a monitor for `<prefix>-<id>` with a real prefix, taking the longest id', () => {
    const alarmNamed = (name: string) => {
      const event = loadEvent('sns/alarm-single-metric-alarm.json') as { Records: { Sns: { Message: string } }[] };
      const message = JSON.parse(event.Records[0]!.Sns.Message) as Record<string, unknown>;
      message['AlarmName'] = name;
      message['AlarmArn'] = `arn:aws:cloudwatch:eu-west-1:111122223333:alarm:${name}`;
      event.Records[0]!.Sns.Message = JSON.stringify(message);
      return normaliseInvocation(event, deps)[0]!.monitor?.id ?? null;
    };
    expect(alarmNamed('acme-secmon-cis-unauthorized-api-calls')).toBe('cis-unauthorized-api-calls');
    expect(alarmNamed('x-unauthorized-api-calls')).toBe('unauthorized-api-calls');
    expect(alarmNamed('root-activity')).toBeNull();
    expect(alarmNamed('secmon-root-activity-copy')).toBeNull();
  });
});

describe('Config compliance changes', () => {
  it('NON_COMPLIANT: monitor config-noncompliant at its severity, compliance details, rule link', () => {
    const alert = normaliseOne('config/noncompliant.json');
    expect(alert).toMatchObject({
      deliveryId: '3f1e0d2c-7b6a-4c5d-8e9f-0a1b2c3d4e01',
      source: 'config',
      monitor: { id: 'config-noncompliant' },
      severity: 'medium',
      title: 'AWS Config rule non-compliant',
      summary: 'Config rule s3-bucket-public-read-prohibited found AWS::S3::Bucket orders-exports NON_COMPLIANT',
      time: '2026-11-20T10:11:02.734Z',
      account: '111122223333',
      region: 'eu-west-1',
      links: [
        {
          label: 'AWS Config rule',
          url: 'https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/rules/details?configRuleName=s3-bucket-public-read-prohibited',
        },
      ],
    });
    expect(alert.compliance).toEqual({
      ruleName: 's3-bucket-public-read-prohibited',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'orders-exports',
      complianceType: 'NON_COMPLIANT',
      previousComplianceType: 'COMPLIANT',
      annotation: 'The bucket policy allows public read access.',
    });
  });

  it('COMPLIANT is still an alert, at info severity, not grouped as a repeat of the non-compliance', () => {
    const alert = normaliseOne('config/compliant.json');
    expect(alert).toMatchObject({
      source: 'config',
      monitor: { id: 'config-noncompliant' },
      severity: 'info',
      title: 'AWS Config rule compliant',
      summary: 'Config rule s3-bucket-public-read-prohibited found AWS::S3::Bucket orders-exports COMPLIANT',
      compliance: { complianceType: 'COMPLIANT', previousComplianceType: 'NON_COMPLIANT', annotation: undefined },
    });
    expect(alert.groupKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(alert.groupKey).not.toBe(normaliseOne('config/noncompliant.json').groupKey);
    // The same result for the same rule and resource groups together.
    const again = loadEvent('config/noncompliant.json') as { id: string };
    again.id = 'another-delivery';
    expect(normaliseInvocation(again, deps)[0]?.groupKey).toBe(normaliseOne('config/noncompliant.json').groupKey);
  });

  it('the NON_COMPLIANT fixture is what the monitor\'s own event pattern matches', () => {
    expect(deps.matcher.match(loadEvent('config/noncompliant.json'))).toEqual(['config-noncompliant']);
    expect(deps.matcher.match(loadEvent('config/compliant.json'))).toEqual([]);
  });
});

describe('test events', () => {
  it('buildTestEvent builds the fixtures exactly (the fixtures document the shape)', () => {
    expect(buildTestEvent('root-activity', 'U0123ABCD', new Date('2026-11-20T11:00:00.000Z'))).toEqual(loadEvent('eventbridge/secmon-test.json'));
    const withRecord = loadEvent('eventbridge/secmon-test-with-record.json') as { detail: { record: Record<string, unknown> } };
    expect(
      buildTestEvent('sg-open-to-world', 'U0123ABCD', new Date('2026-11-20T11:05:00.000Z'), { record: withRecord.detail.record }),
    ).toEqual(withRecord);
  });

  it('gives each request its own id, and the same request the same id', () => {
    const at = new Date('2026-11-20T11:00:00.000Z');
    const id = buildTestEvent('root-activity', 'U1', at).id;
    expect(buildTestEvent('root-activity', 'U1', at).id).toBe(id);
    expect(buildTestEvent('root-activity', 'U2', at).id).not.toBe(id);
    expect(buildTestEvent('kms-key-deletion', 'U1', at).id).not.toBe(id);
    expect(buildTestEvent('root-activity', 'U1', new Date(at.getTime() + 1)).id).not.toBe(id);
  });

  it('says plainly that it is a test, at info severity, without group, links or revert', () => {
    const alert = normaliseOne('eventbridge/secmon-test.json');
    expect(alert).toMatchObject({
      source: 'test',
      monitor: { id: 'root-activity', severity: 'critical' },
      severity: 'info',
      title: 'Test: Root user activity',
      summary: 'Test alert for Root user activity, requested by U0123ABCD; nothing happened in AWS.',
      time: '2026-11-20T11:00:00.000Z',
      account: undefined,
      region: undefined,
      activity: undefined,
      groupKey: undefined,
      revert: undefined,
      links: [],
    });
  });

  it('with a sample record, shows its activity but never offers to revert it', () => {
    const alert = normaliseOne('eventbridge/secmon-test-with-record.json');
    expect(alert.summary).toBe(
      'Test alert for Security group opened to the internet, requested by U0123ABCD; nothing happened in AWS. ' +
        'Sample event: ci-deploy/gha-42 (AssumedRole) opened tcp 22 on sg-0abc1234def567890 to 0.0.0.0/0.',
    );
    expect(alert.activity?.action).toBe('AuthorizeSecurityGroupIngress');
    expect(alert.revert).toBeUndefined();
  });

  it('a test of a monitor the catalog lacks still posts, without a monitor', () => {
    const alert = normaliseInvocation(buildTestEvent('no-such-monitor', 'U1', NOW), deps)[0]!;
    expect(alert).toMatchObject({ source: 'test', monitor: null, title: 'Test: no-such-monitor' });
  });
});

describe('unknown inputs become notifications', () => {
  it('a plain-text SNS message: subject as title, the text as is', () => {
    const alert = normaliseOne('sns/not-alarm-text-message.json');
    expect(alert).toMatchObject({
      deliveryId: '95df01b4-ee98-5cb9-9903-4c221d41eb06',
      source: 'notification',
      monitor: null,
      severity: 'info',
      title: 'Deployment finished',
      summary: 'orders-api 2026.11.20-3 deployed to production by ci-deploy.',
      time: '2026-11-20T10:50:00.000Z',
      region: 'eu-west-1',
      account: '111122223333',
      groupKey: undefined,
      rawText:
        'orders-api 2026.11.20-3 deployed to production by ci-deploy.\nChangelog: https://git.example.com/orders-api/releases/2026.11.20-3\n',
    });
  });

  it('a JSON SNS message without alarm keys: pretty JSON, a title naming the topic', () => {
    const alert = normaliseOne('sns/not-alarm-json-message.json');
    expect(alert).toMatchObject({
      source: 'notification',
      title: 'Message on SNS topic secmon-alarms',
      summary: 'A message secmon does not recognise arrived on SNS topic secmon-alarms',
    });
    expect(alert.rawText).toBe(JSON.stringify(JSON.parse(alert.rawText!), null, 2));
    expect(JSON.parse(alert.rawText!)).toMatchObject({ event: 'backup.completed', jobs: 12 });
  });

  it('an envelope with a detail-type secmon does not handle', () => {
    const alert = normaliseOne('eventbridge/unknown-detail-type.json');
    expect(alert).toMatchObject({
      deliveryId: '7bf73129-1428-4cd3-a780-95db273d1602',
      source: 'notification',
      monitor: null,
      severity: 'info',
      title: 'EC2 Instance State-change Notification',
      summary: 'An event secmon does not handle arrived: EC2 Instance State-change Notification from aws.ec2',
      time: '2026-11-20T10:20:00Z',
      region: 'eu-west-1',
    });
    expect(JSON.parse(alert.rawText!)).toEqual(loadEvent('eventbridge/unknown-detail-type.json'));
  });

  it('a Config detail-type from another source is not taken for a compliance change', () => {
    const event = loadEvent('config/noncompliant.json') as Record<string, unknown>;
    event['source'] = 'acme.config';
    expect(normaliseInvocation(event, deps)[0]?.source).toBe('notification');
  });

  it('an unknown object: a stable content-derived delivery id, the given time', () => {
    const event = { kind: 'heartbeat', from: 'cron' };
    const [first] = normaliseInvocation(event, deps, { now: NOW });
    const [again] = normaliseInvocation({ kind: 'heartbeat', from: 'cron' }, deps, { now: new Date(0) });
    expect(first).toMatchObject({ source: 'notification', title: 'Unrecognised event', time: NOW.toISOString() });
    expect(first?.deliveryId).toMatch(/^sha256:[A-Za-z0-9_-]{32}$/);
    expect(again?.deliveryId).toBe(first?.deliveryId);
    expect(normaliseInvocation({ kind: 'heartbeat', from: 'other' }, deps)[0]?.deliveryId).not.toBe(first?.deliveryId);
  });

  it('an object with an empty Records list, or non-SNS records, is unknown rather than SNS', () => {
    expect(normaliseInvocation({ Records: [] }, deps)[0]?.source).toBe('notification');
    expect(normaliseInvocation({ Records: [{ eventSource: 'aws:s3' }] }, deps)[0]?.source).toBe('notification');
  });
});

describe('malformed inputs throw INPUT_INVALID with what and where', () => {
  const CASES: readonly (readonly [string, string])[] = [
    ['not-an-object', 'event is an array, expected an object (an SNS or EventBridge event)'],
    ['sns-record-without-message', 'SNS record 0: missing Sns.Message'],
    ['sns-second-record-not-sns', 'SNS record 1: EventSource is "aws:sqs", expected "aws:sns"; missing Sns'],
    ['alarm-missing-new-state-value', 'SNS record 0: Message is not a CloudWatch alarm notification: missing NewStateValue'],
    ['alarm-missing-alarm-name', 'SNS record 0: Message is not a CloudWatch alarm notification: missing AlarmName'],
    [
      'alarm-invalid-state',
      'SNS record 0: Message is not a CloudWatch alarm notification: NewStateValue is "FIRING", expected "ALARM" or "OK" or "INSUFFICIENT_DATA"',
    ],
    [
      'alarm-bad-arn',
      'SNS record 0: Message is not a CloudWatch alarm notification: AlarmArn "secmon-root-activity" is not a CloudWatch alarm ARN ' +
        '(arn:aws:cloudwatch:<region>:<account>:alarm:<name>)',
    ],
    ['envelope-without-id', 'EventBridge event: missing id'],
    [
      'cloudtrail-detail-not-object',
      'EventBridge event 5a1c7f0e-6d3b-4b8e-9f43-0c1d2e3f4aee (AWS API Call via CloudTrail): detail is a string, expected a CloudTrail record (an object)',
    ],
    ['config-missing-rule-name', 'EventBridge event 3f1e0d2c-7b6a-4c5d-8e9f-0a1b2c3d4eee (Config Rules Compliance Change): missing detail.configRuleName'],
    ['test-event-missing-monitor-id', 'EventBridge event secmon-test-4a224f960e5da66b2f206dbc (secmon test): missing detail.monitorId'],
  ];

  it.each(CASES)('%s', (name, message) => {
    let thrown: unknown;
    try {
      normaliseInvocation(loadEvent(`malformed/${name}.json`), deps);
    } catch (error) {
      thrown = error;
    }
    expect(isSecmonError(thrown, 'INPUT_INVALID')).toBe(true);
    expect((thrown as Error).message).toBe(message);
  });

  it('covers every malformed fixture', () => {
    const names = fixtureFiles()
      .filter((file) => file.startsWith('malformed/'))
      .map((file) => file.slice('malformed/'.length, -'.json'.length));
    expect(names.sort()).toEqual(CASES.map(([name]) => name).sort());
  });

  it('rejects non-objects of every kind', () => {
    for (const [event, kind] of [
      [null, 'null'],
      ['{"Records":[]}', 'a string'],
      [42, 'a number'],
      [undefined, 'missing'],
    ] as const) {
      expect(() => normaliseInvocation(event, deps)).toThrow(`event is ${kind}, expected an object`);
    }
  });

  it('names the field and type of a mistyped alarm Trigger, and a bad StateChangeTime', () => {
    const event = loadEvent('sns/alarm-single-metric-alarm.json') as { Records: { Sns: { Message: string } }[] };
    const message = JSON.parse(event.Records[0]!.Sns.Message) as Record<string, Record<string, unknown>>;
    message['Trigger']!['Period'] = '300';
    (message as Record<string, unknown>)['StateChangeTime'] = 'yesterday';
    event.Records[0]!.Sns.Message = JSON.stringify(message);
    expect(() => normaliseInvocation(event, deps)).toThrow(
      'SNS record 0: Message is not a CloudWatch alarm notification: StateChangeTime "yesterday" is not a timestamp; ' +
        'Trigger.Period is a string, expected a number',
    );
  });

  it('an SNS message with only one alarm key is an alarm that is missing the others, not a notification', () => {
    const event = loadEvent('sns/not-alarm-json-message.json') as { Records: { Sns: { Message: string } }[] };
    event.Records[0]!.Sns.Message = JSON.stringify({ AlarmName: 'secmon-root-activity' });
    expect(() => normaliseInvocation(event, deps)).toThrow(
      'SNS record 0: Message is not a CloudWatch alarm notification: missing AlarmArn; missing NewStateValue; missing StateChangeTime',
    );
  });
});

describe('fixtures README', () => {
  it('lists every fixture file, and only those', () => {
    const readme = readFileSync(`${EVENTS_DIR}README.md`, 'utf8');
    const listed = [...readme.matchAll(/^## (\w+)\/|^- `([\w.-]+\.json)`/gm)];
    let group = '';
    const files: string[] = [];
    for (const match of listed) {
      if (match[1] !== undefined) group = match[1];
      else files.push(`${group}/${match[2]!}`);
    }
    expect(files.sort()).toEqual(fixtureFiles().sort());
  });
});

describe('deployment options', () => {
  it('works with a catalog built for another prefix', () => {
    const catalog = buildCatalog({ namePrefix: 'acme' });
    const alerts = normaliseInvocation(loadEvent('eventbridge/admin-policy-attached.json'), { catalog, matcher: createCatalogMatcher(catalog) });
    expect(alerts[0]?.monitor?.id).toBe('admin-policy-attached');
  });
});
