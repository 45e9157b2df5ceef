/**
 * What `secmon replay` needs of a source, as plain data a worker thread can send back: in input order, runs of
 * inputs no monitor matched (counted, not kept), the inputs some monitor matched (with the monitors' ids), and the
 * inputs that were not understood (with the message naming them). The main thread and the workers scan alike; the
 * main thread applies scans in input order (replay.ts), so the report is the same on any number of threads.
 */
import type { Readable } from 'node:stream';
import { createCatalogMatcher, type CatalogMatcher } from '../catalog/matcher.js';
import { buildCatalog, type Monitor } from '../catalog/index.js';
import type { JsonObject } from '../cloudtrail/record.js';
import type { RejectedCounts } from '../replay/summary.js';
import { isCloudTrailInput, notCloudTrailReason } from './read/classify.js';
import { readSource, UnreadableInput, type InputSource, type ReadOptions } from './read/input.js';
import { selectMonitors } from './selection.js';

/**
 * Why an input was not judged: not JSON (`unreadable`); JSON, but neither a CloudTrail record nor an EventBridge
 * event (`notCloudTrail`); a whole source that could not be read, or not to its end (`unreadableFiles`).
 */
export type RejectedInput = keyof RejectedCounts;

export type ScanStep =
  /** This many inputs in a row that no selected monitor matched. */
  | number
  | { readonly kind: 'matched'; readonly input: JsonObject; readonly where: string; readonly ids: readonly string[] }
  | { readonly kind: 'rejected'; readonly rejected: RejectedInput; readonly message: string };

/** Which monitors a replay runs (sent to workers, which build their own matcher). */
export interface ReplaySelection {
  readonly monitors: readonly string[];
  readonly pack: string | undefined;
  /** SECMON_ALLOWED_REGIONS, read by the main thread (workers build their catalog from the selection alone). */
  readonly allowedRegions: readonly string[];
}

/** The monitors a replay runs; throws SecmonError for an unknown monitor or pack. */
export function replayMonitors(selection: ReplaySelection): readonly Monitor[] {
  return selectMonitors(buildCatalog({ allowedRegions: selection.allowedRegions }), selection.monitors, selection.pack);
}

export function replayMatcher(selection: ReplaySelection): CatalogMatcher {
  return createCatalogMatcher(replayMonitors(selection));
}

/** The steps of a source, a chunk at a time (bounded memory for stdin and large files). */
export async function* scanSource(source: InputSource, stdin: Readable | undefined, read: ReadOptions, matcher: CatalogMatcher): AsyncGenerator<ScanStep[]> {
  let index = 0;
  for await (const chunk of readSource(source, stdin, read)) {
    const steps: ScanStep[] = [];
    let routine = 0;
    const flush = () => {
      if (routine > 0) steps.push(routine);
      routine = 0;
    };
    const { items, lines } = chunk;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      index++;
      if (item instanceof UnreadableInput) {
        flush();
        steps.push({ kind: 'rejected', rejected: item.line === undefined ? 'unreadableFiles' : 'unreadable', message: item.message });
      } else if (!isCloudTrailInput(item)) {
        flush();
        steps.push({ kind: 'rejected', rejected: 'notCloudTrail', message: `${source.name}:${lines[i]} (input ${index}): ${notCloudTrailReason(item)}` });
      } else {
        const ids = matcher.match(item);
        if (ids.length === 0) {
          routine++;
        } else {
          flush();
          steps.push({ kind: 'matched', input: item, where: `${source.name}:${lines[i]} (input ${index})`, ids });
        }
      }
    }
    flush();
    yield steps;
  }
}

/** A whole source's steps (a worker's unit of work). */
export async function scanWholeSource(source: InputSource, read: ReadOptions, matcher: CatalogMatcher): Promise<ScanStep[]> {
  const steps: ScanStep[] = [];
  for await (const chunk of scanSource(source, undefined, read, matcher)) for (const step of chunk) steps.push(step);
  return steps;
}
