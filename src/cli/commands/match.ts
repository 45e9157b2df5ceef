import type { CliSettings } from '../../config.js';
import { SecmonError } from '../../errors.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, writeLine, type CliIO } from '../io.js';
import { parseJobs } from '../jobs.js';
import { checkSpec, createEvaluator, evaluateChunk, evaluateSource, writeFileOutput, type FileOutput, type MatchSpec } from '../match-evaluate.js';
import { fileWorkerCount, inOrderOnWorkers } from '../file-workers.js';
import { readPatternArgument } from '../pattern-argument.js';
import { readSource, type InputSource } from '../read/input.js';
import { openSources } from '../sources.js';

export const MATCH_HELP = `Usage: secmon match [options] [FILE|DIR|-]...

Runs monitors (or one pattern) over CloudTrail records and prints one JSON line per input, in input order.

Input: files and directories (recursively: .json, .json.gz, .jsonl), or stdin (no path, or -), read as streams.
A CloudTrail log file ({"Records": [...]}) gives its records, lookup-events output ({"Events": [...]}) the records
in its entries, a JSON array its elements; several documents in a row (JSON Lines, \`cat\` of files) each the same.
Two or more files are read and matched on the idle cores (the main thread and a worker thread per further idle core,
at most 4 in all; idle = cores less the 1-minute load average), each a file at a time; the output keeps input order
and holds the output of at most 5 files in memory (each file is read as a stream).

Catalog mode (default): each input is a CloudTrail record or an EventBridge envelope (anything else is reported
in its place, like invalid JSON). A monitor matches when its filter pattern matches the record or its event
pattern matches the envelope AWS would deliver, and its record conditions (secmon list --json) hold for the record.
  {"index":N,"eventID":"...","eventName":"...","monitors":["id",...]}
A threshold monitor (secrets-bulk-read) alerts only when enough matches come together, which one line cannot
judge: its matches are listed as "counted":["id"] instead (secmon replay counts them over event time). Like the
deployed functions, region-not-allowed exists when SECMON_ALLOWED_REGIONS lists the allowed regions.

Options:
  --monitor ID            only this monitor (repeatable)
  --pack P                only the monitors of pack P (essentials, threats, cis, findings)
  --filter-pattern P      evaluate each input as is against a CloudWatch Logs filter pattern
  --event-pattern JSON    evaluate each input as is against an EventBridge pattern (JSON text or @file.json)
                          pattern modes print {"index":N,"match":true|false}
  --lines                 read every input as JSON Lines, one input per line, taken as is
  --jobs N                evaluate on N threads (default: one per idle core, at most 4; 1: the main thread only)
  -h, --help              show this help

Exit status: 0 done; 1 some inputs were not valid JSON, not CloudTrail, or in a file that could not be read
(each gets {"index":N,"error":"file:line: reason"}); 2 bad pattern, unknown monitor or bad usage.`;

/** How the command runs over several files (main.ts gives the worker; tests choose the number of workers). */
export interface MatchCommandOptions {
  /** The worker thread entry: dist/file-worker.mjs, or src/cli/file-worker.mjs from source. None: no workers. */
  readonly workerEntry?: URL;
  /** Worker threads besides the main thread for several files; default fileWorkerCount(files). 0: main thread alone. */
  readonly workers?: number;
  /** Where the catalog options come from (default: none, the catalog's defaults). */
  readonly settings?: Pick<CliSettings, 'catalog'>;
}

export async function matchCommand(argv: readonly string[], io: CliIO, options: MatchCommandOptions = {}): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    monitor: { type: 'string', multiple: true },
    pack: { type: 'string' },
    'filter-pattern': { type: 'string' },
    'event-pattern': { type: 'string' },
    lines: { type: 'boolean' },
    jobs: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    writeLine(io.stdout, MATCH_HELP);
    return EXIT.ok;
  }
  const spec = await matchSpec(values, () => options.settings?.catalog().allowedRegions ?? []);
  // Before any input is listed or read, so a bad pattern or an unknown monitor exits 2 first.
  const checked = checkSpec(spec);
  const read = { lines: values.lines ?? false };
  const jobs = values.jobs === undefined ? undefined : parseJobs(values.jobs);
  const { sources } = await openSources(positionals, io);
  // Workers read files; stdin is read by the main thread, in order with the files.
  const parallel = sources.every((source) => source.kind !== 'stdin');
  const workers = parallel ? Math.min(jobs !== undefined ? jobs - 1 : (options.workers ?? fileWorkerCount(sources.length)), sources.length - 1) : 0;
  const evaluate = checked ?? createEvaluator(spec);
  let errors = 0;
  let index = 0;
  const write = async (output: FileOutput) => {
    await writeFileOutput(io, output, index);
    index += output.fragments.length;
    errors += output.errors.length;
  };
  if (options.workerEntry !== undefined && workers >= 1) {
    const here = (source: InputSource) => evaluateSource(source, io.stdin, read, evaluate);
    await inOrderOnWorkers(sources, { entry: options.workerEntry, workers, setup: { kind: 'match', spec, read }, here }, write);
  } else {
    // Written chunk by chunk: a stream of any length goes through in bounded memory.
    for (const source of sources) for await (const chunk of readSource(source, io.stdin, read)) await write(evaluateChunk(chunk, evaluate));
  }
  return errors > 0 ? EXIT.inputErrors : EXIT.ok;
}

/** The spec from the options, with usage checked and an @file event pattern read (patterns compile later). */
async function matchSpec(
  values: {
    monitor?: string[];
    pack?: string;
    'filter-pattern'?: string;
    'event-pattern'?: string;
  },
  allowedRegions: () => readonly string[],
): Promise<MatchSpec> {
  const filterText = values['filter-pattern'];
  const eventText = values['event-pattern'];
  if (filterText !== undefined || eventText !== undefined) {
    if (filterText !== undefined && eventText !== undefined)
      throw new SecmonError('USAGE', 'give either --filter-pattern or --event-pattern, not both');
    if (values.monitor !== undefined || values.pack !== undefined)
      throw new SecmonError('USAGE', '--monitor and --pack select catalog monitors; they do not combine with a pattern');
    return filterText !== undefined
      ? { mode: 'filter', pattern: filterText }
      : { mode: 'event', pattern: await readPatternArgument(eventText!) };
  }
  return { mode: 'catalog', monitors: values.monitor ?? [], pack: values.pack, allowedRegions: allowedRegions() };
}
