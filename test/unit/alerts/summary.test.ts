import { describe, expect, it } from 'vitest';
import type { AlarmInfo } from '../../../src/alerts/model.js';
import { portSpec, summariseAlarm, summariseCompliance, summariseRecord } from '../../../src/alerts/summary.js';
import { cloudTrailRecord, rootConsoleLogin } from '../../helpers/records.js';

const call = (eventSource: string, eventName: string, requestParameters: unknown, extra: Record<string, unknown> = {}) =>
  cloudTrailRecord({ eventSource, eventName, requestParameters, ...extra });

describe('summariseRecord', () => {
  it.each([
    ['root sign-in with MFA', rootConsoleLogin(), 'root (Root) signed in to the console with MFA'],
    [
      'sign-in that does not say whether MFA was used',
      cloudTrailRecord({ eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', responseElements: { ConsoleLogin: 'Success' } }),
      'alice (IAMUser) signed in to the console',
    ],
    [
      'managed policy on a user and a group',
      call('iam.amazonaws.com', 'AttachUserPolicy', { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      'alice (IAMUser) attached ReadOnlyAccess to user bob',
    ],
    [
      'detach from a group',
      call('iam.amazonaws.com', 'DetachGroupPolicy', { groupName: 'ops', policyArn: 'arn:aws:iam::111122223333:policy/team/Ops' }),
      'alice (IAMUser) detached Ops from group ops',
    ],
    [
      'inline role policy',
      call('iam.amazonaws.com', 'PutRolePolicy', { roleName: 'ci-deploy', policyName: 'deploy', policyDocument: '{}' }),
      'alice (IAMUser) put inline policy deploy on role ci-deploy',
    ],
    [
      'virtual MFA device deleted',
      call('iam.amazonaws.com', 'DeleteVirtualMFADevice', { serialNumber: 'arn:aws:iam::111122223333:mfa/bob' }),
      'alice (IAMUser) deleted virtual MFA device arn:aws:iam::111122223333:mfa/bob',
    ],
    [
      'access key of root',
      cloudTrailRecord({
        userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' },
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateAccessKey',
        requestParameters: null,
        responseElements: { accessKey: { accessKeyId: 'AKIAEXAMPLEROOT00001', status: 'Active' } },
      }),
      'root (Root) created access key AKIAEXAMPLEROOT00001',
    ],
    ['S3 ACL', call('s3.amazonaws.com', 'PutBucketAcl', { bucketName: 'logs', acl: '' }), 'alice (IAMUser) changed the ACL of bucket logs'],
    [
      'S3 public access block removed',
      call('s3.amazonaws.com', 'DeleteBucketPublicAccessBlock', { bucketName: 'logs' }),
      'alice (IAMUser) removed the public access block of bucket logs',
    ],
    ['bucket policy deleted', call('s3.amazonaws.com', 'DeleteBucketPolicy', { bucketName: 'logs' }), 'alice (IAMUser) deleted the bucket policy of logs'],
    ['trail deleted by name', call('cloudtrail.amazonaws.com', 'DeleteTrail', { name: 'main' }), 'alice (IAMUser) deleted CloudTrail trail main'],
    [
      'event selectors',
      call('cloudtrail.amazonaws.com', 'PutEventSelectors', { trailName: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org' }),
      'alice (IAMUser) changed the event selectors of CloudTrail trail org',
    ],
    [
      'KMS key disabled by ARN',
      call('kms.amazonaws.com', 'DisableKey', { keyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }),
      'alice (IAMUser) disabled KMS key 1234abcd-12ab-34cd-56ef-1234567890ab',
    ],
    [
      'KMS deletion with the default waiting period',
      call('kms.amazonaws.com', 'ScheduleKeyDeletion', { keyId: 'arn:aws:kms:eu-west-1:111122223333:alias/orders' }),
      'alice (IAMUser) scheduled KMS key alias/orders for deletion in 30 days',
    ],
    [
      'alarms deleted',
      call('monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: ['secmon-root-activity', 'secmon-kms-key-deletion'] }),
      'alice (IAMUser) deleted CloudWatch alarms secmon-root-activity, secmon-kms-key-deletion',
    ],
    [
      'alarm actions disabled (one)',
      call('monitoring.amazonaws.com', 'DisableAlarmActions', { alarmNames: ['secmon-root-activity'] }),
      'alice (IAMUser) disabled the actions of CloudWatch alarm secmon-root-activity',
    ],
    [
      'metric filter deleted',
      call('logs.amazonaws.com', 'DeleteMetricFilter', { logGroupName: 'cloudtrail', filterName: 'secmon-root-activity' }),
      'alice (IAMUser) deleted metric filter secmon-root-activity of log group cloudtrail',
    ],
    ['rule targets removed', call('events.amazonaws.com', 'RemoveTargets', { rule: 'secmon-root-activity', ids: ['1'] }), 'alice (IAMUser) removed targets from EventBridge rule secmon-root-activity'],
    [
      'SNS subscription removed',
      call('sns.amazonaws.com', 'Unsubscribe', { subscriptionArn: 'arn:aws:sns:eu-west-1:111122223333:secmon-alarms:2bcf' }),
      'alice (IAMUser) removed SNS subscription arn:aws:sns:eu-west-1:111122223333:secmon-alarms:2bcf',
    ],
    [
      'Lambda function deleted (versioned event name, partial ARN)',
      call('lambda.amazonaws.com', 'DeleteFunction20150331', { functionName: '111122223333:function:secmon-alerts' }),
      'alice (IAMUser) deleted Lambda function secmon-alerts',
    ],
    [
      'Lambda concurrency set to zero',
      call('lambda.amazonaws.com', 'PutFunctionConcurrency20171031', { functionName: 'secmon-alerts', reservedConcurrentExecutions: 0 }),
      'alice (IAMUser) set the reserved concurrency of Lambda function secmon-alerts to 0 (it can no longer run)',
    ],
    [
      'stack deleted by stack id',
      call('cloudformation.amazonaws.com', 'DeleteStack', {
        stackName: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/secmon/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      }),
      'alice (IAMUser) deleted CloudFormation stack secmon',
    ],
    [
      'Config delivery channel deleted',
      call('config.amazonaws.com', 'DeleteDeliveryChannel', { deliveryChannelName: 'default' }),
      'alice (IAMUser) deleted AWS Config delivery channel default',
    ],
  ])('%s', (_name, record, expected) => {
    expect(summariseRecord(record)).toBe(expected);
  });

  it('falls back to "<actor> called <service>:<eventName> on <resources>", listing at most three', () => {
    expect(summariseRecord(call('ec2.amazonaws.com', 'StopInstances', { instancesSet: { items: [{ instanceId: 'i-1' }, { instanceId: 'i-2' }] } }))).toBe(
      'alice (IAMUser) called ec2:StopInstances on i-1, i-2',
    );
    const many = { instancesSet: { items: ['i-1', 'i-2', 'i-3', 'i-4', 'i-5'].map((instanceId) => ({ instanceId })) } };
    expect(summariseRecord(call('ec2.amazonaws.com', 'TerminateInstances', many))).toBe(
      'alice (IAMUser) called ec2:TerminateInstances on i-1, i-2, i-3 and 2 more',
    );
    expect(summariseRecord(cloudTrailRecord())).toBe('alice (IAMUser) called ec2:DescribeInstances');
  });

  it('uses the fallback when a template lacks what it needs', () => {
    expect(summariseRecord(call('s3.amazonaws.com', 'PutBucketPolicy', {}))).toBe('alice (IAMUser) called s3:PutBucketPolicy');
    expect(summariseRecord(call('iam.amazonaws.com', 'AttachRolePolicy', { roleName: 'x' }))).toBe('alice (IAMUser) called iam:AttachRolePolicy on x');
  });

  it('says "was denied" for refusals and "which failed" for other errors, never what the call would have done', () => {
    const denied = call('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', { groupId: 'sg-1', cidrIp: '0.0.0.0/0', ipProtocol: 'tcp' }, {
      errorCode: 'Client.UnauthorizedOperation',
    });
    expect(summariseRecord(denied)).toBe('alice (IAMUser) was denied ec2:AuthorizeSecurityGroupIngress (Client.UnauthorizedOperation)');
    const failed = call('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', { groupId: 'sg-1' }, { errorCode: 'InvalidPermission.Duplicate' });
    expect(summariseRecord(failed)).toBe('alice (IAMUser) called ec2:AuthorizeSecurityGroupIngress, which failed (InvalidPermission.Duplicate)');
    const lambda = call('lambda.amazonaws.com', 'GetFunction20150331v2', { functionName: 'x' }, { errorCode: 'AccessDeniedException' });
    expect(summariseRecord(lambda)).toBe('alice (IAMUser) was denied lambda:GetFunction (AccessDeniedException)');
  });

  it('describes several opened port ranges, all traffic and references to other groups', () => {
    const opened = (ipPermissions: unknown) =>
      summariseRecord(call('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', { groupId: 'sg-1', ipPermissions }));
    expect(opened({ items: [{ ipProtocol: '-1', ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] })).toBe(
      'alice (IAMUser) opened all traffic on sg-1 to 0.0.0.0/0',
    );
    expect(
      opened({
        items: [
          { ipProtocol: 'tcp', fromPort: 80, toPort: 80, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
          { ipProtocol: 'tcp', fromPort: 8000, toPort: 8080, ipRanges: { items: [{ cidrIp: '10.0.0.0/8' }] } },
        ],
      }),
    ).toBe('alice (IAMUser) opened tcp 80 to 0.0.0.0/0 and tcp 8000-8080 to 10.0.0.0/8 on sg-1');
    expect(opened({ items: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, groups: { items: [{ groupId: 'sg-2' }] } }] })).toBe(
      'alice (IAMUser) added ingress rules to sg-1',
    );
  });

  it('keeps attacker-chosen text as plain text (escaping is the renderer\'s job)', () => {
    const record = call('s3.amazonaws.com', 'PutBucketPolicy', { bucketName: '<!channel> *bold*' });
    expect(summariseRecord(record)).toBe('alice (IAMUser) replaced the bucket policy of <!channel> *bold*');
  });

  it('is not fooled by event names that are Object.prototype members', () => {
    expect(summariseRecord(call('x.amazonaws.com', 'constructor', {}))).toBe('alice (IAMUser) called x:constructor');
    expect(summariseRecord(call('x.amazonaws.com', '__proto__', {}))).toBe('alice (IAMUser) called x:__proto__');
  });

  it('copes with a record that is not an object', () => {
    expect(summariseRecord(null)).toBe('unknown (Unknown) called unknown:an unknown call');
  });
});

describe('portSpec', () => {
  it.each([
    [{ protocol: 'tcp', fromPort: 22, toPort: 22 }, 'tcp 22'],
    [{ protocol: 'udp', fromPort: 1000, toPort: 2000 }, 'udp 1000-2000'],
    [{ protocol: 'tcp', fromPort: 0, toPort: 65535 }, 'tcp (all ports)'],
    [{ protocol: 'tcp', fromPort: undefined, toPort: undefined }, 'tcp (all ports)'],
    [{ protocol: '-1', fromPort: undefined, toPort: undefined }, 'all traffic'],
    [{ protocol: 'icmp', fromPort: 8, toPort: -1 }, 'icmp'],
  ])('%o → %s', (rule, expected) => {
    expect(portSpec({ ruleId: undefined, cidrIpv4: undefined, cidrIpv6: undefined, ...rule })).toBe(expected);
  });
});

describe('summariseAlarm and summariseCompliance', () => {
  const alarm: AlarmInfo = {
    name: 'secmon-root-activity',
    arn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:secmon-root-activity',
    state: 'ALARM',
    previousState: 'OK',
    reason: '',
    region: 'eu-west-1',
    changedAt: '2026-11-20T10:00:00.000Z',
    window: undefined,
  };

  it('counts matching events when known, else says the transition', () => {
    expect(summariseAlarm(alarm, 1)).toBe('Alarm secmon-root-activity is ALARM: 1 matching event');
    expect(summariseAlarm(alarm, 4)).toBe('Alarm secmon-root-activity is ALARM: 4 matching events');
    expect(summariseAlarm(alarm, undefined)).toBe('Alarm secmon-root-activity is ALARM (was OK)');
    expect(summariseAlarm({ ...alarm, previousState: undefined }, undefined)).toBe('Alarm secmon-root-activity is ALARM');
    expect(summariseAlarm({ ...alarm, state: 'OK', previousState: 'ALARM' }, 0)).toBe('Alarm secmon-root-activity is OK (was ALARM)');
  });

  it('names rule, resource and result of a compliance change', () => {
    expect(
      summariseCompliance({
        ruleName: 'restricted-ssh',
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-1',
        complianceType: 'NON_COMPLIANT',
        previousComplianceType: undefined,
        annotation: undefined,
      }),
    ).toBe('Config rule restricted-ssh found AWS::EC2::SecurityGroup sg-1 NON_COMPLIANT');
  });
});
