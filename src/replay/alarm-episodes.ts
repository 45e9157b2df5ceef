/**
 * What the alarm path would have posted for a monitor without an event form (every CIS monitor): `enable` gives it
 * a metric filter and an alarm (Sum >= 1 over 300 s, one evaluation period, missing data not breaching) whose
 * ALARM and OK actions notify the alarm topic. CloudWatch notifies on state changes only, so a run of periods with
 * matches is one ALARM notification (at the end of its first period) and one OK (at the end of the first period
 * without), not a message per record. The ALARM message shows the calls the deployed enrichment would find: those
 * in the alarm window (its first period), ten at most.
 *
 * The notifications are built as CloudWatch sends them through SNS and go through the alerts Lambda's own
 * normalisation, so the preview shows the deployed alert.
 */
import type { Alert, AlertActivity } from '../alerts/model.js';
import { MAX_MATCHES } from '../alerts/enrich.js';
import { normaliseInvocation, type NormaliseDeps } from '../alerts/normalise/index.js';
import type { Monitor } from '../catalog/types.js';
import { REPLAY_NAME_PREFIX, partitionOf } from './names.js';

/** The alarm `enable` creates: its period, in milliseconds. */
export const ALARM_PERIOD_MS = 300_000;

/** One record a monitor's metric filter matched. */
export interface AlarmHit {
  readonly at: number;
  readonly activity: AlertActivity;
  readonly region: string;
  readonly account: string;
}

/** A run of alarm periods in a row, each with at least one match. */
export interface AlarmEpisode {
  readonly firstPeriod: number;
  readonly lastPeriod: number;
  /** The episode's hits, in time order. */
  readonly hits: readonly AlarmHit[];
}

export function alarmEpisodes(hits: readonly AlarmHit[]): AlarmEpisode[] {
  const sorted = hits.filter((hit) => !Number.isNaN(hit.at)).sort((a, b) => a.at - b.at);
  const episodes: AlarmEpisode[] = [];
  for (const hit of sorted) {
    const period = periodOf(hit.at);
    const current = episodes.at(-1);
    if (current !== undefined && period <= current.lastPeriod + ALARM_PERIOD_MS) {
      episodes[episodes.length - 1] = { ...current, lastPeriod: period, hits: [...current.hits, hit] };
    } else {
      episodes.push({ firstPeriod: period, lastPeriod: period, hits: [hit] });
    }
  }
  return episodes;
}

/** The ALARM alert (with its matched calls) and the OK alert of each episode of the monitor's alarm, in time order. */
export function alarmAlerts(monitor: Monitor, hits: readonly AlarmHit[], deps: NormaliseDeps): Alert[] {
  return alarmEpisodes(hits).flatMap((episode, index) => {
    const first = episode.hits[0]!;
    const alarmAt = episode.firstPeriod + ALARM_PERIOD_MS;
    const inFirst = episode.hits.filter((hit) => periodOf(hit.at) === episode.firstPeriod).length;
    const alarm = normalised(notification(monitor, first, 'ALARM', alarmAt, inFirst, episode.firstPeriod), `${monitor.id}-${index + 1}-alarm`, deps);
    // What the deployed enrichment finds: the matches in the alarm window.
    const window = alarm.alarm?.window;
    const from = window !== undefined ? Date.parse(window.start) : episode.firstPeriod;
    const to = window !== undefined ? Date.parse(window.end) : alarmAt;
    const found = episode.hits.filter((hit) => hit.at >= from && hit.at <= to).map((hit) => hit.activity);
    const okAt = episode.lastPeriod + 2 * ALARM_PERIOD_MS;
    const ok = normalised(notification(monitor, first, 'OK', okAt, 0, episode.lastPeriod + ALARM_PERIOD_MS), `${monitor.id}-${index + 1}-ok`, deps);
    return [{ ...alarm, matches: { status: 'found', activities: found.slice(0, MAX_MATCHES), truncated: found.length > MAX_MATCHES } }, ok];
  });
}

function periodOf(at: number): number {
  return Math.floor(at / ALARM_PERIOD_MS) * ALARM_PERIOD_MS;
}

/** AWS region codes and account ids as an alarm ARN has them. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;

/**
 * The CloudWatch alarm notification, as the SNS message carries it (keys and reason text as CloudWatch writes them).
 * The alarm lives in the stack's region, which a replay does not know: the first match's region stands in for it,
 * or us-east-1 when that is not a region code (anonymised logs have made-up ones).
 */
function notification(monitor: Monitor, first: AlarmHit, state: 'ALARM' | 'OK', at: number, count: number, period: number): Record<string, unknown> {
  const name = `${REPLAY_NAME_PREFIX}-${monitor.id}`;
  const region = REGION.test(first.region) ? first.region : 'us-east-1';
  const account = ACCOUNT.test(first.account) ? first.account : '000000000000';
  const datapoint = `${count.toFixed(1)} (${cloudWatchTime(period)})`;
  const reason =
    state === 'ALARM'
      ? `Threshold Crossed: 1 out of the last 1 datapoints [${datapoint}] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).`
      : 'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].';
  return {
    AlarmName: name,
    AlarmDescription: `secmon: ${monitor.title}`,
    AWSAccountId: account,
    NewStateValue: state,
    NewStateReason: reason,
    StateChangeTime: new Date(at).toISOString().replace('Z', '+0000'),
    AlarmArn: `arn:${partitionOf(region)}:cloudwatch:${region}:${account}:alarm:${name}`,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    Trigger: {
      MetricName: monitor.id,
      Namespace: 'SecMon',
      Statistic: 'SUM',
      Period: ALARM_PERIOD_MS / 1000,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1.0,
      TreatMissingData: 'notBreaching',
    },
  };
}

/**
 * The topic the replay's own alarm notifications come from. The alerts function trusts alarm notifications only from
 * its stack's alarm topic; these are made here, from matches, so they come from this one.
 */
const REPLAY_ALARM_TOPIC_ARN = `arn:aws:sns:us-east-1:000000000000:${REPLAY_NAME_PREFIX}-alarms`;

function normalised(message: Record<string, unknown>, id: string, deps: NormaliseDeps): Alert {
  const event = {
    Records: [{ EventSource: 'aws:sns', Sns: { MessageId: `replay-${id}`, TopicArn: REPLAY_ALARM_TOPIC_ARN, Message: JSON.stringify(message) } }],
  };
  return normaliseInvocation(event, { ...deps, alarmTopicArn: REPLAY_ALARM_TOPIC_ARN })[0]!;
}

/** "20/11/26 09:50:00", as NewStateReason quotes a datapoint's period (UTC). */
function cloudWatchTime(at: number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
}
