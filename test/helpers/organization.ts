/**
 * An organization for the tests: its id, accounts and OUs, member events (fixtures moved into another account), the
 * heartbeat and alarm state change events member stacks forward, and SQS batches as Lambda's event source mapping
 * delivers them.
 */
import { randomUUID } from 'node:crypto';
import { loadEvent } from '../unit/alerts/fixtures.js';

export const ORGANIZATION_ID = 'o-a1b2c3d4e5';
/** The central (delegated administrator) account: the stack's own, as in every other test. */
export const CENTRAL = '111122223333';
export const MANAGEMENT = '999988887777';
export const PROD = '222233334444';
export const SANDBOX = '444455556666';
export const UNLISTED = '777788889999';
export const HOME_REGION = 'eu-west-1';

/** The Organizations tree the mocks answer: Root r-ab12 > Workloads (ou-ab12-work0001) > Prod (ou-ab12-prod0001). */
export const TREE = {
  root: 'r-ab12',
  workloads: { id: 'ou-ab12-work0001', name: 'Workloads' },
  prod: { id: 'ou-ab12-prod0001', name: 'Prod' },
  sandbox: { id: 'ou-ab12-sand0001', name: 'Sandbox' },
} as const;

/** A fixture of test/fixtures/events as the event `account` would send it: every id of the fixture's account replaced. */
export function memberEvent(relative: string, account: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const text = JSON.stringify(loadEvent(relative)).replaceAll('111122223333', account);
  return { ...(JSON.parse(text) as Record<string, unknown>), id: randomUUID(), ...overrides };
}

/** The member stack's scheduled heartbeat, as EventBridge delivers it. */
export function heartbeat(account: string, region: string, time: string, namePrefix = 'secmon'): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time,
    region,
    resources: [`arn:aws:events:${region}:${account}:rule/${namePrefix}-heartbeat`],
    detail: {},
  };
}

/** A CloudWatch alarm state change (CloudWatch User Guide, "Alarm events and EventBridge", single-metric alarm). */
export function alarmStateChange(options: {
  account: string;
  alarmName: string;
  state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
  previous: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
  time: string;
  region?: string;
  source?: string;
}): Record<string, unknown> {
  const region = options.region ?? HOME_REGION;
  const when = new Date(options.time);
  const datapoint = new Date(Math.floor(when.getTime() / 300_000) * 300_000 - 300_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const quoted = `${pad(datapoint.getUTCDate())}/${pad(datapoint.getUTCMonth() + 1)}/${pad(datapoint.getUTCFullYear() % 100)} ${pad(datapoint.getUTCHours())}:${pad(datapoint.getUTCMinutes())}:00`;
  const crossed = options.state === 'ALARM';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'CloudWatch Alarm State Change',
    source: options.source ?? 'aws.cloudwatch',
    account: options.account,
    time: options.time,
    region,
    resources: [`arn:aws:cloudwatch:${region}:${options.account}:alarm:${options.alarmName}`],
    detail: {
      alarmName: options.alarmName,
      configuration: {
        description: `secmon: ${options.alarmName}`,
        metrics: [{ id: 'm1', metricStat: { metric: { dimensions: {}, name: options.alarmName.replace(/^secmon-/, ''), namespace: 'SecMon' }, period: 300, stat: 'Sum' }, returnData: true }],
      },
      previousState: { reason: 'Unchecked: Initial alarm creation', timestamp: new Date(when.getTime() - 600_000).toISOString(), value: options.previous },
      state: {
        reason: `Threshold Crossed: 1 out of the last 1 datapoints [${crossed ? '2.0' : '0.0'} (${quoted})] was ${crossed ? '' : 'not '}greater than or equal to the threshold (1.0) (minimum 1 datapoint for ${options.previous} -> ${options.state} transition).`,
        reasonData: JSON.stringify({ version: '1.0', queryDate: options.time, startDate: datapoint.toISOString(), statistic: 'Sum', period: 300, recentDatapoints: [crossed ? 2 : 0], threshold: 1 }),
        timestamp: options.time.replace('Z', '+0000'),
        value: options.state,
      },
    },
  };
}

/** An SQS event source batch of EventBridge events (the organization's queue). */
export function queueBatch(events: readonly unknown[]): { Records: Record<string, unknown>[] } {
  return {
    Records: events.map((event) => ({
      messageId: randomUUID(),
      receiptHandle: `AQEB${randomUUID()}`,
      body: typeof event === 'string' ? event : JSON.stringify(event),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1763632800000', SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: '1763632800001' },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${HOME_REGION}:${CENTRAL}:secmon-org-events`,
      awsRegion: HOME_REGION,
    })),
  };
}
