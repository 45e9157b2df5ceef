/**
 * revert: revokes exactly the ingress rules an AuthorizeSecurityGroupIngress event added, and nothing else.
 *
 * 0. Reads what to revert from the alert stored with the Slack message the job names (stored-change.ts), never from
 *    the job: a job can only point at an alert.
 * 1. Claims the alert's remediation in the state table under the job's id (conditional write keyed by the alert's
 *    deliveryId): a second click while it runs, or after it is done or kept, changes nothing and reports the state.
 * 2. Reads the group's current ingress rules with DescribeSecurityGroupRules, filtered by `group-id` (and by
 *    `security-group-rule-id` when the record has rule ids). Filters, unlike the SecurityGroupRuleIds parameter,
 *    do not fail the whole call when one id no longer exists.
 * 3. Per added rule: missing -> `already_gone`; with a rule id but different protocol, ports or CIDR (someone
 *    modified it) -> `changed`, left alone; else revoked: rules with ids in chunks of REVOKE_CHUNK ids per call (so an
 *    alert with hundreds of rules still reverts well within the worker's time; a chunk refused because one rule
 *    vanished meanwhile is retried rule by rule), the others with the exact IpPermissions of the request, one call
 *    each (protocol, ports and the single CIDR: EC2 revokes only a rule that matches all of them). Without a rule id
 *    "changed" cannot be told from "gone": a rule that no longer matches exactly is reported `already_gone`.
 * 4. Finishes the claim as `done` (no AWS failure) or `failed` (a retry may then start again), also when anything
 *    throws on the way: a claim never stays `in_progress` because of an error (a worker killed by its timeout
 *    leaves it to the lease, which the sweep and the next click take over).
 */
import {
  RevokeSecurityGroupIngressCommand,
  type IpPermission,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import * as z from 'zod/mini';
import { MAX_REVERT_RULES, type AddedRule, type RevertTarget, type RuleOutcome } from '../alerts/model.js';
import { REVERT_LEASES, type RemediationRecord } from '../store/remediations/remediations.js';
import type { ActionClients } from '../aws/action-clients.js';
import { alertAccount } from './alert-account.js';
import { SECURITY_GROUP_ARN } from './common.js';
import { humanReason, isNotFound } from './errors.js';
import { awsRuleText, describeGroupRules, protocolKey, ruleText, sameRule } from './security-group-rules.js';
import { alertRef, storedChange } from './stored-change.js';
import type { ActionContext, ActionDefinition, ActionResult } from './types.js';

/** Rule ids revoked per RevokeSecurityGroupIngress call. */
export const REVOKE_CHUNK = 50;
/** Rules listed one by one in the summary (Slack's thread reply and the audit detail); the message lists them all. */
const SUMMARY_RULES = 20;

const revertParams = z.object(alertRef);
export type RevertParams = z.infer<typeof revertParams>;

export const revertAction: ActionDefinition<RevertParams> = {
  name: 'revert',
  description: 'Revoke exactly the security-group ingress rules an alert\'s event added (checked first: changed or removed rules are left alone).',
  adminOnly: true,
  writes: true,
  actsIn: 'alert-account',
  params: revertParams,
  example: {
    deliveryId: '7f2c1e0a-0000-4000-8000-000000000001',
    message: { channel: 'C0123456789', ts: '1763632800.000100' },
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
  async refuse(params, context) {
    const change = await storedChange(params, context, 'reverted');
    return change.ok ? refusal(change.target, context.settings) : change.result;
  },
  async run(params, context) {
    const change = await storedChange(params, context, 'reverted');
    if (!change.ok) return change.result;
    const { target } = change;
    const refused = refusal(target, context.settings);
    if (refused !== undefined) return refused;
    const detail = { deliveryId: params.deliveryId, groupId: target.groupId, region: target.region, eventId: target.eventId };
    const account = await alertAccount(target, context);
    if (!account.ok) return { ok: false, summary: `Not reverted: ${target.groupId}: ${account.reason}.`, detail };
    const now = context.now();
    const attempt = context.requestId;
    const start = await context.state.remediations.start(params.deliveryId, { by: context.actor.userId, now, leaseMs: REVERT_LEASES.claimMs, attempt });
    if (start.status === 'existing') return duplicateResult(start.record, detail);

    let outcomes: RuleOutcome[] = target.rules.map((rule) => ({ rule, outcome: 'failed', reason: 'the revert stopped before reaching this rule' }));
    try {
      await showState(params, context, { status: 'in_progress', by: context.actor.userId, at: now.toISOString(), outcomes: [] });
      const reverted = await revertRules(target, { ...context, clients: account.clients });
      outcomes = reverted.outcomes;
      const failed = outcomes.some((o) => o.outcome === 'failed');
      const status = failed ? 'failed' : 'done';
      const finishedAt = context.now();
      const finished = await context.state.remediations.finish(params.deliveryId, { attempt, status, outcomes, now: finishedAt });
      await showState(params, context, { status, by: context.actor.userId, at: finishedAt.toISOString(), outcomes });
      return {
        ok: !failed && !outcomes.some((o) => o.outcome === 'changed'),
        summary: revertSummary(target.groupId, outcomes) + (finished === undefined ? ' (Another click took over meanwhile; its result counts.)' : ''),
        detail: { ...detail, status, outcomes },
        ...(reverted.causes.length === 0 ? {} : { cause: reverted.causes.length === 1 ? reverted.causes[0] : reverted.causes }),
      };
    } catch (error) {
      // Whatever broke, the claim ends as failed (the rules are checked again on a retry), then the error goes on.
      const at = context.now();
      await context.state.remediations.finish(params.deliveryId, { attempt, status: 'failed', outcomes, now: at }).catch(() => undefined);
      await showState(params, context, { status: 'failed', by: context.actor.userId, at: at.toISOString(), outcomes }).catch(() => undefined);
      throw error;
    }
  },
  async release(params, context) {
    const at = context.now();
    const released = await context.state.remediations.abandon(params.deliveryId, { attempt: context.requestId, now: at, outcomes: [] });
    if (released !== undefined) await showState(params, context, { status: 'failed', by: context.actor.userId, at: at.toISOString(), outcomes: [] });
  },
};

/**
 * What no revert may do: act in another account outside an organization deployment (the worker's role acts in its
 * own only; in an organization, the member role of the stored alert's account is tried), or cover too many rules.
 */
function refusal(target: RevertTarget, settings: ActionContext['settings']): ActionResult | undefined {
  const { accountId } = settings;
  const detail = { groupId: target.groupId, accountId: target.accountId, rules: target.rules.length };
  if (settings.organization === undefined && target.accountId !== undefined && target.accountId !== accountId) {
    return { ok: false, denied: true, summary: `Not reverted: ${target.groupId} is in account ${target.accountId}, and secmon's worker acts in ${accountId} only.`, detail };
  }
  if (target.rules.length > MAX_REVERT_RULES) {
    return { ok: false, denied: true, summary: `Not reverted: the change added ${target.rules.length} rules, more than secmon reverts at once (${MAX_REVERT_RULES}).`, detail };
  }
  return undefined;
}

async function showState(
  params: RevertParams,
  context: Pick<ActionContext, 'state'>,
  remediation: { status: 'in_progress' | 'done' | 'failed'; by: string; at: string; outcomes: readonly RuleOutcome[] },
): Promise<void> {
  await context.state.messages.updateState(params.message, { remediation });
}

/** EC2 takes at most 200 values per filter; more rule ids than that are found by reading the whole group. */
const MAX_FILTER_VALUES = 200;

async function revertRules(target: RevertTarget, context: ActionContext & { clients: ActionClients }): Promise<{ outcomes: RuleOutcome[]; causes: unknown[] }> {
  const rules = target.rules;
  const ids = rules.map((r) => r.ruleId).filter((id): id is string => id !== undefined);
  const byIdOnly = ids.length === rules.length && ids.length <= MAX_FILTER_VALUES;

  let current: SecurityGroupRule[];
  try {
    current = (await describeGroupRules(context.clients.ec2(target.region), target.groupId, byIdOnly ? ids : undefined)).filter((rule) => rule.IsEgress !== true);
  } catch (error) {
    if (isNotFound(error)) return { outcomes: rules.map((rule) => ({ rule, outcome: 'already_gone', reason: 'the security group no longer exists' })), causes: [] };
    const reason = humanReason(error, `read the rules of ${target.groupId}`);
    return { outcomes: rules.map((rule) => ({ rule, outcome: 'failed', reason })), causes: [error] };
  }

  const outcomes = new Map<AddedRule, RuleOutcome>();
  const causes: unknown[] = [];
  const revoker = new Revoker(context, target, outcomes, causes);
  const byId: AddedRule[] = [];
  for (const rule of rules) {
    const check = checkRule(rule, current);
    if (check.outcome !== undefined) outcomes.set(rule, { rule, outcome: check.outcome, reason: check.reason });
    else if (rule.ruleId !== undefined) byId.push(rule);
    else await revoker.one(rule);
  }
  for (let from = 0; from < byId.length; from += REVOKE_CHUNK) await revoker.chunk(byId.slice(from, from + REVOKE_CHUNK));
  return { outcomes: rules.map((rule) => outcomes.get(rule)!), causes };
}

/** The RevokeSecurityGroupIngress calls of one revert, recording each rule's outcome. */
class Revoker {
  readonly #ec2: ReturnType<ActionContext['clients']['ec2']>;

  constructor(
    context: ActionContext,
    private readonly target: RevertTarget,
    private readonly outcomes: Map<AddedRule, RuleOutcome>,
    private readonly causes: unknown[],
  ) {
    this.#ec2 = context.clients.ec2(target.region);
  }

  /** Rules named by id, in one call. One id gone meanwhile fails the whole call (nothing revoked): then one by one. */
  async chunk(rules: readonly AddedRule[]): Promise<void> {
    if (rules.length === 1) return this.one(rules[0]!);
    try {
      await this.#ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: this.target.groupId, SecurityGroupRuleIds: rules.map((r) => r.ruleId!) }));
      for (const rule of rules) this.outcomes.set(rule, { rule, outcome: 'revoked', reason: undefined });
    } catch (error) {
      if (!isNotFound(error)) return this.#failed(rules, error);
      for (const rule of rules) await this.one(rule);
    }
  }

  async one(rule: AddedRule): Promise<void> {
    try {
      const output = await this.#ec2.send(
        new RevokeSecurityGroupIngressCommand(
          rule.ruleId !== undefined
            ? { GroupId: this.target.groupId, SecurityGroupRuleIds: [rule.ruleId] }
            : { GroupId: this.target.groupId, IpPermissions: [ipPermissionOf(rule)] },
        ),
      );
      const unknown = (output.UnknownIpPermissions ?? []).length > 0;
      this.outcomes.set(rule, { rule, outcome: unknown ? 'already_gone' : 'revoked', reason: undefined });
    } catch (error) {
      if (isNotFound(error)) this.outcomes.set(rule, { rule, outcome: 'already_gone', reason: undefined });
      else this.#failed([rule], error);
    }
  }

  #failed(rules: readonly AddedRule[], error: unknown): void {
    this.causes.push(error);
    for (const rule of rules) {
      this.outcomes.set(rule, { rule, outcome: 'failed', reason: humanReason(error, `revoke ${ruleText(rule)} from ${this.target.groupId}`) });
    }
  }
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

const OUTCOME_TEXT: Record<RuleOutcome['outcome'], string> = {
  revoked: 'revoked',
  already_gone: 'already removed',
  changed: 'changed since, not revoked',
  failed: 'failed',
};

export function revertSummary(groupId: string, outcomes: readonly RuleOutcome[]): string {
  // The rules that need a look first (failed, changed), then the rest; the alert's message lists them all.
  const order: RuleOutcome['outcome'][] = ['failed', 'changed', 'already_gone', 'revoked'];
  const sorted = [...outcomes].sort((a, b) => order.indexOf(a.outcome) - order.indexOf(b.outcome));
  const lines = sorted.slice(0, SUMMARY_RULES).map((o) => `• ${ruleText(o.rule)}: ${OUTCOME_TEXT[o.outcome]}${o.reason === undefined ? '' : ` (${o.reason})`}`);
  if (sorted.length > SUMMARY_RULES) lines.push(`• and ${sorted.length - SUMMARY_RULES} more, listed in the alert's message`);
  const revoked = outcomes.filter((o) => o.outcome === 'revoked').length;
  return [`Revert of ${groupId}: ${revoked} of ${outcomes.length} rules revoked.`, ...lines].join('\n');
}

function duplicateResult(record: RemediationRecord, detail: Record<string, unknown>): ActionResult {
  if (record.status === 'kept') {
    const by = record.kept === undefined ? '' : ` by <@${record.kept.by}>`;
    return {
      ok: false,
      denied: true,
      summary: `Not reverted: keeping this change was approved${by}, and a kept change is not reverted.`,
      detail: { ...detail, status: record.status, refused: 'kept' },
    };
  }
  const who = record.startedBy === undefined ? '' : ` by <@${record.startedBy}>`;
  const summary =
    record.status === 'in_progress'
      ? `A revert of this change is already in progress (started${who} at ${record.startedAt ?? '?'}); nothing more was done.`
      : `This change was already reverted${who} at ${record.finishedAt ?? '?'}; nothing more was done.`;
  return { ok: true, summary, detail: { ...detail, status: record.status, duplicate: true, outcomes: record.outcomes } };
}
