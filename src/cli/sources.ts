import type { JsonObject } from '../cloudtrail/record.js';
import type { RejectedCounts } from '../replay/summary.js';
import { SecmonError } from '../errors.js';
import { writeError, type CliIO } from './io.js';
import { isCloudTrailInput, notCloudTrailReason } from './read/classify.js';
import { listInputs, readSource, STDIN_NAME, UnreadableInput, type InputListing, type ReadOptions } from './read/input.js';
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

/**
 * Why an input was not judged: not JSON (`unreadable`); JSON, but neither a CloudTrail record nor an EventBridge
 * event (`notCloudTrail`); a whole source that could not be read, or not to its end (`unreadableFiles`).
 */
export type RejectedInput = keyof RejectedCounts;

export interface InputHandlers {
  /** A CloudTrail record or EventBridge event; `where` names it for messages: `<file>:<line> (input <n>)`. */
  readonly input: (input: JsonObject, where: string) => void;
  /** An input that was not judged (already reported on stderr). */
  readonly rejected: (kind: RejectedInput) => void;
}

/** Feeds every input of the sources to `handlers`, with a progress bar on a terminal stderr for many files. */
export async function forEachInput(listing: InputListing, io: CliIO, options: ReadOptions, handlers: InputHandlers): Promise<void> {
  const files = listing.sources.length;
  const progress = new Progress(io.stderr, files, Boolean(io.stderr.isTTY) && files >= PROGRESS_MIN_FILES);
  for (const source of listing.sources) {
    let index = 0;
    let records = 0;
    let told = 0;
    const tell = (message: string) => {
      progress.interrupt();
      if (told < MESSAGES_PER_SOURCE) writeError(io.stderr, `secmon: ${message}`);
      else if (told === MESSAGES_PER_SOURCE) writeError(io.stderr, `secmon: ${source.name}: more inputs were not read; only the first ${MESSAGES_PER_SOURCE} are named here (the report counts them all)`);
      told++;
    };
    for await (const chunk of readSource(source, io.stdin, options)) {
      const { items, lines } = chunk;
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        index++;
        if (item instanceof UnreadableInput) {
          tell(item.message);
          handlers.rejected(item.line === undefined ? 'unreadableFiles' : 'unreadable');
        } else if (!isCloudTrailInput(item)) {
          tell(`${source.name}:${lines[i]} (input ${index}): ${notCloudTrailReason(item)}`);
          handlers.rejected('notCloudTrail');
        } else {
          records++;
          handlers.input(item, `${source.name}:${lines[i]} (input ${index})`);
        }
      }
    }
    progress.fileDone(records);
  }
  progress.clear();
}
