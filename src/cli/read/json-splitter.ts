/**
 * Splits a stream of JSON text into the values secmon reads, without ever holding more than one of them: JSON Lines,
 * concatenated documents (`}{`, `][`, pretty-printed files one after another: `cat *.json`), and single files of any
 * size. A top-level array gives its elements one by one, and so does the array of a top-level object whose first
 * key is `Records` (a CloudTrail log file) or `Events` (`aws cloudtrail lookup-events` output): those are never held
 * whole, whatever their size. Any other top-level value (a record, an envelope, an object holding `Records` later)
 * is one value.
 *
 * Why not a streaming JSON parser library: those (stream-json, @streamparser/json) build every value token by
 * token in JavaScript, several times slower than V8's JSON.parse. This only finds where each value starts and ends
 * (strings, nesting, the grammar between tokens) and hands its text to JSON.parse, so it costs a scan on top of
 * the parse-only floor.
 *
 * A line that starts a top-level value and is JSON by itself (JSON Lines, `jq -c` output) is parsed whole, which
 * costs no more than the parse-only floor; anything else (a pretty-printed document, a line of several values, a
 * line longer than LINE_AT_ONCE_BYTES such as a whole CloudTrail log file) goes through the scanner.
 *
 * The grammar is checked as it goes, so a broken value is found where it breaks, not at the end of the input, and
 * the rest is read on: JSON Lines keep every good line around a bad one. After an error, reading resumes at the
 * error when it stands first on its line (a new document starting there), else at the next line. A broken value
 * that spanned lines is split into its lines once more: when some of its first lines are JSON by themselves it was
 * JSON Lines with a bad line (each line is read alone), otherwise it is one broken document (one error).
 */

/** Where a value came from, which decides how it is unwrapped (documents.ts). */
export type ValueOrigin =
  /** A top-level value that is not a container streamed here: unwrapped like any document. */
  | 'document'
  /** An element of a top-level array: unwrapped like a document. */
  | 'element'
  /** An element of a top-level `{"Records": [...]}`: a CloudTrail record, taken as is. */
  | 'Records'
  /** An element of a top-level `{"Events": [...]}`: a lookup-events entry. */
  | 'Events'
  /** A line of `--lines` input: taken as is. */
  | 'line';

export interface SplitterSink {
  /** A complete value's text and the line it starts on; `parsed` when it was parsed already (a whole line). */
  value(text: string, line: number, origin: ValueOrigin, parsed?: unknown): void;
  /** Text that is not JSON, at `line`; `reason` starts with "invalid JSON" or names the limit hit. */
  problem(line: number, reason: string): void;
}

export interface SplitterLimits {
  /** Largest value held for parsing (a record, a document that is not streamed); larger ones are reported. */
  readonly maxValueBytes: number;
  /** Deepest nesting accepted. */
  readonly maxDepth: number;
}

export const DEFAULT_SPLITTER_LIMITS: SplitterLimits = { maxValueBytes: 64 * 1024 * 1024, maxDepth: 512 };

// Grammar states between tokens.
const TOP = 0;
/** After `:` in an object or `,` in an array. */
const VALUE = 1;
/** After `[`. */
const VALUE_OR_CLOSE = 2;
/** After `{`. */
const KEY_OR_CLOSE = 3;
/** After `,` in an object. */
const KEY = 4;
const COLON = 5;
/** After a value inside a container. */
const COMMA_OR_CLOSE = 6;

const EXPECTED: readonly string[] = [
  'a JSON value',
  'a value',
  'a value or ]',
  'a property name or }',
  'a property name',
  ':',
  ', or a closing bracket',
];

/** A line that starts a top-level value is tried as one JSON value first when it is at most this long. */
const LINE_AT_ONCE_BYTES = 1024 * 1024;
/**
 * Text is decoded at most this much at a time: Node's UTF-8 decoding measured about 25 times slower per byte for
 * strings of 256 KiB and more than for 64 KiB ones (Node 20).
 */
const DECODE_WINDOW_BYTES = 64 * 1024;

const OBJECT = 1;
const ARRAY = 2;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const BOM = [0xef, 0xbb, 0xbf];

/** Top-level object keys whose array is streamed element by element. */
const CONTAINER_KEYS: ReadonlySet<string> = new Set(['Records', 'Events']);

export class JsonSplitter {
  private line = 1;
  /** Nothing but whitespace on the current line so far. */
  private lineBlank = true;
  private state = TOP;
  private readonly stack: number[] = [];
  private inString = false;
  private stringIsKey = false;
  /** A backslash ended the previous chunk inside a string. */
  private escapePending = false;
  private inScalar = false;
  /** Bytes of a byte-order mark seen at the top level (0 when none is in progress). */
  private bomAt = 0;
  /** After an error: everything up to the next line feed is skipped. */
  private skipLine = false;

  /** Depth whose values are emitted: 0 the top-level value itself, 1 a top-level array's elements, 2 a container's. */
  private emitDepth = 0;
  private origin: ValueOrigin = 'document';
  /** Inside the `Records`/`Events` array of a top-level object (its elements are emitted). */
  private containerOpen = false;
  /** The top-level object's first key is being read (it may name a container). */
  private firstKeyPending = false;
  private keyStart = -1;
  private keyCarry = '';
  private containerKey = false;

  /** The value being captured: its start in the current chunk (-1: none), earlier pieces, size, first line. */
  private captureStart = -1;
  private pieces: Buffer[] = [];
  private captured = 0;
  private capturing = false;
  private oversized = false;
  private valueLine = 0;

  constructor(
    private readonly sink: SplitterSink,
    private readonly limits: SplitterLimits = DEFAULT_SPLITTER_LIMITS,
  ) {}

  push(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.skipLine) {
        const next = chunk.indexOf(NEWLINE, i);
        if (next < 0) return;
        this.skipLine = false;
        this.line++;
        this.lineBlank = true;
        i = next + 1;
        continue;
      }
      if (this.inString) {
        i = this.scanString(chunk, i, n);
        continue;
      }
      if (this.inScalar) {
        i = this.scanScalar(chunk, i, n);
        continue;
      }
      const c = chunk[i]!;
      if (c === 0x20 || c === 0x09 || c === 0x0d) {
        i++;
        continue;
      }
      if (c === NEWLINE) {
        this.line++;
        this.lineBlank = true;
        i++;
        continue;
      }
      if (this.state === TOP && (c === BOM[this.bomAt] || this.bomAt > 0)) {
        // U+FEFF, which editors and PowerShell put at the start of files (and `cat` then between documents).
        if (c !== BOM[this.bomAt]) {
          i = this.fail(chunk, i, 'invalid JSON: a broken byte-order mark');
          continue;
        }
        this.bomAt = this.bomAt === 2 ? 0 : this.bomAt + 1;
        i++;
        continue;
      }
      if (this.state === TOP && this.lineBlank) {
        const next = this.wholeLines(chunk, i);
        if (next > i) {
          i = next;
          continue;
        }
      }
      i = this.token(chunk, i, c);
    }
    this.carry(chunk, n);
  }

  /** The input ended: a value still open is reported as cut short. */
  end(): void {
    if (this.skipLine) return;
    if (this.inScalar && this.stack.length === 0) {
      this.inScalar = false;
      this.valueEnded(Buffer.alloc(0), 0);
      return;
    }
    if (this.state !== TOP || this.inString || this.inScalar || this.bomAt > 0) {
      this.fail(Buffer.alloc(0), 0, 'invalid JSON: the input ends in the middle of a value (truncated?)');
    }
  }

  /** The input broke off (a truncated gzip stream, a read error): drop what is open, the caller reports why. */
  abandon(): void {
    this.reset();
    this.skipLine = false;
  }

  /**
   * Lines from `i` (the first non-blank byte of a line, at the top level) that are each one JSON value by themselves:
   * emitted as documents. Complete lines are decoded a window at a time (a string per line costs more than the
   * parse). Returns where scanning goes on: `i` itself when the first line is not one value.
   */
  private wholeLines(chunk: Buffer, i: number): number {
    let at = i;
    while (at < chunk.length) {
      // The window's last line feed; a line longer than the window is decoded alone (up to LINE_AT_ONCE_BYTES).
      let end = chunk.lastIndexOf(NEWLINE, Math.min(chunk.length - 1, at + DECODE_WINDOW_BYTES));
      if (end < at) {
        end = chunk.indexOf(NEWLINE, at);
        if (end < 0 || end - at > LINE_AT_ONCE_BYTES) return at;
      }
      const text = chunk.toString('utf8', at, end);
      let from = 0;
      while (from <= text.length) {
        const newline = text.indexOf('\n', from);
        const stop = newline < 0 ? text.length : newline;
        const line = text.slice(from, stop);
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          if (line.trim() !== '') return from === 0 ? at : at + Buffer.byteLength(text.slice(0, from));
          value = undefined;
        }
        if (value !== undefined) this.sink.value(line, this.line, 'document', value);
        this.line++;
        from = stop + 1;
      }
      at = end + 1;
    }
    return at;
  }

  // -- tokens ----------------------------------------------------------------------------------------------------

  /** One structural character or the start of a value at `i`; returns where to go on. */
  private token(chunk: Buffer, i: number, c: number): number {
    const state = this.state;
    const firstOnLine = this.lineBlank;
    this.lineBlank = false;
    switch (c) {
      case 0x7b: // {
      case 0x5b: // [
        if (state !== TOP && state !== VALUE && state !== VALUE_OR_CLOSE) return this.unexpected(chunk, i, c, firstOnLine);
        this.valueStarts(i, c);
        if (this.stack.length >= this.limits.maxDepth) {
          return this.fail(chunk, i, `invalid JSON: nested deeper than ${this.limits.maxDepth} levels`);
        }
        this.stack.push(c === 0x7b ? OBJECT : ARRAY);
        this.state = c === 0x7b ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
        if (this.emitDepth === 2 && this.stack.length === 2 && c === 0x5b && this.containerKey) this.containerOpen = true;
        return i + 1;
      case 0x7d: // }
      case 0x5d: {
        // ]
        const open = this.stack[this.stack.length - 1];
        const fits = c === 0x7d ? open === OBJECT && (state === KEY_OR_CLOSE || state === COMMA_OR_CLOSE) : open === ARRAY && (state === VALUE_OR_CLOSE || state === COMMA_OR_CLOSE);
        if (!fits) return this.unexpected(chunk, i, c, firstOnLine);
        this.stack.pop();
        if (this.containerOpen && this.stack.length === 1) {
          // The container is done; arrays of later keys (`"Other": [...]`) are not records.
          this.containerOpen = false;
          this.containerKey = false;
        }
        this.valueEnded(chunk, i + 1);
        return i + 1;
      }
      case 0x3a: // :
        if (state !== COLON) return this.unexpected(chunk, i, c, firstOnLine);
        this.state = VALUE;
        return i + 1;
      case 0x2c: // ,
        if (state !== COMMA_OR_CLOSE) return this.unexpected(chunk, i, c, firstOnLine);
        this.state = this.stack[this.stack.length - 1] === OBJECT ? KEY : VALUE;
        return i + 1;
      case QUOTE:
        if (state === KEY_OR_CLOSE || state === KEY) {
          this.stringIsKey = true;
          if (this.firstKeyPending && this.stack.length === 1) {
            this.keyStart = i + 1;
            this.keyCarry = '';
          }
        } else if (state === TOP || state === VALUE || state === VALUE_OR_CLOSE) {
          this.stringIsKey = false;
          this.valueStarts(i, c);
        } else {
          return this.unexpected(chunk, i, c, firstOnLine);
        }
        this.inString = true;
        return i + 1;
      default:
        if (state !== TOP && state !== VALUE && state !== VALUE_OR_CLOSE) return this.unexpected(chunk, i, c, firstOnLine);
        if (!isScalarByte(c)) return this.unexpected(chunk, i, c, firstOnLine);
        this.valueStarts(i, c);
        this.inScalar = true;
        return i + 1;
    }
  }

  /** Up to the closing quote (returned index is past it), or to the end of the chunk. */
  private scanString(chunk: Buffer, start: number, n: number): number {
    let i = start;
    if (this.escapePending) {
      this.escapePending = false;
      i++;
    }
    while (i < n) {
      const c = chunk[i]!;
      if (c > BACKSLASH) {
        i++;
      } else if (c === QUOTE) {
        break;
      } else if (c === BACKSLASH) {
        if (i + 1 >= n) {
          this.escapePending = true;
          return n;
        }
        i += 2;
      } else if (c < 0x20) {
        // A raw line break (or other control character) cannot be inside a JSON string: the line was cut short.
        return this.fail(chunk, i, c === NEWLINE ? 'invalid JSON: a string is not closed before the end of the line' : 'invalid JSON: a control character inside a string');
      } else {
        i++;
      }
    }
    if (i >= n) return n;
    this.inString = false;
    if (this.stringIsKey) {
      this.state = COLON;
      if (this.keyStart >= 0) this.firstKeyRead(chunk, i);
    } else {
      this.valueEnded(chunk, i + 1);
    }
    return i + 1;
  }

  /** A number, true, false or null ends at the first byte that cannot be part of one (JSON.parse checks the rest). */
  private scanScalar(chunk: Buffer, start: number, n: number): number {
    let i = start;
    while (i < n && isScalarByte(chunk[i]!)) i++;
    if (i >= n) return n;
    this.inScalar = false;
    this.valueEnded(chunk, i);
    return i;
  }

  private firstKeyRead(chunk: Buffer, end: number): void {
    const key = this.keyCarry + chunk.toString('latin1', this.keyStart, end);
    this.keyStart = -1;
    this.keyCarry = '';
    this.firstKeyPending = false;
    this.containerKey = CONTAINER_KEYS.has(key);
    if (this.containerKey) this.origin = key as ValueOrigin;
  }

  // -- values ----------------------------------------------------------------------------------------------------

  private valueStarts(i: number, c: number): void {
    const depth = this.stack.length;
    if (depth === 0) {
      // A top-level array streams its elements; anything else is held whole, unless it turns out to be a container.
      this.emitDepth = c === 0x5b ? 1 : 0;
      this.origin = c === 0x5b ? 'element' : 'document';
      this.firstKeyPending = c === 0x7b;
      this.containerKey = false;
      this.containerOpen = false;
      if (c !== 0x5b) this.capture(i);
      return;
    }
    if (depth === 1 && this.containerKey && this.emitDepth === 0) {
      // The value of the top-level object's first key, which names a container: stream it if it is an array.
      if (c === 0x5b) {
        this.emitDepth = 2;
        this.dropCapture();
        return;
      }
      this.containerKey = false;
      this.origin = 'document';
      return;
    }
    if (depth === this.emitDepth && (this.emitDepth === 1 || this.containerOpen)) this.capture(i);
  }

  /** A value ended just before `end`; emits it when it is one of the emitted ones. */
  private valueEnded(chunk: Buffer, end: number): void {
    const depth = this.stack.length;
    if (depth === 0) this.state = TOP;
    else this.state = COMMA_OR_CLOSE;
    if (depth !== this.emitDepth) return;
    if (!this.capturing && !this.oversized) return;
    const line = this.valueLine;
    if (this.oversized) {
      this.dropCapture();
      const mib = Math.round(this.limits.maxValueBytes / (1024 * 1024));
      this.sink.problem(line, `a single value larger than ${mib} MiB, skipped`);
      return;
    }
    const text = this.captured === 0 ? chunk.toString('utf8', this.captureStart, end) : Buffer.concat([...this.pieces, chunk.subarray(this.captureStart, end)]).toString('utf8');
    this.dropCapture();
    this.sink.value(text, line, this.origin);
  }

  private capture(i: number): void {
    this.capturing = true;
    this.oversized = false;
    this.captureStart = i;
    this.pieces = [];
    this.captured = 0;
    this.valueLine = this.line;
  }

  private dropCapture(): void {
    this.capturing = false;
    this.oversized = false;
    this.captureStart = -1;
    this.pieces = [];
    this.captured = 0;
  }

  /** The chunk ends: keep the open value's bytes (a copy: the stream may reuse its buffer) and the open key's. */
  private carry(chunk: Buffer, n: number): void {
    if (this.keyStart >= 0) {
      this.keyCarry += chunk.toString('latin1', this.keyStart, n);
      // A key this long is not Records or Events: stop collecting it.
      if (this.keyCarry.length > 16) this.keyCarry = this.keyCarry.slice(0, 17);
      this.keyStart = 0;
    }
    if (!this.capturing) return;
    const start = Math.max(0, this.captureStart);
    if (start < n) {
      this.captured += n - start;
      if (this.captured > this.limits.maxValueBytes) {
        this.pieces = [];
        this.capturing = false;
        this.oversized = true;
      } else {
        this.pieces.push(Buffer.from(chunk.subarray(start, n)));
      }
    }
    this.captureStart = 0;
  }

  // -- errors ----------------------------------------------------------------------------------------------------

  private unexpected(chunk: Buffer, i: number, c: number, firstOnLine: boolean): number {
    return this.fail(chunk, i, `invalid JSON: unexpected ${describeByte(c)} where ${EXPECTED[this.state]} was expected`, firstOnLine);
  }

  /**
   * Reports the broken value and resynchronises: at `i` when it stands first on its line (and something was read
   * since the value began, so this makes progress), else after the next line feed. Returns where to go on.
   */
  private fail(chunk: Buffer, i: number, reason: string, firstOnLine = false): number {
    const errorLine = this.line;
    const resumeHere = firstOnLine && this.state !== TOP;
    if (this.capturing && this.emitDepth === 0) {
      const held = this.captured === 0 ? chunk.toString('utf8', this.captureStart, i) : Buffer.concat([...this.pieces, chunk.subarray(Math.max(0, this.captureStart), i)]).toString('utf8');
      this.recover(held, this.valueLine, errorLine, reason, !resumeHere);
    } else {
      this.sink.problem(errorLine, reason);
    }
    this.reset();
    if (resumeHere) return i;
    this.skipLine = true;
    return i;
  }

  /**
   * A broken top-level value that was held whole: one broken document, or JSON Lines with a bad line that the
   * grammar only caught on a later line (`{"a":` then `{"b": 1}` reads as one object until the line after).
   */
  private recover(held: string, firstLine: number, errorLine: number, reason: string, lastLineBroken: boolean): void {
    const lines = held.split('\n');
    // The last piece is the error's own line up to the error: broken, or (resuming there) nothing yet.
    const whole = lines.slice(0, -1);
    const filled = whole.map((text, k) => ({ text: text.trim(), line: firstLine + k })).filter((entry) => entry.text !== '');
    const jsonLines = filled.length >= 1 && filled.slice(0, 2).some((entry) => parses(entry.text));
    if (!jsonLines) {
      const lastBlank = lines[lines.length - 1]!.trim() === '';
      this.sink.problem(filled.length === 1 && (!lastLineBroken || lastBlank) ? filled[0]!.line : errorLine, reason);
      return;
    }
    for (const entry of filled) {
      let value: unknown;
      try {
        value = JSON.parse(entry.text);
      } catch (error) {
        this.sink.problem(entry.line, jsonReason(error));
        continue;
      }
      this.sink.value(entry.text, entry.line, 'document', value);
    }
    if (lastLineBroken && lines[lines.length - 1]!.trim() !== '') this.sink.problem(errorLine, reason);
  }

  private reset(): void {
    this.state = TOP;
    this.stack.length = 0;
    this.inString = false;
    this.escapePending = false;
    this.inScalar = false;
    this.bomAt = 0;
    this.emitDepth = 0;
    this.origin = 'document';
    this.containerOpen = false;
    this.firstKeyPending = false;
    this.keyStart = -1;
    this.keyCarry = '';
    this.containerKey = false;
    this.dropCapture();
  }
}

/** Bytes a number, true, false or null may contain. */
function isScalarByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2b || c === 0x2e || (c >= 0x41 && c <= 0x5a);
}

function describeByte(c: number): string {
  if (c >= 0x21 && c <= 0x7e) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** V8's messages echo the input; keep the reason short and free of record contents. */
export function jsonReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const withoutEcho = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  return `invalid JSON: ${withoutEcho.length > 120 ? `${withoutEcho.slice(0, 117)}...` : withoutEcho}`;
}
