import { CloudWatchClient, DescribeAlarmsCommand, ListAlarmMuteRulesCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusAction } from '../../../src/actions/status.js';
import { awsError, harness, type Harness } from './harness.js';

describe('status', () => {
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
    logs.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [{ filterName: 'secmon-cis-root-usage' }] });
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'secmon-cis-root-usage', StateValue: 'OK' }] });
    cloudwatch.on(ListAlarmMuteRulesCommand).resolves({
      AlarmMuteRuleSummaries: [{ AlarmMuteRuleArn: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm-mute-rule:secmon-cis-root-usage' }],
    });
    home.on(ListRulesCommand).resolves({ Rules: [{ Name: 'secmon-console-login-failure', State: 'ENABLED' }] });
    usEast1.on(ListRulesCommand, { NamePrefix: 'secmon-' }).resolvesOnce({ Rules: [{ Name: 'secmon-console-login-failure', State: 'ENABLED' }], NextToken: 't' }).resolves({ Rules: [] });
  });
  afterEach(() => {
    for (const mock of [logs, cloudwatch, home, usEast1]) mock.restore();
  });

  it('lists enabled monitors by path and region, with alarm state, mutes and silences', async () => {
    await h.state.silences.put({ monitorId: 'sg-open-to-world', until: '2026-11-20T11:00:00Z', by: 'U1', reason: undefined, message: undefined });
    const result = await statusAction.run({}, h.context);
    expect(logs).toHaveReceivedCommandWith(DescribeMetricFiltersCommand, { logGroupName: 'org-trail', filterNamePrefix: 'secmon-' });
    expect(cloudwatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, { AlarmNamePrefix: 'secmon-' });
    expect(usEast1).toHaveReceivedCommandTimes(ListRulesCommand, 2);
    expect(usEast1).toHaveReceivedNthCommandWith(ListRulesCommand, 2, { NamePrefix: 'secmon-', NextToken: 't' });
    expect(result.ok).toBe(true);
    expect(result.summary).toContain('• cis-root-usage: alarm OK; alarm muted');
    expect(result.summary).toContain('• console-login-failure: event rules in eu-west-1, us-east-1');
    expect(result.summary).toContain('• sg-open-to-world: silenced until 2026-11-20T11:00:00Z');
  });

  it('reports a read failure in human words', async () => {
    home.on(ListRulesCommand).rejects(awsError('AccessDeniedException'));
    const result = await statusAction.run({}, h.context);
    expect(result).toMatchObject({ ok: false });
    expect(result.summary).toContain("secmon's worker role may not read the monitors' resources");
  });
});
