/**
 * ModifySecurityGroupRules replaces rules in place: `requestParameters.ModifySecurityGroupRulesRequest` names the
 * group (`GroupId`) and, under `SecurityGroupRule` (one object, or a list for several rules), each rule's id
 * (`SecurityGroupRuleId`) and its new values (again under `SecurityGroupRule`: IpProtocol, FromPort, ToPort, CidrIpv4
 * or CidrIpv6). The old values are not in the record, so the rule cannot be put back as it was: the undo offered is
 * containment, revoking the rules the call opened to the world (a /0 range, as sg-open-to-world matches them).
 * The other rules of the same call are not world-open and are left out. EC2 answers `return: true` on success.
 */
import { objectAt, stringAt } from '../../cloudtrail/record.js';
import type { ModifiedRule, SecurityGroupRuleContainment, UndoCommon } from './model.js';

/** Rules revoked by one RevokeSecurityGroupIngress call; a call that opened more offers no containment. */
export const MAX_CONTAINED_RULES = 50;

export function sgRuleContainmentOf(record: unknown, common: UndoCommon): SecurityGroupRuleContainment | undefined {
  const request = objectAt(record, 'requestParameters', 'ModifySecurityGroupRulesRequest');
  const groupId = stringAt(request, 'GroupId');
  if (!groupId || objectAt(record, 'responseElements', 'ModifySecurityGroupRulesResponse')?.['return'] === false) return undefined;
  const entries = request?.['SecurityGroupRule'];
  const rules: ModifiedRule[] = [];
  for (const entry of Array.isArray(entries) ? entries : [entries]) {
    const rule = modifiedRule(entry);
    if (rule === undefined) return undefined;
    if (isWorldOpen(rule)) rules.push(rule);
  }
  if (rules.length === 0 || rules.length > MAX_CONTAINED_RULES) return undefined;
  if (new Set(rules.map((rule) => rule.ruleId)).size !== rules.length) return undefined;
  return { kind: 'sg-rule-containment', ...common, groupId, rules };
}

/** One entry of the request; undefined when it is not a rule the containment could name exactly. */
function modifiedRule(entry: unknown): ModifiedRule | undefined {
  const ruleId = stringAt(entry, 'SecurityGroupRuleId');
  const values = objectAt(entry, 'SecurityGroupRule');
  const protocol = stringAt(values, 'IpProtocol');
  if (!ruleId || !protocol) return undefined;
  return {
    ruleId,
    protocol,
    fromPort: port(values?.['FromPort']),
    toPort: port(values?.['ToPort']),
    cidrIpv4: stringAt(values, 'CidrIpv4'),
    cidrIpv6: stringAt(values, 'CidrIpv6'),
  };
}

/** CloudTrail writes the ports as numbers; a numeric string is read the same. */
function port(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

function isWorldOpen(rule: ModifiedRule): boolean {
  return [rule.cidrIpv4, rule.cidrIpv6].some((cidr) => cidr?.endsWith('/0') === true);
}
