/**
 * silence / unsilence a monitor for a while.
 *
 * - Alarm form (the monitor has a metric filter pattern): a CloudWatch alarm mute rule `<prefix>-<id>` muting the
 *   alarm `<prefix>-<id>` (PutAlarmMuteRule, in @aws-sdk/client-cloudwatch since the 2025 API release; upsert by
 *   name). Schedule: one-time `at(yyyy-MM-ddThh:mm)` (UTC, minute precision) at the current minute, Duration in
 *   ISO 8601 (PT1M to P15D), ExpireDate at the end, so it expires by itself. While muted the alarm still changes
 *   state; only its actions (the SNS notification) are muted.
 * - Event form (the monitor's rule exists in the home region): a silence record in the state table with its end;
 *   the alerts pipeline counts the events it suppresses and the sweep posts the summary when it ends.
 * Only what is enabled is silenced, looked up first: most monitors have both forms but run on one (the event path
 * by default), and PutAlarmMuteRule fails for an alarm that does not exist. Both are silenced when both run.
 */
import { DeleteAlarmMuteRuleCommand, PutAlarmMuteRuleCommand } from '@aws-sdk/client-cloudwatch';
import * as z from 'zod/mini';
import { ALARM_ARN, escapeMrkdwn, listText, monitorTags, MUTE_RULE_ARN, resolveMonitor, resourceName } from './common.js';
import { humanReason } from './errors.js';
import { alarmExists, muteRuleState, ruleExists } from './lookups.js';
import { message } from './stored-change.js';
import type { ActionDefinition } from './types.js';

/** Mute rule durations: 1 minute to 15 days (PutAlarmMuteRule Schedule.Duration). */
export const MIN_SILENCE_SECONDS = 60;
export const MAX_SILENCE_SECONDS = 15 * 24 * 3600;

const monitorId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a monitor id'));

const silenceParams = z.object({
  monitorId,
  durationSeconds: z.number().check(z.int(), z.minimum(MIN_SILENCE_SECONDS), z.maximum(MAX_SILENCE_SECONDS)),
  reason: z.optional(z.string().check(z.trim(), z.maxLength(300))),
  /** The alert message the silence was set from (a button), which shows it. */
  message: z.optional(message),
});
export type SilenceParams = z.infer<typeof silenceParams>;

const unsilenceParams = z.object({ monitorId });
export type UnsilenceParams = z.infer<typeof unsilenceParams>;

/** `at(yyyy-MM-ddThh:mm)` for the minute `date` falls in (UTC). */
export function atExpression(date: Date): string {
  return `at(${date.toISOString().slice(0, 16)})`;
}

/** ISO 8601 duration of whole minutes: PT45M, PT4H, P1DT2H30M. */
export function isoMinutes(totalMinutes: number): string {
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const time = `${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}`;
  return `P${days > 0 ? `${days}D` : ''}${time === '' ? '' : `T${time}`}`;
}

export const silenceAction: ActionDefinition<SilenceParams> = {
  name: 'silence',
  description: 'Silence a monitor for a while (1 minute to 15 days): its alarm is muted by a mute rule that expires by itself; its events are counted, not posted.',
  adminOnly: true,
  writes: true,
  params: silenceParams,
  example: { monitorId: 'console-login-failure', durationSeconds: 3600, reason: 'Pen test until 11:00', message: undefined },
  permissions: [
    {
      actions: ['cloudwatch:DescribeAlarms', 'events:ListRules'],
      resources: ['*'],
      reason: 'Look up which of the alarm and the rule exist (list and describe calls allow only *).',
    },
    {
      actions: ['cloudwatch:PutAlarmMuteRule', 'cloudwatch:TagResource'],
      resources: [MUTE_RULE_ARN, ALARM_ARN],
      reason: "PutAlarmMuteRule is authorised on the mute rule and on each alarm it targets (both secmon's); Tags need TagResource.",
    },
  ],
  async run(params, context) {
    const monitor = resolveMonitor(context.catalog, params.monitorId);
    if ('reason' in monitor) return { ok: false, summary: `Not silenced: ${monitor.reason}.`, detail: { monitorId: params.monitorId } };
    const { settings } = context;
    const name = resourceName(settings, monitor.id);
    const now = context.now();
    const start = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const minutes = Math.ceil((now.getTime() + params.durationSeconds * 1000 - start.getTime()) / 60_000);
    const until = new Date(start.getTime() + minutes * 60_000);
    const reason = params.reason === undefined || params.reason === '' ? undefined : params.reason;
    const detail: Record<string, unknown> = { monitorId: monitor.id, until: until.toISOString() };
    const suffix = reason === undefined ? '' : `: ${escapeMrkdwn(reason)}`;

    let enabled: { alarm: boolean; event: boolean };
    try {
      enabled = {
        alarm: monitor.filterPattern !== null && (await alarmExists(context, name)),
        event: monitor.eventPattern !== null && (await ruleExists(context, settings.homeRegion, name)),
      };
    } catch (error) {
      return { ok: false, summary: `Not silenced: ${humanReason(error, `look up whether ${monitor.id} is enabled`)}.`, detail, cause: error };
    }
    if (!enabled.alarm && !enabled.event) {
      return { ok: false, summary: `Not silenced: ${monitor.id} is not enabled (neither its alarm nor its rule exists; see /secmon status).`, detail };
    }

    const done: string[] = [];
    if (enabled.event) {
      await context.state.silences.put({ monitorId: monitor.id, until: until.toISOString(), by: context.actor.userId, reason, message: params.message });
      done.push('events counted, not posted');
      detail.silenceRecord = true;
    }
    if (enabled.alarm) {
      try {
        await context.clients.cloudwatch(settings.homeRegion).send(
          new PutAlarmMuteRuleCommand({
            Name: name,
            Description: `secmon: silenced by ${context.actor.userId}${reason === undefined ? '' : `: ${reason}`}`.slice(0, 1024),
            Rule: { Schedule: { Expression: atExpression(start), Duration: isoMinutes(Math.min(minutes, MAX_SILENCE_SECONDS / 60)) } },
            MuteTargets: { AlarmNames: [name] },
            Tags: monitorTags(monitor.id),
            ExpireDate: until,
          }),
        );
        done.push(`alarm ${name} muted`);
        detail.muteRule = name;
      } catch (error) {
        const failure = humanReason(error, `mute the alarm ${name}`);
        const summary =
          done.length === 0
            ? `Not silenced: ${failure}.`
            : `Partly silenced ${monitor.id} until ${until.toISOString()}: ${listText(done)}, but not its alarm: ${failure}.`;
        return { ok: false, summary, detail, cause: error };
      }
    }
    return { ok: true, summary: `Silenced ${monitor.id} until ${until.toISOString()} (${listText(done)})${suffix}.`, detail };
  },
};

export const unsilenceAction: ActionDefinition<UnsilenceParams> = {
  name: 'unsilence',
  description: "End a monitor's silence now: deletes its alarm mute rule and its silence record.",
  adminOnly: true,
  writes: true,
  params: unsilenceParams,
  example: { monitorId: 'console-login-failure' },
  permissions: [
    {
      actions: ['cloudwatch:DeleteAlarmMuteRule', 'cloudwatch:GetAlarmMuteRule'],
      resources: [MUTE_RULE_ARN],
      reason: "Find the monitor's alarm mute rule (deleting a missing one succeeds, so it is looked up first) and delete it.",
    },
  ],
  async run(params, context) {
    const monitor = resolveMonitor(context.catalog, params.monitorId);
    if ('reason' in monitor) return { ok: false, summary: `Nothing to unsilence: ${monitor.reason}.`, detail: { monitorId: params.monitorId } };
    const name = resourceName(context.settings, monitor.id);
    const ended: string[] = [];
    const detail: Record<string, unknown> = { monitorId: monitor.id };
    if (monitor.filterPattern !== null) {
      try {
        const state = await muteRuleState(context, name);
        // An expired rule mutes nothing; it is deleted all the same, so it does not linger.
        if (state !== 'absent') await context.clients.cloudwatch(context.settings.homeRegion).send(new DeleteAlarmMuteRuleCommand({ AlarmMuteRuleName: name }));
        if (state === 'in force') ended.push(`mute rule ${name} deleted`);
        detail.muteRule = state === 'in force' ? 'deleted' : state;
      } catch (error) {
        return { ok: false, summary: `Not unsilenced: ${humanReason(error, `delete the mute rule ${name}`)}.`, detail, cause: error };
      }
    }
    if (monitor.eventPattern !== null) {
      const old = await context.state.silences.delete(monitor.id);
      if (old !== undefined) {
        ended.push(`silence record removed (${old.suppressed} ${old.suppressed === 1 ? 'event' : 'events'} suppressed)`);
        detail.suppressed = old.suppressed;
      }
    }
    return {
      ok: true,
      summary: ended.length === 0 ? `${monitor.id} was not silenced.` : `Unsilenced ${monitor.id}: ${listText(ended)}.`,
      detail,
    };
  },
};
