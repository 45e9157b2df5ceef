import { CloudWatchClient, DeleteAlarmMuteRuleCommand, DeleteAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DeleteMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteRuleCommand, EventBridgeClient, ListTargetsByRuleCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disableAction } from '../../../src/actions/disable.js';
import { CloudWatchAsDocumented, EventBridgeAsDocumented } from '../../helpers/aws-as-documented.js';
import { awsError, harness, type Harness } from './harness.js';

describe('disable', () => {
  let h: Harness;
  let logs: AwsClientStub<CloudWatchLogsClient>;
  let cloudwatch: AwsClientStub<CloudWatchClient>;
  let home: AwsClientStub<EventBridgeClient>;
  let usEast1: AwsClientStub<EventBridgeClient>;

  beforeEach(() => {
    h = harness();
    logs = mockClient(h.clients.logs('eu-west-1'));
    cloudwatch = mockClient(h.clients.cloudwatch('eu-west-1'));
    home = mockClient(h.clients.events('eu-west-1'));
    usEast1 = mockClient(h.clients.events('us-east-1'));
    home.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: 'secmon-alerts', Arn: 'arn:aws:lambda:eu-west-1:111122223333:function:secmon-alerts' }] });
    usEast1.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: 'secmon-forward', Arn: 'arn:aws:events:eu-west-1:111122223333:event-bus/default' }] });
    for (const events of [home, usEast1]) events.on(RemoveTargetsCommand).resolves({ FailedEntryCount: 0 });
  });
  afterEach(() => {
    for (const mock of [logs, cloudwatch, home, usEast1]) mock.restore();
  });

  it('removes targets then the rule in each region, forwarding rule first', async () => {
    new CloudWatchAsDocumented(cloudwatch, { alarms: ['secmon-console-login-failure'] });
    const result = await disableAction.run({ target: 'console-login-failure' }, h.context);
    expect(result.ok).toBe(true);
    expect(usEast1).toHaveReceivedCommandWith(RemoveTargetsCommand, { Rule: 'secmon-console-login-failure', Ids: ['secmon-forward'] });
    expect(usEast1).toHaveReceivedCommandWith(DeleteRuleCommand, { Name: 'secmon-console-login-failure' });
    expect(home).toHaveReceivedCommandWith(RemoveTargetsCommand, { Rule: 'secmon-console-login-failure', Ids: ['secmon-alerts'] });
    expect(home).toHaveReceivedCommandWith(DeleteRuleCommand, { Name: 'secmon-console-login-failure' });
    const usDelete = usEast1.commandCalls(DeleteRuleCommand)[0];
    const homeList = home.commandCalls(ListTargetsByRuleCommand)[0];
    if (usDelete === undefined || homeList === undefined) throw new Error('expected both calls');
    expect(usDelete.calledBefore(homeList)).toBe(true);
    // console-login-failure has a filter form too: its alarm resources are removed as well.
    expect(cloudwatch).toHaveReceivedCommandWith(DeleteAlarmsCommand, { AlarmNames: ['secmon-console-login-failure'] });
    expect(logs).toHaveReceivedCommandWith(DeleteMetricFilterCommand, { logGroupName: 'org-trail', filterName: 'secmon-console-login-failure' });
  });

  it('removes a threats monitor on both paths: its rules where they live, its alarm and metric filter', async () => {
    new CloudWatchAsDocumented(cloudwatch, { alarms: ['secmon-secrets-bulk-read'] });
    const result = await disableAction.run({ target: 'secrets-bulk-read' }, h.context);
    expect(result.ok).toBe(true);
    expect(home).toHaveReceivedCommandWith(DeleteRuleCommand, { Name: 'secmon-secrets-bulk-read' });
    expect(usEast1).not.toHaveReceivedAnyCommand();
    expect(cloudwatch).toHaveReceivedCommandWith(DeleteAlarmsCommand, { AlarmNames: ['secmon-secrets-bulk-read'] });
    await disableAction.run({ target: 'role-trust-opened' }, h.context);
    expect(usEast1).toHaveReceivedCommandWith(DeleteRuleCommand, { Name: 'secmon-role-trust-opened' });
    expect(home).toHaveReceivedCommandWith(DeleteRuleCommand, { Name: 'secmon-role-trust-opened' });
  });

  it('disables the whole threats pack', async () => {
    const threats = h.context.catalog.filter((m) => m.packs.includes('threats'));
    const cw = new CloudWatchAsDocumented(cloudwatch, { alarms: threats.filter((m) => m.filterPattern !== null).map((m) => `secmon-${m.id}`) });
    expect(cw.alarms.size).toBeGreaterThan(0);
    const result = await disableAction.run({ target: 'threats' }, h.context);
    expect(result.ok).toBe(true);
    expect(home).toHaveReceivedCommandTimes(DeleteRuleCommand, threats.length);
    expect(cw.alarms.size).toBe(0);
  });

  it('tolerates resources already gone and says so', async () => {
    // As the APIs document: ListTargetsByRule fails for a missing rule; DeleteAlarmMuteRule and DeleteAlarms succeed
    // for missing names, so the alarm and the mute rule are looked up first.
    new EventBridgeAsDocumented(home);
    new EventBridgeAsDocumented(usEast1);
    new CloudWatchAsDocumented(cloudwatch);
    logs.on(DeleteMetricFilterCommand).rejects(awsError('ResourceNotFoundException'));
    const result = await disableAction.run({ target: 'console-login-failure' }, h.context);
    expect(result.ok).toBe(true);
    expect(home).not.toHaveReceivedCommand(DeleteRuleCommand);
    expect(cloudwatch).not.toHaveReceivedCommand(DeleteAlarmMuteRuleCommand);
    expect(cloudwatch).not.toHaveReceivedCommand(DeleteAlarmsCommand);
    expect(result.summary).toBe(
      'Disabled console-login-failure. Already absent: rule secmon-console-login-failure in us-east-1, rule secmon-console-login-failure in eu-west-1, alarm secmon-console-login-failure in eu-west-1 and metric filter secmon-console-login-failure in eu-west-1.',
    );
  });

  it('removes a mute rule only when there is one, and says so only then', async () => {
    const cw = new CloudWatchAsDocumented(cloudwatch, {
      alarms: ['secmon-cis-root-usage'],
      muteRules: { 'secmon-cis-root-usage': { alarmNames: ['secmon-cis-root-usage'], expireDate: new Date('2030-01-01T00:00:00Z') } },
    });
    const muted = await disableAction.run({ target: 'cis-root-usage' }, h.context);
    expect(muted.summary).toBe('Disabled cis-root-usage. Removed mute rule secmon-cis-root-usage in eu-west-1, alarm secmon-cis-root-usage in eu-west-1 and metric filter secmon-cis-root-usage in eu-west-1.');
    expect(cw.muteRules.size + cw.alarms.size).toBe(0);
    cw.alarms.add('secmon-cis-root-usage');
    const unmuted = await disableAction.run({ target: 'cis-root-usage' }, h.context);
    expect(unmuted.summary).toBe('Disabled cis-root-usage. Removed alarm secmon-cis-root-usage in eu-west-1 and metric filter secmon-cis-root-usage in eu-west-1.');
  });

  it('alarm-only monitors touch no rules; event-only monitors no alarm', async () => {
    new CloudWatchAsDocumented(cloudwatch, { alarms: ['secmon-cis-root-usage'] });
    await disableAction.run({ target: 'cis-root-usage' }, h.context);
    expect(home).not.toHaveReceivedAnyCommand();
    expect(cloudwatch).toHaveReceivedCommandWith(DeleteAlarmsCommand, { AlarmNames: ['secmon-cis-root-usage'] });
    cloudwatch.reset();
    const eventOnly = h.context.catalog.find((m) => m.filterPattern === null);
    if (eventOnly === undefined) throw new Error('expected an event-only monitor');
    await disableAction.run({ target: eventOnly.id }, h.context);
    expect(cloudwatch).not.toHaveReceivedAnyCommand();
  });

  it('maps AccessDenied to a human reason', async () => {
    home.on(DeleteRuleCommand).rejects(awsError('AccessDeniedException'));
    const result = await disableAction.run({ target: 'sg-open-to-world' }, h.context);
    expect(result.ok).toBe(false);
    expect(result.summary).toContain("secmon's worker role may not delete the rule secmon-sg-open-to-world in eu-west-1");
    expect(result.summary).not.toContain('raw AWS text');
  });
});
