/**
 * The inputs of a command, read as streams: which files a command line names (directories walked), and each
 * file's (or stdin's) inputs in chunks, so memory stays bounded by a chunk, whatever the size of a file or stream.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { isSecmonError, SecmonError } from '../../errors.js';
import { fileBytes, readError, streamBytes } from './bytes.js';
import { readValue, UnreadableInput } from './documents.js';
import { JsonSplitter, type SplitterSink } from './json-splitter.js';
import { LineSplitter } from './line-splitter.js';

export { UnreadableInput } from './documents.js';

/** A file, stdin (`-`, or no path named), or a directory that could not be listed (reported when read). */
export type InputSource =
  | { readonly kind: 'file'; readonly name: string }
  | { readonly kind: 'stdin'; readonly name: string }
  | { readonly kind: 'unlisted'; readonly name: string; readonly reason: string };

export const STDIN_NAME = '<stdin>';

export interface ReadOptions {
  /** Take every line as one input, as is (no CloudTrail `Records` or array unwrapping). */
  readonly lines: boolean;
}

/** Inputs of one source in order: parsed JSON values and UnreadableInputs, each with the line it starts on. */
export interface InputChunk {
  readonly source: string;
  readonly items: readonly unknown[];
  readonly lines: readonly number[];
}

export interface InputListing {
  readonly sources: readonly InputSource[];
  /** CloudTrail digest files skipped by name: they hold hashes of log files, not records. */
  readonly skippedDigests: number;
}

/** The inputs of at most this much text are handed on at once. */
const SLICE_BYTES = 64 * 1024;

const INPUT_FILE = /\.jsonl?(\.gz)?$/i;
/** `<account>_CloudTrail-Digest_<region>_...json.gz`, under `AWSLogs/<account>/CloudTrail-Digest/`. */
const DIGEST_FILE = /_CloudTrail-Digest_/;

/**
 * Expands files and directories (recursively, in name order) to the sources to read; `-` is stdin. Named files are
 * taken whatever their extension; inside directories only `.json`, `.jsonl` and their `.gz` forms. CloudTrail
 * digest files are skipped by name, wherever they are. A named path that does not exist is a usage error.
 */
export async function listInputs(paths: readonly string[]): Promise<InputListing> {
  const sources: InputSource[] = [];
  let skippedDigests = 0;
  const add = (path: string) => {
    if (DIGEST_FILE.test(basename(path))) skippedDigests++;
    else sources.push({ kind: 'file', name: path });
  };
  for (const path of paths) {
    if (path === '-') {
      if (sources.some((source) => source.kind === 'stdin')) throw new SecmonError('USAGE', "'-' (stdin) is named twice");
      sources.push({ kind: 'stdin', name: STDIN_NAME });
      continue;
    }
    const info = await stat(path).catch((cause: unknown) => {
      throw new SecmonError('USAGE', `cannot read ${path}: ${readError(cause).message}`, { cause });
    });
    if (!info.isDirectory()) add(path);
    else await walk(path, add, sources);
  }
  return { sources, skippedDigests };
}

async function walk(directory: string, add: (path: string) => void, sources: InputSource[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (cause) {
    sources.push({ kind: 'unlisted', name: directory, reason: `cannot list this directory: ${readError(cause).message}` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) await walk(path, add, sources);
    else if (entry.isFile() && INPUT_FILE.test(entry.name)) add(path);
  }
}

/**
 * The inputs of one source, a chunk at a time (as much as one read or decompressed chunk gives). A source that
 * cannot be read, or stops being readable (a truncated gzip stream), gives an UnreadableInput without a line naming
 * why, after whatever was read before; the next source is read as usual.
 */
export async function* readSource(source: InputSource, stdin: Readable | undefined, options: ReadOptions): AsyncGenerator<InputChunk> {
  let items: unknown[] = [];
  let lines: number[] = [];
  const take = (): { items: unknown[]; lines: number[] } => {
    const taken = { items, lines };
    items = [];
    lines = [];
    return taken;
  };
  const push = (item: unknown, line: number) => {
    items.push(item);
    lines.push(line);
  };
  const file = source.name;
  if (source.kind === 'unlisted') {
    push(new UnreadableInput(file, undefined, source.reason), 0);
    yield { source: file, ...take() };
    return;
  }
  const sink: SplitterSink = {
    value: (text, line, origin, parsed) => readValue(text, line, origin, file, push, parsed),
    problem: (line, reason) => push(new UnreadableInput(file, line, reason), line),
  };
  if (source.kind === 'stdin' && stdin === undefined) throw new Error('readSource: stdin is read by the main thread only');
  const splitter = options.lines ? new LineSplitter(sink) : new JsonSplitter(sink);
  try {
    for await (const bytes of source.kind === 'stdin' ? streamBytes(stdin!, file) : fileBytes(file)) {
      // A slice at a time: a small file can gunzip to a large text, and its inputs are handed on slice by slice.
      for (let start = 0; start < bytes.length; start += SLICE_BYTES) {
        splitter.push(bytes.subarray(start, start + SLICE_BYTES));
        if (items.length > 0) yield { source: file, ...take() };
      }
    }
    splitter.end();
  } catch (error) {
    if (!isSecmonError(error, 'INPUT_INVALID')) throw error;
    splitter.abandon();
    push(new UnreadableInput(file, undefined, error.message), 0);
  }
  yield { source: file, ...take() };
}
