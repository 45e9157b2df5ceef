/**
 * The real alerts handler (handlers/alerts.ts, as Lambda loads it) against a local DynamoDB (dynalite), a local
 * Slack Web API and a mocked CloudWatch Logs client: what a user sees in Slack for each kind of input.
 */
import { readFileSync } from 'node:fs';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { toEventBridgeEnvelope } from '../../../src/catalog/envelope.js';
import { FLOOD_POSTS_PER_MINUTE } from '../../../src/alerts/flood.js';
import { findingPattern } from '../../../src/catalog/findings/index.js';
import { compileEventPattern } from '../../../src/patterns/event/index.js';
import { isSecmonError } from '../../../src/errors.js';
import { createStateStores } from '../../../src/store/index.js';
import { REVERT_LEASES } from '../../../src/store/remediations/remediations.js';
import { DynamoTable } from '../../../src/store/table/dynamo-table.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { expectDeclaredStateAccess } from '../../helpers/state-access.js';
import { alertsEnvironment } from '../../helpers/alerts-environment.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { loadEvent } from '../../unit/alerts/fixtures.js';

const slack = new LocalSlackApi();
const logs = mockClient(CloudWatchLogsClient);
const cloudwatch = mockClient(CloudWatchClient);
let dynamo: LocalDynamo;
let handler: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-state', recordRequests: true });
  Object.assign(process.env, {
    ...alertsEnvironment({ slackApiUrl: slack.url, tableName: dynamo.tableName, dynamoEndpoint: dynamo.endpoint }),
    CLOUDTRAIL_LOG_GROUP: 'aws-cloudtrail-logs-111122223333',
  });
  ({ handler } = await import('../../../handlers/alerts.js'));
});
afterAll(async () => {
  await slack.stop();
  await dynamo.close();
});
beforeEach(() => {
  slack.reset();
  logs.reset();
  cloudwatch.reset();
});

/** A fixture with a fresh delivery id (and, for CloudTrail events, a fresh principal) so tests do not dedupe or group together. */
function fresh(relative: string, tag: string): Record<string, unknown> {
  const event = structuredClone(loadEvent(relative)) as Record<string, unknown>;
  if (typeof event['id'] === 'string') event['id'] = `${event['id']}-${tag}`;
  const records = event['Records'] as { Sns: Record<string, unknown> }[] | undefined;
  records?.forEach((record, i) => (record.Sns['MessageId'] = `${String(record.Sns['MessageId'])}-${tag}-${i}`));
  const detail = event['detail'] as Record<string, { arn?: string }> | undefined;
  if (detail?.['userIdentity']?.arn) detail['userIdentity'].arn = `${detail['userIdentity'].arn}-${tag}`;
  return event;
}

const posts = () => slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] === undefined);
const actionIds = (blocks: unknown): string[] =>
  JSON.stringify(blocks).match(/"action_id":"([^"]+)"/g)?.map((m) => m.slice(13, -1)) ?? [];

describe('alerts handler', () => {
  it('posts a security-group alert with Acknowledge, Silence and Revert, using the bot token', async () => {
    await handler(fresh('eventbridge/sg-open-to-world.json', 'sg1'), lambdaContext());
    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(post!.authorization).toBe('Bearer xoxb-integration-token');
    expect(post!.body['channel']).toBe('C0SECMON01');
    expect(post!.body['text']).toMatch(/Security group opened to the internet/);
    expect(actionIds(post!.body['blocks'])).toEqual(
      expect.arrayContaining([ACTION_IDS.acknowledge, ACTION_IDS.silence, ACTION_IDS.revert, ACTION_IDS.keep]),
    );
  });

  it('posts nothing new for a redelivered event', async () => {
    const event = fresh('eventbridge/admin-policy-attached.json', 'dup');
    await handler(event, lambdaContext());
    await handler(event, lambdaContext());
    expect(posts()).toHaveLength(1);
  });

  it('enriches an alarm with the log events behind it, then marks the same message resolved on OK', async () => {
    const record = (loadEvent('eventbridge/root-activity.json') as { detail: unknown }).detail;
    logs.on(FilterLogEventsCommand).resolves({ events: [{ message: JSON.stringify(record), timestamp: Date.now() }] });
    const alarm = fresh('sns/alarm-single-metric-alarm.json', 'alarm1');
    await handler(alarm, lambdaContext());
    expect(logs).toReceiveCommandWith(FilterLogEventsCommand, {
      logGroupName: 'aws-cloudtrail-logs-111122223333',
      filterPattern: expect.stringContaining('Root'),
    });
    expect(posts()).toHaveLength(1);
    expect(JSON.stringify(posts()[0]!.body['blocks'])).toContain('ConsoleLogin');

    const ok = structuredClone(alarm) as { Records: { Sns: { MessageId: string; Message: string } }[] };
    const message = JSON.parse(ok.Records[0]!.Sns.Message) as Record<string, string>;
    ok.Records[0]!.Sns.MessageId += '-ok';
    ok.Records[0]!.Sns.Message = JSON.stringify({ ...message, OldStateValue: 'ALARM', NewStateValue: 'OK', StateChangeTime: '2026-11-20T09:20:00.000+0000' });
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: message['AlarmName'], StateValue: 'OK' }] });
    await handler(ok, lambdaContext());
    expect(cloudwatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, { AlarmNames: [message['AlarmName']!] });
    expect(posts()).toHaveLength(1);
    const update = slack.callsOf('chat.update').at(-1)!;
    expect(update.body['ts']).toBe(posts()[0]!.response!['ts']);
    expect(JSON.stringify(update.body['blocks'])).toMatch(/[Rr]esolved/);
  });

  it('says plainly when no matching log events are found', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [] });
    await handler(fresh('sns/alarm-single-metric-alarm.json', 'alarm-none'), lambdaContext());
    expect(JSON.stringify(posts()[0]!.body['blocks'])).toMatch(/[Nn]o matching/);
  });

  it('posts Config non-compliance and unknown messages rather than dropping them', async () => {
    await handler(fresh('config/noncompliant.json', 'cfg'), lambdaContext());
    await handler(fresh('sns/not-alarm-text-message.json', 'plain'), lambdaContext());
    await handler(fresh('eventbridge/unknown-detail-type.json', 'unknown'), lambdaContext());
    expect(posts()).toHaveLength(3);
    expect(posts()[0]!.body['text']).toMatch(/Config/);
  });

  it('fails a malformed event with a typed error naming the problem, posting nothing', async () => {
    const error = await handler(loadEvent('malformed/alarm-missing-new-state-value.json'), lambdaContext()).catch((e: unknown) => e);
    expect(isSecmonError(error, 'INPUT_INVALID')).toBe(true);
    expect((error as Error).message).toContain('NewStateValue');
    expect(slack.calls).toHaveLength(0);
  });

  it('fails the invocation when Slack keeps failing, and posts exactly once when Lambda retries', async () => {
    const event = fresh('eventbridge/kms-key-deletion.json', 'retry');
    slack.failNext('chat.postMessage', { status: 500 }, 3);
    const error = await handler(event, lambdaContext()).catch((e: unknown) => e);
    expect(isSecmonError(error, 'SLACK_API')).toBe(true);
    expect(posts()).toHaveLength(3);
    slack.reset();
    await handler(event, lambdaContext());
    await handler(event, lambdaContext());
    expect(posts()).toHaveLength(1);
  });

  it('groups a burst into one message and shows the exact count after the sweep', async () => {
    // Only Date is faked: the burst happens within one instant, and the sweep runs after the 5 s update interval.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-20T10:00:00Z'));
      const base = fresh('eventbridge/unauthorized-api-calls.json', 'burst');
      for (let i = 0; i < 6; i++) await handler({ ...base, id: `${String(base['id'])}-${i}` }, lambdaContext());
      expect(posts()).toHaveLength(1);
      expect(slack.callsOf('chat.update')).toHaveLength(0);
      vi.setSystemTime(new Date('2026-11-20T10:01:00Z'));
      await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', id: 'sweep-1', detail: {} }, lambdaContext());
      const updates = slack.callsOf('chat.update');
      expect(updates).toHaveLength(1);
      expect(updates[0]!.body['ts']).toBe(posts()[0]!.response!['ts']);
      expect(JSON.stringify(updates[0]!.body['blocks'])).toMatch(/\b6 events\b/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts but does not post the events of a silenced monitor', async () => {
    const { Silences } = await import('../../../src/store/silences/silences.js');
    const { DynamoTable } = await import('../../../src/store/table/dynamo-table.js');
    const silences = new Silences(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName }));
    await silences.put({ monitorId: 'config-disabled', until: new Date(Date.now() + 3_600_000).toISOString(), by: 'U0ADMIN', reason: 'maintenance', message: undefined });
    await handler(fresh('eventbridge/config-disabled.json', 'silenced'), lambdaContext());
    expect(posts()).toHaveLength(0);
    expect(await silences.get('config-disabled')).toMatchObject({ suppressed: 1 });
  });

  it('sets aside an event whose monitor condition does not hold, posting nothing and counting nothing', async () => {
    const key = structuredClone(loadRecordCase('threats-iam.json', 'user with a path creates an access key for itself by name'));
    await handler(envelopeOf(key, 'self-key'), lambdaContext());
    expect(posts()).toHaveLength(0);
    const other = structuredClone(loadRecordCase('threats-iam.json', 'admin creates an access key for another user'));
    await handler(envelopeOf(other, 'other-key'), lambdaContext());
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body['text']).toMatch(/Access key created for another user/);
  });

  it('posts secrets read in bulk once, when the tenth is read, and counts the rest of the burst into it', async () => {
    const record = loadRecordCase('threats-credential-access.json', 'secret value read') as Record<string, unknown>;
    const read = (i: number) =>
      envelopeOf({ ...record, userIdentity: { ...(record['userIdentity'] as object), arn: 'arn:aws:iam::111122223333:user/burst' }, eventTime: new Date(Date.UTC(2026, 2, 2, 9, 0, i * 5)).toISOString(), requestParameters: { secretId: `prod/secret-${i}` } }, `burst-${i}`);
    for (let i = 0; i < 9; i++) await handler(read(i), lambdaContext());
    expect(posts()).toHaveLength(0);
    await handler(read(9), lambdaContext());
    expect(posts()).toHaveLength(1);
    expect(JSON.stringify(posts()[0]!.body['blocks'])).toContain('10 secret values read');
    for (let i = 10; i < 13; i++) await handler(read(i), lambdaContext());
    expect(posts()).toHaveLength(1);
  });

  it('ends an expired silence in the sweep: the summary of what it held back, then it is gone', async () => {
    const silences = createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName })).silences;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-20T13:00:00Z'));
      await silences.put({ monitorId: 'mfa-deactivated', until: '2026-11-20T13:30:00Z', by: 'U0ADMIN', reason: undefined, message: undefined });
      await handler(fresh('eventbridge/mfa-deactivated.json', 'silence-ends'), lambdaContext());
      vi.setSystemTime(new Date('2026-11-20T13:31:00Z'));
      await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', id: 'sweep-silence', detail: {} }, lambdaContext());
      expect(posts().map((post) => post.body['text'])).toEqual(['Silence of mfa-deactivated ended: 1 event suppressed']);
      expect(await silences.get('mfa-deactivated')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('suppression rules', () => {
  const sweepEvent = (id: string) => ({ source: 'aws.events', 'detail-type': 'Scheduled Event', id, detail: {} });
  const store = () => createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName })).suppressions;

  it('counts the matching alerts into the rule instead of posting them, posts the others, and sums up once when it ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-21T09:00:00Z'));
      const created = await store().put(
        { monitorId: 'unauthorized-api-calls', matchers: { account: '111122223333', ip: '192.0.2.0/24' }, until: '2026-11-21T10:00:00Z', by: 'U0ADMIN', reason: 'scanner', message: undefined },
        new Date(),
      );
      if (created.status !== 'created') throw new Error('expected a rule');
      const base = fresh('eventbridge/unauthorized-api-calls.json', 'suppressed');
      for (let i = 0; i < 3; i++) await handler({ ...base, id: `${String(base['id'])}-${i}` }, lambdaContext());
      expect(posts()).toHaveLength(0);
      expect(await store().get(created.rule.id)).toMatchObject({ held: 3 });

      // Another address: not the rule's, posted as usual.
      const other = fresh('eventbridge/unauthorized-api-calls.json', 'not-suppressed');
      (other['detail'] as Record<string, unknown>)['sourceIPAddress'] = '198.51.100.7';
      await handler(other, lambdaContext());
      expect(posts()).toHaveLength(1);
      expect(posts()[0]!.body['text']).toMatch(/unauthori[sz]ed/i);

      // Before its end the sweep leaves it; after, two sweeps at once post one summary, and the rule is gone.
      await handler(sweepEvent('sweep-suppression-early'), lambdaContext());
      expect(posts()).toHaveLength(1);
      vi.setSystemTime(new Date('2026-11-21T10:00:30Z'));
      await Promise.all([handler(sweepEvent('sweep-suppression-a'), lambdaContext()), handler(sweepEvent('sweep-suppression-b'), lambdaContext())]);
      await handler(sweepEvent('sweep-suppression-c'), lambdaContext());
      const summaries = posts().slice(1).map((post) => post.body['text']);
      expect(summaries).toEqual([`Suppression ${created.rule.id} of unauthorized-api-calls (account=111122223333, ip=192.0.2.0/24) by <@U0ADMIN> ended: 3 alerts held back`]);
      expect(await store().get(created.rule.id)).toBeUndefined();

      // Ended: the same alert posts again.
      await handler(fresh('eventbridge/unauthorized-api-calls.json', 'after-suppression'), lambdaContext());
      expect(posts()).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds back critical alerts too, names them first in the summary, and replies in the thread of the alert it came from', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-22T09:00:00Z'));
      const message = { channel: 'C0SECMON01', ts: '1763802000.000100' };
      const created = await store().put({ monitorId: 'root-activity', matchers: {}, until: '2026-11-22T09:30:00Z', by: 'U0ADMIN', reason: 'break-glass drill', message }, new Date());
      if (created.status !== 'created') throw new Error('expected a rule');
      await handler(fresh('eventbridge/root-activity.json', 'drill'), lambdaContext());
      expect(posts()).toHaveLength(0);
      vi.setSystemTime(new Date('2026-11-22T09:31:00Z'));
      await handler(sweepEvent('sweep-suppression-thread'), lambdaContext());
      const replies = slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] === message.ts);
      expect(replies.map((reply) => reply.body['text'])).toEqual([`Suppression ${created.rule.id} of root-activity (every alert) by <@U0ADMIN> ended: 1 critical alert held back`]);
      expect(posts()).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a storm of distinct alert groups (Slack takes about one message per second per channel)', () => {
  it('posts up to the budget, holds the rest for one summary a minute, always posts critical alerts, loses none', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-20T11:00:00Z'));
      const base = fresh('eventbridge/unauthorized-api-calls.json', 'storm');
      const refused = (n: number) => {
        const event = structuredClone(base) as { id: string; detail: { userIdentity: { arn: string } } };
        event.id = `${event.id}-${n}`;
        event.detail.userIdentity.arn = `arn:aws:iam::111122223333:user/probe-${n}`; // a group of its own
        return event;
      };
      const critical = (n: number) => fresh('eventbridge/sg-open-to-world.json', `storm-critical-${n}`);
      const MEDIUM = 100;
      for (let n = 0; n < MEDIUM; n++) {
        await handler(refused(n), lambdaContext());
        if (n >= 40 && n % 20 === 0) await handler(critical(n), lambdaContext());
      }
      const titles = posts().map((post) => String(post.body['text']));
      const criticals = titles.filter((title) => /Security group opened/.test(title)).length;
      const medium = titles.filter((title) => /refused|[Uu]nauthori[sz]ed|Access denied|Access refused/.test(title)).length;
      expect(criticals).toBe(3);
      expect(medium).toBe(FLOOD_POSTS_PER_MINUTE);
      expect(posts()).toHaveLength(FLOOD_POSTS_PER_MINUTE + 3);

      // The sweep 30 s after the minute ended: one summary for the 70 held back.
      vi.setSystemTime(new Date('2026-11-20T11:01:31Z'));
      await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', id: 'sweep-storm', detail: {} }, lambdaContext());
      const summaries = posts().slice(FLOOD_POSTS_PER_MINUTE + 3);
      expect(summaries).toHaveLength(1);
      expect(summaries[0]!.body['text']).toMatch(new RegExp(`\\b${MEDIUM - FLOOD_POSTS_PER_MINUTE} alerts held back`));
      expect(JSON.stringify(summaries[0]!.body['blocks'])).toContain(`${MEDIUM - FLOOD_POSTS_PER_MINUTE} unauthorized-api-calls`);
      // Nothing lost: every medium alert posted or counted; bounded: no update, no 429, one call per message.
      expect(medium + MEDIUM - FLOOD_POSTS_PER_MINUTE).toBe(MEDIUM);
      expect(slack.callsOf('chat.update')).toHaveLength(0);
      expect(slack.calls).toHaveLength(FLOOD_POSTS_PER_MINUTE + 3 + 1);

      vi.setSystemTime(new Date('2026-11-20T11:02:31Z'));
      await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', id: 'sweep-storm-2', detail: {} }, lambdaContext());
      expect(posts()).toHaveLength(FLOOD_POSTS_PER_MINUTE + 3 + 1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the sweep and reverts that never finished', () => {
  it('ends a revert whose worker died once its lease passed: the message offers Retry revert and Keep again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-20T12:00:00Z'));
      const event = fresh('eventbridge/sg-open-to-world.json', 'stale-revert');
      await handler(event, lambdaContext());
      const message = { channel: 'C0SECMON01', ts: String(posts()[0]!.response!['ts']) };
      // What the Slack function and a worker did before the worker was killed (src/slack/app/interactions.ts).
      const state = createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName }));
      const deliveryId = String(event['id']);
      await state.remediations.request({ deliveryId, by: 'U0ADMIN01', now: new Date(), attempt: 'job-dead', leases: REVERT_LEASES });
      await state.openReverts.add({ deliveryId, message }, new Date());
      await state.remediations.start(deliveryId, { by: 'U0ADMIN01', now: new Date(), leaseMs: REVERT_LEASES.claimMs, attempt: 'job-dead' });
      await state.messages.updateState(message, { remediation: { status: 'in_progress', by: 'U0ADMIN01', at: new Date().toISOString(), outcomes: [] } });
      const sweepAt = async (iso: string) => {
        vi.setSystemTime(new Date(iso));
        await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', id: `sweep-${iso}`, detail: {} }, lambdaContext());
      };

      await sweepAt('2026-11-20T12:05:00Z'); // the worker's timeout: it may still be running
      expect(slack.callsOf('chat.update')).toHaveLength(0);
      await sweepAt('2026-11-20T12:06:00Z');
      const update = slack.callsOf('chat.update').at(-1)!;
      expect(update.body['ts']).toBe(message.ts);
      expect(actionIds(update.body['blocks'])).toEqual(expect.arrayContaining([ACTION_IDS.revert, ACTION_IDS.keep]));
      expect(JSON.stringify(update.body['blocks'])).toContain('Retry revert');
      expect(slack.callsOf('chat.postMessage').at(-1)?.body).toMatchObject({ thread_ts: message.ts, text: expect.stringContaining('did not finish') });
      expect(await state.remediations.get(deliveryId)).toMatchObject({ status: 'failed' });
      expect(await state.openReverts.list()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});


/**
 * A finding fixture with a fresh delivery id, finding id and resource, so tests neither dedupe, update nor group
 * each other's findings. The same `tag` makes the same finding (its updates keep the id).
 */
function freshFinding(name: string, tag: string, delivery = tag): Record<string, unknown> {
  const event = structuredClone(loadEvent(`eventbridge/findings/${name}.json`)) as Record<string, unknown> & { detail: Record<string, unknown> };
  event['id'] = `${String(event['id'])}-${delivery}`;
  const detail = event.detail;
  const findings = detail['findings'] as Record<string, unknown>[] | undefined;
  if (findings !== undefined) {
    for (const finding of findings) {
      finding['Id'] = `${String(finding['Id'])}-${tag}`;
      for (const resource of finding['Resources'] as Record<string, unknown>[]) resource['Id'] = `${String(resource['Id'])}-${tag}`;
    }
  } else if (typeof detail['findingArn'] === 'string') {
    detail['findingArn'] = `${detail['findingArn']}-${tag}`;
    for (const resource of detail['resources'] as Record<string, unknown>[]) resource['id'] = `${String(resource['id'])}-${tag}`;
  } else {
    detail['id'] = `${String(detail['id'])}-${tag}`;
    if (typeof detail['resource'] === 'string') detail['resource'] = `${detail['resource']}-${tag}`;
    const instance = (detail['resource'] as { instanceDetails?: { instanceId: string } } | undefined)?.instanceDetails;
    if (instance !== undefined) instance.instanceId = `${instance.instanceId}-${tag}`;
  }
  return event;
}

const replies = () => slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] !== undefined);
const blocksOf = (call: { body: Record<string, unknown> }): string => JSON.stringify(call.body['blocks']);

describe('finding alerts', () => {
  it('posts a finding with what it is in plain words, a link to it, and the raw finding as the first thread reply', async () => {
    await handler(freshFinding('guardduty-ssh-brute-force', 'gd-post'), lambdaContext());
    expect(posts()).toHaveLength(1);
    const post = posts()[0]!;
    expect(post.body['text']).toMatch(/^\[Medium\] GuardDuty: 198\.51\.100\.10 is performing SSH brute force attacks/);
    const blocks = blocksOf(post);
    expect(blocks).toContain('Unauthorized access against an EC2 instance: SSH brute force');
    expect(blocks).toContain('5.0 (GuardDuty)');
    expect(blocks).toContain('3 times');
    expect(blocks).toContain('https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current');
    expect(replies()).toHaveLength(1);
    expect(replies()[0]!.body['thread_ts']).toBe(post.response!['ts']);
    expect(String(replies()[0]!.body['text'])).toMatch(/^\*Raw finding\*, as GuardDuty sent it:\n```\n\{/);
    expect(String(replies()[0]!.body['text'])).toContain('"detectorId": "12abc34d567e8fa901bc2d34e56789f0"');
  });

  it('updates the message when GuardDuty updates the finding, and ignores a redelivered or older copy', async () => {
    await handler(freshFinding('guardduty-ssh-brute-force', 'gd-update', 'first'), lambdaContext());
    await handler(freshFinding('guardduty-ssh-brute-force-updated', 'gd-update', 'second'), lambdaContext());
    expect(posts()).toHaveLength(1);
    const updates = slack.callsOf('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.body['ts']).toBe(posts()[0]!.response!['ts']);
    expect(blocksOf(updates[0]!)).toContain('12 times');
    // The first version again under another event id (older updatedAt), then the update redelivered as a new event.
    await handler(freshFinding('guardduty-ssh-brute-force', 'gd-update', 'late'), lambdaContext());
    await handler(freshFinding('guardduty-ssh-brute-force-updated', 'gd-update', 'again'), lambdaContext());
    expect(posts()).toHaveLength(1);
    expect(slack.callsOf('chat.update')).toHaveLength(1);
    expect(replies()).toHaveLength(1);
  });

  it('groups different findings of one type on one resource into one message', async () => {
    const first = freshFinding('guardduty-ssh-brute-force', 'gd-group-a');
    const second = freshFinding('guardduty-ssh-brute-force-second-source', 'gd-group-b');
    // The same instance for both (freshFinding tags it per finding).
    ((second['detail'] as { resource: { instanceDetails: { instanceId: string } } }).resource.instanceDetails.instanceId =
      (first['detail'] as { resource: { instanceDetails: { instanceId: string } } }).resource.instanceDetails.instanceId);
    await handler(first, lambdaContext());
    await handler(second, lambdaContext());
    expect(posts()).toHaveLength(1);
    expect(replies()).toHaveLength(1);
  });

  it('shows a Security Hub finding moved to RESOLVED on its message, posting nothing new', async () => {
    await handler(freshFinding('securityhub-s3-block-public-access', 'sh-resolve', 'new'), lambdaContext());
    expect(blocksOf(posts()[0]!)).toContain('*Open* at the source');
    await handler(freshFinding('securityhub-s3-block-public-access-resolved', 'sh-resolve', 'resolved'), lambdaContext());
    expect(posts()).toHaveLength(1);
    const update = slack.callsOf('chat.update').at(-1)!;
    expect(update.body['ts']).toBe(posts()[0]!.response!['ts']);
    expect(blocksOf(update)).toContain('*Resolved* at the source (workflow RESOLVED)');
  });

  it('shows an Access Analyzer finding archived at the source; one archived before secmon saw it posts nothing', async () => {
    await handler(freshFinding('access-analyzer-bucket-public', 'aa-archive', 'new'), lambdaContext());
    await handler(freshFinding('access-analyzer-bucket-public-archived', 'aa-archive', 'archived'), lambdaContext());
    expect(posts()).toHaveLength(1);
    expect(blocksOf(slack.callsOf('chat.update').at(-1)!)).toContain('*Archived* at the source');
    await handler(freshFinding('access-analyzer-bucket-public-archived', 'aa-unseen'), lambdaContext());
    expect(posts()).toHaveLength(1);
  });

  it('with a minimum of high, delivers and posts only the GuardDuty findings rated high or critical', async () => {
    const made = findingPattern('guardduty', 'high');
    if (!('pattern' in made)) throw new Error('expected a pattern');
    const rule = compileEventPattern(made.pattern);
    const names = ['guardduty-port-probe-low', 'guardduty-ssh-brute-force', 'guardduty-credential-exfiltration', 'guardduty-bitcoin-dns-critical'];
    for (const name of names) {
      const event = freshFinding(name, `gd-min-${name}`);
      if (rule.matches(event)) await handler(event, lambdaContext());
    }
    expect(posts().map((post) => String(post.body['text']).slice(0, 10))).toEqual(['[High] Gua', '[Critical]']);
  });

  it('posts a GuardDuty finding from a source that is not GuardDuty as untrusted, with no finding controls', async () => {
    await handler(freshFinding('guardduty-forged-source', 'gd-forged'), lambdaContext());
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body['text']).toMatch(/Untrusted event: not sent by GuardDuty/);
    expect(actionIds(posts()[0]!.body['blocks'])).toEqual([]);
    expect(replies()).toHaveLength(0);
  });

  it('posts a finding it cannot read as received, naming the problem, instead of failing or dropping it', async () => {
    await handler(freshFinding('guardduty-malformed', 'gd-bad'), lambdaContext());
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body['text']).toMatch(/GuardDuty finding secmon could not read.*missing detail\.severity/);
  });
});

describe('state access', () => {
  // Last in the file: by now the tests above have run the function through its paths.
  it('uses exactly the state access declared for the alerts function (src/store/access.ts)', () => {
    expectDeclaredStateAccess('alerts', dynamo.requests, 'AKIDLOCAL');
  });
});

/** A record of test/fixtures/records by its case name. */
function loadRecordCase(file: string, name: string): unknown {
  const cases = JSON.parse(readFileSync(new URL(`../../fixtures/records/${file}`, import.meta.url), 'utf8')) as { name: string; input: unknown }[];
  return cases.find((c) => c.name === name)!.input;
}

/** The envelope EventBridge delivers for a record, with a fresh event id. */
function envelopeOf(record: unknown, tag: string): Record<string, unknown> {
  const envelope = toEventBridgeEnvelope(record)!;
  return { ...envelope, id: `${envelope.id}-${tag}`, detail: { ...envelope.detail, eventID: `${envelope.id}-${tag}` } };
}
