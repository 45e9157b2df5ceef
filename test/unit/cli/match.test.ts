import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { toEventBridgeEnvelope } from '../../../src/catalog/envelope.js';
import { jsonLines, runCli } from '../../helpers/cli.js';
import { cloudTrailRecord, rootConsoleLogin, stopLoggingRecord } from '../../helpers/records.js';

const dir = mkdtempSync(join(tmpdir(), 'secmon-match-'));
const routine = cloudTrailRecord();
const trailFile = join(dir, 'trail.json.gz');
writeFileSync(trailFile, gzipSync(JSON.stringify({ Records: [routine, stopLoggingRecord(), rootConsoleLogin()] })));

describe('secmon match (catalog mode)', () => {
  it('prints one line per record, in order, with the sorted ids of the monitors that match', async () => {
    const { code, stdout } = await runCli(['match', trailFile]);
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines.map((l) => l['index'])).toEqual([0, 1, 2]);
    expect(lines[0]).toEqual({ index: 0, eventID: routine['eventID'], eventName: 'DescribeInstances', monitors: [] });
    expect(lines[1]!['monitors']).toEqual(['cis-cloudtrail-config-changes', 'cloudtrail-tampering']);
    expect(lines[2]!['monitors']).toEqual(['cis-root-usage', 'root-activity']);
  });

  it('treats an EventBridge envelope by its detail and matches it the same as the bare record', async () => {
    const envelope = toEventBridgeEnvelope(stopLoggingRecord());
    const { stdout } = await runCli(['match'], { stdin: JSON.stringify(envelope) });
    expect(jsonLines(stdout)).toEqual([
      { index: 0, eventID: stopLoggingRecord()['eventID'], eventName: 'StopLogging', monitors: ['cis-cloudtrail-config-changes', 'cloudtrail-tampering'] },
    ]);
  });

  it('limits the catalog with --monitor and --pack', async () => {
    const one = await runCli(['match', '--monitor', 'root-activity', trailFile]);
    expect(jsonLines(one.stdout).map((l) => l['monitors'])).toEqual([[], [], ['root-activity']]);
    const cis = await runCli(['match', '--pack', 'cis', trailFile]);
    expect(jsonLines(cis.stdout).map((l) => l['monitors'])).toEqual([[], ['cis-cloudtrail-config-changes'], ['cis-root-usage']]);
  });

  it('reports invalid JSON in place, goes on, and exits 1', async () => {
    const text = `${JSON.stringify(routine)}\n{"eventName": \n${JSON.stringify(stopLoggingRecord())}\n`;
    const { code, stdout, stderr } = await runCli(['match'], { stdin: text });
    expect(code).toBe(1);
    const lines = jsonLines(stdout);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toEqual({ index: 1, error: expect.stringMatching(/^<stdin>:2: invalid JSON/) });
    expect(lines[2]!['eventName']).toBe('StopLogging');
    expect(stderr).toContain('<stdin>:2');
  });

  it('rejects an input that is valid JSON but not a record', async () => {
    const { code, stdout } = await runCli(['match'], { stdin: '42\n' });
    expect(code).toBe(1);
    expect(jsonLines(stdout)[0]!['error']).toMatch(/not a CloudTrail record/);
  });

  it('names the closest monitor when one is mistyped, exit 2', async () => {
    const { code, stderr } = await runCli(['match', '--monitor', 'root-activty', trailFile]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown monitor 'root-activty'; did you mean root-activity");
  });

  it('refuses to wait on an interactive terminal with no input named', async () => {
    const { code, stderr } = await runCli(['match']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no input/);
  });
});

describe('secmon match (pattern mode)', () => {
  it('evaluates a filter pattern on each input as is', async () => {
    const { code, stdout } = await runCli(['match', '--filter-pattern', '{ $.eventName = "StopLogging" }', trailFile]);
    expect(code).toBe(0);
    expect(jsonLines(stdout)).toEqual([
      { index: 0, match: false },
      { index: 1, match: true },
      { index: 2, match: false },
    ]);
  });

  it('evaluates an event pattern on each input as is (no envelope added)', async () => {
    const pattern = JSON.stringify({ eventSource: ['signin.amazonaws.com'] });
    const { stdout } = await runCli(['match', '--event-pattern', pattern, trailFile]);
    expect(jsonLines(stdout).map((l) => l['match'])).toEqual([false, false, true]);
  });

  it('reads an event pattern from @file', async () => {
    const path = join(dir, 'pattern.json');
    writeFileSync(path, JSON.stringify({ eventName: ['StopLogging'] }));
    const { stdout } = await runCli(['match', '--event-pattern', `@${path}`, trailFile]);
    expect(jsonLines(stdout).map((l) => l['match'])).toEqual([false, true, false]);
  });

  it('with --lines takes each line as is, so a Records file is one input', async () => {
    const { stdout } = await runCli(['match', '--lines', '--filter-pattern', '{ $.Records[1].eventName = "StopLogging" }'], {
      stdin: `${JSON.stringify({ Records: [routine, stopLoggingRecord()] })}\n`,
    });
    expect(jsonLines(stdout)).toEqual([{ index: 0, match: true }]);
  });

  it('exits 2 naming the position of a bad filter pattern, before reading input', async () => {
    const { code, stdout, stderr } = await runCli(['match', '--filter-pattern', '{ $.eventName = }', trailFile]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/invalid filter pattern at position \d+/);
  });

  it('exits 2 for a bad event pattern', async () => {
    const { code, stderr } = await runCli(['match', '--event-pattern', '{"source": "aws.ec2"}', trailFile]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/invalid event pattern/);
  });

  it('refuses a pattern combined with catalog selection', async () => {
    const { code, stderr } = await runCli(['match', '--filter-pattern', '{ $.a = 1 }', '--monitor', 'root-activity', trailFile]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/do not combine/);
  });
});
