import { describe, expect, it } from 'vitest';
import { addedRulesOf, isWorldCidr, revertTargetOf } from '../../../src/alerts/revert-target.js';
import { cloudTrailRecord } from '../../helpers/records.js';
import { loadEvent } from './fixtures.js';

function ingress(requestParameters: unknown, responseElements: unknown = { _return: true }, extra: Record<string, unknown> = {}) {
  return cloudTrailRecord({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'AuthorizeSecurityGroupIngress',
    awsRegion: 'eu-west-1',
    eventID: 'e0000000-0000-4000-8000-0000000000c1',
    readOnly: false,
    requestParameters,
    responseElements,
    ...extra,
  });
}

const rule = (fields: Partial<Record<string, unknown>>) => ({
  ruleId: undefined,
  protocol: 'tcp',
  fromPort: 22,
  toPort: 22,
  cidrIpv4: undefined,
  cidrIpv6: undefined,
  ...fields,
});

const permission = (protocol: string, port: number | undefined, v4: string[], v6: string[] = []) => ({
  ipProtocol: protocol,
  ...(port === undefined ? {} : { fromPort: port, toPort: port }),
  groups: {},
  ipRanges: v4.length === 0 ? {} : { items: v4.map((cidrIp) => ({ cidrIp })) },
  ipv6Ranges: v6.length === 0 ? {} : { items: v6.map((cidrIpv6) => ({ cidrIpv6 })) },
  prefixListIds: {},
});

describe('revertTargetOf', () => {
  it('takes the rules, with their ids, from the response when it lists them', () => {
    const record = ingress(
      { groupId: 'sg-1', ipPermissions: { items: [permission('tcp', 22, ['0.0.0.0/0']), permission('tcp', 443, ['10.0.0.0/8'])] } },
      {
        _return: true,
        securityGroupRuleSet: {
          items: [
            { groupId: 'sg-1', securityGroupRuleId: 'sgr-a', isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' },
            { groupId: 'sg-1', securityGroupRuleId: 'sgr-b', isEgress: false, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '10.0.0.0/8' },
          ],
        },
      },
    );
    expect(revertTargetOf(record)).toEqual({
      region: 'eu-west-1',
      accountId: '111122223333',
      groupId: 'sg-1',
      eventId: 'e0000000-0000-4000-8000-0000000000c1',
      changedBy: 'arn:aws:iam::111122223333:user/alice',
      author: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', userName: 'alice', issuerArn: undefined, issuerType: undefined, sourceIdentity: undefined },
      // The private rule is listed too: the revert undoes the whole call.
      rules: [rule({ ruleId: 'sgr-a', cidrIpv4: '0.0.0.0/0' }), rule({ ruleId: 'sgr-b', fromPort: 443, toPort: 443, cidrIpv4: '10.0.0.0/8' })],
    });
  });

  it('falls back to the request\'s ipPermissions: IPv4 and IPv6 ranges of every permission', () => {
    const record = ingress({
      groupId: 'sg-1',
      ipPermissions: { items: [permission('tcp', 443, ['0.0.0.0/0', '10.0.0.0/8'], ['::/0']), permission('udp', 51820, [], ['2001:db8::/32'])] },
    });
    expect(revertTargetOf(record)?.rules).toEqual([
      rule({ fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0' }),
      rule({ fromPort: 443, toPort: 443, cidrIpv4: '10.0.0.0/8' }),
      rule({ fromPort: 443, toPort: 443, cidrIpv6: '::/0' }),
      rule({ protocol: 'udp', fromPort: 51820, toPort: 51820, cidrIpv6: '2001:db8::/32' }),
    ]);
  });

  it('reverts an IPv6-only opening', () => {
    const record = ingress({ groupId: 'sg-1', ipPermissions: { items: [permission('tcp', 22, [], ['::/0'])] } });
    expect(revertTargetOf(record)?.rules).toEqual([rule({ cidrIpv6: '::/0' })]);
  });

  it('reads the older top-level form (cidrIp, ipProtocol, fromPort, toPort), with ipPermissions written as {}', () => {
    const record = ingress({ groupId: 'sg-1', ipPermissions: {}, cidrIp: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 3389, toPort: 3389 });
    expect(revertTargetOf(record)?.rules).toEqual([rule({ fromPort: 3389, toPort: 3389, cidrIpv4: '0.0.0.0/0' })]);
  });

  it('reads all-traffic rules without ports, and numeric protocols', () => {
    const record = ingress({ groupId: 'sg-1', ipPermissions: { items: [permission('-1', undefined, ['0.0.0.0/0']), { ...permission('6', 25, ['0.0.0.0/0']) }] } });
    expect(revertTargetOf(record)?.rules).toEqual([
      rule({ protocol: '-1', fromPort: undefined, toPort: undefined, cidrIpv4: '0.0.0.0/0' }),
      rule({ protocol: '6', fromPort: 25, toPort: 25, cidrIpv4: '0.0.0.0/0' }),
    ]);
  });

  it('treats any /0 as the world, however the address is written (as the monitor does)', () => {
    expect(isWorldCidr('0.0.0.0/0')).toBe(true);
    expect(isWorldCidr('::/0')).toBe(true);
    expect(isWorldCidr('208.236.235.254/0')).toBe(true);
    expect(isWorldCidr('10.0.0.0/8')).toBe(false);
    expect(isWorldCidr('0.0.0.0/10')).toBe(false);
    expect(isWorldCidr(undefined)).toBe(false);
  });

  it('lists response rules that reference groups or prefix lists, by id, alongside the world one', () => {
    const record = ingress(
      { groupId: 'sg-1', ipPermissions: {} },
      {
        _return: true,
        securityGroupRuleSet: {
          items: [
            { groupId: 'sg-1', securityGroupRuleId: 'sgr-a', isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv6: '::/0' },
            { groupId: 'sg-1', securityGroupRuleId: 'sgr-b', isEgress: false, ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, referencedGroupInfo: { groupId: 'sg-2' } },
          ],
        },
      },
    );
    expect(revertTargetOf(record)?.rules).toEqual([
      rule({ ruleId: 'sgr-a', cidrIpv6: '::/0' }),
      rule({ ruleId: 'sgr-b', fromPort: 5432, toPort: 5432 }),
    ]);
  });

  it('no revert when no rule opens a world range', () => {
    expect(revertTargetOf(ingress({ groupId: 'sg-1', ipPermissions: { items: [permission('tcp', 22, ['10.0.0.0/8'], ['2001:db8::/32'])] } }))).toBeUndefined();
  });

  it('no revert when the call failed (errorCode) or returned false', () => {
    const opening = { groupId: 'sg-1', ipPermissions: { items: [permission('tcp', 22, ['0.0.0.0/0'])] } };
    expect(revertTargetOf(ingress(opening, null, { errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized' }))).toBeUndefined();
    expect(revertTargetOf(ingress(opening, null, { errorCode: 'InvalidPermission.Duplicate' }))).toBeUndefined();
    expect(revertTargetOf(ingress(opening, { _return: false }))).toBeUndefined();
    expect(revertTargetOf(ingress(opening))).toBeDefined();
  });

  it('no revert for other calls, or without a group id, region or event id', () => {
    const opening = { groupId: 'sg-1', ipPermissions: { items: [permission('tcp', 22, ['0.0.0.0/0'])] } };
    expect(revertTargetOf(ingress(opening, { _return: true }, { eventName: 'AuthorizeSecurityGroupEgress' }))).toBeUndefined();
    expect(revertTargetOf(ingress({ ...opening, groupId: undefined, groupName: 'default' }))).toBeUndefined();
    expect(revertTargetOf(ingress(opening, { _return: true }, { awsRegion: undefined }))).toBeUndefined();
    expect(revertTargetOf(ingress(opening, { _return: true }, { eventID: undefined }))).toBeUndefined();
    expect(revertTargetOf(null)).toBeUndefined();
  });

  it('takes the group id from the response when the request named the group by name', () => {
    const record = ingress(
      { groupName: 'default', ipPermissions: {} },
      { _return: true, securityGroupRuleSet: { items: [{ groupId: 'sg-9', securityGroupRuleId: 'sgr-a', isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }] } },
    );
    expect(revertTargetOf(record)?.groupId).toBe('sg-9');
  });

  it('copes with CloudTrail\'s {} for empty collections everywhere', () => {
    const record = ingress(
      { groupId: 'sg-1', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, groups: {}, ipRanges: {}, ipv6Ranges: {}, prefixListIds: {} }] } },
      { _return: true, securityGroupRuleSet: {} },
    );
    expect(addedRulesOf(record)).toEqual([]);
    expect(revertTargetOf(record)).toBeUndefined();
  });

  it('reads the fixture of the older record shape', () => {
    const fixture = loadEvent('eventbridge/sg-open-to-world-request-only.json') as { detail: unknown };
    const target = revertTargetOf(fixture.detail);
    expect(target?.rules.map((r) => r.cidrIpv4 ?? r.cidrIpv6)).toEqual(['0.0.0.0/0', '10.0.0.0/8', '::/0', '::/0']);
    expect(target?.rules.every((r) => r.ruleId === undefined)).toBe(true);
  });
});
