import { describe, expect, it } from 'vitest';
import { actorOf } from '../../../src/cloudtrail/actor.js';
import { resourcesOf } from '../../../src/cloudtrail/resources.js';
import { cloudTrailRecord, rootConsoleLogin } from '../../helpers/records.js';

describe('actorOf', () => {
  it('names IAM users by user name', () => {
    expect(actorOf(cloudTrailRecord())).toMatchObject({ name: 'alice', type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice' });
  });

  it('names role sessions role/session and keeps the issuer and MFA flag', () => {
    const record = cloudTrailRecord({
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::111122223333:assumed-role/ci-deploy/gha-42',
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/ci-deploy', userName: 'ci-deploy' },
          attributes: { mfaAuthenticated: 'false' },
        },
      },
    });
    expect(actorOf(record)).toMatchObject({
      name: 'ci-deploy/gha-42',
      type: 'AssumedRole',
      sessionIssuerArn: 'arn:aws:iam::111122223333:role/ci-deploy',
      mfa: false,
    });
  });

  it('reads MFA from a console sign-in', () => {
    expect(actorOf(rootConsoleLogin())).toMatchObject({ name: 'root', type: 'Root', mfa: true });
  });

  it('copes with records that lack an identity', () => {
    expect(actorOf({})).toMatchObject({ name: 'unknown', type: 'Unknown', mfa: undefined });
    expect(actorOf(null).type).toBe('Unknown');
  });
});

describe('resourcesOf', () => {
  it('takes naming parameters, alarm names and the resources list, once each', () => {
    const record = cloudTrailRecord({
      requestParameters: { groupId: 'sg-1', alarmNames: ['secmon-a', 'secmon-b'], instancesSet: { items: [{ instanceId: 'i-1' }] } },
      resources: [{ ARN: 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-1' }],
    });
    expect(resourcesOf(record)).toEqual(['sg-1', 'secmon-a', 'secmon-b', 'i-1', 'arn:aws:ec2:us-east-1:111122223333:security-group/sg-1']);
  });

  it('treats CloudTrail empty collections ({}) as empty', () => {
    expect(resourcesOf(cloudTrailRecord({ requestParameters: { instancesSet: {} } }))).toEqual([]);
  });
});
