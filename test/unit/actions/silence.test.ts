import { CloudWatchClient, DeleteAlarmMuteRuleCommand, GetAlarmMuteRuleCommand, PutAlarmMuteRuleCommand } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atExpression, isoMinutes, silenceAction, unsilenceAction } from '../../../src/actions/silence.js';
import { CloudWatchAsDocumented, EventBridgeAsDocumented } from '../../helpers/aws-as-documented.js';
import { awsError, harness, NOW, type Harness } from './harness.js';

describe('silence and unsilence', () => {
  let h: Harness;
  let cloudwatch: AwsClientStub<CloudWatchClient>;
  let events: AwsClientStub<EventBridgeClient>;
  /** This account's alarms, mute rules and rules in the home region, answering as the APIs document. */
  let alarms: CloudWatchAsDocumented;
  beforeEach(() => {
    h = harness();
    cloudwatch = mockClient(h.clients.cloudwatch('eu-west-1'));
    events = mockClient(h.clients.events('eu-west-1'));
  });
  afterEach(() => {
    cloudwatch.restore();
    events.restore();
  });
  const enabled = (state: { alarms?: string[]; rules?: string[] }) => {
    alarms = new CloudWatchAsDocumented(cloudwatch, { alarms: state.alarms ?? [], now: () => NOW });
    new EventBridgeAsDocumented(events, { rules: Object.fromEntries((state.rules ?? []).map((name) => [name, ['secmon-alerts']])) });
  };
  const silence = (monitorId: string) => silenceAction.run({ monitorId, durationSeconds: 3600, reason: 'drill', message: undefined }, h.context);

  it('mutes an alarm monitor with a one-time mute rule that expires by itself', async () => {
    enabled({ alarms: ['secmon-cis-root-usage'] });
    const result = await silence('cis-root-usage');
    // NOW is 10:00:30: the window starts at 10:00 and covers the full hour asked for (61 minutes).
    expect(cloudwatch).toHaveReceivedCommandWith(PutAlarmMuteRuleCommand, {
      Name: 'secmon-cis-root-usage',
      Rule: { Schedule: { Expression: 'at(2026-11-20T10:00)', Duration: 'PT1H1M' } },
      MuteTargets: { AlarmNames: ['secmon-cis-root-usage'] },
      Tags: [{ Key: 'secmon:monitor', Value: 'cis-root-usage' }],
      ExpireDate: new Date('2026-11-20T11:01:00.000Z'),
    });
    expect(result).toMatchObject({ ok: true, summary: 'Silenced cis-root-usage until 2026-11-20T11:01:00.000Z (alarm secmon-cis-root-usage muted): drill.' });
    expect(alarms.muteRules.has('secmon-cis-root-usage')).toBe(true);
    expect(await h.state.silences.get('cis-root-usage')).toBeUndefined();
  });

  it('silences a two-form monitor enabled on the event path (the default) with a record, and mutes no missing alarm', async () => {
    enabled({ rules: ['secmon-console-login-failure'] });
    const result = await silence('console-login-failure');
    expect(cloudwatch).not.toHaveReceivedCommand(PutAlarmMuteRuleCommand);
    expect(result).toMatchObject({ ok: true, summary: 'Silenced console-login-failure until 2026-11-20T11:01:00.000Z (events counted, not posted): drill.' });
    expect(await h.state.silences.get('console-login-failure')).toMatchObject({ by: 'U0ALICE', until: '2026-11-20T11:01:00.000Z' });
  });

  it('silences both forms of a monitor enabled on both paths', async () => {
    enabled({ alarms: ['secmon-console-login-failure'], rules: ['secmon-console-login-failure'] });
    const result = await silence('console-login-failure');
    expect(result.summary).toContain('(events counted, not posted and alarm secmon-console-login-failure muted)');
    expect(alarms.muteRules.has('secmon-console-login-failure')).toBe(true);
    expect(await h.state.silences.get('console-login-failure')).toBeDefined();
  });

  it('refuses to silence a monitor that is not enabled, and changes nothing', async () => {
    enabled({ rules: ['secmon-console-login-failure-other'] });
    const result = await silence('console-login-failure');
    expect(result).toMatchObject({ ok: false, summary: expect.stringContaining('console-login-failure is not enabled') });
    expect(cloudwatch).not.toHaveReceivedCommand(PutAlarmMuteRuleCommand);
    expect(await h.state.silences.get('console-login-failure')).toBeUndefined();
  });

  it('silences an event-only monitor with a store record and no CloudWatch call', async () => {
    const monitor = h.context.catalog.find((m) => m.filterPattern === null);
    if (monitor === undefined) throw new Error('expected an event-only monitor');
    enabled({ rules: [`secmon-${monitor.id}`] });
    await silenceAction.run({ monitorId: monitor.id, durationSeconds: 600, reason: undefined, message: undefined }, h.context);
    expect(cloudwatch).not.toHaveReceivedAnyCommand();
    expect(await h.state.silences.get(monitor.id)).toMatchObject({ by: 'U0ALICE', until: '2026-11-20T10:11:00.000Z' });
  });

  it('says which part was done when the alarm cannot be muted, in words, not AWS text', async () => {
    enabled({ alarms: ['secmon-console-login-failure'], rules: ['secmon-console-login-failure'] });
    cloudwatch.on(PutAlarmMuteRuleCommand).rejects(awsError('AccessDenied'));
    const result = await silence('console-login-failure');
    expect(result.ok).toBe(false);
    expect(result.summary).toBe(
      "Partly silenced console-login-failure until 2026-11-20T11:01:00.000Z: events counted, not posted, but not its alarm: secmon's worker role may not mute the alarm secmon-console-login-failure (access denied: check the worker's IAM policy).",
    );
    expect(await h.state.silences.get('console-login-failure')).toBeDefined();
  });

  it('unsilence of a monitor that is not silenced says so and deletes nothing', async () => {
    enabled({ alarms: ['secmon-console-login-failure'] });
    const result = await unsilenceAction.run({ monitorId: 'console-login-failure' }, h.context);
    expect(result).toMatchObject({ ok: true, summary: 'console-login-failure was not silenced.' });
    expect(cloudwatch).toHaveReceivedCommandWith(GetAlarmMuteRuleCommand, { AlarmMuteRuleName: 'secmon-console-login-failure' });
    expect(cloudwatch).not.toHaveReceivedCommand(DeleteAlarmMuteRuleCommand);
  });

  it('unsilence ends the mute rule in force and the silence record', async () => {
    enabled({ alarms: ['secmon-console-login-failure'], rules: ['secmon-console-login-failure'] });
    await silence('console-login-failure');
    const result = await unsilenceAction.run({ monitorId: 'console-login-failure' }, h.context);
    expect(cloudwatch).toHaveReceivedCommandWith(DeleteAlarmMuteRuleCommand, { AlarmMuteRuleName: 'secmon-console-login-failure' });
    expect(result.summary).toBe(
      'Unsilenced console-login-failure: mute rule secmon-console-login-failure deleted and silence record removed (0 events suppressed).',
    );
    expect(alarms.muteRules.size).toBe(0);
    expect(await h.state.silences.get('console-login-failure')).toBeUndefined();
  });

  it('unsilence clears an expired mute rule without claiming it was silenced', async () => {
    enabled({ alarms: ['secmon-cis-root-usage'] });
    alarms.muteRules.set('secmon-cis-root-usage', { alarmNames: ['secmon-cis-root-usage'], expireDate: new Date('2026-11-20T09:00:00Z') });
    const result = await unsilenceAction.run({ monitorId: 'cis-root-usage' }, h.context);
    expect(result.summary).toBe('cis-root-usage was not silenced.');
    expect(alarms.muteRules.size).toBe(0);
  });

  it('formats schedule expressions and durations as the API expects', () => {
    expect(atExpression(NOW)).toBe('at(2026-11-20T10:00)');
    expect(isoMinutes(45)).toBe('PT45M');
    expect(isoMinutes(240)).toBe('PT4H');
    expect(isoMinutes(1440 + 150)).toBe('P1DT2H30M');
    expect(isoMinutes(15 * 1440)).toBe('P15D');
    expect(silenceAction.params.safeParse({ monitorId: 'x', durationSeconds: 16 * 86400 }).success).toBe(false);
  });
});
