/**
 * `--lines`: every line is one input, taken as is (no unwrapping), read as a stream. A line longer than the limit
 * is reported and skipped rather than held.
 */
import type { SplitterLimits, SplitterSink } from './json-splitter.js';
import { DEFAULT_SPLITTER_LIMITS } from './json-splitter.js';

const NEWLINE = 0x0a;

export class LineSplitter {
  private line = 1;
  private pieces: Buffer[] = [];
  private held = 0;
  private oversized = false;

  constructor(
    private readonly sink: SplitterSink,
    private readonly limits: SplitterLimits = DEFAULT_SPLITTER_LIMITS,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      this.finishLine(chunk.subarray(start, end));
      start = end + 1;
    }
    this.hold(chunk.subarray(start));
  }

  end(): void {
    if (this.held > 0 || this.oversized) this.finishLine(Buffer.alloc(0));
  }

  abandon(): void {
    this.pieces = [];
    this.held = 0;
    this.oversized = false;
  }

  private hold(rest: Buffer): void {
    if (rest.length === 0 || this.oversized) return;
    this.held += rest.length;
    if (this.held > this.limits.maxValueBytes) {
      this.oversized = true;
      this.pieces = [];
    } else {
      this.pieces.push(Buffer.from(rest));
    }
  }

  private finishLine(tail: Buffer): void {
    const line = this.line++;
    if (this.oversized) {
      this.abandon();
      this.sink.problem(line, `a line longer than ${Math.round(this.limits.maxValueBytes / (1024 * 1024))} MiB, skipped`);
      return;
    }
    const text = (this.held === 0 ? tail.toString('utf8') : Buffer.concat([...this.pieces, tail]).toString('utf8')).trim();
    this.abandon();
    // A byte-order mark at the start of the input.
    const content = line === 1 && text.startsWith('\ufeff') ? text.slice(1).trim() : text;
    if (content !== '') this.sink.value(content, line, 'line');
  }
}
