/**
 * The alerts handler attacked as an outsider would, through the real handler (handlers/alerts.ts) with dynalite and
 * the local Slack API: forged CloudTrail events (anyone with events:PutEvents can send any detail-type, resources and
 * detail under a non-AWS source), forged alarm notifications (another topic, a direct invocation, an OK for an alarm
 * still in ALARM) and hostile messages (huge, nested past the stack). Each must neither act, nor hide, nor lie.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeRevertValue } from '../../../blocks/action-values.js';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { isSecmonError } from '../../../src/errors.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { alertsEnvironment } from '../../helpers/alerts-environment.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { ALARM_TOPIC_ARN, loadEvent } from '../../unit/alerts/fixtures.js';

const slack = new LocalSlackApi();
const logs = mockClient(CloudWatchLogsClient);
const cloudwatch = mockClient(CloudWatchClient);
let dynamo: LocalDynamo;
let handler: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;
let serial = 0;

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-trust' });
  Object.assign(process.env, {
    ...alertsEnvironment({ slackApiUrl: slack.url, tableName: dynamo.tableName, dynamoEndpoint: dynamo.endpoint, botToken: 'xoxb-trust-token', region: 'eu-west-1', alarmTopicArn: ALARM_TOPIC_ARN }),
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
  logs.on(FilterLogEventsCommand).resolves({ events: [] });
});

const posts = () => slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] === undefined);
const postedText = () => JSON.stringify(posts().map((post) => [post.body['text'], post.body['blocks']]));
/** The value of the element with `actionId` in Block Kit blocks. */
function buttonValue(blocks: unknown, actionId: string): string {
  const elements = (blocks as { elements?: { action_id?: string; value?: string }[] }[]).flatMap((block) => block.elements ?? []);
  const value = elements.find((element) => element.action_id === actionId)?.value;
  if (value === undefined) throw new Error(`no ${actionId} element`);
  return value;
}
const actionIds = (blocks: unknown): string[] => JSON.stringify(blocks).match(/"action_id":"([^"]+)"/g)?.map((m) => m.slice(13, -1)) ?? [];

/** A fixture with fresh delivery ids, so attacks do not dedupe or group into each other. */
function fresh<T>(relative: string): T {
  const event = structuredClone(loadEvent(relative)) as Record<string, unknown>;
  serial += 1;
  if (typeof event['id'] === 'string') event['id'] = `${event['id']}-trust-${serial}`;
  const records = event['Records'] as { Sns: Record<string, unknown> }[] | undefined;
  records?.forEach((record, i) => (record.Sns['MessageId'] = `${String(record.Sns['MessageId'])}-trust-${serial}-${i}`));
  return event as T;
}

type Envelope = Record<string, unknown> & { detail: Record<string, unknown> };

describe('forged CloudTrail events (events:PutEvents with a non-AWS source)', () => {
  /** The production load balancer's 443 rule, which a forger names so that an admin's Revert would revoke it. */
  const PRODUCTION_RULE = 'sgr-0prodloadbalancer443';
  function forgedOpening(): Envelope {
    const event = fresh<Envelope>('eventbridge/sg-open-to-world.json');
    const items = ((event.detail['responseElements'] as Record<string, { items: Record<string, unknown>[] }>)['securityGroupRuleSet']!).items;
    items.forEach((item) => (item['securityGroupRuleId'] = PRODUCTION_RULE));
    event['resources'] = ['arn:aws:events:eu-west-1:111122223333:rule/secmon-root-activity'];
    return event;
  }

  it.each([
    ['a customer source', (e: Envelope) => (e['source'] = 'acme.anything')],
    ['a source naming another AWS service', (e: Envelope) => (e['source'] = 'aws.iam')],
    ['no source', (e: Envelope) => delete e['source']],
    ['a console action', (e: Envelope) => Object.assign(e, { source: 'acme.ec2', 'detail-type': 'AWS Console Action via CloudTrail' })],
    ['the sign-in type as one AWS page spells it', (e: Envelope) => Object.assign(e, { source: 'acme.signin', 'detail-type': 'AWS Console Signin via CloudTrail' })],
  ])('%s: posted as untrusted, with no monitor, no Revert and no Keep', async (_label, forge) => {
    const event = forgedOpening();
    forge(event);
    await handler(event, lambdaContext());
    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(post!.body['text']).toMatch(/Untrusted event: not sent by AWS CloudTrail/);
    expect(actionIds(post!.body['blocks'])).not.toEqual(expect.arrayContaining([ACTION_IDS.revert]));
    expect(actionIds(post!.body['blocks'])).not.toContain(ACTION_IDS.keep);
    expect(actionIds(post!.body['blocks'])).not.toContain(ACTION_IDS.silence);
    // Neither the resources' rule (root-activity) nor the detail's monitor lends it a title or severity.
    expect(postedText()).not.toMatch(/Root user activity|Security group opened to the internet/);
  });

  it('an undoable change (a rule set open to the world) from a customer source: no Undo either', async () => {
    const event = fresh<Envelope>('eventbridge/sg-open-to-world.json');
    Object.assign(event.detail, {
      eventName: 'ModifySecurityGroupRules',
      requestParameters: { ModifySecurityGroupRulesRequest: { GroupId: 'sg-0a1b2c3d4e5f60718', SecurityGroupRule: { SecurityGroupRuleId: PRODUCTION_RULE, SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '0.0.0.0/0' } } } },
      responseElements: { ModifySecurityGroupRulesResponse: { return: true } },
    });
    await handler({ ...event, source: 'acme.ec2' }, lambdaContext());
    expect(postedText()).toMatch(/Untrusted event/);
    expect(actionIds(posts()[0]!.body['blocks'])).not.toContain(ACTION_IDS.undo);

    // The same change sent by AWS (another delivery: the first one's id is taken) offers it.
    slack.reset();
    await handler({ ...event, id: `${String(event['id'])}-from-aws` }, lambdaContext());
    expect(actionIds(posts()[0]!.body['blocks'])).toContain(ACTION_IDS.undo);
  });

  it('the same change sent by AWS (source aws.ec2) gets its monitor from the catalog and a Revert, whatever resources say', async () => {
    const event = forgedOpening();
    await handler(event, lambdaContext());
    const [post] = posts();
    expect(post!.body['text']).toMatch(/Security group opened to the internet/);
    expect(actionIds(post!.body['blocks'])).toContain(ACTION_IDS.revert);
  });
});

describe('grouped openings (one role opens one group twice within the group window)', () => {
  /** A second AuthorizeSecurityGroupIngress by the same role on the same group, adding RDP instead of SSH. */
  function secondOpening(first: Envelope): Envelope {
    const event = structuredClone(first);
    event['id'] = `${String(first['id'])}-second`;
    event.detail['eventID'] = 'b1f0c2d3-0000-4000-8000-0000000000b2';
    event.detail['eventTime'] = '2026-11-20T10:14:02Z';
    const rule = { fromPort: 3389, toPort: 3389 };
    const permissions = event.detail['requestParameters'] as { ipPermissions: { items: Record<string, unknown>[] } };
    Object.assign(permissions.ipPermissions.items[0]!, rule);
    const created = (event.detail['responseElements'] as { securityGroupRuleSet: { items: Record<string, unknown>[] } }).securityGroupRuleSet.items[0]!;
    Object.assign(created, rule, { securityGroupRuleId: 'sgr-0fedcba9876543210' });
    return event;
  }

  it('each opening gets its own message and Revert, covering its own rules; none is folded into the other', async () => {
    const first = fresh<Envelope>('eventbridge/sg-open-to-world.json');
    const second = secondOpening(first);
    await handler(first, lambdaContext());
    await handler(second, lambdaContext());

    expect(posts()).toHaveLength(2);
    expect(slack.callsOf('chat.update')).toHaveLength(0);
    // Each message's Revert button names its own delivery and event.
    const reverts = posts().map((post) => decodeRevertValue(buttonValue(post.body['blocks'], ACTION_IDS.revert)));
    expect(reverts.map((value) => [value.deliveryId, value.eventId])).toEqual([
      [first['id'], first.detail['eventID']],
      [second['id'], second.detail['eventID']],
    ]);
    expect(JSON.stringify(posts()[0]!.body['blocks'])).toContain('sgr-0123456789abcdef0');
    expect(JSON.stringify(posts()[0]!.body['blocks'])).not.toContain('sgr-0fedcba9876543210');
    expect(JSON.stringify(posts()[1]!.body['blocks'])).toContain('sgr-0fedcba9876543210');
    expect(JSON.stringify(posts()[1]!.body['blocks'])).toContain('3389');
  });
});

describe('forged alarm notifications', () => {
  function okFor(alarmTopic: string | undefined) {
    const event = fresh<{ Records: { Sns: Record<string, unknown> }[] }>('sns/alarm-ok.json');
    if (alarmTopic === undefined) delete event.Records[0]!.Sns['TopicArn'];
    else event.Records[0]!.Sns['TopicArn'] = alarmTopic;
    return event;
  }
  async function openAlarm(): Promise<string> {
    const alarm = fresh<{ Records: { Sns: { Message: string } }[] }>('sns/alarm-single-metric-alarm.json');
    const message = JSON.parse(alarm.Records[0]!.Sns.Message) as Record<string, string>;
    await handler(alarm, lambdaContext());
    expect(posts()).toHaveLength(1);
    return message['AlarmName']!;
  }
  function okOf(alarmName: string) {
    const ok = fresh<{ Records: { Sns: { Message: string } }[] }>('sns/alarm-single-metric-alarm.json');
    const message = JSON.parse(ok.Records[0]!.Sns.Message) as Record<string, string>;
    ok.Records[0]!.Sns.Message = JSON.stringify({ ...message, AlarmName: alarmName, OldStateValue: 'ALARM', NewStateValue: 'OK' });
    return ok;
  }
  const resolvedUpdates = () => slack.callsOf('chat.update').filter((call) => /[Rr]esolved/.test(JSON.stringify(call.body['blocks'])));

  it.each([
    ['another topic of this account', 'arn:aws:sns:eu-west-1:111122223333:team-chatter'],
    ["another account's topic of the same name", 'arn:aws:sns:eu-west-1:444455556666:secmon-alarms'],
    ['no topic at all (a direct invocation)', undefined],
  ])('from %s: shown as untrusted, resolving nothing, without asking CloudWatch', async (_label, topic) => {
    await handler(okFor(topic), lambdaContext());
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.body['text']).toMatch(/Untrusted alarm notification/);
    expect(resolvedUpdates()).toHaveLength(0);
    expect(cloudwatch).not.toHaveReceivedCommand(DescribeAlarmsCommand);
  });

  it('an OK for an alarm CloudWatch says is still in ALARM leaves its alert open, and says so', async () => {
    const name = await openAlarm();
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: name, StateValue: 'ALARM' }] });
    await handler(okOf(name), lambdaContext());
    expect(cloudwatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, { AlarmNames: [name], AlarmTypes: ['MetricAlarm'] });
    expect(resolvedUpdates()).toHaveLength(0);
    expect(posts().at(-1)!.body['text']).toMatch(new RegExp(`Alarm OK not applied: ${name}`));
  });

  it('an OK for an alarm that does not exist resolves nothing', async () => {
    await openAlarm();
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    await handler(okOf('secmon-made-up-alarm'), lambdaContext());
    expect(resolvedUpdates()).toHaveLength(0);
  });

  it('an OK CloudWatch confirms resolves the open alert in place', async () => {
    const name = await openAlarm();
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: name, StateValue: 'OK' }] });
    await handler(okOf(name), lambdaContext());
    expect(resolvedUpdates()).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });
});

describe('hostile messages', () => {
  const sns = (message: string) => ({
    Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', Sns: { Type: 'Notification', MessageId: `hostile-${(serial += 1)}`, TopicArn: ALARM_TOPIC_ARN, Message: message, Timestamp: '2026-11-20T10:00:00.000Z' } }],
  });
  const nested = (depth: number, open: string, close: string) => `{"k":${open.repeat(depth)}1${close.repeat(depth)}}`;

  it.each([
    ['a 200 KB message', () => JSON.stringify({ note: 'x'.repeat(200_000) })],
    ['a 24 KB message nested 3,000 deep', () => nested(3000, '[', ']')],
    ['a message nested 5,000 deep', () => nested(5000, '{"a":', '}')],
    ['a 200 KB line of text', () => 'y'.repeat(200_000)],
  ])('%s: posted exactly once, bounded, and never again on redelivery', async (_label, build) => {
    const event = sns(build());
    await handler(event, lambdaContext());
    await handler(event, lambdaContext());
    expect(posts()).toHaveLength(1);
    expect(JSON.stringify(posts()[0]!.body).length).toBeLessThan(20_000);
  });

  it('an EventBridge event nested 5,000 deep without an id is posted once, bounded', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const event = { source: 'acme.app', note: 'unknown', payload: deep };
    await handler(event, lambdaContext());
    await handler(event, lambdaContext());
    expect(posts()).toHaveLength(1);
  });

  it('a CloudTrail event nested 5,000 deep fails typed (INPUT_INVALID) or posts bounded, never an untyped crash', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const event = fresh<Envelope>('eventbridge/sg-open-to-world.json');
    event.detail['requestParameters'] = { nested: deep };
    const outcome = await handler(event, lambdaContext()).then(
      () => 'handled',
      (error: unknown) => (isSecmonError(error, 'INPUT_INVALID') ? 'typed' : error),
    );
    expect(['handled', 'typed']).toContain(outcome);
    expect(JSON.stringify(posts().map((post) => post.body)).length).toBeLessThan(50_000);
  });
});
