import { SecmonError } from '../errors.js';
import type { CliIO } from './io.js';
import { listInputFiles, readFiles, readStream, type InputBatch, type ReadOptions } from './input.js';

/**
 * The input batches of a command: the named files and directories, or stdin when none are named. Refuses to wait
 * on an interactive terminal, where a user who forgot the path would otherwise see nothing happen.
 */
export async function openSources(
  paths: readonly string[],
  io: CliIO,
  options: ReadOptions,
): Promise<{ files: number; batches: AsyncIterable<InputBatch> }> {
  if (paths.length === 0) {
    if (io.stdin.isTTY) throw new SecmonError('USAGE', 'no input: name files or directories, or pipe records to stdin');
    return { files: 1, batches: single(readStream(io.stdin, '<stdin>', options)) };
  }
  const files = await listInputFiles(paths);
  if (files.length === 0) throw new SecmonError('USAGE', `no .json or .json.gz files found in ${paths.join(', ')}`);
  return { files: files.length, batches: readFiles(files, options) };
}

async function* single(batch: Promise<InputBatch>): AsyncGenerator<InputBatch> {
  yield await batch;
}
