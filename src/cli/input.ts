import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { SecmonError } from '../errors.js';
import { isJsonObject } from '../cloudtrail/record.js';
import { jsonErrorOffset } from './json-error.js';

const gunzip = promisify(gunzipCallback);
const GUNZIP_CHUNK_BYTES = 8 * 1024 * 1024;

/** An input that could not be read as JSON; it keeps its place in the input order. */
export class UnreadableInput {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {}

  get message(): string {
    return `${this.file}:${this.line}: ${this.reason}`;
  }
}

/** The inputs of one file (or of stdin), in order: parsed JSON values and unreadable ones. */
export interface InputBatch {
  readonly file: string;
  readonly items: readonly unknown[];
  /** Bytes read (before decompression), for progress reporting. */
  readonly bytes: number;
}

export interface ReadOptions {
  /** Take every line as one input, as is (no CloudTrail `Records` or array unwrapping). */
  readonly lines: boolean;
}

const INPUT_FILE = /\.jsonl?(\.gz)?$/;

/**
 * Expands files and directories (recursively, in name order) to the list of files to read. Named files are taken
 * whatever their extension; inside directories only `.json`, `.jsonl` and their `.gz` forms.
 */
export async function listInputFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((cause: unknown) => {
      throw new SecmonError('USAGE', `cannot read ${path}: no such file or directory`, { cause });
    });
    if (info.isDirectory()) files.push(...(await walk(path)));
    else files.push(path);
  }
  return files;
}

async function walk(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile() && INPUT_FILE.test(entry.name)) files.push(path);
  }
  return files;
}

/**
 * Reads files one at a time, each parsed whole, so memory stays bounded by the largest file (two at most: the next
 * file is read and decompressed while the current one is processed, which overlaps I/O with matching).
 */
export async function* readFiles(files: readonly string[], options: ReadOptions): AsyncGenerator<InputBatch> {
  let next = files.length > 0 ? loadFile(files[0]!) : undefined;
  for (let i = 0; i < files.length; i++) {
    const current = await next!;
    next = i + 1 < files.length ? loadFile(files[i + 1]!) : undefined;
    // Keep a rejected prefetch from surfacing as unhandled before its turn comes.
    next?.catch(() => undefined);
    yield { file: files[i]!, items: parseDocument(current.text, files[i]!, options), bytes: current.bytes };
  }
}

/** Reads one file whole: what readFiles gives for it (without the read-ahead); a match worker's unit of work. */
export async function readInputFile(path: string, options: ReadOptions): Promise<InputBatch> {
  const { text, bytes } = await loadFile(path);
  return { file: path, items: parseDocument(text, path, options), bytes };
}

export async function readStream(
  stream: AsyncIterable<Buffer | string>,
  name: string,
  options: ReadOptions,
): Promise<InputBatch> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const raw = Buffer.concat(chunks);
  const text = await decode(raw, name);
  return { file: name, items: parseDocument(text, name, options), bytes: raw.length };
}

async function loadFile(path: string): Promise<{ text: string; bytes: number }> {
  // Read synchronously: reading is a small share of the cost, and fs.promises reads in chunks that each wait for a
  // turn of the main thread, which would stall this prefetch while the current file is being matched.
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (cause) {
    throw new SecmonError('INPUT_INVALID', `cannot read ${path}`, { cause });
  }
  return { text: await decode(raw, path), bytes: raw.length };
}

async function decode(raw: Buffer, name: string): Promise<string> {
  // Gzip is recognised by its magic bytes, so a `.json` that is really compressed (as S3 downloads can be) works.
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    // One large output chunk: with the default 16 KiB chunks every chunk needs a turn of the main thread, so
    // decompression of the next file would stall while the current one is parsed instead of overlapping with it.
    const unzipped = await gunzip(raw, { chunkSize: GUNZIP_CHUNK_BYTES }).catch((cause: unknown) => {
      throw new SecmonError('INPUT_INVALID', `${name}: not a valid gzip file`, { cause });
    });
    return unzipped.toString('utf8');
  }
  return raw.toString('utf8');
}

/**
 * One document: a CloudTrail log file (`{"Records": [...]}`) gives its records, a JSON array its elements, any other
 * JSON value itself; text that is not one JSON document is read as JSON Lines.
 */
export function parseDocument(text: string, file: string, options: ReadOptions): unknown[] {
  if (options.lines) return parseLines(text, file);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const broken = brokenDocument(text, file, error);
    return broken ? [broken] : parseLines(text, file);
  }
  if (isJsonObject(document) && Array.isArray(document['Records'])) return document['Records'];
  if (Array.isArray(document)) return document;
  return [document];
}

/**
 * Tells a broken multi-line document (a truncated CloudTrail file: one error) from JSON Lines with bad lines (one
 * error per bad line). A pretty-printed document spans lines, so neither of its first two lines is JSON alone and
 * the parser got past the first one; in JSON Lines, some of the first lines parse by themselves.
 */
function brokenDocument(text: string, file: string, error: unknown): UnreadableInput | undefined {
  const lines = text.split('\n', 64).map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length < 2 || lines.slice(0, 2).some(parses)) return undefined;
  const position = jsonErrorOffset(text);
  if (position <= text.indexOf('\n')) return undefined;
  return new UnreadableInput(file, lineAt(text, position), jsonReason(error));
}

function parseLines(text: string, file: string): unknown[] {
  const items: unknown[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const content = text.slice(start, end).trim();
    if (content !== '') {
      try {
        items.push(JSON.parse(content));
      } catch (error) {
        items.push(new UnreadableInput(file, line, jsonReason(error)));
      }
    }
    start = end + 1;
  }
  return items;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < position; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** V8's messages echo the input; keep the reason short and free of record contents. */
function jsonReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const withoutEcho = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  return `invalid JSON: ${withoutEcho.length > 120 ? `${withoutEcho.slice(0, 117)}...` : withoutEcho}`;
}
