import { CloudWatchClient, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testAction } from '../../../src/actions/test-monitor.js';
import { awsError, harness, type Harness } from './harness.js';

describe('test', () => {
  let h: Harness;
  let cloudwatch: AwsClientStub<CloudWatchClient>;
  let lambda: AwsClientStub<LambdaClient>;
  beforeEach(() => {
    h = harness();
    cloudwatch = mockClient(h.clients.cloudwatch('eu-west-1'));
    lambda = mockClient(h.clients.lambda('eu-west-1'));
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  });
  afterEach(() => {
    cloudwatch.restore();
    lambda.restore();
  });

  it('alarm path: ALARM then OK, with a reason naming the requester', async () => {
    const result = await testAction.run({ monitorId: 'cis-root-usage', via: undefined }, h.context);
    expect(result.ok).toBe(true);
    expect(cloudwatch).toHaveReceivedNthCommandWith(SetAlarmStateCommand, 1, {
      AlarmName: 'secmon-cis-root-usage',
      StateValue: 'ALARM',
      StateReason: expect.stringContaining('alice (U0ALICE)'),
    });
    expect(cloudwatch).toHaveReceivedNthCommandWith(SetAlarmStateCommand, 2, { AlarmName: 'secmon-cis-root-usage', StateValue: 'OK' });
  });

  it('event path: invokes the alerts function asynchronously with the test event', async () => {
    const result = await testAction.run({ monitorId: 'root-activity', via: undefined }, h.context);
    expect(result.ok).toBe(true);
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: 'arn:aws:lambda:eu-west-1:111122223333:function:secmon-alerts', InvocationType: 'Event' });
    const payload = lambda.commandCalls(InvokeCommand)[0]?.args[0].input.Payload;
    const event = JSON.parse(new TextDecoder().decode(payload as Uint8Array)) as Record<string, unknown>;
    expect(event).toMatchObject({ source: 'secmon.test', 'detail-type': 'secmon test', detail: { monitorId: 'root-activity', requestedBy: 'U0ALICE' } });
  });

  it('says which hop failed', async () => {
    cloudwatch.on(SetAlarmStateCommand).rejects(awsError('ResourceNotFound'));
    const alarm = await testAction.run({ monitorId: 'cis-root-usage', via: undefined }, h.context);
    expect(alarm).toMatchObject({ ok: false, detail: { failedHop: 'set-alarm' } });
    expect(alarm.summary).toContain('enabled on the alarm path');
    lambda.on(InvokeCommand).rejects(awsError('AccessDeniedException'));
    const event = await testAction.run({ monitorId: 'root-activity', via: 'event' }, h.context);
    expect(event).toMatchObject({ ok: false, detail: { failedHop: 'invoke' } });
    expect(event.summary).toContain("secmon's worker role may not invoke the alerts function");
  });
});
