import { describe, expect, it } from 'vitest';
import { normaliseAlarmStateChange } from '../../../src/alerts/normalise/alarm-event.js';
import { envelopeSchema } from '../../../src/alerts/normalise/schemas.js';
import { isQueueBatch, processQueueBatch } from '../../../src/alerts/queue-batch.js';
import { alarmStateChange, MANAGEMENT, PROD, queueBatch } from '../../helpers/organization.js';
import { deps, NOW } from '../alerts/fixtures.js';

const trust = { accountId: MANAGEMENT, namePrefix: 'secmon' };
const normalise = (event: Record<string, unknown>) => normaliseAlarmStateChange(envelopeSchema.parse(event), event as never, trust, deps, NOW);

describe('CloudWatch alarm state change events', () => {
  it("become the same alarm alert an SNS notification would, from the trail account's secmon alarms", () => {
    const alert = normalise(alarmStateChange({ account: MANAGEMENT, alarmName: 'secmon-cis-root-usage', state: 'ALARM', previous: 'OK', time: '2026-11-20T11:05:31Z' }));
    expect(alert).toMatchObject({
      source: 'alarm',
      monitor: { id: 'cis-root-usage' },
      severity: 'critical',
      account: MANAGEMENT,
      region: 'eu-west-1',
      alarm: { name: 'secmon-cis-root-usage', state: 'ALARM', previousState: 'OK', changedAt: '2026-11-20T11:05:31.000Z' },
    });
    // The window reaches back to the datapoint the reason quotes (the period before the change), period-aligned.
    expect(alert.alarm?.window).toEqual({ start: '2026-11-20T11:00:00.000Z', end: '2026-11-20T11:05:31.000Z' });
  });

  it('are untrusted from another account, with another source, or for an alarm not named like secmon', () => {
    const cases = [
      alarmStateChange({ account: PROD, alarmName: 'secmon-cis-root-usage', state: 'OK', previous: 'ALARM', time: '2026-11-20T11:05:31Z' }),
      alarmStateChange({ account: MANAGEMENT, alarmName: 'secmon-cis-root-usage', state: 'OK', previous: 'ALARM', time: '2026-11-20T11:05:31Z', source: 'custom.cloudwatch' }),
      alarmStateChange({ account: MANAGEMENT, alarmName: 'billing-cis-root-usage', state: 'OK', previous: 'ALARM', time: '2026-11-20T11:05:31Z' }),
    ];
    // An event whose resources name another account's alarm than its detail says.
    const mismatched = alarmStateChange({ account: MANAGEMENT, alarmName: 'secmon-cis-root-usage', state: 'OK', previous: 'ALARM', time: '2026-11-20T11:05:31Z' });
    mismatched['resources'] = [`arn:aws:cloudwatch:eu-west-1:${PROD}:alarm:secmon-cis-root-usage`];
    for (const event of [...cases, mismatched]) {
      const alert = normalise(event);
      expect(alert).toMatchObject({ source: 'notification', severity: 'high', monitor: null, alarm: undefined, title: expect.stringMatching(/^Untrusted alarm state change/) });
    }
  });
});

describe('queue batches', () => {
  it('recognises only SQS event source batches', () => {
    expect(isQueueBatch(queueBatch([{ id: 'x' }]))).toBe(true);
    expect(isQueueBatch({ Records: [] })).toBe(false);
    expect(isQueueBatch({ Records: [{ EventSource: 'aws:sns', Sns: {} }] })).toBe(false);
  });

  it('processes every record in order and reports exactly the failed ones, unreadable bodies included', async () => {
    const batch = queueBatch([{ id: 'a' }, 'not json', { id: 'fails' }, { id: 'b' }]);
    const seen: string[] = [];
    const warnings: unknown[] = [];
    const response = await processQueueBatch(
      batch.Records as never,
      async (event) => {
        if (event['id'] === 'fails') throw new Error('Slack is down');
        seen.push(String(event['id']));
      },
      { warn: (_message, details) => warnings.push(details) },
    );
    expect(seen).toEqual(['a', 'b']);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: batch.Records[1]!['messageId'] }, { itemIdentifier: batch.Records[2]!['messageId'] }]);
    expect(warnings).toHaveLength(2);
  });
});
