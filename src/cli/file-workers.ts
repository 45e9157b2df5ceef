/**
 * `secmon match` and `secmon replay` over several files on several cores: the main thread and worker threads
 * (file-worker.ts) each take one file at a time, read, gunzip, parse and evaluate it with the same code
 * (match-evaluate.ts, replay-scan.ts); workers send back their output; the main thread uses the files' outputs
 * strictly in input order (match numbers and writes its lines, replay adds to its report).
 *
 * The main thread evaluates files too, so one core needs no worker: starting a thread and compiling the catalog in
 * it costs CPU that only pays off when a core is free, and on a loaded 2-core machine two workers made the run
 * slower than one thread alone.
 *
 * Memory stays bounded: at most `evaluators + 1` files are in flight (handed out and not yet written), so at most
 * one finished file waits for a slower one ahead of it while every evaluator is busy.
 */
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SecmonError, type ErrorCode } from '../errors.js';
import type { MatchSpec } from './match-evaluate.js';
import type { InputSource, ReadOptions } from './read/input.js';
import type { ReplaySelection } from './replay-scan.js';

/**
 * More evaluators than cores only time-slice them and hold more parsed files in memory. Past 4, the main thread's
 * serial share (numbering and writing lines, about a tenth of the work) and each worker's start (loading the bundle,
 * compiling the catalog: ~50 ms) eat the gain, and memory grows with every file in flight.
 */
const MAX_EVALUATORS = 4;

/**
 * Worker threads besides the main thread for this many files: one per further idle core, at most 3; 0 for one file.
 * Idle cores are the cores less the 1-minute load average (as `make -l` does): a worker on a busy core only adds its
 * start-up and a second catalog to the work, and measured slower than one thread on a loaded 2-core machine.
 */
export function fileWorkerCount(files: number, cores = availableParallelism(), load = loadavg()[0] ?? 0): number {
  const idleCores = Math.max(1, Math.round(cores - load));
  return Math.max(0, Math.min(idleCores, MAX_EVALUATORS, files) - 1);
}

/** Runs one file to its output; the main thread's runner and each worker thread's. */
interface FileRunner<T> {
  run(source: InputSource): Promise<T>;
  close(): Promise<void>;
}

/** What a worker is started with (workerData): which command's work it does on each file. */
export type FileWorkerSetup =
  | { readonly kind: 'match'; readonly spec: MatchSpec; readonly read: ReadOptions }
  | { readonly kind: 'replay'; readonly selection: ReplaySelection; readonly read: ReadOptions };

/** Main thread to worker: this file (never stdin: a worker has none). */
export interface FileWorkerTask {
  readonly source: InputSource;
}

/**
 * Worker to main thread, one per task: the file's output, or why it failed. A SecmonError crosses as its code and
 * message and is raised again as one; anything else is a bug and crosses as the Error.
 */
export type FileWorkerReply =
  | { readonly output: unknown }
  | { readonly failure: { readonly code: ErrorCode; readonly message: string } }
  | { readonly crash: unknown };

export interface FilePoolOptions<T> {
  /** The worker thread entry (dist/file-worker.mjs, or src/cli/file-worker.mjs from source). */
  readonly entry: URL;
  readonly workers: number;
  readonly setup: FileWorkerSetup;
  /** The main thread's own work on a file: what a worker does with `setup`. */
  readonly here: (source: InputSource) => Promise<T>;
}

/**
 * Runs `files` on the main thread and in `options.workers` worker threads, and hands each file's output to `use`
 * in input order. Raises a file's failure once every file before it has been used.
 */
export async function inOrderOnWorkers<T>(files: readonly InputSource[], options: FilePoolOptions<T>, use: (output: T) => Promise<void> | void): Promise<void> {
  const pool: FileRunner<T>[] = [
    { run: options.here, close: async () => undefined },
    ...Array.from({ length: options.workers }, () => new FileWorker<T>(options.entry, options.setup)),
  ];
  const limit = pool.length + 1;
  const idle = [...pool];
  const results: (Promise<T> | undefined)[] = [];
  let started = 0;
  let written = 0;
  const dispatch = (): void => {
    while (idle.length > 0 && started < files.length && started - written < limit) {
      const worker = idle.pop()!;
      const result = worker.run(files[started]!);
      results[started++] = result;
      // A failure is raised when its file's turn comes; until then it must not count as unhandled.
      result.then(
        () => {
          idle.push(worker);
          dispatch();
        },
        () => undefined,
      );
    }
  };
  try {
    dispatch();
    while (written < files.length) {
      const output = await results[written]!;
      results[written] = undefined;
      await use(output);
      written++;
      dispatch();
    }
  } finally {
    await Promise.all(pool.map((worker) => worker.close()));
  }
}

/** One worker thread with at most one task at a time. */
class FileWorker<T> implements FileRunner<T> {
  private readonly thread: Worker;
  private pending: { resolve: (output: T) => void; reject: (error: unknown) => void } | undefined;
  /** Set once the thread died; every later task fails with it. */
  private dead: unknown;
  private closing = false;

  constructor(entry: URL, setup: FileWorkerSetup) {
    this.thread = new Worker(entry, { workerData: setup });
    this.thread.on('message', (reply: FileWorkerReply) => {
      const pending = this.pending;
      this.pending = undefined;
      if (pending === undefined) return;
      if ('output' in reply) pending.resolve(reply.output as T);
      else if ('failure' in reply) pending.reject(new SecmonError(reply.failure.code, reply.failure.message));
      else pending.reject(reply.crash);
    });
    this.thread.on('error', (error) => this.fail(error));
    this.thread.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`secmon: a worker thread exited unexpectedly (code ${code})`));
    });
  }

  run(source: InputSource): Promise<T> {
    if (this.dead !== undefined) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.thread.postMessage({ source } satisfies FileWorkerTask);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.thread.terminate();
  }

  private fail(error: unknown): void {
    this.dead ??= error;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }
}
