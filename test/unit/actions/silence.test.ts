import { CloudWatchClient, DeleteAlarmMuteRuleCommand, PutAlarmMuteRuleCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atExpression, isoMinutes, silenceAction, unsilenceAction } from '../../../src/actions/silence.js';
import { awsError, harness, NOW, type Harness } from './harness.js';

describe('silence and unsilence', () => {
  let h: Harness;
  let cloudwatch: AwsClientStub<CloudWatchClient>;
  beforeEach(() => {
    h = harness();
    cloudwatch = mockClient(h.clients.cloudwatch('eu-west-1'));
  });
  afterEach(() => cloudwatch.restore());

  it('mutes an alarm monitor with a one-time mute rule that expires by itself', async () => {
    const result = await silenceAction.run({ monitorId: 'cis-root-usage', durationSeconds: 3600, reason: 'drill', message: undefined }, h.context);
    // NOW is 10:00:30: the window starts at 10:00 and covers the full hour asked for (61 minutes).
    expect(cloudwatch).toHaveReceivedCommandWith(PutAlarmMuteRuleCommand, {
      Name: 'secmon-cis-root-usage',
      Rule: { Schedule: { Expression: 'at(2026-11-20T10:00)', Duration: 'PT1H1M' } },
      MuteTargets: { AlarmNames: ['secmon-cis-root-usage'] },
      Tags: [{ Key: 'secmon:monitor', Value: 'cis-root-usage' }],
      ExpireDate: new Date('2026-11-20T11:01:00.000Z'),
    });
    expect(result.ok).toBe(true);
    expect(await h.state.silences.get('cis-root-usage')).toBeUndefined();
  });

  it('silences an event-only monitor with a store record and no AWS call', async () => {
    const monitor = h.context.catalog.find((m) => m.filterPattern === null);
    if (monitor === undefined) throw new Error('expected an event-only monitor');
    await silenceAction.run({ monitorId: monitor.id, durationSeconds: 600, reason: undefined, message: undefined }, h.context);
    expect(cloudwatch).not.toHaveReceivedAnyCommand();
    expect(await h.state.silences.get(monitor.id)).toMatchObject({ by: 'U0ALICE', until: '2026-11-20T10:11:00.000Z' });
  });

  it('maps a failed mute to a human reason', async () => {
    cloudwatch.on(PutAlarmMuteRuleCommand).rejects(awsError('AccessDenied'));
    const result = await silenceAction.run({ monitorId: 'cis-root-usage', durationSeconds: 3600, reason: undefined, message: undefined }, h.context);
    expect(result.ok).toBe(false);
    expect(result.summary).toContain("secmon's worker role may not mute the alarm secmon-cis-root-usage");
  });

  it('unsilence deletes the mute rule (absent is fine) and the silence record', async () => {
    cloudwatch.on(DeleteAlarmMuteRuleCommand).rejects(awsError('ResourceNotFoundException'));
    await h.state.silences.put({ monitorId: 'console-login-failure', until: '2026-11-20T11:00:00Z', by: 'U1', reason: undefined, message: undefined });
    const result = await unsilenceAction.run({ monitorId: 'console-login-failure' }, h.context);
    expect(cloudwatch).toHaveReceivedCommandWith(DeleteAlarmMuteRuleCommand, { AlarmMuteRuleName: 'secmon-console-login-failure' });
    expect(result.ok).toBe(true);
    expect(await h.state.silences.get('console-login-failure')).toBeUndefined();
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
