/** Reports that tell the story honestly, through the real CLI: failed calls, accounts, the timeline, preview directories. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplayReport } from '../../../src/replay/summary.js';
import { cloudTrailRecord, rootConsoleLogin, stopLoggingRecord } from '../../helpers/records.js';
import { runSecmon } from '../../helpers/secmon-process.js';

const dir = mkdtempSync(join(tmpdir(), 'secmon-reports-'));

function write(name: string, records: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ Records: records }));
  return path;
}

/** `admin` in two accounts of an organization trail, one of whose StopLogging calls failed. */
const adminIn = (account: string, eventID: string, time: string, extra: Record<string, unknown> = {}) =>
  cloudTrailRecord({
    ...stopLoggingRecord(eventID),
    userIdentity: { type: 'IAMUser', principalId: `AIDA${account}`, arn: `arn:aws:iam::${account}:user/admin`, accountId: account, userName: 'admin' },
    recipientAccountId: account,
    eventTime: time,
    ...extra,
  });

const orgTrail = write('org.json', [
  adminIn('111122223333', 'a1', '2026-11-20T10:05:00Z'),
  adminIn('444455556666', 'a2', '2026-11-20T10:01:00Z', { errorCode: 'TrailNotFoundException', errorMessage: 'Unknown trail' }),
  { ...rootConsoleLogin('b1'), eventTime: '2026-11-20T10:03:00Z' },
  cloudTrailRecord({ eventID: 'r1' }),
]);

describe('replay reports', () => {
  it('shows failed calls as failed, with their error code', async () => {
    const text = await runSecmon(['replay', orgTrail]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/what {3}StopLogging, StopLogging \(failed: TrailNotFoundException\)/);
    const json = JSON.parse((await runSecmon(['replay', '--json', orgTrail])).stdout) as ReplayReport;
    expect(json.monitors.find((m) => m.id === 'cloudtrail-tampering')!.actions.map((t) => t.value).sort()).toEqual([
      'StopLogging',
      'StopLogging (failed: TrailNotFoundException)',
    ]);
  });

  it('keeps principals of different accounts apart and lists the accounts', async () => {
    const text = await runSecmon(['replay', orgTrail]);
    expect(text.stdout).toContain('who    admin (IAMUser, 111122223333), admin (IAMUser, 444455556666)');
    expect(text.stdout).toContain('in     111122223333, 444455556666 (accounts)');
  });

  it('--json escapes what JSON.stringify leaves raw (C1 controls, bidi overrides) and keeps the values', async () => {
    const path = write('c1.json', [{ ...stopLoggingRecord('c1'), userIdentity: { type: 'IAMUser', userName: 'eve\u009b2J\u202egnp.exe', accountId: '111122223333' } }]);
    const result = await runSecmon(['replay', '--json', path]);
    expect(result.stdout).not.toMatch(/[\u007f-\u009f\u202a-\u202e]/);
    expect(result.stdout).toContain('eve\\u009b2J\\u202egnp.exe');
    const report = JSON.parse(result.stdout) as ReplayReport;
    expect(report.monitors[0]!.actors[0]!.value).toBe('eve\u009b2J\u202egnp.exe (IAMUser, 111122223333)');
  });

  it('--timeline tells the incident in time order, one line per alerting record', async () => {
    const result = await runSecmon(['replay', '--timeline', orgTrail]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').filter((line) => /^\d{4}-/.test(line));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^2026-11-20T10:01:00Z {2}CRITICAL {2}cloudtrail-tampering +admin \(IAMUser, 444455556666\) {2}StopLogging \(failed: TrailNotFoundException\) {2}us-east-1 from 198\.51\.100\.23 {2}a2$/);
    expect(lines[1]).toMatch(/^2026-11-20T10:03:00Z {2}CRITICAL {2}root-activity +root \(Root, 111122223333\) {2}ConsoleLogin/);
    expect(lines[2]).toMatch(/^2026-11-20T10:05:00Z {2}CRITICAL {2}cloudtrail-tampering +admin \(IAMUser, 111122223333\) {2}StopLogging {2}/);
    const json = JSON.parse((await runSecmon(['replay', '--json', '--timeline', orgTrail])).stdout) as ReplayReport;
    expect(json.timeline!.map((entry) => [entry.eventID, entry.monitor, entry.alsoMatchedBy])).toEqual([
      ['a2', 'cloudtrail-tampering', ['cis-cloudtrail-config-changes']],
      ['b1', 'root-activity', ['cis-root-usage']],
      ['a1', 'cloudtrail-tampering', ['cis-cloudtrail-config-changes']],
    ]);
  });
});

describe('replay --jobs', () => {
  const examples = new URL('../../../examples/cloudtrail', import.meta.url).pathname;

  it('reports the same on one thread and on several, as match does', async () => {
    const one = await runSecmon(['replay', '--json', '--timeline', '--jobs', '1', examples]);
    const three = await runSecmon(['replay', '--json', '--timeline', '--jobs', '3', examples]);
    expect(one.code).toBe(0);
    expect(three).toEqual(one);
    const broken = mkdtempSync(join(tmpdir(), 'secmon-jobs-'));
    for (let i = 0; i < 4; i++) writeFileSync(join(broken, `${i}.json`), i === 2 ? '{"configurationItems": []}\n{"eventName": ' : JSON.stringify({ Records: [adminIn('111122223333', `j${i}`, '2026-11-20T10:00:00Z')] }));
    const [a, b] = [await runSecmon(['replay', '--jobs', '1', broken]), await runSecmon(['replay', '--jobs', '2', broken])];
    expect(b).toEqual(a);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('2.json:1 (input 1): not a CloudTrail record');
    expect((await runSecmon(['replay', '--jobs', 'many', broken])).stderr).toContain('--jobs takes a whole number from 1 to 16');
  });
});

describe('replay --preview: what the deployed stack would post', () => {
  /** Refused calls by one user: 12 in one 5-minute period, then 3 two periods in a row later, then one 20 minutes on. */
  const refused = (n: number, time: string) =>
    cloudTrailRecord({ eventName: 'DescribeInstances', errorCode: 'Client.UnauthorizedOperation', eventID: `d${n}`, eventTime: time });
  const burst = [
    ...Array.from({ length: 12 }, (_, n) => refused(n, `2026-11-20T10:0${Math.floor(n / 3)}:${String(10 + n).padStart(2, '0')}Z`)),
    refused(20, '2026-11-20T10:16:00Z'),
    refused(21, '2026-11-20T10:21:00Z'),
    refused(22, '2026-11-20T10:24:00Z'),
    refused(23, '2026-11-20T10:45:00Z'),
  ];
  const input = write('refused.json', burst);

  it('posts an alarm-only monitor as one alarm alert per alarm episode with its matches, not one per record', async () => {
    const out = mkdtempSync(join(tmpdir(), 'secmon-preview-alarm-'));
    const result = await runSecmon(['replay', '--pack', 'cis', '--preview', out, input]);
    expect(result.code).toBe(0);
    const files = readdirSync(out).filter((name) => name.endsWith('.json'));
    // Episodes: 10:00-10:05 (12 calls); 10:15-10:25 (three calls in two periods in a row); 10:45.
    expect(files).toEqual(['001-cis-unauthorized-api-calls.json', '002-cis-unauthorized-api-calls.json', '003-cis-unauthorized-api-calls.json']);
    const first = JSON.parse(readFileSync(join(out, files[0]!), 'utf8')) as { text: string; blocks: unknown[] };
    expect(first.text).toContain('Alarm secmon-cis-unauthorized-api-calls is ALARM: 12 matching events');
    const blocks = JSON.stringify(first.blocks);
    // The enrichment shows ten matched calls and says there are more; the OK resolved the message in place.
    expect(blocks).toContain('*Matched activity* (10+)');
    expect(blocks).toContain('Resolved: alarm back to OK at 10:10 UTC');
    expect(result.stdout).toContain('Preview: 3 messages\n  alarm path: 3 messages for 16 records matched by monitors without an event form');
  });

  it('previews logs whose region and account ids are made up (anonymised detonation logs)', async () => {
    const odd = write('anonymised.json', [{ ...refused(30, '2026-11-20T10:00:00Z'), awsRegion: 'apiso-northsouth-3r', recipientAccountId: '4574484119' }]);
    const out = mkdtempSync(join(tmpdir(), 'secmon-preview-odd-'));
    const result = await runSecmon(['replay', '--pack', 'cis', '--preview', out, odd]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readdirSync(out)).toContain('001-cis-unauthorized-api-calls.json');
  });

  it('counts agree with what is shown when both paths alert on the same records', async () => {
    const out = mkdtempSync(join(tmpdir(), 'secmon-preview-both-'));
    const result = await runSecmon(['replay', '--preview', out, input]);
    expect(result.code).toBe(0);
    const files = readdirSync(out).filter((name) => name.endsWith('.json'));
    const event = files.filter((name) => name.includes('-unauthorized-api-calls') && !name.includes('cis-'));
    const alarm = files.filter((name) => name.includes('-cis-unauthorized-api-calls'));
    // Event groups last 10 minutes from their first alert: 10:00:10, 10:16 and 10:45 open one each.
    expect([event.length, alarm.length]).toEqual([3, 3]);
    expect(result.stdout).toContain(`Preview: 6 messages\n  event path: 3 messages for 16 alerts (13 grouped into an earlier message, 0 silenced)\n  alarm path: 3 messages`);
    const listed = result.stdout.split('\n').filter((line) => /^\d{3}-.*\.json {2}/.test(line));
    expect(listed).toHaveLength(files.length);
  });
});

describe('replay --preview DIR', () => {
  it('refuses a directory that is not empty, before reading any input', async () => {
    const out = mkdtempSync(join(tmpdir(), 'secmon-preview-'));
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const result = await runSecmon(['replay', '--preview', out, orgTrail]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${out} is not empty; choose an empty directory, or add --force to replace an earlier preview in it`);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  it('with --force replaces an earlier preview, and never removes anything else', async () => {
    const out = mkdtempSync(join(tmpdir(), 'secmon-preview-'));
    expect((await runSecmon(['replay', '--preview', out, orgTrail])).code).toBe(0);
    writeFileSync(join(out, '099-old-monitor.json'), '{}');
    const again = await runSecmon(['replay', '--preview', out, '--force', orgTrail]);
    expect(again.code).toBe(0);
    expect(existsSync(join(out, '099-old-monitor.json'))).toBe(false);
    expect(readdirSync(out)).toContain('index.html');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const refused = await runSecmon(['replay', '--preview', out, '--force', orgTrail]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('holds notes.txt, which a preview did not write');
    expect(existsSync(join(out, 'notes.txt'))).toBe(true);
  });
});
