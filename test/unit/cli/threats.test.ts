/** What the threats pack brought to the CLI: list --json fields, record conditions and thresholds in match and replay. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplayReport } from '../../../src/replay/summary.js';
import { jsonLines, runCli } from '../../helpers/cli.js';
import { cloudTrailRecord } from '../../helpers/records.js';

const dir = mkdtempSync(join(tmpdir(), 'secmon-threats-'));
let file = 0;
function write(records: unknown[]): string {
  const path = join(dir, `trail-${++file}.json`);
  writeFileSync(path, JSON.stringify({ Records: records }));
  return path;
}

const mallory = { type: 'IAMUser', principalId: 'AIDAEXAMPLEMALLORY04', arn: 'arn:aws:iam::111122223333:user/mallory', accountId: '111122223333', userName: 'mallory' };
/** GetSecretValue by mallory, `seconds` after 09:00. */
function secretRead(i: number, seconds: number, identity: Record<string, unknown> = mallory): Record<string, unknown> {
  return cloudTrailRecord({
    userIdentity: identity,
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'GetSecretValue',
    eventTime: new Date(Date.UTC(2026, 2, 2, 9, 0, seconds)).toISOString().replace('.000Z', 'Z'),
    requestParameters: { secretId: `prod/secret-${i}` },
    eventID: `5ec0e7a1-0000-4000-8000-${String(i).padStart(12, '0')}`,
  });
}
function accessKey(caller: Record<string, unknown>, user: string, id: string): Record<string, unknown> {
  return cloudTrailRecord({
    userIdentity: caller,
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    readOnly: false,
    requestParameters: { userName: user },
    responseElements: { accessKey: { userName: user, accessKeyId: 'AKIAEXAMPLENEWKEY001', status: 'Active' } },
    eventID: id,
  });
}

describe('secmon list --json', () => {
  it('gives ATT&CK and Stratus ids for every monitor, and conditions, severity rules and thresholds where a monitor has them', async () => {
    const monitors = JSON.parse((await runCli(['list', '--json'])).stdout) as Record<string, unknown>[];
    for (const monitor of monitors) {
      expect(Array.isArray(monitor['attack']), String(monitor['id'])).toBe(true);
      expect(Array.isArray(monitor['stratus']), String(monitor['id'])).toBe(true);
    }
    const byId = (id: string) => monitors.find((m) => m['id'] === id)!;
    expect(byId('access-key-created-for-other')).toMatchObject({
      attack: ['T1098.001'],
      stratus: ['aws.persistence.iam-backdoor-user', 'aws.persistence.iam-create-admin-user'],
      conditions: [{ name: 'key-for-another-user', description: expect.stringContaining('other than the caller') }],
    });
    expect(byId('access-key-created-for-other')).not.toHaveProperty('threshold');
    expect(byId('secrets-bulk-read')).toMatchObject({
      readOnlyEvents: true,
      threshold: { count: 10, windowSeconds: 300, per: 'principal', unit: 'secret values read', weighting: expect.stringContaining('GetParameters') },
    });
    expect(byId('secrets-bulk-read')).not.toHaveProperty('conditions');
    expect(byId('snapshot-shared')['severityRule']).toMatch(/critical when the snapshot is shared with group "all"/);
    expect(monitors.filter((m) => (m['packs'] as string[]).includes('threats'))).toHaveLength(25);
  });

  it('lists region-not-allowed when SECMON_ALLOWED_REGIONS names the regions, and refuses a bad value naming the variable', async () => {
    const ids = async (env: NodeJS.ProcessEnv) => (JSON.parse((await runCli(['list', '--json'], { env })).stdout) as { id: string }[]).map((m) => m.id);
    expect(await ids({})).not.toContain('region-not-allowed');
    expect(await ids({ SECMON_ALLOWED_REGIONS: 'eu-west-1, eu-central-1' })).toContain('region-not-allowed');
    const { code, stderr } = await runCli(['list'], { env: { SECMON_ALLOWED_REGIONS: 'eu-west-1,Frankfurt' } });
    expect(code).toBe(2);
    expect(stderr).toContain('SECMON_ALLOWED_REGIONS: must be comma-separated region codes');
    expect(stderr).not.toContain('Frankfurt');
  });
});

describe('secmon match with the threats pack', () => {
  it('applies record conditions: a key made for oneself matches nothing, one made for another user does', async () => {
    const alice = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' };
    const lines = jsonLines((await runCli(['match', write([accessKey(alice, 'alice', 'k-1'), accessKey(alice, 'deploy-bot', 'k-2')])])).stdout);
    expect(lines.map((l) => l['monitors'])).toEqual([[], ['access-key-created-for-other']]);
  });

  it('lists a threshold monitor’s matches as counted, since one line cannot judge a burst', async () => {
    const batch = { ...secretRead(1, 0), eventName: 'BatchGetSecretValue', eventID: 'b-1', requestParameters: { filters: [{ key: 'tag-key', values: ['env'] }] } };
    const lines = jsonLines((await runCli(['match', write([secretRead(0, 0), batch])])).stdout);
    expect(lines[0]).toMatchObject({ monitors: [], counted: ['secrets-bulk-read'] });
    // A batch read counts as the whole threshold: it alerts by itself.
    expect(lines[1]).toMatchObject({ monitors: ['secrets-bulk-read'] });
    expect(lines[1]).not.toHaveProperty('counted');
  });

  it('matches region-not-allowed under SECMON_ALLOWED_REGIONS, in the worker threads too', async () => {
    const inSingapore = cloudTrailRecord({ eventName: 'RunInstances', readOnly: false, awsRegion: 'ap-southeast-1', eventID: 'r-1' });
    const files = [write([inSingapore]), write([{ ...inSingapore, eventID: 'r-2', awsRegion: 'eu-west-1' }])];
    const { stdout } = await runCli(['match', '--jobs', '2', ...files], { env: { SECMON_ALLOWED_REGIONS: 'eu-west-1' } });
    expect(jsonLines(stdout).map((l) => l['monitors'])).toEqual([['region-not-allowed'], []]);
  });
});

describe('secmon replay with the threats pack', () => {
  it('reports secrets read in bulk only from the read that reaches the threshold, counting by event time', async () => {
    // Eleven reads within a minute by mallory, in reverse file order, and nine by someone else.
    const burst = Array.from({ length: 11 }, (_, i) => secretRead(i, i * 5)).reverse();
    const app = { ...mallory, arn: 'arn:aws:iam::111122223333:user/orders-api', userName: 'orders-api' };
    const quiet = Array.from({ length: 9 }, (_, i) => secretRead(100 + i, i * 5, app));
    const { stdout } = await runCli(['replay', '--json', write([...burst, ...quiet])]);
    const report = JSON.parse(stdout) as ReplayReport;
    expect(report.matchedInputs).toBe(2);
    expect(report.monitors.map((m) => m.id)).toEqual(['secrets-bulk-read']);
    expect(report.monitors[0]).toMatchObject({ count: 2, firstSeen: '2026-03-02T09:00:45Z', actors: [{ value: 'mallory (IAMUser, 111122223333)', count: 2 }] });
  });

  it('puts in the timeline only the reads from the one that reaches the threshold, in time order with the rest', async () => {
    const burst = Array.from({ length: 11 }, (_, i) => secretRead(i, i * 5)).reverse();
    const stopped = cloudTrailRecord({
      userIdentity: mallory,
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      readOnly: false,
      eventTime: '2026-03-02T09:00:47Z',
      requestParameters: { name: 'management-events' },
      eventID: 'ec6ebecd-0000-4000-8000-000000000047',
    });
    const report = JSON.parse((await runCli(['replay', '--json', '--timeline', write([stopped, ...burst])])).stdout) as ReplayReport;
    expect(report.timeline?.map((entry) => [entry.time, entry.monitor])).toEqual([
      ['2026-03-02T09:00:45Z', 'secrets-bulk-read'],
      ['2026-03-02T09:00:47Z', 'cloudtrail-tampering'],
      ['2026-03-02T09:00:50Z', 'secrets-bulk-read'],
    ]);
    expect(report.timelineOmitted).toBe(0);
  });

  it('replays region-not-allowed under SECMON_ALLOWED_REGIONS, in the worker threads too', async () => {
    const inSingapore = (id: string) => cloudTrailRecord({ eventName: 'RunInstances', readOnly: false, awsRegion: 'ap-southeast-1', eventID: id });
    const files = [write([inSingapore('r-11')]), write([inSingapore('r-12')])];
    const report = JSON.parse((await runCli(['replay', '--json', '--jobs', '2', ...files], { env: { SECMON_ALLOWED_REGIONS: 'eu-west-1' } })).stdout) as ReplayReport;
    expect(report.monitors.find((m) => m.id === 'region-not-allowed')).toMatchObject({ count: 2 });
    const unset = JSON.parse((await runCli(['replay', '--json', '--jobs', '2', ...files])).stdout) as ReplayReport;
    expect(unset.monitors.map((m) => m.id)).not.toContain('region-not-allowed');
  });

  it('rates a monitor by the worst of its records (a snapshot made public)', async () => {
    const share = (group: Record<string, string>, id: string) =>
      cloudTrailRecord({
        eventName: 'ModifySnapshotAttribute',
        readOnly: false,
        requestParameters: { snapshotId: 'snap-1', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [group] } } },
        eventID: id,
      });
    const shared = JSON.parse((await runCli(['replay', '--json', write([share({ userId: '777788889999' }, 's-1')])])).stdout) as ReplayReport;
    expect(shared.monitors[0]).toMatchObject({ id: 'snapshot-shared', severity: 'high' });
    const both = JSON.parse((await runCli(['replay', '--json', write([share({ userId: '777788889999' }, 's-2'), share({ group: 'all' }, 's-3')])])).stdout) as ReplayReport;
    expect(both.monitors[0]).toMatchObject({ id: 'snapshot-shared', severity: 'critical', count: 2 });
  });

  it('previews one message for a burst of reads, posted when the tenth is read', async () => {
    const out = mkdtempSync(join(tmpdir(), 'secmon-threats-preview-'));
    const { code, stdout } = await runCli(['replay', '--preview', out, write(Array.from({ length: 12 }, (_, i) => secretRead(200 + i, i * 5)))]);
    expect(code).toBe(0);
    expect(readdirSync(out).filter((name) => name.endsWith('.json'))).toEqual(['001-secrets-bulk-read.json']);
    expect(stdout).toContain(
      'Preview: 1 message\n  event path: 1 message for 3 alerts (2 grouped into an earlier message, 0 silenced); 9 events counted toward a threshold not reached',
    );
  });
});
