/**
 * disable: removes exactly the resources `enable` creates for a monitor (or a pack), on both paths, whichever is
 * in place: per rule region (forwarding rule first, so nothing is forwarded to a missing receiver) ListTargetsByRule,
 * RemoveTargets (a rule with targets cannot be deleted), DeleteRule; then DeleteAlarms, DeleteMetricFilter, and
 * the alarm's mute rule (a leftover mute would silence the alarm if the monitor were enabled again). Anything
 * already gone is reported as "already absent", not as a failure. DeleteAlarms and DeleteAlarmMuteRule succeed for
 * names that do not exist, so the alarm and the mute rule are looked up first: the report says what was there.
 */
import { DeleteAlarmMuteRuleCommand, DeleteAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteRuleCommand, ListTargetsByRuleCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import * as z from 'zod/mini';
import type { Monitor } from '../catalog/index.js';
import { ALARM_ARN, listText, LOG_GROUP_ARNS, MUTE_RULE_ARN, resolveTarget, resourceName, RULE_ARNS, rulePlacements } from './common.js';
import { humanReason, isNotFound } from './errors.js';
import { alarmExists, muteRuleState } from './lookups.js';
import { failureOf, step, StepFailure } from './steps.js';
import type { ActionContext, ActionDefinition } from './types.js';

const disableParams = z.object({
  target: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a monitor id or a pack id')),
});
export type DisableParams = z.infer<typeof disableParams>;

export interface RemovedResource {
  readonly type: 'rule' | 'alarm' | 'metric-filter' | 'mute-rule';
  readonly name: string;
  readonly region: string;
  readonly result: 'removed' | 'already absent';
}

export interface DisableOutcome {
  readonly monitorId: string;
  readonly resources: readonly RemovedResource[];
  readonly failure: string | undefined;
}

export const disableAction: ActionDefinition<DisableParams> = {
  name: 'disable',
  description: "Turn off a monitor or a pack: removes its rules, alarm, metric filter and mute rule. Missing ones are reported as already absent.",
  adminOnly: true,
  writes: true,
  params: disableParams,
  example: { target: 'root-activity' },
  permissions: [
    {
      actions: ['events:ListTargetsByRule', 'events:RemoveTargets', 'events:DeleteRule'],
      resources: [...RULE_ARNS],
      reason: "Event path: remove the monitor's rules (targets first; a rule with targets cannot be deleted).",
    },
    { actions: ['cloudwatch:DescribeAlarms'], resources: ['*'], reason: 'Alarm path: find whether the alarm exists (describe calls allow only *).' },
    { actions: ['cloudwatch:DeleteAlarms'], resources: [ALARM_ARN], reason: "Alarm path: delete the monitor's alarm." },
    {
      actions: ['cloudwatch:DeleteAlarmMuteRule', 'cloudwatch:GetAlarmMuteRule'],
      resources: [MUTE_RULE_ARN],
      reason: "Alarm path: find the alarm's mute rule, if any, and delete it.",
    },
    { actions: ['logs:DeleteMetricFilter'], resources: [...LOG_GROUP_ARNS], reason: "Alarm path: delete the monitor's metric filter." },
  ],
  async run(params, context) {
    const resolved = resolveTarget(context.catalog, params.target);
    if (!resolved.ok) return { ok: false, summary: `Nothing disabled: ${resolved.reason}.`, detail: { target: params.target } };
    const outcomes: DisableOutcome[] = [];
    const causes: unknown[] = [];
    for (const monitor of resolved.monitors) {
      const resources: RemovedResource[] = [];
      try {
        await disableMonitor(monitor, context, resources);
        outcomes.push({ monitorId: monitor.id, resources, failure: undefined });
      } catch (error) {
        const failure = failureOf(error);
        causes.push(failure.cause);
        outcomes.push({ monitorId: monitor.id, resources, failure: failure.reason });
      }
    }
    const failed = outcomes.filter((o) => o.failure !== undefined);
    const detail = { target: params.target, monitors: outcomes };
    const cause = causes.length === 0 ? {} : { cause: causes.length === 1 ? causes[0] : causes };
    if (resolved.pack === undefined) {
      const only = outcomes[0];
      if (only === undefined) return { ok: false, summary: `Nothing disabled for ${params.target}.`, detail };
      const removed = describeRemoved(only.resources);
      if (only.failure !== undefined) {
        return { ok: false, summary: `Could not fully disable ${only.monitorId}: ${only.failure}.${removed === '' ? '' : ` ${removed}`}`, detail, ...cause };
      }
      return { ok: true, summary: `Disabled ${only.monitorId}. ${removed}`, detail };
    }
    const lines = [`Disabled ${outcomes.length - failed.length} of ${outcomes.length} monitors of the ${params.target} pack.`];
    for (const o of failed) lines.push(`• ${o.monitorId}: ${o.failure ?? ''}`);
    return { ok: failed.length === 0, summary: lines.join('\n'), detail, ...cause };
  },
};

function describeRemoved(resources: readonly RemovedResource[]): string {
  const removed = resources.filter((r) => r.result === 'removed').map(label);
  const absent = resources.filter((r) => r.result === 'already absent').map(label);
  const parts: string[] = [];
  if (removed.length > 0) parts.push(`Removed ${listText(removed)}.`);
  if (absent.length > 0) parts.push(`Already absent: ${listText(absent)}.`);
  return parts.join(' ');
}

function label(r: RemovedResource): string {
  const kind = r.type === 'metric-filter' ? 'metric filter' : r.type === 'mute-rule' ? 'mute rule' : r.type;
  return `${kind} ${r.name} in ${r.region}`;
}

/** Runs a delete; "not found" means already absent. */
async function remove(what: string, call: () => Promise<unknown>): Promise<RemovedResource['result']> {
  try {
    await call();
    return 'removed';
  } catch (error) {
    if (isNotFound(error)) return 'already absent';
    throw new StepFailure(humanReason(error, what), error);
  }
}

async function disableMonitor(monitor: Monitor, context: ActionContext, out: RemovedResource[]): Promise<void> {
  const { settings } = context;
  const name = resourceName(settings, monitor.id);
  if (monitor.eventPattern !== null) {
    // Forwarding rule first: stop forwarding before its receiver goes.
    for (const placement of [...rulePlacements(monitor, settings)].reverse()) {
      const events = context.clients.events(placement.region);
      const where = `the rule ${name} in ${placement.region}`;
      const bus = placement.bus === undefined ? {} : { EventBusName: placement.bus };
      let targetIds: string[];
      try {
        const listed = await step(`list the targets of ${where}`, () => events.send(new ListTargetsByRuleCommand({ Rule: name, ...bus })));
        targetIds = (listed.Targets ?? []).map((t) => t.Id).filter((id): id is string => id !== undefined);
      } catch (error) {
        if (error instanceof StepFailure && isNotFound(error.cause)) {
          out.push({ type: 'rule', name, region: placement.region, result: 'already absent' });
          continue;
        }
        throw error;
      }
      if (targetIds.length > 0) {
        const what = `remove the targets of ${where}`;
        const removed = await step(what, () => events.send(new RemoveTargetsCommand({ Rule: name, ...bus, Ids: targetIds })));
        const failed = removed.FailedEntries?.[0];
        if ((removed.FailedEntryCount ?? 0) > 0 || failed !== undefined) throw new StepFailure(humanReason({ name: failed?.ErrorCode }, what), failed);
      }
      const result = await remove(`delete ${where}`, () => events.send(new DeleteRuleCommand({ Name: name, ...bus })));
      out.push({ type: 'rule', name, region: placement.region, result });
    }
  }
  if (monitor.filterPattern !== null) {
    const region = settings.homeRegion;
    const cloudwatch = context.clients.cloudwatch(region);
    const mute = await step(`look up the mute rule ${name}`, () => muteRuleState(context, name));
    if (mute !== 'absent') {
      await step(`delete the mute rule ${name}`, () => cloudwatch.send(new DeleteAlarmMuteRuleCommand({ AlarmMuteRuleName: name })));
      // An expired rule muted nothing: deleted so it does not linger, not reported.
      if (mute === 'in force') out.push({ type: 'mute-rule', name, region, result: 'removed' });
    }
    const alarm = await step(`look up the alarm ${name}`, () => alarmExists(context, name));
    if (alarm) await step(`delete the alarm ${name}`, () => cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [name] })));
    out.push({ type: 'alarm', name, region, result: alarm ? 'removed' : 'already absent' });
    const filter = await remove(`delete the metric filter ${name}`, () =>
      context.clients.logs(region).send(new DeleteMetricFilterCommand({ logGroupName: settings.cloudTrailLogGroup, filterName: name })),
    );
    out.push({ type: 'metric-filter', name, region, result: filter });
  }
}
