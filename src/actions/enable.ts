/**
 * enable: creates exactly a monitor's resources (or a pack's), named `<prefix>-<id>`, tagged `secmon:monitor=<id>`.
 *
 * - alarm path (home region): PutMetricFilter on the CloudTrail log group (namespace SecMon, metric <id>, value
 *   "1", no default value, so quiet periods are missing data) and PutMetricAlarm (Sum >= 1 over 300 s, or for a
 *   threshold monitor Sum >= its count over its window; one evaluation period, missing data not breaching, the
 *   alarm topic as alarm and OK action, tags). Metric filters cannot be tagged (the Logs API tags log groups, not
 *   filters).
 * - event path: PutRule + PutTargets per placement (see rulePlacements): the home rule targets the alerts
 *   function; a us-east-1 rule, when the home region differs, targets the home region's default bus with the
 *   forwarding role.
 *
 * Idempotent: PutMetricFilter, PutMetricAlarm, PutRule and PutTargets create or update in place, so enabling twice
 * leaves the same resources. (Tags passed to PutRule/PutMetricAlarm apply on creation only; an update keeps them.)
 */
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import * as z from 'zod/mini';
import { findingPattern } from '../catalog/findings/index.js';
import type { EventPattern, Monitor, Severity } from '../catalog/index.js';
import {
  ALARM_ARN,
  defaultPath,
  FORWARDING_ROLE_ARN,
  hasPath,
  listText,
  LOG_GROUP_ARNS,
  METRIC_NAMESPACE,
  monitorTags,
  resolveTarget,
  resourceName,
  RULE_ARNS,
  rulePlacements,
  ruleState,
  TARGET_IDS,
  type MonitorPath,
} from './common.js';
import { humanReason } from './errors.js';
import { failureOf, step, StepFailure } from './steps.js';
import type { ActionContext, ActionDefinition, ActionResult } from './types.js';

const enableParams = z.object({
  target: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a monitor id or a pack id')),
  via: z.optional(z.enum(['alarm', 'event'])),
  /** Finding monitors: the lowest severity their rule lets through (default DEFAULT_MIN_SEVERITY). */
  minSeverity: z.optional(z.enum(['critical', 'high', 'medium', 'low'])),
});
export type EnableParams = z.infer<typeof enableParams>;

/** One resource an action created or removed. */
export interface ResourceRef {
  readonly type: 'metric-filter' | 'alarm' | 'rule';
  readonly name: string;
  readonly region: string;
  /** Rules: what the rule delivers to. */
  readonly delivers?: 'alerts function' | 'home event bus' | 'organization queue';
}

export interface MonitorOutcome {
  readonly monitorId: string;
  readonly path: MonitorPath;
  readonly resources: readonly ResourceRef[];
  /** Human reason when it failed (resources then lists what was created before the failure). */
  readonly failure: string | undefined;
}

export const enableAction: ActionDefinition<EnableParams> = {
  name: 'enable',
  description:
    'Turn on a monitor or a pack: an EventBridge rule to the alerts function (event path, real time) or a metric filter and alarm on the CloudTrail log group (alarm path). Safe to repeat.',
  adminOnly: true,
  writes: true,
  params: enableParams,
  example: { target: 'root-activity', via: 'event' },
  permissions: [
    {
      actions: ['logs:PutMetricFilter'],
      resources: [...LOG_GROUP_ARNS],
      reason: "Alarm path: the monitor's metric filter on the CloudTrail log group.",
    },
    {
      actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource'],
      resources: [ALARM_ARN],
      reason: "Alarm path: the monitor's alarm; TagResource because PutMetricAlarm with Tags needs it.",
    },
    {
      actions: ['events:PutRule', 'events:PutTargets', 'events:TagResource'],
      resources: [...RULE_ARNS],
      reason: "Event path: the monitor's rules (home region, and us-east-1 for IAM and sign-in events); PutRule with Tags needs TagResource.",
    },
    {
      actions: ['iam:PassRole'],
      resources: [FORWARDING_ROLE_ARN],
      reason: 'Event path: the us-east-1 rule forwards to the home bus with this role; PutTargets with a RoleArn needs PassRole on it.',
    },
  ],
  async run(params, context) {
    const resolved = resolveTarget(context.catalog, params.target);
    if (!resolved.ok) return { ok: false, summary: `Nothing enabled: ${resolved.reason}.`, detail: { target: params.target } };
    if (params.minSeverity !== undefined && !resolved.monitors.some((monitor) => monitor.findingSource !== undefined)) {
      return {
        ok: false,
        summary: `Nothing enabled: --min-severity applies to the detectors' findings (the findings pack), not to ${params.target}.`,
        detail: { target: params.target, minSeverity: params.minSeverity },
      };
    }
    if (resolved.pack === undefined && params.via !== undefined) {
      const monitor = resolved.monitors[0];
      if (monitor !== undefined && !hasPath(monitor, params.via)) {
        return {
          ok: false,
          summary: `Nothing enabled: ${monitor.id} has no ${params.via} form; use via ${params.via === 'event' ? 'alarm' : 'event'}.`,
          detail: { target: params.target, via: params.via },
        };
      }
    }

    const outcomes: MonitorOutcome[] = [];
    const causes: unknown[] = [];
    for (const monitor of resolved.monitors) {
      // For a pack, `via` is a preference: monitors without that form take the one they have.
      const path = params.via !== undefined && hasPath(monitor, params.via) ? params.via : defaultPath(monitor);
      const resources: ResourceRef[] = [];
      try {
        if (path === 'alarm') await enableAlarm(monitor, context, resources);
        else await enableEvent(monitor, rulePattern(monitor, params.minSeverity), context, resources);
        outcomes.push({ monitorId: monitor.id, path, resources, failure: undefined });
      } catch (error) {
        const failure = failureOf(error);
        causes.push(failure.cause);
        outcomes.push({ monitorId: monitor.id, path, resources, failure: failure.reason });
      }
    }
    return enableResult(params.target, resolved.pack !== undefined, outcomes, causes);
  },
};

async function enableAlarm(monitor: Monitor, context: ActionContext, created: ResourceRef[]): Promise<void> {
  const { settings } = context;
  const name = resourceName(settings, monitor.id);
  const region = settings.homeRegion;
  const filterPattern = monitor.filterPattern;
  if (filterPattern === null) throw new StepFailure(`${monitor.id} has no alarm form`, undefined);
  await step(`create the metric filter ${name} on ${settings.cloudTrailLogGroup}`, () =>
    context.clients.logs(region).send(
      new PutMetricFilterCommand({
        logGroupName: settings.cloudTrailLogGroup,
        filterName: name,
        filterPattern,
        metricTransformations: [{ metricNamespace: METRIC_NAMESPACE, metricName: monitor.id, metricValue: '1' }],
      }),
    ),
  );
  created.push({ type: 'metric-filter', name, region });
  await step(`create the alarm ${name}`, () =>
    context.clients.cloudwatch(region).send(
      new PutMetricAlarmCommand({
        AlarmName: name,
        AlarmDescription: `secmon: ${monitor.title}`,
        Namespace: METRIC_NAMESPACE,
        MetricName: monitor.id,
        Statistic: 'Sum',
        Period: monitor.threshold?.windowSeconds ?? 300,
        EvaluationPeriods: 1,
        Threshold: monitor.threshold?.count ?? 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        // In an organization the alarm lives in the trail's account: its state changes reach secmon through
        // EventBridge (that account's member stack forwards them to the central bus), not through the home topic.
        ActionsEnabled: settings.organization === undefined,
        AlarmActions: settings.organization === undefined ? [settings.alarmTopicArn] : [],
        OKActions: settings.organization === undefined ? [settings.alarmTopicArn] : [],
        Tags: monitorTags(monitor.id),
      }),
    ),
  );
  created.push({ type: 'alarm', name, region });
}

/**
 * The pattern of a monitor's rule: its event pattern; for a finding monitor, the one with the severity filter of the
 * minimum asked for (default DEFAULT_MIN_SEVERITY). A minimum the detector has no findings at is a failure that says so.
 */
function rulePattern(monitor: Monitor, minSeverity: Severity | undefined): EventPattern {
  if (monitor.findingSource === undefined || minSeverity === undefined) {
    if (monitor.eventPattern === null) throw new StepFailure(`${monitor.id} has no event form`, undefined);
    return monitor.eventPattern;
  }
  const made = findingPattern(monitor.findingSource, minSeverity);
  if ('none' in made) throw new StepFailure(`no ${minSeverity} findings can arrive: ${made.none}`, undefined);
  return made.pattern;
}

async function enableEvent(monitor: Monitor, pattern: EventPattern, context: ActionContext, created: ResourceRef[]): Promise<void> {
  const { settings } = context;
  const name = resourceName(settings, monitor.id);
  for (const placement of rulePlacements(monitor, settings)) {
    const events = context.clients.events(placement.region);
    await step(`create the rule ${name} in ${placement.region}`, () =>
      events.send(
        new PutRuleCommand({
          Name: name,
          ...(placement.bus === undefined ? {} : { EventBusName: placement.bus }),
          EventPattern: JSON.stringify(pattern),
          State: ruleState(monitor),
          Description:
            placement.target === 'forward'
              ? `secmon: ${monitor.title} (forwards to ${settings.homeRegion})`
              : `secmon: ${monitor.title}`,
          Tags: monitorTags(monitor.id),
        }),
      ),
    );
    const target =
      placement.target === 'alerts'
        ? { Id: TARGET_IDS.alerts, Arn: settings.alertsFunctionArn }
        : placement.target === 'queue'
          ? { Id: TARGET_IDS.queue, Arn: settings.organization?.queueArn }
          : { Id: TARGET_IDS.forward, Arn: settings.homeEventBusArn, RoleArn: settings.forwardingRoleArn };
    const what = `set the target of the rule ${name} in ${placement.region}`;
    const output = await step(what, () =>
      events.send(new PutTargetsCommand({ Rule: name, ...(placement.bus === undefined ? {} : { EventBusName: placement.bus }), Targets: [target] })),
    );
    const failed = output.FailedEntries?.[0];
    if ((output.FailedEntryCount ?? 0) > 0 || failed !== undefined) {
      throw new StepFailure(humanReason({ name: failed?.ErrorCode }, what), failed);
    }
    created.push({
      type: 'rule',
      name,
      region: placement.region,
      delivers: placement.target === 'alerts' ? 'alerts function' : placement.target === 'queue' ? 'organization queue' : 'home event bus',
    });
  }
}

export function describeResources(resources: readonly ResourceRef[]): string {
  return listText(
    resources.map((r) =>
      r.type === 'rule'
        ? `rule ${r.name} in ${r.region} (${r.delivers === 'home event bus' ? 'forwarding to the home region' : r.delivers === 'organization queue' ? "on the organization's bus, to its queue" : 'to the alerts function'})`
        : `${r.type === 'alarm' ? 'alarm' : 'metric filter'} ${r.name} in ${r.region}`,
    ),
  );
}

function enableResult(target: string, isPack: boolean, outcomes: readonly MonitorOutcome[], causes: unknown[]): ActionResult {
  const failed = outcomes.filter((o) => o.failure !== undefined);
  const detail = { target, monitors: outcomes };
  const cause = causes.length === 0 ? undefined : { cause: causes.length === 1 ? causes[0] : causes };
  if (!isPack) {
    const only = outcomes[0];
    if (only === undefined) return { ok: false, summary: `Nothing enabled for ${target}.`, detail };
    if (only.failure !== undefined) {
      const partial = only.resources.length > 0 ? ` Created before the failure: ${describeResources(only.resources)}.` : '';
      return { ok: false, summary: `Could not enable ${only.monitorId}: ${only.failure}.${partial}`, detail, ...cause };
    }
    return {
      ok: true,
      summary: `Enabled ${only.monitorId} (${only.path} path): ${describeResources(only.resources)}. Enabling again is safe: it updates these in place.`,
      detail,
    };
  }
  const succeeded = outcomes.length - failed.length;
  const lines = [`Enabled ${succeeded} of ${outcomes.length} monitors of the ${target} pack (safe to repeat: updates in place).`];
  for (const o of failed) lines.push(`• ${o.monitorId}: ${o.failure ?? ''}`);
  return { ok: failed.length === 0, summary: lines.join('\n'), detail, ...cause };
}
