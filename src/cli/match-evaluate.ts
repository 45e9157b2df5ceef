/**
 * What `secmon match` does with the inputs of one file, shared by its two paths: in the main thread (stdin, one file,
 * one core) and in its worker threads (several files; see file-workers.ts). A file's output is computed without
 * knowing where the file starts in the global `index` numbering; only writing it in order needs that.
 */
import { buildCatalog } from '../catalog/index.js';
import { cloudTrailRecordOf, isEventBridgeEnvelope } from '../catalog/envelope.js';
import { createCatalogMatcher } from '../catalog/matcher.js';
import { thresholdWeight } from '../catalog/record-rules.js';
import type { Monitor } from '../catalog/types.js';
import { stringAt, type JsonObject } from '../cloudtrail/record.js';
import { compileEventPattern } from '../patterns/event/index.js';
import { compileFilterPattern } from '../patterns/filter/index.js';
import { writeError, writeLines, type CliIO } from './io.js';
import { isCloudTrailInput, notCloudTrailReason } from './read/classify.js';
import { readSource, UnreadableInput, type InputChunk, type InputSource, type ReadOptions } from './read/input.js';
import { selectMonitors } from './selection.js';
import type { Readable } from 'node:stream';

/** What to evaluate, as plain data (it is sent to the workers): catalog monitors, or one pattern (its text). */
export type MatchSpec =
  | {
      readonly mode: 'catalog';
      readonly monitors: readonly string[];
      readonly pack: string | undefined;
      /** SECMON_ALLOWED_REGIONS, read by the main thread (workers build their catalog from the spec alone). */
      readonly allowedRegions: readonly string[];
    }
  | { readonly mode: 'filter'; readonly pattern: string }
  | { readonly mode: 'event'; readonly pattern: string };

/**
 * Evaluates one input: the JSON fields of its output line after `index` (as text: building lines from parts is
 * cheaper than a JSON.stringify per input, which showed in profiles), or an error naming why it was not evaluated.
 */
export type Evaluate = (input: unknown) => string | { readonly error: string };

/** The output of one file: per input, its line after `{"index":N` (closing brace included); stderr messages. */
export interface FileOutput {
  readonly fragments: string[];
  /** Why inputs were not evaluated, in input order (each also has its fragment). */
  readonly errors: string[];
}

const json = JSON.stringify;

/** Compiles the spec; throws SecmonError for a bad pattern, an unknown monitor or pack. */
export function createEvaluator(spec: MatchSpec): Evaluate {
  if (spec.mode !== 'catalog') {
    const pattern = spec.mode === 'filter' ? compileFilterPattern(spec.pattern) : compileEventPattern(spec.pattern);
    return (input) => (pattern.matches(input) ? ',"match":true' : ',"match":false');
  }
  const monitors = selectMonitors(buildCatalog({ allowedRegions: spec.allowedRegions }), spec.monitors, spec.pack);
  const matcher = createCatalogMatcher(monitors);
  const thresholds = new Map(monitors.filter((m) => m.threshold !== undefined).map((m) => [m.id, m]));
  return (input) => {
    if (!isCloudTrailInput(input)) return { error: notCloudTrailReason(input) };
    const record = isEventBridgeEnvelope(input) ? input['detail'] : input;
    const ids = matcher.match(input);
    const head =
      `,"eventID":${json(stringAt(record, 'eventID') ?? null)},"eventName":${json(stringAt(record, 'eventName') ?? null)}`;
    if (ids.length === 0) return `${head},"monitors":[]`;
    const { alone, counted } = thresholds.size === 0 ? { alone: ids, counted: [] } : splitCounted(ids, thresholds, input);
    return `${head},"monitors":${alone.length === 0 ? '[]' : json(alone)}${counted.length === 0 ? '' : `,"counted":${json(counted)}`}`;
  };
}

/**
 * Matches of threshold monitors alert only in numbers (see replay), which one line cannot judge: they are listed
 * under `counted`, unless the record counts as the whole threshold by itself (a BatchGetSecretValue).
 */
function splitCounted(ids: readonly string[], thresholds: ReadonlyMap<string, Monitor>, input: JsonObject): { alone: string[]; counted: string[] } {
  const record = isEventBridgeEnvelope(input) ? cloudTrailRecordOf(input) : input;
  const alone: string[] = [];
  const counted: string[] = [];
  for (const id of ids) {
    const monitor = thresholds.get(id);
    if (monitor === undefined || (record !== undefined && thresholdWeight(monitor, record) >= monitor.threshold!.count)) alone.push(id);
    else counted.push(id);
  }
  return { alone, counted };
}

/**
 * Checks the spec before any input is read, as createEvaluator does (a bad pattern, an unknown monitor or pack
 * throw SecmonError): by compiling it, and returns the evaluator then. The whole catalog (no --monitor, no --pack)
 * has nothing to check, so it is left to whoever evaluates (undefined): workers compile their own.
 */
export function checkSpec(spec: MatchSpec): Evaluate | undefined {
  if (spec.mode === 'catalog' && spec.monitors.length === 0 && spec.pack === undefined && spec.allowedRegions.length === 0) return undefined;
  return createEvaluator(spec);
}

/** Evaluates a chunk of inputs; errors name the file and line of their input. */
export function evaluateChunk(chunk: InputChunk, evaluate: Evaluate): FileOutput {
  const fragments: string[] = [];
  const errors: string[] = [];
  const { items, lines } = chunk;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const result = item instanceof UnreadableInput ? { error: item.message } : evaluate(item);
    if (typeof result === 'string') {
      fragments.push(`${result}}`);
    } else {
      const error = item instanceof UnreadableInput ? result.error : `${chunk.source}:${lines[i]}: ${result.error}`;
      errors.push(error);
      fragments.push(`,"error":${json(error)}}`);
    }
  }
  return { fragments, errors };
}

/** Reads and evaluates a whole source (a worker's unit of work): its output held until the source is done. */
export async function evaluateSource(source: InputSource, stdin: Readable | undefined, read: ReadOptions, evaluate: Evaluate): Promise<FileOutput> {
  const fragments: string[] = [];
  const errors: string[] = [];
  for await (const chunk of readSource(source, stdin, read)) {
    const output = evaluateChunk(chunk, evaluate);
    for (const fragment of output.fragments) fragments.push(fragment);
    for (const error of output.errors) errors.push(error);
  }
  return { fragments, errors };
}

/** Writes a file's output, numbering its inputs from `first`: its messages to stderr, then its lines to stdout. */
export async function writeFileOutput(io: CliIO, output: FileOutput, first: number): Promise<void> {
  for (const error of output.errors) writeError(io.stderr, `secmon: ${error}`);
  const { fragments } = output;
  const lines = new Array<string>(fragments.length);
  for (let i = 0; i < fragments.length; i++) lines[i] = `{"index":${first + i}${fragments[i]}`;
  await writeLines(io.stdout, lines);
}
