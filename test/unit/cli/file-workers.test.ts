import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { toEventBridgeEnvelope } from '../../../src/catalog/envelope.js';
import { matchCommand } from '../../../src/cli/commands/match.js';
import { fileWorkerCount } from '../../../src/cli/file-workers.js';
import { isSecmonError } from '../../../src/errors.js';
import { runCli } from '../../helpers/cli.js';
import { cloudTrailRecord, rootConsoleLogin, stopLoggingRecord } from '../../helpers/records.js';

// The worker from source (the shim bundles src/cli/file-worker.ts), as the CLI finds it when run from src/.
const WORKER = new URL('../../../src/cli/file-worker.mjs', import.meta.url);

const root = mkdtempSync(join(tmpdir(), 'secmon-match-workers-'));

function routine(n: number): Record<string, unknown> {
  return cloudTrailRecord({ eventID: `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}` });
}

/** Files of every kind the reader handles; the first is the largest, so later files finish first in the workers. */
function writeFixtures(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const big = Array.from({ length: 1500 }, (_, i) => routine(i));
  big.splice(700, 0, stopLoggingRecord(), rootConsoleLogin());
  writeFileSync(join(dir, 'a-big.json.gz'), gzipSync(JSON.stringify({ Records: big })));
  writeFileSync(join(dir, 'b-incidents.json'), JSON.stringify({ Records: [routine(2000), stopLoggingRecord(), toEventBridgeEnvelope(rootConsoleLogin())] }));
  const lines = [JSON.stringify(routine(3000)), '{"eventName": ', '42', '[1]', '', JSON.stringify(toEventBridgeEnvelope(stopLoggingRecord())), 'null'];
  writeFileSync(join(dir, 'c-broken.jsonl'), `${lines.join('\n')}\n`);
  const pretty = JSON.stringify({ Records: [routine(4000), stopLoggingRecord(), routine(4001)] }, null, 2);
  writeFileSync(join(dir, 'd-truncated.json'), pretty.slice(0, Math.floor(pretty.length * 0.6)));
  writeFileSync(join(dir, 'e-empty.json'), '');
  writeFileSync(join(dir, 'f-array.json.gz'), gzipSync(JSON.stringify([rootConsoleLogin(), routine(5000)])));
  for (let f = 0; f < 5; f++) {
    const records = Array.from({ length: 20 + f * 40 }, (_, i) => routine(6000 + f * 1000 + i));
    if (f % 2 === 0) records.push(stopLoggingRecord(`e0000000-0000-4000-8000-00000000f00${f}`));
    writeFileSync(join(dir, `g-${f}.json.gz`), gzipSync(JSON.stringify({ Records: records })));
  }
}

const mixed = join(root, 'mixed');
writeFixtures(mixed);
// The same, with a file that cannot be read (gzip magic, then garbage) between the others.
const withUnreadable = join(root, 'unreadable');
writeFixtures(withUnreadable);
writeFileSync(join(withUnreadable, 'c-corrupt.json.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9]));

interface Outcome {
  code: number | string;
  stdout: string;
  stderr: string;
}

/** Runs match with this many worker threads besides the main thread (0: the sequential path); a SecmonError gives its code and message. */
async function match(argv: string[], workers: number): Promise<Outcome> {
  const stdin = Object.assign(Readable.from([]), { isTTY: true });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  let code: number | string;
  try {
    code = await matchCommand(argv, { stdin, stdout, stderr }, { workerEntry: WORKER, workers });
  } catch (error) {
    if (!isSecmonError(error)) throw error;
    code = error.code;
    err.push(Buffer.from(`thrown: ${error.message}\n`));
  }
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

describe('secmon match over several files in worker threads', () => {
  it.each([
    ['catalog', []],
    ['--pack cis', ['--pack', 'cis']],
    ['--monitor', ['--monitor', 'root-activity', '--monitor', 'cloudtrail-tampering']],
    ['--filter-pattern', ['--filter-pattern', '{ $.eventName = "StopLogging" }']],
    ['--event-pattern', ['--event-pattern', JSON.stringify({ 'detail-type': ['AWS Console Sign In via CloudTrail'] })]],
    ['--lines', ['--lines']],
  ])('writes byte for byte what the sequential path writes (%s)', async (_name, options) => {
    const sequential = await match([...options, mixed], 0);
    expect(sequential.code).toBe(1);
    expect(sequential.stdout).toMatch(/^\{"index":0,/);
    expect(sequential.stderr).toMatch(/c-broken\.jsonl:2: invalid JSON/);
    expect(sequential.stderr).toMatch(/d-truncated\.json:\d+: invalid JSON/);
    for (const workers of [1, 3]) expect(await match([...options, mixed], workers)).toEqual(sequential);
  });

  it('names the files singly in the order given, the same way', async () => {
    const files = ['g-1.json.gz', 'a-big.json.gz', 'c-broken.jsonl', 'f-array.json.gz'].map((name) => join(mixed, name));
    const sequential = await match(files, 0);
    expect(sequential.stdout).toContain('"index":0,"eventID":"e0000000-0000-4000-8000-000000007000"');
    expect(await match(files, 1)).toEqual(sequential);
  });

  it('reports an unreadable file in its place and goes on with the rest, as the sequential path does', async () => {
    const sequential = await match([withUnreadable], 0);
    expect(sequential.code).toBe(1);
    expect(sequential.stderr).toMatch(/c-corrupt\.json\.gz: (truncated|corrupt gzip data)/);
    expect(sequential.stdout).toMatch(/"error":"[^"]*c-corrupt\.json\.gz: (truncated|corrupt gzip data)/);
    expect(sequential.stdout).toContain('c-broken.jsonl:2: invalid JSON');
    // The files after it were read.
    expect(sequential.stdout).toContain('"eventID":"e0000000-0000-4000-8000-000000005000"');
    for (const workers of [1, 2]) expect(await match([withUnreadable], workers)).toEqual(sequential);
  });

  it('exits 2 for a bad pattern or monitor before starting any worker or reading input', async () => {
    const bad = await match(['--filter-pattern', '{ $.eventName = }', mixed], 1);
    expect(bad).toMatchObject({ code: 'PATTERN_SYNTAX', stdout: '' });
    expect(await match(['--monitor', 'root-activty', mixed], 1)).toMatchObject({ code: 'UNKNOWN_MONITOR', stdout: '' });
  });

  it('runs from `secmon match DIR` with the worker the CLI finds next to its entry', async () => {
    const cli = await runCli(['match', mixed]);
    const sequential = await match([mixed], 0);
    expect({ code: cli.code, stdout: cli.stdout, stderr: cli.stderr }).toEqual(sequential);
    const unreadable = await runCli(['match', withUnreadable]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/secmon: .*c-corrupt\.json\.gz: (truncated|corrupt gzip data)/);
  });
});

describe('secmon match --jobs', () => {
  it('gives the same output on one thread and on two', async () => {
    const one = await runCli(['match', '--jobs', '1', mixed]);
    const two = await runCli(['match', '--jobs', '2', mixed]);
    expect(two).toEqual(one);
    expect(one.stdout).toContain('"index":0');
  });

  it('rejects a job count that is not a whole number from 1 to 16', async () => {
    for (const jobs of ['0', '1.5', 'many', '17']) {
      const { code, stderr } = await runCli(['match', '--jobs', jobs, mixed]);
      expect(code).toBe(2);
      expect(stderr).toContain('--jobs takes a whole number from 1 to 16');
    }
  });
});

describe('fileWorkerCount', () => {
  it('uses the idle cores: cores less the load, at most 4 threads in all, none for a single file', () => {
    expect(fileWorkerCount(50, 2, 0.1)).toBe(1);
    expect(fileWorkerCount(50, 2, 1.2)).toBe(0);
    expect(fileWorkerCount(50, 8, 0)).toBe(3);
    expect(fileWorkerCount(50, 8, 5.6)).toBe(1);
    expect(fileWorkerCount(1, 8, 0)).toBe(0);
    expect(fileWorkerCount(3, 8, 0)).toBe(2);
  });
});
