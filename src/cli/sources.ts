import { isJsonObject, type JsonObject } from '../cloudtrail/record.js';
import { SecmonError } from '../errors.js';
import { writeLine, type CliIO } from './io.js';
import { listInputFiles, readFiles, readStream, UnreadableInput, type InputBatch, type ReadOptions } from './input.js';
import { Progress, PROGRESS_MIN_FILES } from './progress.js';

/**
 * The input batches of a command: the named files and directories, or stdin when none are named. Refuses to wait
 * on an interactive terminal, where a user who forgot the path would otherwise see nothing happen.
 */
export async function openSources(
  paths: readonly string[],
  io: CliIO,
  options: ReadOptions,
): Promise<{ files: number; batches: AsyncIterable<InputBatch> }> {
  const files = paths.length > 0 ? await listSourceFiles(paths) : undefined;
  return { files: files?.length ?? 1, batches: readSources(files, io, options) };
}

/** The files named by `paths` (directories expanded); refuses paths that name none. */
export async function listSourceFiles(paths: readonly string[]): Promise<string[]> {
  const files = await listInputFiles(paths);
  if (files.length === 0) throw new SecmonError('USAGE', `no .json or .json.gz files found in ${paths.join(', ')}`);
  return files;
}

/** The batches of `files` (from listSourceFiles), or of stdin when undefined. */
export function readSources(files: readonly string[] | undefined, io: CliIO, options: ReadOptions): AsyncIterable<InputBatch> {
  if (files !== undefined) return readFiles(files, options);
  if (io.stdin.isTTY) throw new SecmonError('USAGE', 'no input: name files or directories, or pipe records to stdin');
  return single(readStream(io.stdin, '<stdin>', options));
}

async function* single(batch: Promise<InputBatch>): AsyncGenerator<InputBatch> {
  yield await batch;
}

export interface InputHandlers {
  /** A readable input (a JSON object); `where` names it for messages: `<file>: input <n>`. */
  readonly input: (input: JsonObject, where: string) => void;
  /** An input that is not JSON or not an object (already reported on stderr when it is not JSON). */
  readonly unreadable: () => void;
}

/** Feeds every input of the sources to `handlers`, with a progress bar on a terminal stderr for many files. */
export async function forEachInput(sources: { files: number; batches: AsyncIterable<InputBatch> }, io: CliIO, handlers: InputHandlers): Promise<void> {
  const progress = new Progress(io.stderr, sources.files, Boolean(io.stderr.isTTY) && sources.files >= PROGRESS_MIN_FILES);
  for await (const batch of sources.batches) {
    batch.items.forEach((item, index) => {
      if (item instanceof UnreadableInput || !isJsonObject(item)) {
        handlers.unreadable();
        if (item instanceof UnreadableInput) writeLine(io.stderr, `secmon: ${item.message}`);
        return;
      }
      handlers.input(item, `${batch.file}: input ${index + 1}`);
    });
    progress.fileDone(batch.items.length);
  }
  progress.clear();
}
