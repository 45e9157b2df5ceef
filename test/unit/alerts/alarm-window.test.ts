import { describe, expect, it } from 'vitest';
import { alarmWindow, monitorFromResourceName, periodOf, quotedDatapoints } from '../../../src/alerts/normalise/index.js';
import { deps } from './fixtures.js';

const at = (iso: string) => Date.parse(iso);

describe('periodOf', () => {
  it('single metric: Trigger.Period', () => {
    expect(periodOf({ Period: 60, EvaluationPeriods: 1 })).toBe(60);
  });

  it('metric math: the largest Period among the MetricStats and the queries', () => {
    expect(periodOf({ Metrics: [{ Id: 'e1', Expression: 'm1+m2' }, { Id: 'm1', MetricStat: { Period: 60 } }, { Id: 'm2', MetricStat: { Period: 300 } }] })).toBe(300);
    expect(periodOf({ Metrics: [{ Id: 'e1', Expression: 'm1', Period: 900 }, { Id: 'm1', MetricStat: { Period: 60 } }] })).toBe(900);
  });

  it('undefined without a trigger or any period', () => {
    expect(periodOf(undefined)).toBeUndefined();
    expect(periodOf({ Metrics: [{ Id: 'e1', Expression: 'SELECT 1' }] })).toBeUndefined();
  });
});

describe('quotedDatapoints', () => {
  const changed = at('2026-11-20T10:01:12.345Z');

  it('reads value and time (dd/MM/yy HH:mm:ss, UTC) of each quoted datapoint', () => {
    const reason =
      'Threshold Crossed: 2 out of the last 3 datapoints [4.0 (20/11/26 09:55:00), 1.5E1 (20/11/26 09:50:00)] was greater than or equal to the threshold (1.0)';
    expect(quotedDatapoints(reason, changed)).toEqual([
      { value: 4, time: at('2026-11-20T09:55:00Z') },
      { value: 15, time: at('2026-11-20T09:50:00Z') },
    ]);
  });

  it('ignores dates after the state change or more than a day before it, and impossible dates', () => {
    // 11/20 read as dd/MM is month 20: impossible. 21/11 is after the change; 18/11 more than a day before.
    const reason = '[1.0 (11/20/26 09:55:00), 1.0 (21/11/26 09:55:00), 1.0 (18/11/26 09:55:00)]';
    expect(quotedDatapoints(reason, changed)).toEqual([]);
    expect(quotedDatapoints('Insufficient Data: 1 datapoint was unknown.', changed)).toEqual([]);
  });
});

describe('alarmWindow', () => {
  it('ends at the state change and starts Period × EvaluationPeriods earlier, rounded down to a period boundary', () => {
    expect(alarmWindow({ Period: 300, EvaluationPeriods: 1 }, at('2026-11-20T10:05:32Z'), [])).toEqual({
      start: '2026-11-20T10:00:00.000Z',
      end: '2026-11-20T10:05:32.000Z',
    });
    expect(alarmWindow({ Period: 60, EvaluationPeriods: 3 }, at('2026-11-20T10:05:00Z'), [])).toEqual({
      start: '2026-11-20T10:02:00.000Z',
      end: '2026-11-20T10:05:00.000Z',
    });
  });

  it('starts at the earliest quoted datapoint when that is earlier (late CloudTrail delivery)', () => {
    const window = alarmWindow({ Period: 300, EvaluationPeriods: 1 }, at('2026-11-20T10:05:32Z'), [{ value: 1, time: at('2026-11-20T09:45:00Z') }]);
    expect(window).toEqual({ start: '2026-11-20T09:45:00.000Z', end: '2026-11-20T10:05:32.000Z' });
  });

  it('uses the datapoints alone without a period, and is undefined with neither', () => {
    expect(alarmWindow(undefined, at('2026-11-20T10:05:32Z'), [{ value: 1, time: at('2026-11-20T10:00:00Z') }])?.start).toBe('2026-11-20T10:00:00.000Z');
    expect(alarmWindow(undefined, at('2026-11-20T10:05:32Z'), [])).toBeUndefined();
    expect(alarmWindow({ Period: 300 }, at('2026-11-20T10:05:32Z'), [])).toBeUndefined();
  });
});

describe('resource names', () => {
  it('monitor from `<any prefix>-<id>`, longest id first', () => {
    expect(monitorFromResourceName('secmon-root-activity', deps.catalog)?.id).toBe('root-activity');
    expect(monitorFromResourceName('prod-eu-secmon-cis-root-usage', deps.catalog)?.id).toBe('cis-root-usage');
    // An empty prefix is no prefix: names are `<prefix>-<id>`.
    expect(monitorFromResourceName('-root-activity', deps.catalog)).toBeUndefined();
    expect(monitorFromResourceName('root-activity', deps.catalog)).toBeUndefined();
    expect(monitorFromResourceName('secmon-rootactivity', deps.catalog)).toBeUndefined();
  });
});
