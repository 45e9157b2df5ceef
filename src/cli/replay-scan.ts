/**
 * What `secmon replay` needs of a source, as plain data a worker thread can send back: in input order, runs of
 * inputs no monitor matched (counted, not kept), the inputs some monitor matched (with the monitors' ids), and the
 * inputs that were not understood (with the message naming them). The main thread and the workers scan alike; the
 * main thread applies scans in input order (replay.ts), so the report is the same on any number of threads.
 */
import type { Readable } from 'node:stream';
import { createCatalogMatcher, type CatalogMatcher } from '../catalog/matcher.js';
import { buildCatalog, type Monitor } from '../catalog/index.js';
import { accountOf } from '../cloudtrail/outcome.js';
import { isJsonObject, type JsonObject } from '../cloudtrail/record.js';
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
  | { readonly kind: 'rejected'; readonly rejected: RejectedInput; readonly message: string }
  /** Records per account (recipientAccountId) in the chunk, judged or left out by --account. */
  | { readonly kind: 'accounts'; readonly records: Readonly<Record<string, number>>; readonly leftOut: number };

/** Which monitors a replay runs, and over which accounts' records (sent to workers, which build their own matcher). */
export interface ReplaySelection {
  readonly monitors: readonly string[];
  readonly pack: string | undefined;
  /** SECMON_ALLOWED_REGIONS, read by the main thread (workers build their catalog from the selection alone). */
  readonly allowedRegions: readonly string[];
  /** --account: only records of these accounts are judged; empty: every account. */
  readonly accounts?: readonly string[];
}

/** The monitors a replay runs; throws SecmonError for an unknown monitor or pack. */
export function replayMonitors(selection: ReplaySelection): readonly Monitor[] {
  return selectMonitors(buildCatalog({ allowedRegions: selection.allowedRegions }), selection.monitors, selection.pack);
}


/** The account a CloudTrail record or EventBridge envelope is from: recipientAccountId, else the caller's account. */
export function inputAccount(input: JsonObject): string | undefined {
  return accountOf(typeof input['detail-type'] === 'string' && isJsonObject(input['detail']) ? input['detail'] : input);
}

export function replayMatcher(selection: ReplaySelection): CatalogMatcher {
  return createCatalogMatcher(replayMonitors(selection));
}

/** The steps of a source, a chunk at a time (bounded memory for stdin and large files). */
export async function* scanSource(
  source: InputSource,
  stdin: Readable | undefined,
  read: ReadOptions,
  matcher: CatalogMatcher,
  accounts: ReadonlySet<string> = new Set(),
): AsyncGenerator<ScanStep[]> {
  let index = 0;
  for await (const chunk of readSource(source, stdin, read)) {
    const steps: ScanStep[] = [];
    const records: Record<string, number> = {};
    let leftOut = 0;
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
        const account = inputAccount(item) ?? 'unknown';
        if (accounts.size > 0 && !accounts.has(account)) {
          leftOut++;
          continue;
        }
        records[account] = (records[account] ?? 0) + 1;
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
    if (leftOut > 0 || Object.keys(records).length > 0) steps.push({ kind: 'accounts', records, leftOut });
    yield steps;
  }
}

/** A whole source's steps (a worker's unit of work). */
export async function scanWholeSource(source: InputSource, read: ReadOptions, matcher: CatalogMatcher, accounts: ReadonlySet<string> = new Set()): Promise<ScanStep[]> {
  const steps: ScanStep[] = [];
  for await (const chunk of scanSource(source, undefined, read, matcher, accounts)) for (const step of chunk) steps.push(step);
  return steps;
}

/**
 * The account a CloudTrail log file's path names, as S3 delivers it: `AWSLogs/<account>/CloudTrail/...`, or for an
 * organization trail `AWSLogs/o-<id>/<account>/CloudTrail/...` (CloudTrail User Guide, "Finding your CloudTrail log
 * files"). Undefined for any other path.
 */
export function pathAccount(path: string): string | undefined {
  return /(?:^|[\\/])AWSLogs[\\/](?:o-[a-z0-9]{10,32}[\\/])?(\d{12})[\\/]CloudTrail(?:-Digest)?[\\/]/.exec(path)?.[1];
}
