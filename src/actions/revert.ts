/**
 * revert: revokes exactly the ingress rules an AuthorizeSecurityGroupIngress event added, and nothing else.
 *
 * 1. Claims the alert's remediation in the state table (requested -> in_progress, conditional write keyed by the
 *    alert's deliveryId): a second click while it runs, or after it is done, changes nothing and reports the state.
 * 2. Reads the group's current ingress rules with DescribeSecurityGroupRules, filtered by `group-id` (and by
 *    `security-group-rule-id` when the record has rule ids). Filters, unlike the SecurityGroupRuleIds parameter,
 *    do not fail the whole call when one id no longer exists.
 * 3. Per added rule: missing -> `already_gone`; with a rule id but different protocol, ports or CIDR (someone
 *    modified it) -> `changed`, left alone; else revoked: by SecurityGroupRuleIds when the id is known, else with
 *    the exact IpPermissions of the request (protocol, ports and the single CIDR: EC2 revokes only a rule that
 *    matches all of them). Without a rule id "changed" cannot be told from "gone": a rule that no longer matches
 *    exactly is reported `already_gone`.
 * 4. Finishes the claim as `done` (no AWS failure) or `failed` (a retry may then start again).
 */
import {
  DescribeSecurityGroupRulesCommand,
  RevokeSecurityGroupIngressCommand,
  type IpPermission,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import * as z from 'zod/mini';
import type { AddedRule, RuleOutcome } from '../alerts/model.js';
import type { RemediationRecord } from '../store/remediations/remediations.js';
import type { ActionClients } from '../aws/action-clients.js';
import { alertAccount } from './alert-account.js';
import { SECURITY_GROUP_ARN } from './common.js';
import { humanReason, isNotFound } from './errors.js';
import type { ActionContext, ActionDefinition, ActionResult } from './types.js';

/** A worker that holds a claim longer than this is presumed dead; another click may take over. */
export const REVERT_LEASE_MS = 5 * 60_000;

const optionalString = (pattern: RegExp, message: string) => z.optional(z.string().check(z.regex(pattern, message)));
const port = z.optional(z.number().check(z.int(), z.minimum(-1), z.maximum(65_535)));

const addedRule = z.object({
  ruleId: optionalString(/^sgr-[0-9a-f]{8,17}$/, 'must be a security group rule id (sgr-...)'),
  protocol: z.string().check(z.regex(/^(-1|tcp|udp|icmp|icmpv6|\d{1,3})$/, 'must be tcp, udp, icmp, icmpv6, -1 or a protocol number')),
  fromPort: port,
  toPort: port,
  cidrIpv4: optionalString(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'must be an IPv4 CIDR'),
  cidrIpv6: optionalString(/^[0-9a-fA-F:]+\/\d{1,3}$/, 'must be an IPv6 CIDR'),
});

export const message = z.optional(z.object({ channel: z.string().check(z.minLength(1)), ts: z.string().check(z.minLength(1)) }));

const revertParams = z.object({
  deliveryId: z.string().check(z.minLength(1), z.maxLength(256)),
  target: z.object({
    region: z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region code')),
    accountId: optionalString(/^\d{12}$/, 'must be a 12-digit account id'),
    groupId: z.string().check(z.regex(/^sg-[0-9a-f]{8,17}$/, 'must be a security group id (sg-...)')),
    eventId: z.string().check(z.minLength(1)),
    changedBy: z.optional(z.string()),
    rules: z.array(addedRule).check(z.minLength(1), z.maxLength(100)),
  }),
  /** The alert's Slack message: when given, its state shows the remediation. */
  message,
});
export type RevertParams = z.infer<typeof revertParams>;
type Rule = z.infer<typeof addedRule>;

export const revertAction: ActionDefinition<RevertParams> = {
  name: 'revert',
  description: 'Revoke exactly the security-group ingress rules an alert\'s event added (checked first: changed or removed rules are left alone).',
  adminOnly: true,
  writes: true,
  actsIn: 'alert-account',
  params: revertParams,
  example: {
    deliveryId: '7f2c1e0a-0000-4000-8000-000000000001',
    target: {
      region: 'eu-west-1',
      accountId: '111122223333',
      groupId: 'sg-0123456789abcdef0',
      eventId: '5b1c2d3e-0000-4000-8000-000000000002',
      changedBy: 'arn:aws:iam::111122223333:user/alice',
      rules: [{ ruleId: 'sgr-0123456789abcdef0', protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0', cidrIpv6: undefined }],
    },
  },
  permissions: [
    {
      actions: ['ec2:RevokeSecurityGroupIngress'],
      resources: [SECURITY_GROUP_ARN],
      reason: 'Revoke the added rules. Security groups carry no secmon name, so no narrower resource is possible.',
    },
    {
      actions: ['ec2:DescribeSecurityGroupRules'],
      resources: ['*'],
      reason: 'Check each rule still exists unchanged first. EC2 Describe* actions support no resource-level permissions, so the resource must be *.',
    },
  ],
  async run(params, context) {
    const { target } = params;
    const detail = { deliveryId: params.deliveryId, groupId: target.groupId, region: target.region, eventId: target.eventId };
    const account = await alertAccount(target, params.message, context);
    if (!account.ok) return { ok: false, summary: `Not reverted: ${target.groupId}: ${account.reason}.`, detail };
    const now = context.now();
    const start = await context.state.remediations.start(params.deliveryId, { by: context.actor.userId, now, leaseMs: REVERT_LEASE_MS });
    if (start.status === 'existing') return duplicateResult(start.record, detail);
    const claim = start.record.claim ?? '';
    await showState(params, context, { status: 'in_progress', by: context.actor.userId, at: now.toISOString(), outcomes: [] });

    const { outcomes, causes } = await revertRules(params, { ...context, clients: account.clients });
    const failed = outcomes.some((o) => o.outcome === 'failed');
    const status = failed ? 'failed' : 'done';
    const finishedAt = context.now();
    const finished = await context.state.remediations.finish(params.deliveryId, { claim, status, outcomes, now: finishedAt });
    await showState(params, context, { status, by: context.actor.userId, at: finishedAt.toISOString(), outcomes });
    const result: ActionResult = {
      ok: !failed && !outcomes.some((o) => o.outcome === 'changed'),
      summary: revertSummary(target.groupId, outcomes) + (finished === undefined ? ' (Another click took over meanwhile; its result counts.)' : ''),
      detail: { ...detail, status, outcomes },
      ...(causes.length === 0 ? {} : { cause: causes.length === 1 ? causes[0] : causes }),
    };
    return result;
  },
};

async function showState(
  params: RevertParams,
  context: ActionContext,
  remediation: { status: 'in_progress' | 'done' | 'failed'; by: string; at: string; outcomes: readonly RuleOutcome[] },
): Promise<void> {
  if (params.message === undefined) return;
  await context.state.messages.updateState(params.message, { remediation });
}

function toAddedRule(rule: Rule): AddedRule {
  return {
    ruleId: rule.ruleId,
    protocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    cidrIpv4: rule.cidrIpv4,
    cidrIpv6: rule.cidrIpv6,
  };
}

async function revertRules(params: RevertParams, context: ActionContext & { clients: ActionClients }): Promise<{ outcomes: RuleOutcome[]; causes: unknown[] }> {
  const { target } = params;
  const ec2 = context.clients.ec2(target.region);
  const rules = target.rules.map(toAddedRule);
  const ids = rules.map((r) => r.ruleId).filter((id): id is string => id !== undefined);
  const causes: unknown[] = [];

  let current: SecurityGroupRule[];
  try {
    current = await describeIngress(context, target.region, target.groupId, rules.every((r) => r.ruleId !== undefined) ? ids : undefined);
  } catch (error) {
    if (isNotFound(error)) return { outcomes: rules.map((rule) => ({ rule, outcome: 'already_gone', reason: 'the security group no longer exists' })), causes };
    const reason = humanReason(error, `read the rules of ${target.groupId}`);
    return { outcomes: rules.map((rule) => ({ rule, outcome: 'failed', reason })), causes: [error] };
  }

  const outcomes: RuleOutcome[] = [];
  for (const rule of rules) {
    const check = checkRule(rule, current);
    if (check.outcome !== undefined) {
      outcomes.push({ rule, outcome: check.outcome, reason: check.reason });
      continue;
    }
    try {
      const output = await ec2.send(
        new RevokeSecurityGroupIngressCommand(
          rule.ruleId !== undefined
            ? { GroupId: target.groupId, SecurityGroupRuleIds: [rule.ruleId] }
            : { GroupId: target.groupId, IpPermissions: [ipPermissionOf(rule)] },
        ),
      );
      const unknown = (output.UnknownIpPermissions ?? []).length > 0;
      outcomes.push(unknown ? { rule, outcome: 'already_gone', reason: undefined } : { rule, outcome: 'revoked', reason: undefined });
    } catch (error) {
      if (isNotFound(error)) {
        outcomes.push({ rule, outcome: 'already_gone', reason: undefined });
      } else {
        causes.push(error);
        outcomes.push({ rule, outcome: 'failed', reason: humanReason(error, `revoke ${ruleText(rule)} from ${target.groupId}`) });
      }
    }
  }
  return { outcomes, causes };
}

/** The group's ingress rules (all, or those with `ids`), following pages. */
async function describeIngress(context: ActionContext, region: string, groupId: string, ids: string[] | undefined): Promise<SecurityGroupRule[]> {
  const ec2 = context.clients.ec2(region);
  const rules: SecurityGroupRule[] = [];
  let token: string | undefined;
  do {
    const output = await ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [
          { Name: 'group-id', Values: [groupId] },
          ...(ids === undefined ? [] : [{ Name: 'security-group-rule-id', Values: ids }]),
        ],
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    rules.push(...(output.SecurityGroupRules ?? []).filter((r) => r.IsEgress !== true && r.GroupId === groupId));
    token = output.NextToken;
  } while (token !== undefined && token !== '');
  return rules;
}

const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', all: '-1' };

function protocolKey(protocol: string | undefined): string {
  const lower = (protocol ?? '').toLowerCase();
  return PROTOCOL_NUMBERS[lower] ?? lower;
}

/** Same protocol, ports and CIDR. All-traffic rules have no ports (EC2 reports -1/-1; records omit them). */
function sameRule(rule: AddedRule, aws: SecurityGroupRule): boolean {
  const protocol = protocolKey(rule.protocol);
  if (protocol !== protocolKey(aws.IpProtocol)) return false;
  if (protocol !== '-1' && ((rule.fromPort ?? -1) !== (aws.FromPort ?? -1) || (rule.toPort ?? -1) !== (aws.ToPort ?? -1))) return false;
  const cidr = (value: string | undefined) => value?.toLowerCase();
  return cidr(rule.cidrIpv4) === cidr(aws.CidrIpv4) && cidr(rule.cidrIpv6) === cidr(aws.CidrIpv6);
}

function checkRule(rule: AddedRule, current: readonly SecurityGroupRule[]): { outcome: 'already_gone' | 'changed' | undefined; reason: string | undefined } {
  if (rule.ruleId !== undefined) {
    const found = current.find((r) => r.SecurityGroupRuleId === rule.ruleId);
    if (found === undefined) return { outcome: 'already_gone', reason: undefined };
    if (!sameRule(rule, found)) {
      return { outcome: 'changed', reason: `the rule was modified since the event (now ${awsRuleText(found)}); left for a person to review` };
    }
    return { outcome: undefined, reason: undefined };
  }
  return current.some((r) => sameRule(rule, r)) ? { outcome: undefined, reason: undefined } : { outcome: 'already_gone', reason: undefined };
}

function ipPermissionOf(rule: AddedRule): IpPermission {
  const all = protocolKey(rule.protocol) === '-1';
  return {
    IpProtocol: rule.protocol,
    ...(all || rule.fromPort === undefined ? {} : { FromPort: rule.fromPort }),
    ...(all || rule.toPort === undefined ? {} : { ToPort: rule.toPort }),
    ...(rule.cidrIpv4 === undefined ? {} : { IpRanges: [{ CidrIp: rule.cidrIpv4 }] }),
    ...(rule.cidrIpv6 === undefined ? {} : { Ipv6Ranges: [{ CidrIpv6: rule.cidrIpv6 }] }),
  };
}

function portsText(protocol: string, from: number | undefined, to: number | undefined): string {
  if (protocolKey(protocol) === '-1') return 'all traffic';
  if (from === undefined || from === -1) return `${protocol} all ports`;
  return from === to || to === undefined ? `${protocol}/${from}` : `${protocol}/${from}-${to}`;
}

export function ruleText(rule: AddedRule): string {
  return `${portsText(rule.protocol, rule.fromPort, rule.toPort)} from ${rule.cidrIpv4 ?? rule.cidrIpv6 ?? '?'}`;
}

function awsRuleText(rule: SecurityGroupRule): string {
  return `${portsText(rule.IpProtocol ?? '?', rule.FromPort, rule.ToPort)} from ${rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.PrefixListId ?? rule.ReferencedGroupInfo?.GroupId ?? '?'}`;
}

const OUTCOME_TEXT: Record<RuleOutcome['outcome'], string> = {
  revoked: 'revoked',
  already_gone: 'already removed',
  changed: 'changed since, not revoked',
  failed: 'failed',
};

export function revertSummary(groupId: string, outcomes: readonly RuleOutcome[]): string {
  const lines = outcomes.map((o) => `• ${ruleText(o.rule)}: ${OUTCOME_TEXT[o.outcome]}${o.reason === undefined ? '' : ` (${o.reason})`}`);
  const revoked = outcomes.filter((o) => o.outcome === 'revoked').length;
  return [`Revert of ${groupId}: ${revoked} of ${outcomes.length} rules revoked.`, ...lines].join('\n');
}

function duplicateResult(record: RemediationRecord, detail: Record<string, unknown>): ActionResult {
  const who = record.startedBy === undefined ? '' : ` by <@${record.startedBy}>`;
  const summary =
    record.status === 'in_progress'
      ? `A revert of this change is already in progress (started${who} at ${record.startedAt ?? '?'}); nothing more was done.`
      : `This change was already reverted${who} at ${record.finishedAt ?? '?'}; nothing more was done.`;
  return { ok: true, summary, detail: { ...detail, status: record.status, duplicate: true, outcomes: record.outcomes } };
}
