/**
 * Security-group rules as a CloudTrail record names them (AddedRule) and as EC2 describes them (SecurityGroupRule):
 * whether they are the same rule, how each reads in a message, and reading a group's rules. Revert and the containment of a modified rule
 * (src/actions/undo/sg-rule-containment.ts) compare with the same rules.
 */
import { DescribeSecurityGroupRulesCommand, type EC2Client, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { AddedRule } from '../alerts/model.js';

const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

export function protocolKey(protocol: string | undefined): string {
  const lower = (protocol ?? '').toLowerCase();
  return PROTOCOL_NUMBERS[lower] ?? lower;
}

/** Same protocol, ports and CIDR. All-traffic rules have no ports (EC2 reports -1/-1; records omit them). */
export function sameRule(rule: AddedRule, aws: SecurityGroupRule): boolean {
  const protocol = protocolKey(rule.protocol);
  if (protocol !== protocolKey(aws.IpProtocol)) return false;
  if (protocol !== '-1' && ((rule.fromPort ?? -1) !== (aws.FromPort ?? -1) || (rule.toPort ?? -1) !== (aws.ToPort ?? -1))) return false;
  const cidr = (value: string | undefined) => value?.toLowerCase();
  return cidr(rule.cidrIpv4) === cidr(aws.CidrIpv4) && cidr(rule.cidrIpv6) === cidr(aws.CidrIpv6);
}

function portsText(protocol: string, from: number | undefined, to: number | undefined): string {
  if (protocolKey(protocol) === '-1') return 'all traffic';
  if (from === undefined || from === -1) return `${protocol} all ports`;
  return from === to || to === undefined ? `${protocol}/${from}` : `${protocol}/${from}-${to}`;
}

export function ruleText(rule: AddedRule): string {
  return `${portsText(rule.protocol, rule.fromPort, rule.toPort)} from ${rule.cidrIpv4 ?? rule.cidrIpv6 ?? '?'}`;
}

export function awsRuleText(rule: SecurityGroupRule): string {
  return `${portsText(rule.IpProtocol ?? '?', rule.FromPort, rule.ToPort)} from ${rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.PrefixListId ?? rule.ReferencedGroupInfo?.GroupId ?? '?'}`;
}


/**
 * The group's rules, inbound and outbound (all, or those with `ids`), following pages. Filters, unlike the
 * SecurityGroupRuleIds parameter, do not fail the whole call when one id no longer exists.
 */
export async function describeGroupRules(ec2: EC2Client, groupId: string, ids: readonly string[] | undefined): Promise<SecurityGroupRule[]> {
  const rules: SecurityGroupRule[] = [];
  let token: string | undefined;
  do {
    const output = await ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: 'group-id', Values: [groupId] }, ...(ids === undefined ? [] : [{ Name: 'security-group-rule-id', Values: [...ids] }])],
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    rules.push(...(output.SecurityGroupRules ?? []).filter((rule) => rule.GroupId === groupId));
    token = output.NextToken;
  } while (token !== undefined && token !== '');
  return rules;
}
