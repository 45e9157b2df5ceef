import { describe, expect, it } from 'vitest';
import { actorOf } from '../../../src/cloudtrail/actor.js';
import { GROUP_KEY_LENGTH, groupKeyOf, principalOf } from '../../../src/alerts/group-key.js';
import { alarmLink, cloudTrailEventLink, configRuleLink, isRegionCode } from '../../../src/alerts/links.js';
import { cloudTrailRecord } from '../../helpers/records.js';

describe('console links', () => {
  it('CloudTrail event', () => {
    expect(cloudTrailEventLink('eu-west-1', 'b1f0c2d3-0000-4000-8000-0000000000b1')).toEqual({
      label: 'CloudTrail event',
      url: 'https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events/b1f0c2d3-0000-4000-8000-0000000000b1',
    });
  });

  it('CloudWatch alarm, with the name URL-encoded', () => {
    expect(alarmLink('us-east-1', 'secmon-root-activity')?.url).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/secmon-root-activity',
    );
    expect(alarmLink('us-east-1', 'team a/5xx & more')?.url).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/team%20a%2F5xx%20%26%20more',
    );
  });

  it('AWS Config rule', () => {
    expect(configRuleLink('eu-west-1', 'restricted-ssh')?.url).toBe(
      'https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/rules/details?configRuleName=restricted-ssh',
    );
  });

  it('uses the China and GovCloud console domains', () => {
    expect(cloudTrailEventLink('cn-north-1', 'e1')?.url).toBe('https://cn-north-1.console.amazonaws.cn/cloudtrailv2/home?region=cn-north-1#/events/e1');
    expect(alarmLink('us-gov-west-1', 'a')?.url).toBe('https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#alarmsV2:alarm/a');
  });

  it('builds no link from something that is not a region code, so a forged region cannot point elsewhere', () => {
    expect(cloudTrailEventLink('evil.example.com/#', 'e1')).toBeUndefined();
    expect(alarmLink('us-east-1.evil.example.com', 'a')).toBeUndefined();
    expect(configRuleLink(undefined, 'r')).toBeUndefined();
    expect(cloudTrailEventLink('eu-west-1', undefined)).toBeUndefined();
    expect(['us-east-1', 'ap-southeast-7', 'us-gov-east-1', 'il-central-1'].every(isRegionCode)).toBe(true);
    expect(['US-EAST-1', 'us-east', 'eu-west-1r', ''].some(isRegionCode)).toBe(false);
  });
});

describe('group keys', () => {
  const parts = { monitorId: 'sg-open-to-world', principal: 'arn:aws:iam::111122223333:role/ci-deploy', resource: 'sg-1' };

  it('are stable, short and safe for button values and DynamoDB keys', () => {
    const key = groupKeyOf(parts);
    expect(key).toBe(groupKeyOf({ ...parts }));
    expect(key).toHaveLength(GROUP_KEY_LENGTH);
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
    // Pinned: a change of the scheme would split every open group in two.
    expect(key).toBe('dqd343NikzBvVOfbK8dMQK');
  });

  it('differ when any part differs, and cannot be confused by separators', () => {
    const key = groupKeyOf(parts);
    expect(groupKeyOf({ ...parts, monitorId: 'root-activity' })).not.toBe(key);
    expect(groupKeyOf({ ...parts, principal: 'arn:aws:iam::111122223333:user/alice' })).not.toBe(key);
    expect(groupKeyOf({ ...parts, resource: 'sg-2' })).not.toBe(key);
    expect(groupKeyOf({ ...parts, resource: undefined })).not.toBe(key);
    expect(groupKeyOf({ monitorId: 'a|b', principal: 'c', resource: undefined })).not.toBe(groupKeyOf({ monitorId: 'a', principal: 'b|c', resource: undefined }));
  });

  it('group role sessions by role, users by ARN, others by name', () => {
    const session = (name: string) =>
      cloudTrailRecord({
        userIdentity: {
          type: 'AssumedRole',
          arn: `arn:aws:sts::111122223333:assumed-role/ci-deploy/${name}`,
          sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/ci-deploy', userName: 'ci-deploy' } },
        },
      });
    expect(principalOf(actorOf(session('gha-1')))).toBe('arn:aws:iam::111122223333:role/ci-deploy');
    expect(principalOf(actorOf(session('gha-2')))).toBe(principalOf(actorOf(session('gha-1'))));
    expect(principalOf(actorOf(cloudTrailRecord()))).toBe('arn:aws:iam::111122223333:user/alice');
    expect(principalOf(actorOf(cloudTrailRecord({ userIdentity: { type: 'IAMUser', userName: 'bob' } })))).toBe('bob');
  });
});
