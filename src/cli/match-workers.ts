/**
 * `secmon match` over several files on several cores: the main thread and worker threads (match-worker.ts) each take
 * one file at a time, read, gunzip, parse and evaluate it with the same code (match-evaluate.ts); workers send back
 * their output without the `index` numbers; the main thread numbers and writes the files strictly in input order.
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
import type { CliIO } from './io.js';
import type { InputSource, ReadOptions } from './read/input.js';
import { evaluateSource, writeFileOutput, type Evaluate, type FileOutput, type MatchSpec } from './match-evaluate.js';

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
export function matchWorkerCount(files: number, cores = availableParallelism(), load = loadavg()[0] ?? 0): number {
  const idleCores = Math.max(1, Math.round(cores - load));
  return Math.max(0, Math.min(idleCores, MAX_EVALUATORS, files) - 1);
}

/** Evaluates one file to its output; the main thread's runner and each worker thread's. */
interface FileRunner {
  run(source: InputSource): Promise<FileOutput>;
  close(): Promise<void>;
}

/** What a worker is started with (workerData). */
export interface MatchWorkerSetup {
  readonly spec: MatchSpec;
  readonly read: ReadOptions;
}

/** Main thread to worker: evaluate this file (never stdin: a worker has none). */
export interface MatchWorkerTask {
  readonly source: InputSource;
}

/**
 * Worker to main thread, one per task: the file's output, or why it failed. A SecmonError (an unreadable file)
 * crosses as its code and message and is raised again as one; anything else is a bug and crosses as the Error.
 */
export type MatchWorkerReply =
  | { readonly output: FileOutput }
  | { readonly failure: { readonly code: ErrorCode; readonly message: string } }
  | { readonly crash: unknown };

/**
 * Evaluates `files` on the main thread (with `evaluate`) and in `workers` worker threads started from `entry`, and
 * writes their output in order, numbering inputs across files; returns how many inputs were not evaluated. Raises a
 * file's failure (like the sequential path does) once every file before it is written.
 */
export async function matchInWorkers(
  files: readonly InputSource[],
  setup: MatchWorkerSetup,
  options: { readonly entry: URL; readonly workers: number; readonly evaluate: Evaluate },
  io: CliIO,
): Promise<number> {
  const pool: FileRunner[] = [
    new MainThreadRunner(options.evaluate, setup.read, io),
    ...Array.from({ length: options.workers }, () => new MatchWorker(options.entry, setup)),
  ];
  const limit = pool.length + 1;
  const idle = [...pool];
  const results: (Promise<FileOutput> | undefined)[] = [];
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
    let index = 0;
    let errors = 0;
    while (written < files.length) {
      const output = await results[written]!;
      results[written] = undefined;
      await writeFileOutput(io, output, index);
      index += output.fragments.length;
      errors += output.errors.length;
      written++;
      dispatch();
    }
    return errors;
  } finally {
    await Promise.all(pool.map((worker) => worker.close()));
  }
}

/** The main thread's share of the files: read and evaluated here, between writes. */
class MainThreadRunner implements FileRunner {
  constructor(
    private readonly evaluate: Evaluate,
    private readonly read: ReadOptions,
    private readonly io: CliIO,
  ) {}

  run(source: InputSource): Promise<FileOutput> {
    return evaluateSource(source, this.io.stdin, this.read, this.evaluate);
  }

  async close(): Promise<void> {}
}

/** One worker thread with at most one task at a time. */
class MatchWorker implements FileRunner {
  private readonly thread: Worker;
  private pending: { resolve: (output: FileOutput) => void; reject: (error: unknown) => void } | undefined;
  /** Set once the thread died; every later task fails with it. */
  private dead: unknown;
  private closing = false;

  constructor(entry: URL, setup: MatchWorkerSetup) {
    this.thread = new Worker(entry, { workerData: setup });
    this.thread.on('message', (reply: MatchWorkerReply) => {
      const pending = this.pending;
      this.pending = undefined;
      if (pending === undefined) return;
      if ('output' in reply) pending.resolve(reply.output);
      else if ('failure' in reply) pending.reject(new SecmonError(reply.failure.code, reply.failure.message));
      else pending.reject(reply.crash);
    });
    this.thread.on('error', (error) => this.fail(error));
    this.thread.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`secmon match: a worker thread exited unexpectedly (code ${code})`));
    });
  }

  run(source: InputSource): Promise<FileOutput> {
    if (this.dead !== undefined) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.thread.postMessage({ source } satisfies MatchWorkerTask);
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
