/**
 * What a JSON value read from an input stands for, the same way wherever it comes from (a file, a line, stdin):
 * a CloudTrail log file (`{"Records": [...]}`) gives its records; `aws cloudtrail lookup-events` output
 * (`{"Events": [{"CloudTrailEvent": "<record as a JSON string>"}, ...]}`) gives the records inside its entries; an
 * array gives what each element stands for (`jq -s` of log files is an array of them); anything else is itself.
 */
import { isJsonObject } from '../../cloudtrail/record.js';
import { jsonErrorOffset } from './json-error.js';
import { jsonReason, type ValueOrigin } from './json-splitter.js';

/** An input that could not be read: not JSON, or (no line) a file that could not be read at all. */
export class UnreadableInput {
  constructor(
    readonly file: string,
    /** 1-based; undefined when the whole file is meant (a truncated gzip stream, permission denied). */
    readonly line: number | undefined,
    readonly reason: string,
  ) {}

  get message(): string {
    return `${this.file}${this.line === undefined ? '' : `:${this.line}`}: ${this.reason}`;
  }
}

/** Arrays inside arrays are unwrapped this deep; deeper ones are taken as they are (and reported as no record). */
const MAX_UNWRAP_DEPTH = 4;

/** Receives the inputs a value stands for, with the line each starts on. */
export type ItemSink = (item: unknown, line: number) => void;

/** Parses a value the splitter found (unless `parsed` is given) and passes on what it stands for. */
export function readValue(text: string, line: number, origin: ValueOrigin, file: string, sink: ItemSink, parsed?: unknown): void {
  let value: unknown = parsed;
  if (value === undefined) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      sink(new UnreadableInput(file, line + linesBefore(text, jsonErrorOffset(text)), jsonReason(error)), line);
      return;
    }
  }
  if (origin === 'Records' || origin === 'line') sink(value, line);
  else if (origin === 'Events') sink(lookupEventRecord(value, file, line), line);
  else unwrap(value, file, line, sink, 0);
}

function unwrap(value: unknown, file: string, line: number, sink: ItemSink, depth: number): void {
  if (Array.isArray(value) && depth < MAX_UNWRAP_DEPTH) {
    for (const element of value) unwrap(element, file, line, sink, depth + 1);
    return;
  }
  if (isJsonObject(value)) {
    const records = value['Records'];
    if (Array.isArray(records)) {
      for (const record of records) sink(record, line);
      return;
    }
    const events = value['Events'];
    if (Array.isArray(events) && value['eventSource'] === undefined && value['detail-type'] === undefined) {
      for (const event of events) sink(lookupEventRecord(event, file, line), line);
      return;
    }
  }
  sink(value, line);
}

/** The record inside a lookup-events entry (its CloudTrailEvent is the record as a JSON string); other values as is. */
function lookupEventRecord(entry: unknown, file: string, line: number): unknown {
  if (!isJsonObject(entry) || typeof entry['CloudTrailEvent'] !== 'string') return entry;
  try {
    return JSON.parse(entry['CloudTrailEvent']);
  } catch (error) {
    return new UnreadableInput(file, line, `the CloudTrailEvent of a lookup-events entry is not JSON (${jsonReason(error)})`);
  }
}

function linesBefore(text: string, offset: number): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}
