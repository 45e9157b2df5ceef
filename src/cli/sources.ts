import type { JsonObject } from '../cloudtrail/record.js';
import { SecmonError } from '../errors.js';
import { inOrderOnWorkers } from './file-workers.js';
import { writeError, type CliIO } from './io.js';
import { listInputs, STDIN_NAME, type InputListing, type InputSource, type ReadOptions } from './read/input.js';
import { replayMatcher, scanSource, scanWholeSource, type RejectedInput, type ReplaySelection, type ScanStep } from './replay-scan.js';
import { Progress, PROGRESS_MIN_FILES } from './progress.js';

/**
 * The sources of a command: the named files and directories (`-` is stdin), or stdin when none are named. Refuses
 * to wait on an interactive terminal, where a user who forgot the path would otherwise see nothing happen, and a
 * command line whose paths hold no input file.
 */
export async function openSources(paths: readonly string[], io: CliIO): Promise<InputListing> {
  const listing: InputListing = paths.length > 0 ? await listInputs(paths) : { sources: [{ kind: 'stdin', name: STDIN_NAME }], skippedDigests: 0 };
  if (listing.sources.length === 0) {
    const digests = listing.skippedDigests > 0 ? ` (${listing.skippedDigests} CloudTrail digest file(s) skipped: they hold no records)` : '';
    throw new SecmonError('USAGE', `no .json, .jsonl or .json.gz files found in ${paths.join(', ')}${digests}`);
  }
  if (io.stdin.isTTY && listing.sources.some((source) => source.kind === 'stdin'))
    throw new SecmonError('USAGE', 'no input: name files or directories, or pipe records to stdin');
  return listing;
}

/** Per source, this many inputs that were not read are named on stderr; the rest are counted. */
const MESSAGES_PER_SOURCE = 20;

export interface InputHandlers {
  /** A CloudTrail record or EventBridge event some selected monitor matched; `where`: `<file>:<line> (input <n>)`. */
  readonly matched: (input: JsonObject, ids: readonly string[], where: string) => void;
  /** This many inputs in a row that no selected monitor matched. */
  readonly routine: (count: number) => void;
  /** An input that was not judged (already named on stderr). */
  readonly rejected: (kind: RejectedInput) => void;
  /** Records per account in the inputs judged so far, and how many --account left out. */
  readonly accounts?: (records: Readonly<Record<string, number>>, leftOut: number) => void;
}

export interface ScanOptions {
  readonly read: ReadOptions;
  readonly selection: ReplaySelection;
  /** Worker threads besides the main thread (0: the main thread reads every file). */
  readonly workers: number;
  readonly workerEntry: URL | undefined;
}

/**
 * Feeds every input of the sources to `handlers` in input order, naming on stderr those that were not understood,
 * with a progress bar on a terminal stderr for many files. Several files are scanned on worker threads too.
 */
export async function forEachInput(listing: InputListing, io: CliIO, options: ScanOptions, handlers: InputHandlers): Promise<void> {
  const { sources } = listing;
  const progress = new Progress(io.stderr, sources.length, Boolean(io.stderr.isTTY) && sources.length >= PROGRESS_MIN_FILES);
  const matcher = replayMatcher(options.selection);
  const accounts = new Set(options.selection.accounts ?? []);
  let current = { told: 0, records: 0 };
  const apply = (source: InputSource, steps: readonly ScanStep[]) => {
    for (const step of steps) {
      if (typeof step === 'number') {
        current.records += step;
        handlers.routine(step);
      } else if (step.kind === 'matched') {
        current.records++;
        handlers.matched(step.input, step.ids, step.where);
      } else if (step.kind === 'accounts') {
        current.records += step.leftOut;
        handlers.accounts?.(step.records, step.leftOut);
      } else {
        progress.interrupt();
        if (current.told < MESSAGES_PER_SOURCE) writeError(io.stderr, `secmon: ${step.message}`);
        else if (current.told === MESSAGES_PER_SOURCE)
          writeError(io.stderr, `secmon: ${source.name}: more inputs were not read; only the first ${MESSAGES_PER_SOURCE} are named here (the report counts them all)`);
        current.told++;
        handlers.rejected(step.rejected);
      }
    }
  };
  const done = () => {
    progress.fileDone(current.records);
    current = { told: 0, records: 0 };
  };
  const parallel = options.workers >= 1 && options.workerEntry !== undefined && sources.every((source) => source.kind !== 'stdin');
  if (parallel) {
    let next = 0;
    const here = (source: InputSource) => scanWholeSource(source, options.read, matcher, accounts);
    await inOrderOnWorkers(sources, { entry: options.workerEntry!, workers: options.workers, setup: { kind: 'replay', selection: options.selection, read: options.read }, here }, (steps: ScanStep[]) => {
      apply(sources[next++]!, steps);
      done();
    });
  } else {
    for (const source of sources) {
      for await (const steps of scanSource(source, io.stdin, options.read, matcher, accounts)) apply(source, steps);
      done();
    }
  }
  progress.clear();
}
