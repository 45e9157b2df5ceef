import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableAction } from '../../../src/actions/enable.js';
import { findMonitor } from '../../../src/catalog/index.js';
import { awsError, harness, type Harness } from './harness.js';

describe('enable', () => {
  let h: Harness;
  let logs: AwsClientStub<CloudWatchLogsClient>;
  let cloudwatch: AwsClientStub<CloudWatchClient>;
  let home: AwsClientStub<EventBridgeClient>;
  let usEast1: AwsClientStub<EventBridgeClient>;

  function mocks(hh: Harness): void {
    logs = mockClient(hh.clients.logs(hh.context.settings.homeRegion));
    cloudwatch = mockClient(hh.clients.cloudwatch(hh.context.settings.homeRegion));
    home = mockClient(hh.clients.events(hh.context.settings.homeRegion));
    usEast1 = hh.context.settings.homeRegion === 'us-east-1' ? home : mockClient(hh.clients.events('us-east-1'));
    for (const events of [home, usEast1]) {
      events.on(PutRuleCommand).resolves({ RuleArn: 'arn:aws:events:x:111122223333:rule/secmon-x' });
      events.on(PutTargetsCommand).resolves({ FailedEntryCount: 0, FailedEntries: [] });
    }
  }

  beforeEach(() => {
    h = harness();
    mocks(h);
  });
  afterEach(() => {
    logs.restore();
    cloudwatch.restore();
    home.restore();
    usEast1.restore();
  });

  it('alarm path: puts exactly the metric filter and the alarm, tagged, in the home region', async () => {
    const result = await enableAction.run({ target: 'cis-root-usage', via: undefined }, h.context);

    const monitor = findMonitor(h.context.catalog, 'cis-root-usage');
    expect(result.ok).toBe(true);
    expect(logs).toHaveReceivedCommandTimes(PutMetricFilterCommand, 1);
    expect(logs).toHaveReceivedCommandWith(PutMetricFilterCommand, {
      logGroupName: 'org-trail',
      filterName: 'secmon-cis-root-usage',
      filterPattern: monitor?.filterPattern ?? 'missing',
      metricTransformations: [{ metricNamespace: 'SecMon', metricName: 'cis-root-usage', metricValue: '1' }],
    });
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricAlarmCommand, {
      AlarmName: 'secmon-cis-root-usage',
      Namespace: 'SecMon',
      MetricName: 'cis-root-usage',
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:secmon-alarms'],
      OKActions: ['arn:aws:sns:eu-west-1:111122223333:secmon-alarms'],
      Tags: [{ Key: 'secmon:monitor', Value: 'cis-root-usage' }],
    });
    const filterInput = logs.commandCalls(PutMetricFilterCommand)[0]?.args[0].input;
    expect(filterInput?.metricTransformations?.[0]).not.toHaveProperty('defaultValue');
    expect(home).not.toHaveReceivedAnyCommand();
    expect(result.summary).toContain('metric filter secmon-cis-root-usage in eu-west-1');
    expect(result.summary).toContain('alarm secmon-cis-root-usage in eu-west-1');
  });

  it('event path for a console-login monitor with home eu-west-1: home rule to the function, us-east-1 rule forwarding', async () => {
    const result = await enableAction.run({ target: 'console-login-failure', via: undefined }, h.context);
    const monitor = findMonitor(h.context.catalog, 'console-login-failure');

    expect(result.ok).toBe(true);
    for (const events of [home, usEast1]) {
      expect(events).toHaveReceivedCommandWith(PutRuleCommand, {
        Name: 'secmon-console-login-failure',
        EventPattern: JSON.stringify(monitor?.eventPattern),
        State: 'ENABLED',
        Tags: [{ Key: 'secmon:monitor', Value: 'console-login-failure' }],
      });
      expect(events).toHaveReceivedCommandTimes(PutRuleCommand, 1);
    }
    expect(home).toHaveReceivedCommandWith(PutTargetsCommand, {
      Rule: 'secmon-console-login-failure',
      Targets: [{ Id: 'secmon-alerts', Arn: 'arn:aws:lambda:eu-west-1:111122223333:function:secmon-alerts' }],
    });
    expect(usEast1).toHaveReceivedCommandWith(PutTargetsCommand, {
      Rule: 'secmon-console-login-failure',
      Targets: [
        {
          Id: 'secmon-forward',
          Arn: 'arn:aws:events:eu-west-1:111122223333:event-bus/default',
          RoleArn: 'arn:aws:iam::111122223333:role/secmon-event-forwarding',
        },
      ],
    });
    expect(logs).not.toHaveReceivedAnyCommand();
    expect(cloudwatch).not.toHaveReceivedAnyCommand();
    expect(result.detail).toMatchObject({
      monitors: [
        {
          monitorId: 'console-login-failure',
          path: 'event',
          resources: [
            { type: 'rule', region: 'eu-west-1', delivers: 'alerts function' },
            { type: 'rule', region: 'us-east-1', delivers: 'home event bus' },
          ],
        },
      ],
    });
  });

  it('a us-east-1-only monitor also gets the home rule that receives forwarded events', async () => {
    await enableAction.run({ target: 'mfa-deactivated', via: 'event' }, h.context);
    expect(home).toHaveReceivedCommandWith(PutRuleCommand, { Name: 'secmon-mfa-deactivated' });
    expect(usEast1).toHaveReceivedCommandWith(PutTargetsCommand, { Targets: [expect.objectContaining({ Id: 'secmon-forward' })] });
  });

  it('with home us-east-1: one rule, to the function, no forwarding role', async () => {
    home.restore();
    usEast1.restore();
    logs.restore();
    cloudwatch.restore();
    h = harness({ settings: { homeRegion: 'us-east-1' } });
    mocks(h);
    await enableAction.run({ target: 'mfa-deactivated', via: undefined }, h.context);
    expect(home).toHaveReceivedCommandTimes(PutRuleCommand, 1);
    expect(home).toHaveReceivedCommandWith(PutTargetsCommand, { Targets: [{ Id: 'secmon-alerts', Arn: expect.stringContaining(':function:') }] });
  });

  it('root-activity and unauthorized-api-calls rules also see read-only management events', async () => {
    await enableAction.run({ target: 'root-activity', via: undefined }, h.context);
    await enableAction.run({ target: 'unauthorized-api-calls', via: undefined }, h.context);
    expect(home).toHaveReceivedCommandWith(PutRuleCommand, { Name: 'secmon-root-activity', State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' });
    expect(usEast1).toHaveReceivedCommandWith(PutRuleCommand, {
      Name: 'secmon-unauthorized-api-calls',
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
    });
  });

  it('secrets-bulk-read: its rule sees read-only events, and its alarm fires at its threshold over its window', async () => {
    await enableAction.run({ target: 'secrets-bulk-read', via: 'event' }, h.context);
    const monitor = findMonitor(h.context.catalog, 'secrets-bulk-read')!;
    expect(home).toHaveReceivedCommandWith(PutRuleCommand, {
      Name: 'secmon-secrets-bulk-read',
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      EventPattern: JSON.stringify(monitor.eventPattern),
    });
    // Secrets Manager and SSM record in the region called: no us-east-1 rule.
    expect(usEast1).not.toHaveReceivedAnyCommand();
    await enableAction.run({ target: 'secrets-bulk-read', via: 'alarm' }, h.context);
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricAlarmCommand, { AlarmName: 'secmon-secrets-bulk-read', Statistic: 'Sum', Period: 300, Threshold: 10 });
    await enableAction.run({ target: 'password-data-read', via: undefined }, h.context);
    expect(home).toHaveReceivedCommandWith(PutRuleCommand, { Name: 'secmon-password-data-read', State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' });
  });

  it('IAM monitors of the threats pack get a us-east-1 rule forwarding to the home rule', async () => {
    const result = await enableAction.run({ target: 'access-key-created-for-other', via: undefined }, h.context);
    expect(result.ok).toBe(true);
    expect(home).toHaveReceivedCommandWith(PutRuleCommand, { Name: 'secmon-access-key-created-for-other', State: 'ENABLED' });
    expect(usEast1).toHaveReceivedCommandWith(PutRuleCommand, { Name: 'secmon-access-key-created-for-other', State: 'ENABLED' });
    expect(usEast1).toHaveReceivedCommandWith(PutTargetsCommand, {
      Rule: 'secmon-access-key-created-for-other',
      Targets: [expect.objectContaining({ Id: 'secmon-forward', RoleArn: h.context.settings.forwardingRoleArn })],
    });
  });

  it('enables the whole threats pack on the event path, each rule where its events arrive', async () => {
    const result = await enableAction.run({ target: 'threats', via: undefined }, h.context);
    const pack = h.context.catalog.filter((m) => m.packs.includes('threats'));
    expect(result.ok).toBe(true);
    expect(pack).toHaveLength(25);
    expect(home).toHaveReceivedCommandTimes(PutRuleCommand, pack.length);
    expect(usEast1).toHaveReceivedCommandTimes(PutRuleCommand, pack.filter((m) => m.ruleRegions.includes('us-east-1')).length);
    expect(logs).not.toHaveReceivedAnyCommand();
  });

  it('region-not-allowed exists with allowed regions only, and watches from home and us-east-1', async () => {
    expect((await enableAction.run({ target: 'region-not-allowed', via: undefined }, h.context)).summary).toContain('no monitor or pack');
    for (const mock of [home, usEast1, logs, cloudwatch]) mock.restore();
    h = harness({ catalogOptions: { allowedRegions: ['eu-west-1'] } });
    mocks(h);
    expect((await enableAction.run({ target: 'region-not-allowed', via: undefined }, h.context)).ok).toBe(true);
    expect(home).toHaveReceivedCommandWith(PutRuleCommand, { Name: 'secmon-region-not-allowed' });
    expect(usEast1).toHaveReceivedCommandWith(PutRuleCommand, { Name: 'secmon-region-not-allowed' });
  });

  it('is idempotent: enabling twice sends the same upserts and reports the same resources', async () => {
    const first = await enableAction.run({ target: 'sg-open-to-world', via: undefined }, h.context);
    const second = await enableAction.run({ target: 'sg-open-to-world', via: undefined }, h.context);
    expect(second).toEqual(first);
    const calls = home.commandCalls(PutRuleCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual(calls[1]);
    expect(first.summary).toContain('safe');
  });

  it('enables a pack, preferring the requested path where a monitor has it', async () => {
    const result = await enableAction.run({ target: 'cis', via: 'event' }, h.context);
    expect(result.ok).toBe(true);
    expect(home).not.toHaveReceivedAnyCommand();
    expect(logs.commandCalls(PutMetricFilterCommand).length).toBe(h.context.catalog.filter((m) => m.packs.includes('cis')).length);
  });

  it('refuses a path the monitor does not have, and an unknown target, without calling AWS', async () => {
    expect((await enableAction.run({ target: 'cis-root-usage', via: 'event' }, h.context)).ok).toBe(false);
    const unknown = await enableAction.run({ target: 'no-such-monitor', via: undefined }, h.context);
    expect(unknown.summary).toContain('no monitor or pack');
    expect(home).not.toHaveReceivedAnyCommand();
    expect(logs).not.toHaveReceivedAnyCommand();
  });

  it('maps AccessDenied to a human reason, keeps the error as cause, and reports what was created before', async () => {
    const denied = awsError('AccessDeniedException');
    cloudwatch.on(PutMetricAlarmCommand).rejects(denied);
    const result = await enableAction.run({ target: 'cis-root-usage', via: undefined }, h.context);
    expect(result.ok).toBe(false);
    expect(result.summary).toContain("secmon's worker role may not create the alarm secmon-cis-root-usage");
    expect(result.summary).toContain('Created before the failure: metric filter secmon-cis-root-usage');
    expect(result.summary).not.toContain('arn:aws:iam');
    expect(result.cause).toBe(denied);
  });

  it('a finding monitor: one home rule to the alerts function whose pattern keeps findings from medium up', async () => {
    const result = await enableAction.run({ target: 'guardduty-findings', via: undefined }, h.context);
    expect(result.ok).toBe(true);
    expect(home).toHaveReceivedCommandTimes(PutRuleCommand, 1);
    const input = home.commandCalls(PutRuleCommand)[0]!.args[0].input;
    expect(JSON.parse(input.EventPattern!)).toEqual({
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
      detail: { severity: [{ numeric: ['>=', 4] }] },
    });
    expect(home).toHaveReceivedCommandWith(PutTargetsCommand, { Rule: 'secmon-guardduty-findings', Targets: [{ Id: 'secmon-alerts', Arn: h.context.settings.alertsFunctionArn }] });
  });

  it.each([
    ['guardduty-findings', 'high', { severity: [{ numeric: ['>=', 7] }] }],
    ['securityhub-findings', 'high', { findings: { Severity: { Label: ['CRITICAL', 'HIGH'] } } }],
    ['inspector-findings', 'medium', { severity: ['CRITICAL', 'HIGH', 'MEDIUM', 'UNTRIAGED'] }],
    ['access-analyzer-findings', 'critical', { isPublic: [true] }],
    ['macie-findings', 'low', { severity: { description: ['High', 'Medium', 'Low'] } }],
  ] as const)('%s with --min-severity %s: the rule pattern carries the severity filter', async (target, minSeverity, detail) => {
    const result = await enableAction.run({ target, via: undefined, minSeverity }, h.context);
    expect(result.ok).toBe(true);
    const pattern = JSON.parse(home.commandCalls(PutRuleCommand)[0]!.args[0].input.EventPattern!) as Record<string, unknown>;
    expect(pattern['detail']).toEqual(detail);
  });

  it('access-analyzer-findings at medium or below filters nothing: every finding is medium or critical', async () => {
    await enableAction.run({ target: 'access-analyzer-findings', via: undefined, minSeverity: 'low' }, h.context);
    expect(JSON.parse(home.commandCalls(PutRuleCommand)[0]!.args[0].input.EventPattern!)).toEqual({ source: ['aws.access-analyzer'], 'detail-type': ['Access Analyzer Finding'] });
  });

  it('says why Macie cannot take --min-severity critical, and refuses the option for monitors without findings', async () => {
    const macie = await enableAction.run({ target: 'macie-findings', via: undefined, minSeverity: 'critical' }, h.context);
    expect(macie.ok).toBe(false);
    expect(macie.summary).toContain('Macie rates findings Low, Medium or High, never critical');
    const other = await enableAction.run({ target: 'root-activity', via: undefined, minSeverity: 'high' }, h.context);
    expect(other.ok).toBe(false);
    expect(other.summary).toContain('--min-severity applies to');
    expect(home).not.toHaveReceivedAnyCommand();
  });

  it('in an organization, finding rules stay on the default bus to the alerts function (findings reach the administrator there)', async () => {
    const org = harness({
      settings: {
        organization: {
          organizationId: 'o-a1b2c3d4e5',
          eventBusName: 'secmon-org',
          queueArn: 'arn:aws:sqs:eu-west-1:111122223333:secmon-org-events',
          trailAccountId: '111122223333',
          silentAfterMs: 3_600_000,
          configuredAccounts: {},
        },
      },
    });
    home.restore();
    mocks(org);
    const result = await enableAction.run({ target: 'findings', via: undefined }, org.context);
    expect(result.ok).toBe(true);
    const calls = home.commandCalls(PutRuleCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => input.Name)).toEqual(['secmon-guardduty-findings', 'secmon-securityhub-findings', 'secmon-access-analyzer-findings', 'secmon-inspector-findings', 'secmon-macie-findings']);
    for (const input of calls) expect(input.EventBusName).toBeUndefined();
    for (const call of home.commandCalls(PutTargetsCommand)) expect(call.args[0].input.Targets).toEqual([{ Id: 'secmon-alerts', Arn: org.context.settings.alertsFunctionArn }]);
  });

  it('treats failed PutTargets entries as a failure', async () => {
    home.on(PutTargetsCommand).resolves({ FailedEntryCount: 1, FailedEntries: [{ TargetId: 'secmon-alerts', ErrorCode: 'AccessDeniedException', ErrorMessage: 'raw' }] });
    const result = await enableAction.run({ target: 'sg-open-to-world', via: undefined }, h.context);
    expect(result.ok).toBe(false);
    expect(result.summary).toContain('may not set the target of the rule secmon-sg-open-to-world in eu-west-1');
  });
});
