/**
 * status: read-only; which monitors are enabled and how (metric filters and alarms in the home region with their
 * state, rules per region), active silences (state table) and mute rules with their expiry, and the last alert of
 * each monitor (the state table's per-monitor index, written by the alerts pipeline). Runs in the worker; the Slack
 * views (`/secmon list`, `/secmon status`) are rendered from `detail.monitors` (src/slack/app/views.ts).
 */
import { DescribeAlarmsCommand, ListAlarmMuteRulesCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import * as z from 'zod/mini';
import type { SuppressionStatus } from '../../blocks/status.js';
import { matchersText } from '../alerts/suppression-match.js';
import { accountReports, type AccountReport } from '../org/reporting.js';
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
  /** ISO expiry of the alarm's mute rule, when muted and CloudWatch reported it. */
  readonly mutedUntil: string | undefined;
  /** End of the silence record (event monitors), from the state table. */
  readonly silencedUntil: string | undefined;
  readonly silenceReason: string | undefined;
  /** The monitor's most recent posted or grouped alert. */
  readonly lastAlert: { readonly at: string; readonly summary: string } | undefined;
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
  const organization = settings.organization;
  // In an organization every monitor rule is on the central bus in the home region.
  const regions = organization === undefined ? [...new Set([home, 'us-east-1'])] : [home];
  const bus = organization === undefined ? {} : { EventBusName: organization.eventBusName };

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
    return {
      items: (out.AlarmMuteRuleSummaries ?? []).map((m) => ({
        name: (m.AlarmMuteRuleArn ?? '').split(':').pop() ?? '',
        expires: m.ExpireDate instanceof Date && !Number.isNaN(m.ExpireDate.getTime()) ? m.ExpireDate.toISOString() : undefined,
      })),
      next: out.NextToken,
    };
  });
  const rules: { region: string; name: string; state: string }[] = [];
  for (const region of regions) {
    const found = await pages(async (token) => {
      const out = await context.clients.events(region).send(new ListRulesCommand({ NamePrefix: prefix, ...bus, ...(token ? { NextToken: token } : {}) }));
      return { items: (out.Rules ?? []).map((r) => ({ region, name: r.Name ?? '', state: r.State ?? 'unknown' })), next: out.NextToken };
    });
    rules.push(...found);
  }
  const silences = await context.state.silences.listActive(context.now());
  const suppressions: SuppressionStatus[] = (await context.state.suppressions.listActive(context.now()))
    .sort((a, b) => a.untilMs - b.untilMs)
    .map((rule) => ({ id: rule.id, monitorId: rule.monitorId, matches: matchersText(rule.matchers), until: rule.until, held: rule.held }));
  const lastAlerts = await context.state.lastAlerts.list();

  const monitors: MonitorStatus[] = [];
  for (const monitor of catalog) {
    const name = resourceName(settings, monitor.id);
    const mute = mutes.find((m) => m.name === name);
    const silence = silences.find((s) => s.monitorId === monitor.id);
    const last = lastAlerts.find((a) => a.monitorId === monitor.id);
    const entry: MonitorStatus = {
      monitorId: monitor.id,
      metricFilter: filters.includes(name),
      alarm: alarms.find((a) => a.name === name)?.state,
      rules: rules.filter((r) => r.name === name).map((r) => ({ region: r.region, state: r.state })),
      muted: mute !== undefined,
      mutedUntil: mute?.expires,
      silencedUntil: silence?.until,
      silenceReason: silence?.reason,
      lastAlert: last === undefined ? undefined : { at: last.at, summary: last.summary },
    };
    if (entry.metricFilter || entry.alarm !== undefined || entry.rules.length > 0 || entry.silencedUntil !== undefined || entry.muted) {
      monitors.push(entry);
    }
  }
  const lines = monitors.map((m) => {
    const parts: string[] = [];
    if (m.rules.length > 0) parts.push(`event rules in ${m.rules.map((r) => (r.state === 'DISABLED' ? `${r.region} (disabled)` : r.region)).join(', ')}`);
    if (m.alarm !== undefined) parts.push(`alarm ${m.alarm}${m.metricFilter ? '' : ' (metric filter missing)'}`);
    else if (m.metricFilter) parts.push('metric filter without alarm');
    if (m.muted) parts.push(m.mutedUntil === undefined ? 'alarm muted' : `alarm muted until ${m.mutedUntil}`);
    if (m.silencedUntil !== undefined) parts.push(`silenced until ${m.silencedUntil}`);
    return `• ${m.monitorId}: ${parts.join('; ')}`;
  });
  const accounts = organization === undefined ? undefined : await reporting(context, organization);
  const silent = accounts?.filter((account) => account.silent || account.regions.some((region) => region.silent)) ?? [];
  const summary = [
    monitors.length === 0
      ? `No monitors are enabled (${catalog.length} available; see /secmon list).`
      : [`${monitors.length} of ${catalog.length} monitors enabled or silenced:`, ...lines].join('\n'),
    ...(accounts === undefined ? [] : [`${accounts.length - silent.length} of ${accounts.length} accounts reporting in every region seen; ${silent.length} silent.`]),
    ...(suppressions.length === 0 ? [] : [`${suppressions.length} suppression rules in force (see /secmon suppressions).`]),
  ].join('\n');
  return { ok: true, summary, detail: { monitors, suppressions, ...(accounts === undefined ? {} : { accounts }) } };
}

/** The organization's accounts and regions with their last event, silent ones first (src/org/reporting.ts). */
async function reporting(context: ActionContext, organization: NonNullable<ActionContext['settings']['organization']>): Promise<AccountReport[]> {
  const [seen, cached] = await Promise.all([context.state.lastSeen.list(), context.state.accounts.list()]);
  const known = new Map(cached.filter((account) => account.listedAtMs !== undefined).map((account) => [account.accountId, { accountId: account.accountId, name: account.name, ou: account.ouPath }]));
  for (const [accountId, configured] of Object.entries(organization.configuredAccounts)) known.set(accountId, { accountId, name: configured.name, ou: configured.ou });
  return accountReports(seen, [...known.values()], context.now(), organization.silentAfterMs);
}
