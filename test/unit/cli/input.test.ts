import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { listInputFiles, parseDocument, readFiles, UnreadableInput } from '../../../src/cli/input.js';
import { jsonErrorOffset } from '../../../src/cli/json-error.js';
import { isSecmonError } from '../../../src/errors.js';

const asDocument = { lines: false };

describe('parseDocument', () => {
  it('gives the records of a CloudTrail log file', () => {
    expect(parseDocument('{"Records":[{"a":1},{"a":2}]}', 'f.json', asDocument)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('gives the elements of a JSON array', () => {
    expect(parseDocument('[{"a":1},{"b":2}]', 'f.json', asDocument)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('gives a single pretty-printed object as one input', () => {
    expect(parseDocument('{\n  "eventName": "X"\n}\n', 'f.json', asDocument)).toEqual([{ eventName: 'X' }]);
  });

  it('reads JSON Lines, skipping blank lines, keeping bad lines in place with their line number', () => {
    const items = parseDocument('{"a":1}\n\n{"a":\n{"a":3}\n', 'f.jsonl', asDocument);
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({ a: 1 });
    expect(items[1]).toBeInstanceOf(UnreadableInput);
    expect((items[1] as UnreadableInput).message).toMatch(/^f\.jsonl:3: invalid JSON/);
    expect(items[2]).toEqual({ a: 3 });
  });

  it('reports a broken JSON Lines first line as that line, not as a broken document', () => {
    const items = parseDocument('{"a":\n{"a":2}\n', 'f.jsonl', asDocument);
    expect((items[0] as UnreadableInput).line).toBe(1);
    expect(items[1]).toEqual({ a: 2 });
  });

  it('reports a truncated multi-line CloudTrail file once, at the line where it breaks', () => {
    const text = '{"Records": [\n  {"eventName": "A"},\n  {"eventName": "B",\n';
    const items = parseDocument(text, 'trail.json', asDocument);
    expect(items).toHaveLength(1);
    expect(items[0]).toBeInstanceOf(UnreadableInput);
    expect((items[0] as UnreadableInput).line).toBe(4);
  });

  it('with lines: true, takes each line as is, without unwrapping Records', () => {
    expect(parseDocument('{"Records":[1]}\n[1,2]\n', 'f', { lines: true })).toEqual([{ Records: [1] }, [1, 2]]);
  });

  it('keeps record contents out of the error reason', () => {
    const items = parseDocument('{"secret": "hunter2" oops}\n{"a":1}', 'f', asDocument);
    expect((items[0] as UnreadableInput).reason).not.toContain('hunter2');
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
  const root = mkdtempSync(join(tmpdir(), 'secmon-input-'));
  mkdirSync(join(root, 'b', 'deep'), { recursive: true });
  writeFileSync(join(root, 'a.json'), '{"Records":[{"n":1}]}');
  writeFileSync(join(root, 'b', 'deep', 'c.json.gz'), gzipSync('{"Records":[{"n":2},{"n":3}]}'));
  writeFileSync(join(root, 'b', 'notes.txt'), 'not an input');
  writeFileSync(join(root, 'b', 'z.jsonl'), '{"n":4}\n');

  it('walks directories recursively in name order, taking only JSON inputs', async () => {
    const files = await listInputFiles([root]);
    expect(files.map((f) => f.slice(root.length + 1))).toEqual(['a.json', 'b/deep/c.json.gz', 'b/z.jsonl']);
  });

  it('reads gzip by its magic bytes and yields one batch per file in order', async () => {
    const batches = [];
    for await (const batch of readFiles(await listInputFiles([root]), asDocument)) batches.push(batch.items);
    expect(batches).toEqual([[{ n: 1 }], [{ n: 2 }, { n: 3 }], [{ n: 4 }]]);
  });

  it('names a missing path in a usage error', async () => {
    const error = await listInputFiles([join(root, 'missing')]).catch((e: unknown) => e);
    expect(isSecmonError(error, 'USAGE')).toBe(true);
    expect((error as Error).message).toContain('missing');
  });
});
