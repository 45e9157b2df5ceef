/**
 * What of a monitor exists in AWS right now, looked up before acting on it: CloudWatch answers some calls for
 * missing resources with success (DeleteAlarmMuteRule, DeleteAlarms) and fails others (PutAlarmMuteRule names must
 * match existing alarms), so an action that reports what it did has to know first what was there.
 */
import { DescribeAlarmsCommand, GetAlarmMuteRuleCommand } from '@aws-sdk/client-cloudwatch';
import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { isNotFound } from './errors.js';
import type { ActionContext } from './types.js';

/** True when the metric alarm `name` exists in the home region. */
export async function alarmExists(context: ActionContext, name: string): Promise<boolean> {
  const out = await context.clients
    .cloudwatch(context.settings.homeRegion)
    .send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ['MetricAlarm'] }));
  return (out.MetricAlarms ?? []).some((alarm) => alarm.AlarmName === name);
}

/**
 * True when the rule `name` exists in `region` on the bus monitor rules live on (the default bus; the central bus in
 * an organization). ListRules matches by prefix: names are compared.
 */
export async function ruleExists(context: ActionContext, region: string, name: string): Promise<boolean> {
  const bus = context.settings.organization === undefined ? {} : { EventBusName: context.settings.organization.eventBusName };
  let token: string | undefined;
  do {
    const out = await context.clients.events(region).send(new ListRulesCommand({ NamePrefix: name, ...bus, ...(token === undefined ? {} : { NextToken: token }) }));
    if ((out.Rules ?? []).some((rule) => rule.Name === name)) return true;
    token = out.NextToken === '' ? undefined : out.NextToken;
  } while (token !== undefined);
  return false;
}

export type MuteRuleState = 'absent' | 'expired' | 'in force';

/** Whether the mute rule `name` exists, and if so whether it still mutes (GetAlarmMuteRule: SCHEDULED, ACTIVE, EXPIRED). */
export async function muteRuleState(context: ActionContext, name: string): Promise<MuteRuleState> {
  try {
    const out = await context.clients.cloudwatch(context.settings.homeRegion).send(new GetAlarmMuteRuleCommand({ AlarmMuteRuleName: name }));
    return out.Status === 'EXPIRED' ? 'expired' : 'in force';
  } catch (error) {
    if (isNotFound(error)) return 'absent';
    throw error;
  }
}
