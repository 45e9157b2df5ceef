/**
 * Stand-ins for the CloudWatch and EventBridge calls the monitor actions make, answering as each API reference
 * documents (botocore's service models, 2026-08) rather than whatever a test finds convenient:
 * - DeleteAlarmMuteRule is idempotent: "If you delete a mute rule that does not exist, the operation succeeds
 *   without returning an error."
 * - GetAlarmMuteRule fails with ResourceNotFoundException for a rule that does not exist, and reports its Status
 *   (SCHEDULED, ACTIVE, EXPIRED).
 * - PutAlarmMuteRule: "The alarm names must match existing alarms in your AWS account and region." The error code
 *   for a name that does not is not documented; ValidationError (CloudWatch's query-protocol validation error) here.
 * - DescribeAlarms with AlarmNames returns only the alarms that exist; DeleteAlarms deletes those that exist.
 * - EventBridge ListRules with NamePrefix returns every rule whose name starts with it; DeleteRule of a missing rule
 *   succeeds ("If you call delete rule multiple times for the same rule, all calls will succeed"); ListTargetsByRule
 *   of a missing rule fails with ResourceNotFoundException.
 */
import {
  DeleteAlarmMuteRuleCommand,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetAlarmMuteRuleCommand,
  PutAlarmMuteRuleCommand,
  type CloudWatchClient,
} from '@aws-sdk/client-cloudwatch';
import { DeleteRuleCommand, ListRulesCommand, ListTargetsByRuleCommand, RemoveTargetsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { AwsClientStub } from 'aws-sdk-client-mock';

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

export interface MuteRule {
  readonly alarmNames: readonly string[];
  readonly expireDate: Date;
}

/** The alarms and mute rules of one account and region, and a CloudWatch stub answering from them. */
export class CloudWatchAsDocumented {
  readonly alarms: Set<string>;
  readonly muteRules = new Map<string, MuteRule>();

  constructor(
    stub: AwsClientStub<CloudWatchClient>,
    options: { alarms?: readonly string[]; muteRules?: Record<string, MuteRule>; now?: () => Date } = {},
  ) {
    this.alarms = new Set(options.alarms ?? []);
    for (const [name, rule] of Object.entries(options.muteRules ?? {})) this.muteRules.set(name, rule);
    const now = options.now ?? (() => new Date());
    stub.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[]; AlarmNamePrefix?: string }) => {
      const names = [...this.alarms].filter(
        (name) => (input.AlarmNames === undefined || input.AlarmNames.includes(name)) && name.startsWith(input.AlarmNamePrefix ?? ''),
      );
      return { MetricAlarms: names.map((AlarmName) => ({ AlarmName, StateValue: 'OK' })), CompositeAlarms: [] };
    });
    stub.on(DeleteAlarmsCommand).callsFake((input: { AlarmNames: string[] }) => {
      for (const name of input.AlarmNames) this.alarms.delete(name);
      return {};
    });
    stub.on(PutAlarmMuteRuleCommand).callsFake((input: { Name: string; MuteTargets?: { AlarmNames: string[] }; ExpireDate?: Date }) => {
      const missing = (input.MuteTargets?.AlarmNames ?? []).filter((name) => !this.alarms.has(name));
      if (missing.length > 0) throw awsError('ValidationError', 'The alarm names must match existing alarms in your AWS account and region.');
      this.muteRules.set(input.Name, { alarmNames: input.MuteTargets?.AlarmNames ?? [], expireDate: input.ExpireDate ?? new Date(8.64e15) });
      return {};
    });
    stub.on(GetAlarmMuteRuleCommand).callsFake((input: { AlarmMuteRuleName: string }) => {
      const rule = this.muteRules.get(input.AlarmMuteRuleName);
      if (rule === undefined) throw awsError('ResourceNotFoundException', `Alarm mute rule ${input.AlarmMuteRuleName} does not exist.`);
      return {
        Name: input.AlarmMuteRuleName,
        MuteTargets: { AlarmNames: [...rule.alarmNames] },
        ExpireDate: rule.expireDate,
        Status: rule.expireDate.getTime() <= now().getTime() ? 'EXPIRED' : 'ACTIVE',
      };
    });
    stub.on(DeleteAlarmMuteRuleCommand).callsFake((input: { AlarmMuteRuleName: string }) => {
      this.muteRules.delete(input.AlarmMuteRuleName);
      return {};
    });
  }
}

/** The rules (and their target ids) of one account and region, and an EventBridge stub answering from them. */
export class EventBridgeAsDocumented {
  readonly rules: Map<string, string[]>;

  constructor(stub: AwsClientStub<EventBridgeClient>, options: { rules?: Record<string, readonly string[]> } = {}) {
    this.rules = new Map(Object.entries(options.rules ?? {}).map(([name, targets]) => [name, [...targets]]));
    stub.on(ListRulesCommand).callsFake((input: { NamePrefix?: string }) => ({
      Rules: [...this.rules.keys()].filter((name) => name.startsWith(input.NamePrefix ?? '')).map((Name) => ({ Name, State: 'ENABLED' })),
    }));
    stub.on(ListTargetsByRuleCommand).callsFake((input: { Rule: string }) => {
      const targets = this.rules.get(input.Rule);
      if (targets === undefined) throw awsError('ResourceNotFoundException', `Rule ${input.Rule} does not exist on EventBus default.`);
      return { Targets: targets.map((Id) => ({ Id, Arn: 'arn:aws:lambda:eu-west-1:111122223333:function:secmon-alerts' })) };
    });
    stub.on(RemoveTargetsCommand).callsFake((input: { Rule: string; Ids: string[] }) => {
      const targets = this.rules.get(input.Rule);
      if (targets === undefined) throw awsError('ResourceNotFoundException', `Rule ${input.Rule} does not exist on EventBus default.`);
      this.rules.set(input.Rule, targets.filter((id) => !input.Ids.includes(id)));
      return { FailedEntryCount: 0, FailedEntries: [] };
    });
    stub.on(DeleteRuleCommand).callsFake((input: { Name: string }) => {
      const targets = this.rules.get(input.Name);
      if (targets !== undefined && targets.length > 0) throw awsError('ValidationException', 'Rule can\'t be deleted since it has targets.');
      this.rules.delete(input.Name);
      return {};
    });
  }
}
