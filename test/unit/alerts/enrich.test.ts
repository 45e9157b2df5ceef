import {
  AccessDeniedException,
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  ResourceNotFoundException,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
// The package's own registration (README, "Automatic Setup"): expect.extend with its matchers, and their types.
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { enrichAlarmAlert, type EnrichDeps } from '../../../src/alerts/enrich.js';
import type { Alert } from '../../../src/alerts/model.js';
import { normaliseInvocation } from '../../../src/alerts/normalise/index.js';
import { findMonitor } from '../../../src/catalog/index.js';
import type { Monitor } from '../../../src/catalog/types.js';
import { cloudTrailRecord } from '../../helpers/records.js';
import { deps, loadEvent } from './fixtures.js';

const logsMock = mockClient(CloudWatchLogsClient);
const LOG_GROUP = 'aws-cloudtrail-logs-111122223333';
const rootActivity = findMonitor(deps.catalog, 'root-activity')!;

function alarmAlert(fixture = 'sns/alarm-single-metric-alarm.json'): Alert {
  return normaliseInvocation(loadEvent(fixture), deps)[0]!;
}

function enrichDeps(overrides: Partial<EnrichDeps> = {}): EnrichDeps {
  return { logs: new CloudWatchLogsClient({ region: 'eu-west-1' }), logGroupName: LOG_GROUP, ...overrides };
}

/** A log event as CloudTrail writes it to CloudWatch Logs: the record as JSON text. */
function logEvent(n: number, time = `2026-11-20T09:5${n % 10}:00Z`): FilteredLogEvent {
  const record = cloudTrailRecord({
    userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
    eventName: 'CreateAccessKey',
    eventSource: 'iam.amazonaws.com',
    eventTime: time,
    eventID: `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    sourceIPAddress: '203.0.113.9',
  });
  return { logStreamName: '111122223333_CloudTrail_eu-west-1', timestamp: Date.parse(time), message: JSON.stringify(record), eventId: `log-${n}` };
}

beforeEach(() => {
  logsMock.reset();
});

describe('enrichAlarmAlert', () => {
  it('searches the log group with the monitor\'s filter over the alarm window, and shows who did what', async () => {
    logsMock.on(FilterLogEventsCommand).resolves({ events: [logEvent(2, '2026-11-20T09:58:00Z'), logEvent(1, '2026-11-20T09:52:00Z')] });
    const alert = alarmAlert();
    const enriched = await enrichAlarmAlert(alert, rootActivity, enrichDeps());

    expect(logsMock).toReceiveCommandTimes(FilterLogEventsCommand, 1);
    expect(logsMock).toReceiveCommandWith(FilterLogEventsCommand, {
      logGroupName: LOG_GROUP,
      filterPattern: rootActivity.filterPattern!,
      startTime: Date.parse('2026-11-20T09:50:00.000Z'),
      endTime: Date.parse('2026-11-20T10:01:12.345Z'),
      limit: 11,
    });
    expect(logsMock.commandCalls(FilterLogEventsCommand)[0]!.args[0].input.nextToken).toBeUndefined();
    expect(enriched.matches).toMatchObject({
      status: 'found',
      truncated: false,
      activities: [
        { action: 'CreateAccessKey', actor: { name: 'root', type: 'Root' }, time: '2026-11-20T09:52:00Z', sourceIp: '203.0.113.9' },
        { action: 'CreateAccessKey', time: '2026-11-20T09:58:00Z' },
      ],
    });
    // Everything else is the alert as it was.
    expect({ ...enriched, matches: undefined }).toEqual(alert);
  });

  it('follows nextToken, and stops once it has more than it shows (10), marking the result truncated', async () => {
    logsMock
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [], nextToken: 't1' })
      .resolvesOnce({ events: [1, 2, 3].map((n) => logEvent(n)), nextToken: 't2' })
      .resolvesOnce({ events: [4, 5, 6, 7, 8, 9, 10, 11].map((n) => logEvent(n)), nextToken: 't3' })
      .resolves({ events: [logEvent(99)] });
    const enriched = await enrichAlarmAlert(alarmAlert(), rootActivity, enrichDeps());

    expect(logsMock).toReceiveCommandTimes(FilterLogEventsCommand, 3);
    expect(logsMock).toReceiveNthCommandWith(FilterLogEventsCommand, 2, { nextToken: 't1' });
    expect(logsMock).toReceiveNthCommandWith(FilterLogEventsCommand, 3, { nextToken: 't2' });
    expect(enriched.matches?.status).toBe('found');
    if (enriched.matches?.status !== 'found') throw new Error('unreachable');
    expect(enriched.matches.activities).toHaveLength(10);
    expect(enriched.matches.truncated).toBe(true);
  });

  it('makes at most maxPages calls (default 5); stopped there with nothing found, it says the search was cut short', async () => {
    logsMock.on(FilterLogEventsCommand).resolves({ events: [], nextToken: 'more' });
    const enriched = await enrichAlarmAlert(alarmAlert(), rootActivity, enrichDeps());
    expect(logsMock).toReceiveCommandTimes(FilterLogEventsCommand, 5);
    expect(enriched.matches).toEqual({
      status: 'unavailable',
      reason:
        'No matching log events turned up in the first 5 pages of the search, which was stopped there; search the log group in CloudWatch Logs to look further.',
    });

    logsMock.reset();
    logsMock.on(FilterLogEventsCommand).resolves({ events: [], nextToken: 'more' });
    await enrichAlarmAlert(alarmAlert(), rootActivity, enrichDeps({ maxPages: 2 }));
    expect(logsMock).toReceiveCommandTimes(FilterLogEventsCommand, 2);
  });

  it('stopped at the page bound with some found, shows them as truncated', async () => {
    logsMock.on(FilterLogEventsCommand).resolves({ events: [logEvent(1)], nextToken: 'more' });
    const enriched = await enrichAlarmAlert(alarmAlert(), rootActivity, enrichDeps({ maxPages: 3, limit: 50 }));
    expect(logsMock).toReceiveCommandTimes(FilterLogEventsCommand, 3);
    expect(logsMock).toReceiveCommandWith(FilterLogEventsCommand, { limit: 50 });
    expect(enriched.matches).toMatchObject({ status: 'found', truncated: true });
    if (enriched.matches?.status === 'found') expect(enriched.matches.activities).toHaveLength(3);
  });

  it('says plainly when nothing was found', async () => {
    logsMock.on(FilterLogEventsCommand).resolves({ events: [], searchedLogStreams: [] });
    const enriched = await enrichAlarmAlert(alarmAlert(), rootActivity, enrichDeps());
    expect(enriched.matches).toEqual({ status: 'none' });
  });

  it('access denied: unavailable with a human reason, never AWS\'s text; the error goes to onError', async () => {
    const denied = new AccessDeniedException({
      message: 'User: arn:aws:sts::111122223333:assumed-role/secmon-alerts/x is not authorized to perform: logs:FilterLogEvents',
      $metadata: { httpStatusCode: 400 },
    });
    logsMock.on(FilterLogEventsCommand).rejects(denied);
    const onError = vi.fn();
    const enriched = await enrichAlarmAlert(alarmAlert(), rootActivity, enrichDeps({ onError }));
    expect(enriched.matches).toEqual({
      status: 'unavailable',
      reason: `secmon is not allowed to search the log group ${LOG_GROUP} (logs:FilterLogEvents was denied), so the matching log events cannot be shown.`,
    });
    expect(JSON.stringify(enriched.matches)).not.toContain('assumed-role');
    expect(onError).toHaveBeenCalledWith(denied);
  });

  it('a missing log group: unavailable, saying the log group does not exist', async () => {
    logsMock.on(FilterLogEventsCommand).rejects(new ResourceNotFoundException({ message: 'The specified log group does not exist.', $metadata: {} }));
    const enriched = await enrichAlarmAlert(alarmAlert(), rootActivity, enrichDeps());
    expect(enriched.matches).toEqual({
      status: 'unavailable',
      reason: `The log group ${LOG_GROUP} does not exist, so the matching log events cannot be shown; check that CloudTrail delivers to it.`,
    });
  });

  it('any other failure: a generic human reason', async () => {
    logsMock.on(FilterLogEventsCommand).rejects(new Error('socket hang up'));
    const enriched = await enrichAlarmAlert(alarmAlert(), rootActivity, enrichDeps());
    expect(enriched.matches).toEqual({
      status: 'unavailable',
      reason: "The search for the matching log events failed; the alerts function's log has the details.",
    });
  });

  it('skips log events that are not CloudTrail records; only those: unavailable', async () => {
    logsMock.on(FilterLogEventsCommand).resolvesOnce({ events: [{ message: 'not json' }, logEvent(1), { message: '[1,2]' }, {}] });
    const some = await enrichAlarmAlert(alarmAlert(), rootActivity, enrichDeps());
    expect(some.matches).toMatchObject({ status: 'found', truncated: false, activities: [{ eventId: 'e0000000-0000-4000-8000-000000000001' }] });

    logsMock.reset();
    logsMock.on(FilterLogEventsCommand).resolves({ events: [{ message: 'not json' }, { message: '"text"' }] });
    const none = await enrichAlarmAlert(alarmAlert(), rootActivity, enrichDeps());
    expect(none.matches).toEqual({ status: 'unavailable', reason: '2 log events matched, but none could be read as a CloudTrail record.' });
  });

  it('an alarm without a secmon monitor, or a monitor without a filter: unavailable, no call', async () => {
    const unknown = await enrichAlarmAlert(alarmAlert('sns/alarm-unknown-name.json'), null, enrichDeps());
    expect(unknown.matches).toEqual({
      status: 'unavailable',
      reason: "orders-api-5xx is not one of secmon's monitors, so secmon does not know which log events to look for.",
    });
    const eventOnly: Monitor = findMonitor(deps.catalog, 'config-noncompliant')!;
    const noFilter = await enrichAlarmAlert(alarmAlert(), eventOnly, enrichDeps());
    expect(noFilter.matches).toEqual({
      status: 'unavailable',
      reason: 'Monitor config-noncompliant has no metric filter, so there are no log events to look up.',
    });
    expect(logsMock).toReceiveCommandTimes(FilterLogEventsCommand, 0);
  });

  it('an alarm without a window: unavailable, no call', async () => {
    const alert = alarmAlert();
    const enriched = await enrichAlarmAlert({ ...alert, alarm: { ...alert.alarm!, window: undefined } }, rootActivity, enrichDeps());
    expect(enriched.matches).toMatchObject({ status: 'unavailable' });
    expect(logsMock).toReceiveCommandTimes(FilterLogEventsCommand, 0);
  });

  it('leaves OK and INSUFFICIENT_DATA alarms and non-alarm alerts unchanged, without a call', async () => {
    for (const fixture of ['sns/alarm-ok.json', 'sns/alarm-insufficient-data.json', 'eventbridge/admin-policy-attached.json']) {
      const alert = normaliseInvocation(loadEvent(fixture), deps)[0]!;
      expect(await enrichAlarmAlert(alert, rootActivity, enrichDeps())).toBe(alert);
    }
    expect(logsMock).toReceiveCommandTimes(FilterLogEventsCommand, 0);
  });
});
