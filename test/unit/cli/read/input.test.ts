import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../../../src/cli/read/json-error.js';
import { listInputs, readSource, UnreadableInput, type ReadOptions } from '../../../../src/cli/read/input.js';
import { isSecmonError } from '../../../../src/errors.js';

const asDocument: ReadOptions = { lines: false };
const root = mkdtempSync(join(tmpdir(), 'secmon-input-'));
let written = 0;

/** The inputs of `text` read as a file, each chunk boundary tried: every split must give the same inputs. */
async function itemsOf(text: string | Buffer, options: ReadOptions = asDocument): Promise<unknown[]> {
  const path = join(root, `input-${written++}.json`);
  writeFileSync(path, text);
  const items: unknown[] = [];
  for await (const chunk of readSource({ kind: 'file', name: path }, Readable.from([]), options)) items.push(...chunk.items);
  // The same bytes from a stream delivering 7 bytes at a time.
  const bytes = Buffer.from(text);
  const pieces = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
  const streamed: unknown[] = [];
  for await (const chunk of readSource({ kind: 'stdin', name: path }, Readable.from(pieces), options)) streamed.push(...chunk.items);
  expect(streamed).toEqual(items);
  return items;
}

const problem = (item: unknown) => item as UnreadableInput;

describe('reading documents', () => {
  it('gives the records of a CloudTrail log file', async () => {
    expect(await itemsOf('{"Records":[{"a":1},{"a":2}]}')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('gives the elements of a JSON array, unwrapping log files inside it (jq -s)', async () => {
    expect(await itemsOf('[{"a":1},{"Records":[{"b":2},{"b":3}]}]')).toEqual([{ a: 1 }, { b: 2 }, { b: 3 }]);
  });

  it('gives a single pretty-printed object as one input', async () => {
    expect(await itemsOf('{\n  "eventName": "X"\n}\n')).toEqual([{ eventName: 'X' }]);
  });

  it('reads concatenated documents: log files, arrays and JSON Lines one after another', async () => {
    const text = '{"Records":[{"a":1}]}{"Records":[{"a":2}]}\n[\n {"a":3}\n][{"a":4}]\n{"Records":[{"a":5}]}\n{"a":6}\n';
    expect(await itemsOf(text)).toEqual([1, 2, 3, 4, 5, 6].map((a) => ({ a })));
  });

  it('skips byte-order marks at the start and between documents', async () => {
    expect(await itemsOf('\ufeff{"Records":[{"a":1}]}\n\ufeff[{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('reads UTF-16 text with its byte-order mark', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"Records":[{"who":"zoë"}]}', 'utf16le')]);
    expect(await itemsOf(utf16)).toEqual([{ who: 'zoë' }]);
  });

  it('gives the records inside aws cloudtrail lookup-events output, whatever key comes first', async () => {
    const entry = (id: string) => ({ EventId: id, EventName: 'StopLogging', CloudTrailEvent: JSON.stringify({ eventID: id, eventName: 'StopLogging' }) });
    const output = { Events: [entry('a'), entry('b')], NextToken: 'x' };
    expect(await itemsOf(JSON.stringify(output))).toEqual([
      { eventID: 'a', eventName: 'StopLogging' },
      { eventID: 'b', eventName: 'StopLogging' },
    ]);
    expect(await itemsOf(JSON.stringify({ NextToken: 'x', Events: [entry('c')] }, null, 2))).toEqual([{ eventID: 'c', eventName: 'StopLogging' }]);
  });

  it('reports a lookup-events entry whose CloudTrailEvent is not JSON in its place', async () => {
    const items = await itemsOf(JSON.stringify({ Events: [{ CloudTrailEvent: '{"eventName": ' }, { CloudTrailEvent: '{"a":1}' }] }));
    expect(problem(items[0]).reason).toMatch(/CloudTrailEvent of a lookup-events entry is not JSON/);
    expect(items[1]).toEqual({ a: 1 });
  });

  it('never takes the arrays of later keys as records', async () => {
    expect(await itemsOf('{"Records":[{"a":1}],"Other":[{"b":2}]}')).toEqual([{ a: 1 }]);
  });
});

describe('reading broken input', () => {
  it('reads JSON Lines, skipping blank lines, keeping bad lines in place with their line number', async () => {
    const items = await itemsOf('{"a":1}\n\n{"a":\n{"a":3}\n');
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({ a: 1 });
    expect(problem(items[1]).message).toMatch(/input-\d+\.json:3: invalid JSON/);
    expect(items[2]).toEqual({ a: 3 });
  });

  it('reports a broken JSON Lines first line as that line, not as a broken document', async () => {
    const items = await itemsOf('{"a":\n{"a":2}\n{"a":3}\n');
    expect(problem(items[0]).line).toBe(1);
    expect(items.slice(1)).toEqual([{ a: 2 }, { a: 3 }]);
  });

  it('reports a line cut inside a string and goes on at the next line', async () => {
    const items = await itemsOf('{"a": "abc\n{"b":1}\n');
    expect(problem(items[0]).line).toBe(1);
    expect(items[1]).toEqual({ b: 1 });
  });

  it('keeps the records before a truncated multi-line log file and reports where it breaks', async () => {
    const items = await itemsOf('{"Records": [\n  {"eventName": "A"},\n  {"eventName": "B",\n');
    expect(items[0]).toEqual({ eventName: 'A' });
    expect(items).toHaveLength(2);
    expect(problem(items[1]).line).toBe(4);
  });

  it('reports a broken pretty-printed document once and reads the next document', async () => {
    const items = await itemsOf('{\n  "a": 1,\n  "b": 2\n[\n  {"c": 2}\n]\n');
    expect(items).toHaveLength(2);
    expect(items[0]).toBeInstanceOf(UnreadableInput);
    expect(items[1]).toEqual({ c: 2 });
  });

  it('with lines: true, takes each line as is, without unwrapping Records', async () => {
    expect(await itemsOf('{"Records":[1]}\n[1,2]\n', { lines: true })).toEqual([{ Records: [1] }, [1, 2]]);
  });

  it('keeps record contents out of the error reason', async () => {
    const items = await itemsOf('{"secret": "hunter2" oops}\n{"a":1}');
    expect(problem(items[0]).reason).not.toContain('hunter2');
    expect(items[1]).toEqual({ a: 1 });
  });

  it('reports nesting deeper than the limit instead of overflowing the stack', async () => {
    const items = await itemsOf(`${'['.repeat(10_000)}\n{"a":1}\n`);
    expect(problem(items[0]).reason).toMatch(/nested deeper than 512 levels/);
    expect(items.at(-1)).toEqual({ a: 1 });
  });
});

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": }', 6],
    ['[1, 2', 5],
    ['{"a": 1} x', 9],
    ['{"a": tru}', 9],
    ['{"a": "x\ny"}', 8],
  ])('finds where %j stops being JSON', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});

describe('files and directories', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secmon-listing-'));
  mkdirSync(join(dir, 'b', 'deep'), { recursive: true });
  mkdirSync(join(dir, 'AWSLogs', '111122223333', 'CloudTrail-Digest', 'us-east-1'), { recursive: true });
  writeFileSync(join(dir, 'a.json'), '{"Records":[{"n":1}]}');
  writeFileSync(join(dir, 'b', 'deep', 'c.json.gz'), gzipSync('{"Records":[{"n":2},{"n":3}]}'));
  writeFileSync(join(dir, 'b', 'notes.txt'), 'not an input');
  writeFileSync(join(dir, 'b', 'z.jsonl'), '{"n":4}\n');
  writeFileSync(
    join(dir, 'AWSLogs', '111122223333', 'CloudTrail-Digest', 'us-east-1', '111122223333_CloudTrail-Digest_us-east-1_main_us-east-1_20261120T090000Z.json.gz'),
    gzipSync('{"digestStartTime":"2026-11-20T08:00:00Z"}'),
  );

  it('walks directories recursively in name order, taking only JSON inputs and skipping digest files', async () => {
    const listing = await listInputs([dir]);
    expect(listing.sources.map((source) => source.name.slice(dir.length + 1))).toEqual(['a.json', 'b/deep/c.json.gz', 'b/z.jsonl']);
    expect(listing.skippedDigests).toBe(1);
  });

  it('takes - as stdin, in its place among the files', async () => {
    const listing = await listInputs([join(dir, 'a.json'), '-']);
    expect(listing.sources.map((source) => source.kind)).toEqual(['file', 'stdin']);
  });

  it('names a missing path in a usage error', async () => {
    const error = await listInputs([join(dir, 'missing')]).catch((e: unknown) => e);
    expect(isSecmonError(error, 'USAGE')).toBe(true);
    expect((error as Error).message).toContain('missing');
  });
});
