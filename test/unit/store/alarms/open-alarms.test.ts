/** Open alarm messages on DynamoDB (dynalite): the newest ALARM's message, forgotten only by its own OK. */
import { beforeEach, describe, expect, it } from 'vitest';
import { OpenAlarms, openAlarmKey } from '../../../../src/store/alarms/open-alarms.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { DAY, T0, at, seconds } from '../support.js';

const tables = useDynaliteTables();
let alarms: OpenAlarms;

beforeEach(async () => {
  alarms = new OpenAlarms(await tables.table());
});

describe('open alarms', () => {
  it('remembers the open message of an alarm and forgets it only if it is still that message', async () => {
    const first = { channel: 'C1', ts: '1.1' };
    const second = { channel: 'C1', ts: '2.2' };
    expect(await alarms.get('secmon-root-activity')).toBeUndefined();
    await alarms.set('secmon-root-activity', first, at(0));
    await alarms.set('secmon-root-activity', second, at(1));
    expect(await alarms.get('secmon-root-activity')).toEqual(second);
    expect(await tables.raw(openAlarmKey('secmon-root-activity'))).toMatchObject({
      sk: 'open',
      expiresAt: seconds(T0 + 1 + 30 * DAY),
    });

    expect(await alarms.clear('secmon-root-activity', first)).toBe(false);
    expect(await alarms.get('secmon-root-activity')).toEqual(second);
    expect(await alarms.clear('secmon-root-activity', second)).toBe(true);
    expect(await alarms.get('secmon-root-activity')).toBeUndefined();
  });
});
