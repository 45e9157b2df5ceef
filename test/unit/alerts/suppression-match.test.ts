import { describe, expect, it } from 'vitest';
import { matchersText, suppressionMatches } from '../../../src/alerts/suppression-match.js';
import type { SuppressionMatchers } from '../../../src/store/suppressions/suppressions.js';
import { activity, alarmAlert, eventAlert, roleActor } from '../../helpers/alerts.js';

const rule = (matchers: SuppressionMatchers, monitorId = 'admin-policy-attached') => ({ monitorId, matchers });
const byRole = eventAlert({ activity: activity({ actor: roleActor() }) });

describe('suppressionMatches', () => {
  it('matches only its own monitor; a rule without matchers holds back every alert of it', () => {
    expect(suppressionMatches(rule({}), eventAlert())).toBe(true);
    expect(suppressionMatches(rule({}, 'root-activity'), eventAlert())).toBe(false);
    expect(suppressionMatches(rule({}), eventAlert({ monitor: null }))).toBe(false);
  });

  it('needs every matcher given to match', () => {
    const both = rule({ account: '111122223333', principal: 'arn:aws:iam::111122223333:user/alice' });
    expect(suppressionMatches(both, eventAlert())).toBe(true);
    expect(suppressionMatches(both, eventAlert({ account: '444455556666' }))).toBe(false);
    expect(suppressionMatches(rule({ principal: 'arn:aws:iam::111122223333:user/bob' }), eventAlert())).toBe(false);
  });

  it('matches a role session by its role, or by the session ARN itself', () => {
    expect(suppressionMatches(rule({ principal: 'arn:aws:iam::111122223333:role/ci-deploy' }), byRole)).toBe(true);
    expect(suppressionMatches(rule({ principal: 'arn:aws:sts::111122223333:assumed-role/ci-deploy/gha-42' }), byRole)).toBe(true);
    expect(suppressionMatches(rule({ principal: 'arn:aws:iam::111122223333:role/other' }), byRole)).toBe(false);
  });

  it('matches the source IP exactly or within a CIDR block, IPv6 spelled either way', () => {
    expect(suppressionMatches(rule({ ip: '198.51.100.23' }), eventAlert())).toBe(true);
    expect(suppressionMatches(rule({ ip: '198.51.100.0/24' }), eventAlert())).toBe(true);
    expect(suppressionMatches(rule({ ip: '198.51.101.0/24' }), eventAlert())).toBe(false);
    expect(suppressionMatches(rule({ ip: '198.51.100.24' }), eventAlert())).toBe(false);
    const v6 = eventAlert({ activity: activity({ sourceIp: '2001:db8::1' }) });
    expect(suppressionMatches(rule({ ip: '2001:0db8:0:0::1' }), v6)).toBe(true);
    expect(suppressionMatches(rule({ ip: '2001:db8::/32' }), v6)).toBe(true);
    // A service's name in sourceIPAddress is no address: only the same text matches.
    const service = eventAlert({ activity: activity({ sourceIp: 'cloudformation.amazonaws.com' }) });
    expect(suppressionMatches(rule({ ip: '10.0.0.0/8' }), service)).toBe(false);
  });

  it('matches a part of the user agent, ignoring case, and a resource exactly', () => {
    expect(suppressionMatches(rule({ userAgent: 'AWS-CLI/2' }), eventAlert())).toBe(true);
    expect(suppressionMatches(rule({ userAgent: 'terraform' }), eventAlert())).toBe(false);
    expect(suppressionMatches(rule({ resource: 'ci-deploy' }), eventAlert())).toBe(true);
    expect(suppressionMatches(rule({ resource: 'ci-dep' }), eventAlert())).toBe(false);
  });

  it('holds back an alarm alert only with no matcher about the call (account alone may be given)', () => {
    const alarm = alarmAlert();
    const monitorId = alarm.monitor!.id;
    expect(suppressionMatches(rule({}, monitorId), alarm)).toBe(true);
    expect(suppressionMatches(rule({ account: alarm.account! }, monitorId), alarm)).toBe(true);
    expect(suppressionMatches(rule({ ip: '0.0.0.0/0' }, monitorId), alarm)).toBe(false);
    expect(suppressionMatches(rule({ principal: 'arn:aws:iam::111122223333:role/ci-deploy' }, monitorId), alarm)).toBe(false);
  });
});

describe('matchersText', () => {
  it('says what a rule matches, in the order of the command', () => {
    expect(matchersText({})).toBe('every alert');
    expect(matchersText({ principal: 'arn:aws:iam::1:role/x', account: '111122223333', userAgent: 'aws cli' })).toBe(
      'account=111122223333, principal=arn:aws:iam::1:role/x, user-agent="aws cli"',
    );
  });
});
