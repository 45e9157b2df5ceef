/**
 * status: read-only; which monitors are enabled and how (metric filters and alarms in the home region with their
 * state, rules per region), active silences (state store) and mute rules. Runs in the Slack Lambda or the worker.
 * "Last alert per monitor" is not available: the store keeps alert groups by group key, not by monitor.
 */
import { DescribeAlarmsCommand, ListAlarmMuteRulesCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import * as z from 'zod/mini';
import { LOG_GROUP_ARNS, resourceName } from './common.js';
import { humanReason } from './errors.js';
import type { ActionContext, ActionDefinition } from './types.js';

const statusParams = z.object({});
export type StatusParams = z.infer<typeof statusParams>;

export interface MonitorStatus {
  readonly monitorId: string;
  readonly metricFilter: boolean;
  /** Alarm state, when the alarm exists. */
  readonly alarm: string | undefined;
  /** Regions with a rule, and the rule's state. */
  readonly rules: readonly { readonly region: string; readonly state: string }[];
  readonly muted: boolean;
  readonly silencedUntil: string | undefined;
}

async function pages<T>(fetch: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    all.push(...page.items);
    token = page.next === '' ? undefined : page.next;
  } while (token !== undefined);
  return all;
}

export const statusAction: ActionDefinition<StatusParams> = {
  name: 'status',
  description: 'Show which monitors are enabled (alarm or event path, regions, alarm state) and which are silenced.',
  adminOnly: false,
  writes: false,
  params: statusParams,
  example: {},
  permissions: [
    { actions: ['logs:DescribeMetricFilters'], resources: [...LOG_GROUP_ARNS], reason: 'List the metric filters on the CloudTrail log group.' },
    {
      actions: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListAlarmMuteRules', 'events:ListRules'],
      resources: ['*'],
      reason: 'List alarms, mute rules and rules by name prefix: list and describe calls are not scoped to resources (the service authorization reference allows only *).',
    },
  ],
  async run(_params, context) {
    try {
      return await status(context);
    } catch (error) {
      return { ok: false, summary: `Could not read the status: ${humanReason(error, 'read the monitors\' resources')}.`, detail: {}, cause: error };
    }
  },
};

async function status(context: ActionContext) {
  const { settings, catalog } = context;
  const home = settings.homeRegion;
  const prefix = `${settings.namePrefix}-`;
  const regions = [...new Set([home, 'us-east-1'])];

  const filters = await pages(async (token) => {
    const out = await context.clients.logs(home).send(
      new DescribeMetricFiltersCommand({ logGroupName: settings.cloudTrailLogGroup, filterNamePrefix: prefix, ...(token ? { nextToken: token } : {}) }),
    );
    return { items: (out.metricFilters ?? []).map((f) => f.filterName ?? ''), next: out.nextToken };
  });
  const alarms = await pages(async (token) => {
    const out = await context.clients.cloudwatch(home).send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, AlarmTypes: ['MetricAlarm'], ...(token ? { NextToken: token } : {}) }),
    );
    return { items: (out.MetricAlarms ?? []).map((a) => ({ name: a.AlarmName ?? '', state: a.StateValue ?? 'unknown' })), next: out.NextToken };
  });
  const mutes = await pages(async (token) => {
    const out = await context.clients.cloudwatch(home).send(
      new ListAlarmMuteRulesCommand({ Statuses: ['SCHEDULED', 'ACTIVE'], ...(token ? { NextToken: token } : {}) }),
    );
    return { items: (out.AlarmMuteRuleSummaries ?? []).map((m) => (m.AlarmMuteRuleArn ?? '').split(':').pop() ?? ''), next: out.NextToken };
  });
  const rules: { region: string; name: string; state: string }[] = [];
  for (const region of regions) {
    const found = await pages(async (token) => {
      const out = await context.clients.events(region).send(new ListRulesCommand({ NamePrefix: prefix, ...(token ? { NextToken: token } : {}) }));
      return { items: (out.Rules ?? []).map((r) => ({ region, name: r.Name ?? '', state: r.State ?? 'unknown' })), next: out.NextToken };
    });
    rules.push(...found);
  }
  const silences = await context.store.listActiveSilences(context.now());

  const monitors: MonitorStatus[] = [];
  for (const monitor of catalog) {
    const name = resourceName(settings, monitor.id);
    const entry: MonitorStatus = {
      monitorId: monitor.id,
      metricFilter: filters.includes(name),
      alarm: alarms.find((a) => a.name === name)?.state,
      rules: rules.filter((r) => r.name === name).map((r) => ({ region: r.region, state: r.state })),
      muted: mutes.includes(name),
      silencedUntil: silences.find((s) => s.monitorId === monitor.id)?.until,
    };
    if (entry.metricFilter || entry.alarm !== undefined || entry.rules.length > 0 || entry.silencedUntil !== undefined) monitors.push(entry);
  }
  const lines = monitors.map((m) => {
    const parts: string[] = [];
    if (m.rules.length > 0) parts.push(`event rules in ${m.rules.map((r) => (r.state === 'DISABLED' ? `${r.region} (disabled)` : r.region)).join(', ')}`);
    if (m.alarm !== undefined) parts.push(`alarm ${m.alarm}${m.metricFilter ? '' : ' (metric filter missing)'}`);
    else if (m.metricFilter) parts.push('metric filter without alarm');
    if (m.muted) parts.push('alarm muted');
    if (m.silencedUntil !== undefined) parts.push(`silenced until ${m.silencedUntil}`);
    return `• ${m.monitorId}: ${parts.join('; ')}`;
  });
  const summary =
    monitors.length === 0
      ? `No monitors are enabled (${catalog.length} available; see /secmon list).`
      : [`${monitors.length} of ${catalog.length} monitors enabled or silenced:`, ...lines].join('\n');
  return { ok: true, summary, detail: { monitors } };
}
