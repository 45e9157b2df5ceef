/**
 * The CLI on CloudTrail as people actually have it, run as a user runs it (a child process, shell pipelines): never
 * an all-clear about input it did not understand, and plumbing that survives ordinary shell use.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ReplayReport } from '../../../src/replay/summary.js';
import { jsonLines } from '../../helpers/cli.js';
import { cloudTrailRecord, rootConsoleLogin, stopLoggingRecord } from '../../helpers/records.js';
import { RUNNING_AS_ROOT, runSecmon, runShell } from '../../helpers/secmon-process.js';

/** World-readable, so the unprivileged runs can read it too. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `secmon-${prefix}-`));
  chmodSync(dir, 0o755);
  return dir;
}

const routine = (n: number) => cloudTrailRecord({ eventID: `r0000000-0000-4000-8000-${String(n).padStart(12, '0')}` });

/** Three techniques, each a JSON array of records as detonation logs are published: pretty-printed, no final newline. */
const techniques = [
  [routine(1), stopLoggingRecord('a1'), routine(2)],
  [rootConsoleLogin('b1'), routine(3)],
  [routine(4), stopLoggingRecord('a2')],
];
const ALERTING = 3;
const RECORDS = 7;

const trail = tempDir('trail');
const pretty = techniques.map((records, i) => {
  const path = join(trail, `technique-${i}.json`);
  writeFileSync(path, JSON.stringify(records, null, 3));
  return path;
});
const logs = techniques.map((records, i) => {
  const path = join(trail, `log-${i}.json.gz`);
  writeFileSync(path, gzipSync(JSON.stringify({ Records: records })));
  return path;
});

async function report(result: { code: number | null; stdout: string; stderr: string }): Promise<ReplayReport> {
  return JSON.parse(result.stdout) as ReplayReport;
}

describe('every document is unwrapped the same way, wherever it comes from', () => {
  it('reads the files themselves: the baseline the other shapes must agree with', async () => {
    const result = await runSecmon(['replay', '--json', ...pretty]);
    expect(result.code).toBe(0);
    expect(await report(result)).toMatchObject({ inputs: RECORDS, matchedInputs: ALERTING, complete: true });
  });

  it('cat *.json | secmon replay: concatenated documents', async () => {
    const result = await runShell(`cat ${pretty.join(' ')} | secmon replay --json`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await report(result)).toMatchObject({ files: 1, inputs: RECORDS, matchedInputs: ALERTING, complete: true });
  });

  it('cat *.json.gz | secmon replay: a multi-member gzip stream of log files', async () => {
    const result = await runShell(`cat ${logs.join(' ')} | secmon replay --json`);
    expect(result.code).toBe(0);
    expect(await report(result)).toMatchObject({ inputs: RECORDS, matchedInputs: ALERTING, complete: true });
  });

  it('jq -c . *.json | secmon replay: one log file or array per line', async () => {
    const lines = [JSON.stringify({ Records: techniques[0] }), JSON.stringify(techniques[1]), JSON.stringify({ Records: techniques[2] })];
    const result = await runSecmon(['replay', '--json'], { stdin: `${lines.join('\n')}\n` });
    expect(result.code).toBe(0);
    expect(await report(result)).toMatchObject({ inputs: RECORDS, matchedInputs: ALERTING, complete: true });
  });

  it('match prints one line per record of each document, not one per document', async () => {
    const result = await runShell(`cat ${pretty.join(' ')} | secmon match`);
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines).toHaveLength(RECORDS);
    expect(lines.filter((line) => (line['monitors'] as string[]).length > 0)).toHaveLength(ALERTING);
  });

  it('strips a UTF-8 byte-order mark', async () => {
    const path = join(trail, 'with-bom.json');
    writeFileSync(path, `\ufeff${JSON.stringify({ Records: techniques[0] })}`);
    const result = await runSecmon(['replay', '--json', path]);
    expect(result.code).toBe(0);
    expect(await report(result)).toMatchObject({ inputs: 3, matchedInputs: 1 });
  });

  it('understands aws cloudtrail lookup-events output', async () => {
    const events = techniques.flat().map((record) => ({
      EventId: record['eventID'],
      EventName: record['eventName'],
      EventTime: record['eventTime'],
      Username: 'alice',
      Resources: [],
      CloudTrailEvent: JSON.stringify(record),
    }));
    const path = join(trail, 'lookup-events.json');
    writeFileSync(path, JSON.stringify({ Events: events, NextToken: 'eyJ2IjoyfQ==' }, null, 4));
    const result = await runSecmon(['replay', '--json', path]);
    expect(result.code).toBe(0);
    expect(await report(result)).toMatchObject({ inputs: RECORDS, matchedInputs: ALERTING, complete: true });
  });

  it('skips CloudTrail digest files by name and says so', async () => {
    const root = tempDir('digest');
    const digestDir = join(root, 'AWSLogs', '111122223333', 'CloudTrail-Digest', 'us-east-1', '2026', '11', '20');
    mkdirSync(digestDir, { recursive: true });
    writeFileSync(
      join(digestDir, '111122223333_CloudTrail-Digest_us-east-1_main_us-east-1_20261120T090000Z.json.gz'),
      gzipSync(JSON.stringify({ awsAccountId: '111122223333', digestStartTime: '2026-11-20T08:00:00Z', logFiles: [] })),
    );
    writeFileSync(join(root, 'log.json.gz'), gzipSync(JSON.stringify({ Records: techniques[1] })));
    const result = await runSecmon(['replay', root]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 CloudTrail digest file skipped');
    expect(result.stderr).toBe('');
  });
});

describe('input that is not understood is never an all-clear', () => {
  const notCloudTrail = [{ awsAccountId: '111122223333', digestStartTime: '2026-11-20T08:00:00Z' }, { configurationItems: [] }];

  it('replay counts and names inputs that are not CloudTrail records, and exits 1', async () => {
    const path = join(trail, 'mixed.jsonl');
    writeFileSync(path, `${[routine(10), ...notCloudTrail].map((value) => JSON.stringify(value)).join('\n')}\n`);
    const result = await runSecmon(['replay', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('nothing would have alerted');
    expect(result.stdout).toContain('2 inputs are not CloudTrail records');
    expect(result.stderr).toContain(`${path}:2 (input 2): not a CloudTrail record or EventBridge event (an object with keys awsAccountId, digestStartTime`);
    expect(result.stderr).toContain(`${path}:3 (input 3): not a CloudTrail record`);
    const json = await report(await runSecmon(['replay', '--json', path]));
    expect(json).toMatchObject({ inputs: 3, notCloudTrail: 2, complete: false });
  });

  it('match reports them in place, like invalid JSON', async () => {
    const result = await runSecmon(['match'], { stdin: `${[routine(11), ...notCloudTrail].map((value) => JSON.stringify(value)).join('\n')}\n` });
    expect(result.code).toBe(1);
    const lines = jsonLines(result.stdout);
    expect(lines[0]!['monitors']).toEqual([]);
    expect(lines[1]).toEqual({ index: 1, error: expect.stringMatching(/^<stdin>:2: not a CloudTrail record/) });
    expect(lines[2]).toEqual({ index: 2, error: expect.stringMatching(/^<stdin>:3: not a CloudTrail record/) });
  });

  it('--preview says nothing would have alerted only when it understood every input', async () => {
    const result = await runSecmon(['replay', '--preview', tempDir('preview'), '-'], { stdin: JSON.stringify(notCloudTrail[0]) });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('nothing would have alerted');
    expect(result.stdout).toContain('1 input not CloudTrail records (not checked)');
  });
});

describe('files that cannot be read', () => {
  it('reports each broken file with the reason, reads the rest, and exits 1 at the end', async () => {
    const root = tempDir('broken');
    writeFileSync(join(root, 'a-good.json.gz'), gzipSync(JSON.stringify({ Records: techniques[0] })));
    const whole = gzipSync(JSON.stringify({ Records: techniques[1] }));
    writeFileSync(join(root, 'b-truncated.json.gz'), whole.subarray(0, whole.length - 20));
    writeFileSync(join(root, 'c-not-gzip.json.gz'), 'PK\u0003\u0004 this is a zip file');
    const corrupt = Buffer.from(whole);
    corrupt[corrupt.length - 6]! ^= 0xff;
    writeFileSync(join(root, 'd-corrupt.json.gz'), corrupt);
    writeFileSync(join(root, 'e-private.json.gz'), whole);
    chmodSync(join(root, 'e-private.json.gz'), 0o000);
    writeFileSync(join(root, 'f-good.json.gz'), gzipSync(JSON.stringify({ Records: techniques[2] })));
    const result = await runSecmon(['replay', root], { unprivileged: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('b-truncated.json.gz: truncated: the gzip data ends early');
    expect(result.stderr).toContain('c-not-gzip.json.gz: not gzip');
    expect(result.stderr).toContain('d-corrupt.json.gz: corrupt gzip data');
    if (RUNNING_AS_ROOT || process.getuid?.() !== 0) expect(result.stderr).toContain('e-private.json.gz: permission denied');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // The good files before and after were read and reported.
    expect(result.stdout).toMatch(/would have alerted/);
    expect(result.stdout).toContain('4 files could not be read to the end');
    expect(result.stdout).toContain('a2');
  });

  it('cuts off a gzip bomb with a reason and carries on', async () => {
    const root = tempDir('bomb');
    // 80 MiB of spaces compress to about 80 KiB: past the free allowance, far past any real log's ratio.
    writeFileSync(join(root, 'a-bomb.json.gz'), gzipSync(Buffer.alloc(80 * 1024 * 1024, 0x20), { level: 9 }));
    writeFileSync(join(root, 'b-good.json.gz'), gzipSync(JSON.stringify({ Records: techniques[0] })));
    const result = await runSecmon(['replay', root], { env: { NODE_OPTIONS: '--max-old-space-size=64' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/a-bomb\.json\.gz: decompresses to more than 200 times its size .*gzip bomb/);
    expect(result.stdout).toContain('1 record would have alerted');
  });
});

describe('bounded memory', () => {
  /** 40,000 records of about 800 bytes: about 32 MB of JSON, in a process whose heap may not exceed 24 MB. */
  const COUNT = 40_000;
  const record = (n: number) => JSON.stringify({ ...(n % 1000 === 0 ? stopLoggingRecord() : routine(n)), eventID: `m-${n}`, userAgent: 'aws-cli/2.22.4 '.padEnd(500, 'x') });
  const small = { NODE_OPTIONS: '--max-old-space-size=24' };

  it('streams JSON Lines from stdin without holding the text', async () => {
    const text = Array.from({ length: COUNT }, (_, n) => record(n)).join('\n');
    expect(text.length).toBeGreaterThan(30_000_000);
    const result = await runSecmon(['replay', '--json'], { stdin: text, env: small });
    expect(result.stderr).toBe('');
    expect(await report(result)).toMatchObject({ inputs: COUNT, matchedInputs: COUNT / 1000, complete: true });
  });

  it('streams one large {"Records": [...]} file without holding the text', async () => {
    const path = join(tempDir('large'), 'large.json.gz');
    writeFileSync(path, gzipSync(`{"Records":[${Array.from({ length: COUNT }, (_, n) => record(n)).join(',')}]}`));
    const result = await runSecmon(['replay', '--json', path], { env: small });
    expect(result.stderr).toBe('');
    expect(await report(result)).toMatchObject({ inputs: COUNT, matchedInputs: COUNT / 1000, complete: true });
  });
});

describe('plumbing', () => {
  const big = join(trail, 'big.json.gz');
  writeFileSync(big, gzipSync(JSON.stringify({ Records: Array.from({ length: 20_000 }, (_, n) => routine(100 + n)) })));

  it.each([
    ['secmon match FILE | head -1', `secmon match ${big} | head -1`, 1],
    ['secmon replay --timeline FILE | head -0', `secmon replay --timeline ${pretty.join(' ')} | head -0`, 0],
    ['secmon list | head -0', 'secmon list | head -0', 0],
  ])('%s ends quietly when the pipe closes', async (_name, script, lines) => {
    const result = await runShell(`${script}; echo "status \${PIPESTATUS[0]}" >&2`);
    expect(result.stderr).toBe('status 0\n');
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(lines);
  });

  it('takes - as stdin, in its place among the files', async () => {
    const result = await runSecmon(['match', pretty[0]!, '-', pretty[2]!], { stdin: JSON.stringify(techniques[1]) });
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((line) => line['eventID'])).toEqual(techniques.flat().map((record) => record['eventID']));
  });

  it('suggests the option meant, as it does for commands', async () => {
    const result = await runSecmon(['replay', '--jsn', pretty[0]!]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--jsn'; did you mean --json?");
    expect((await runSecmon(['match', '--monitr', 'x'])).stderr).toContain('did you mean --monitor?');
  });

  it('keeps escape sequences in file names and parser messages off the terminal', async () => {
    const root = tempDir('hostile');
    const name = join(root, 'evil\u001b]0;pwned\u0007\u001b[2J.json');
    writeFileSync(name, '{"eventName": \u001b[31m}\n');
    const result = await runSecmon(['replay', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('evil?]0;pwned??[2J.json');
    // eslint-disable-next-line no-control-regex -- the point: nothing but line feeds
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const unknown = await runSecmon(['replay', '--monitor', 'x\u001b[2J', root]);
    expect(unknown.code).toBe(2);
    // eslint-disable-next-line no-control-regex -- as above
    expect(unknown.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});
