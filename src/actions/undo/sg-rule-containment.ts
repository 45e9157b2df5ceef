/**
 * Containment of ModifySecurityGroupRules that opened rules to the world: the record has the rules' new values only,
 * so they cannot be put back as they were; the rules are revoked instead, while they are still as the call set them.
 * DescribeSecurityGroupRules (filtered by group and rule ids: filters, unlike SecurityGroupRuleIds, do not fail the
 * call when a rule no longer exists) says per rule: gone (already undone), modified since (changed, left alone), an
 * outbound rule (left alone: the record does not say which direction a modified rule has, and containment revokes
 * only inbound openings), or still world-open, which is revoked by its id in one RevokeSecurityGroupIngress.
 */
import { RevokeSecurityGroupIngressCommand, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { ModifiedRule, SecurityGroupRuleContainment, UndoResult } from '../../alerts/undo/model.js';
import { SECURITY_GROUP_ARN } from '../common.js';
import { humanReason } from '../errors.js';
import { awsRuleText, describeGroupRules, ruleText, sameRule } from '../security-group-rules.js';
import type { IamStatement } from '../types.js';
import type { UndoKindDefinition } from './kind.js';

interface Checked {
  readonly gone: readonly ModifiedRule[];
  readonly changed: readonly string[];
  readonly outbound: readonly ModifiedRule[];
  readonly open: readonly ModifiedRule[];
}

export const sgRuleContainment: UndoKindDefinition<SecurityGroupRuleContainment> = {
  kind: 'sg-rule-containment',
  subject: (target) => `the world-open ${target.rules.length === 1 ? `rule ${target.rules[0]!.ruleId}` : `rules ${target.rules.map((rule) => rule.ruleId).join(', ')}`} of ${target.groupId}`,
  async run(target, clients) {
    const ec2 = clients.ec2(target.region);
    let checked: Checked;
    try {
      checked = check(target.rules, await describeGroupRules(ec2, target.groupId, target.rules.map((rule) => rule.ruleId)));
    } catch (error) {
      return { result: { outcome: 'failed', reason: humanReason(error, `read the rules of ${target.groupId}`) }, cause: error };
    }
    const leftAlone = [
      ...checked.changed,
      ...checked.outbound.map((rule) => `${rule.ruleId} is an outbound rule, and containment revokes inbound rules only`),
      ...(checked.gone.length > 0 && checked.open.length > 0 ? [`${ids(checked.gone)} no longer ${checked.gone.length === 1 ? 'exists' : 'exist'}`] : []),
    ];
    if (checked.open.length === 0) return { result: nothingRevoked(checked, leftAlone) };
    try {
      await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: target.groupId, SecurityGroupRuleIds: checked.open.map((rule) => rule.ruleId) }));
    } catch (error) {
      return { result: { outcome: 'failed', reason: humanReason(error, `revoke ${ids(checked.open)} from ${target.groupId}`) }, cause: error };
    }
    const revoked = `revoked ${checked.open.map((rule) => `${rule.ruleId} (${ruleText(rule)})`).join(', ')}`;
    return { result: { outcome: 'undone', reason: [revoked, ...leftAlone].join('; ') } };
  },
};

function check(rules: readonly ModifiedRule[], current: readonly SecurityGroupRule[]): Checked {
  const checked = { gone: [] as ModifiedRule[], changed: [] as string[], outbound: [] as ModifiedRule[], open: [] as ModifiedRule[] };
  for (const rule of rules) {
    const found = current.find((aws) => aws.SecurityGroupRuleId === rule.ruleId);
    if (found === undefined) checked.gone.push(rule);
    else if (!sameRule(rule, found)) checked.changed.push(`${rule.ruleId} was modified since the event (now ${awsRuleText(found)})`);
    else if (found.IsEgress === true) checked.outbound.push(rule);
    else checked.open.push(rule);
  }
  return checked;
}

function nothingRevoked(checked: Checked, leftAlone: readonly string[]): UndoResult {
  if (checked.changed.length > 0) return { outcome: 'changed', reason: leftAlone.join('; ') };
  if (checked.outbound.length > 0) return { outcome: 'left_alone', reason: leftAlone.join('; ') };
  return { outcome: 'already_undone', reason: `${ids(checked.gone)} no longer ${checked.gone.length === 1 ? 'exists' : 'exist'}` };
}

function ids(rules: readonly ModifiedRule[]): string {
  return rules.map((rule) => rule.ruleId).join(', ');
}

export const SG_RULE_CONTAINMENT_PERMISSIONS: readonly IamStatement[] = [
  {
    actions: ['ec2:RevokeSecurityGroupIngress'],
    resources: [SECURITY_GROUP_ARN],
    reason: 'Contain a rule ModifySecurityGroupRules opened to the world by revoking it. Security groups carry no secmon name, so no narrower resource is possible.',
  },
  {
    actions: ['ec2:DescribeSecurityGroupRules'],
    resources: ['*'],
    reason: 'Check each rule is still as the event set it first. EC2 Describe* actions support no resource-level permissions, so the resource must be *.',
  },
];
