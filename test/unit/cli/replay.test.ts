import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ReplayReport } from '../../../src/replay/summary.js';
import { runCli } from '../../helpers/cli.js';
import { cloudTrailRecord, rootConsoleLogin, stopLoggingRecord } from '../../helpers/records.js';

const examples = new URL('../../../examples/cloudtrail', import.meta.url).pathname;

function writeTrail(records: unknown[], files = 1): string {
  const dir = mkdtempSync(join(tmpdir(), 'secmon-replay-'));
  mkdirSync(join(dir, 'logs'));
  for (let f = 0; f < files; f++)
    writeFileSync(join(dir, 'logs', `f${String(f).padStart(2, '0')}.json.gz`), gzipSync(JSON.stringify({ Records: records })));
  return join(dir, 'logs');
}

describe('secmon replay', () => {
  it('groups matches by monitor with counts, actors, actions, resources and time range', async () => {
    const dir = writeTrail([
      cloudTrailRecord(),
      stopLoggingRecord('a1'),
      { ...stopLoggingRecord('a2'), eventTime: '2026-11-20T11:30:00Z', sourceIPAddress: '203.0.113.9' },
      rootConsoleLogin(),
    ]);
    const { code, stdout } = await runCli(['replay', '--json', dir]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as ReplayReport;
    expect(report).toMatchObject({ files: 1, inputs: 4, unreadable: 0, matchedInputs: 3 });
    const tampering = report.monitors.find((m) => m.id === 'cloudtrail-tampering')!;
    expect(tampering).toMatchObject({
      severity: 'critical',
      count: 2,
      firstSeen: '2026-11-20T10:00:00Z',
      lastSeen: '2026-11-20T11:30:00Z',
      actors: [{ value: 'alice (IAMUser, 111122223333)', count: 2 }],
      actions: [{ value: 'StopLogging', count: 2 }],
      resources: [{ value: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main', count: 2 }],
      sampleEventIDs: ['a1', 'a2'],
    });
    expect(tampering.sourceIPs.map((t) => t.value).sort()).toEqual(['198.51.100.23', '203.0.113.9']);
    expect(report.monitors.find((m) => m.id === 'root-activity')!.actors).toEqual([{ value: 'root (Root, 111122223333)', count: 1 }]);
  });

  it('lists the worst first: severity, then count', async () => {
    const dir = writeTrail([stopLoggingRecord('a1'), rootConsoleLogin('b1'), rootConsoleLogin('b2')]);
    const report = JSON.parse((await runCli(['replay', '--json', dir])).stdout) as ReplayReport;
    const severities = report.monitors.map((m) => m.severity);
    const rank = { critical: 0, high: 1, medium: 2, low: 3 };
    expect(severities).toEqual([...severities].sort((a, b) => rank[a] - rank[b]));
    // Among equally severe monitors the busier comes first, then essentials before CIS.
    expect(report.monitors.slice(0, 2).map((m) => [m.id, m.count])).toEqual([
      ['root-activity', 2],
      ['cis-root-usage', 2],
    ]);
  });

  it('prints a readable report without colour when stdout is not a terminal', async () => {
    const { stdout } = await runCli(['replay', writeTrail([stopLoggingRecord('a1'), cloudTrailRecord()])]);
    expect(stdout).toMatch(/^2 records in 1 file: 1 record would have alerted 2 monitors/);
    expect(stdout).toContain('CRITICAL  cloudtrail-tampering');
    expect(stdout).toContain('who    alice (IAMUser, 111122223333)');
    expect(stdout).not.toContain('\u001b[');
  });

  it('says so plainly when nothing would have alerted', async () => {
    const { stdout } = await runCli(['replay', writeTrail([cloudTrailRecord()])]);
    expect(stdout.trim()).toBe('1 record in 1 file: nothing would have alerted');
  });

  it('shows a progress bar on a terminal stderr for many files, and none otherwise', async () => {
    const dir = writeTrail([cloudTrailRecord()], 10);
    expect((await runCli(['replay', dir], { stderrTTY: true })).stderr).toContain('10/10 files, 10 records');
    expect((await runCli(['replay', dir], { stderrTTY: false })).stderr).toBe('');
  });

  it('finds the incidents planted in the bundled examples', async () => {
    const report = JSON.parse((await runCli(['replay', '--json', examples])).stdout) as ReplayReport;
    const ids = report.monitors.map((m) => m.id);
    for (const id of ['root-activity', 'sg-open-to-world', 'admin-policy-attached', 'cloudtrail-tampering', 'console-login-failure', 'console-login-without-mfa', 'unauthorized-api-calls', 'kms-key-deletion', 's3-bucket-policy-changed', 'lambda-code-changed'])
      expect(ids).toContain(id);
    expect(report.monitors.find((m) => m.id === 'console-login-failure')!.count).toBe(3);
    expect(report.unreadable).toBe(0);
    expect(report.inputs).toBeGreaterThan(300);
  });
});

describe('secmon replay: overlapping monitors', () => {
  it('shows monitors that matched exactly the same events once, naming the others', async () => {
    const dir = writeTrail([rootConsoleLogin('b1'), stopLoggingRecord('a1')]);
    const report = JSON.parse((await runCli(['replay', '--json', dir])).stdout) as ReplayReport;
    expect(report.monitors.find((m) => m.id === 'root-activity')!.alsoMatchedBy).toEqual(['cis-root-usage']);
    expect(report.monitors.find((m) => m.id === 'cloudtrail-tampering')!.alsoMatchedBy).toEqual(['cis-cloudtrail-config-changes']);
    const text = (await runCli(['replay', dir])).stdout;
    expect(text.match(/^\w+\s+(\S+) {2}/gm)!.map((line) => line.trim().split(/\s+/)[1])).toEqual(['cloudtrail-tampering', 'root-activity']);
    expect(text).toContain('also   cis-root-usage (same events)');
  });

  it('keeps monitors apart when their events differ', async () => {
    const startLogging = { ...stopLoggingRecord('a2'), eventName: 'StartLogging' };
    const dir = writeTrail([stopLoggingRecord('a1'), startLogging]);
    const report = JSON.parse((await runCli(['replay', '--json', dir])).stdout) as ReplayReport;
    const tampering = report.monitors.find((m) => m.id === 'cloudtrail-tampering')!;
    const cis = report.monitors.find((m) => m.id === 'cis-cloudtrail-config-changes')!;
    expect([tampering.count, cis.count]).toEqual([1, 2]);
    expect([tampering.alsoMatchedBy, cis.alsoMatchedBy]).toEqual([[], []]);
    const text = (await runCli(['replay', dir])).stdout;
    expect(text).toContain('cloudtrail-tampering');
    expect(text).toContain('cis-cloudtrail-config-changes');
  });
});

describe('secmon replay: hostile record values', () => {
  it('never prints control characters from a record to the terminal', async () => {
    const hostile = {
      ...stopLoggingRecord('a1'),
      sourceIPAddress: '198.51.100.1\u001b[2J\u001b[H',
      userIdentity: { type: 'IAMUser', userName: 'eve\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u202e' },
    };
    const { stdout } = await runCli(['replay', writeTrail([hostile])]);
    expect(stdout).toContain('who    eve?]8;;https://evil.example?click?]8;;?? (IAMUser, 111122223333)');
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  });
});
