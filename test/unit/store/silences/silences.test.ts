/** Silences on DynamoDB (dynalite): in force until their end, counted atomically, ended by the sweep, then removed. */
import { beforeEach, describe, expect, it } from 'vitest';
import { Silences, silenceKey } from '../../../../src/store/silences/silences.js';
import { useDynaliteTables } from '../../../helpers/state-table.js';
import { DAY, T0, at, expectRejectsWithCode, seconds } from '../support.js';

const tables = useDynaliteTables();
let silences: Silences;

beforeEach(async () => {
  silences = new Silences(await tables.table());
});

describe('silences', () => {
  const silence = {
    monitorId: 'console-login-failures',
    until: new Date(T0 + 3600_000).toISOString(),
    by: 'U0123ABCD',
    reason: 'pen test',
    message: { channel: 'C1', ts: '1.1' },
  };

  it('puts, gets and lists silences by whether they are in force, with a TTL a week after the end', async () => {
    const put = await silences.put(silence);
    await silences.put({ ...silence, monitorId: 'root-activity', until: new Date(T0 + 60_000).toISOString(), reason: undefined, message: undefined });

    expect(put).toEqual({ ...silence, suppressed: 0, endedAt: undefined });
    expect(await silences.get('console-login-failures')).toEqual(put);
    expect(await silences.get('nope')).toBeUndefined();
    expect((await silences.listActive(at(0))).map((s) => s.monitorId)).toEqual(['console-login-failures', 'root-activity']);
    expect((await silences.listActive(at(60_000))).map((s) => s.monitorId)).toEqual(['console-login-failures']);
    expect((await silences.listExpired(at(60_000))).map((s) => s.monitorId)).toEqual(['root-activity']);
    expect(await tables.raw(silenceKey('console-login-failures'))).toMatchObject({
      pk: 'silence#all',
      sk: 'console-login-failures',
      expiresAt: seconds(T0 + 3600_000 + 7 * DAY),
    });
  });

  it('counts suppressed events atomically while the silence is in force, and never creates a silence', async () => {
    await silences.put(silence);
    await Promise.all(Array.from({ length: 50 }, () => silences.countSuppressed('console-login-failures', at(1000))));
    expect(await silences.countSuppressed('console-login-failures', at(2000))).toBe(51);
    expect(await silences.countSuppressed('console-login-failures', at(3600_000))).toBeUndefined();
    expect(await silences.countSuppressed('unsilenced', at(1000))).toBeUndefined();
    expect(await silences.get('unsilenced')).toBeUndefined();
  });

  it('ends an expired silence with a final count, then removes it only once ended', async () => {
    await silences.put(silence);
    await silences.countSuppressed('console-login-failures', at(1000));
    expect(await silences.end('console-login-failures', at(3599_999))).toBeUndefined();
    expect(await silences.removeEnded('console-login-failures')).toBe(false);

    const ended = await silences.end('console-login-failures', at(3600_000));
    expect(ended).toMatchObject({ suppressed: 1, endedAt: at(3600_000).toISOString() });
    expect(await silences.countSuppressed('console-login-failures', at(10))).toBeUndefined(); // ended: final
    expect(await silences.end('console-login-failures', at(3700_000))).toEqual(ended);
    expect((await silences.listExpired(at(0))).map((s) => s.monitorId)).toEqual(['console-login-failures']);
    expect(await silences.listActive(at(0))).toEqual([]);

    expect(await silences.removeEnded('console-login-failures')).toBe(true);
    expect(await silences.get('console-login-failures')).toBeUndefined();
    expect(await silences.end('console-login-failures', at(3700_000))).toBeUndefined();
  });

  it('keeps a new silence put after the old one ended', async () => {
    await silences.put(silence);
    await silences.end('console-login-failures', at(3600_000));
    await silences.put({ ...silence, until: new Date(T0 + 7200_000).toISOString() });
    expect(await silences.removeEnded('console-login-failures')).toBe(false);
    expect(await silences.get('console-login-failures')).toMatchObject({ suppressed: 0, endedAt: undefined });
  });

  it('deletes a silence early and returns it with its count', async () => {
    await silences.put(silence);
    await silences.countSuppressed('console-login-failures', at(1));
    expect(await silences.delete('console-login-failures')).toMatchObject({ monitorId: 'console-login-failures', suppressed: 1 });
    expect(await silences.delete('console-login-failures')).toBeUndefined();
    expect(await silences.get('console-login-failures')).toBeUndefined();
  });

  it('rejects a silence without a valid end or monitor', async () => {
    await expectRejectsWithCode(silences.put({ ...silence, until: 'tomorrow-ish' }), 'INPUT_INVALID');
    await expectRejectsWithCode(silences.put({ ...silence, monitorId: '' }), 'INPUT_INVALID');
  });
});
