/**
 * The bytes of an input as UTF-8 text, in chunks: a file or stdin, gunzipped when it is gzip (recognised by its
 * magic bytes, not its name; several gzip members one after another, as `cat *.gz` makes, are read in turn), and
 * converted when it is UTF-16 (PowerShell's `>` writes that). Whatever goes wrong is a SecmonError INPUT_INVALID
 * whose message is the reason a person can act on ("permission denied", "truncated"), never a stack.
 *
 * Decompression is bounded: a gzip bomb in a log directory is cut off with a reason instead of running for hours.
 * The bound is a ratio, because real logs of any size pass it: past the first GUNZIP_FREE_BYTES, the output may be
 * at most GUNZIP_MAX_RATIO times the compressed bytes read so far (CloudTrail's JSON compresses about 10:1; zeros
 * or spaces, what bombs are made of, about 1000:1).
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { SecmonError } from '../../errors.js';

export const GUNZIP_FREE_BYTES = 64 * 1024 * 1024;
export const GUNZIP_MAX_RATIO = 200;
/** Files up to this size are read and gunzipped in one go (most CloudTrail files are smaller); larger ones stream. */
const WHOLE_FILE_BYTES = 1024 * 1024;
/**
 * Reads come in chunks this size: 1 MiB reads measured no faster, and kept the peak memory of a long stream growing
 * (102 MiB at 121 MB, 145 MiB at 605 MB; 66 MiB for both with 64 KiB).
 */
const CHUNK_BYTES = 64 * 1024;
/** Gunzip output chunks: 64 KiB ones cost a tenth more time, 1 MiB ones 13 MiB more peak memory, than these. */
const GUNZIP_CHUNK_BYTES = 256 * 1024;

/** The chunks of a file, read from disk. */
export function fileBytes(path: string): AsyncGenerator<Buffer> {
  return decode(fileChunks(path), path);
}

/** The chunks of a stream (stdin). */
export function streamBytes(stream: Readable, name: string): AsyncGenerator<Buffer> {
  return decode(stream as AsyncIterable<Buffer | string>, name);
}

async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (cause) {
    throw readError(cause);
  }
  let size: number;
  try {
    size = fstatSync(fd).size;
    if (size <= WHOLE_FILE_BYTES) {
      const whole = Buffer.allocUnsafe(size);
      let read = 0;
      while (read < size) {
        const n = readSync(fd, whole, read, size - read, read);
        if (n === 0) break;
        read += n;
      }
      yield whole.subarray(0, read);
      return;
    }
  } catch (cause) {
    throw readError(cause);
  } finally {
    if (size! === undefined || size <= WHOLE_FILE_BYTES) closeSync(fd);
  }
  // createReadStream closes the descriptor when it ends, fails or is destroyed.
  const stream = createReadStream(path, { fd, highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (cause) {
    throw readError(cause);
  } finally {
    stream.destroy();
  }
}

async function* decode(raw: AsyncIterable<Buffer | string>, name: string): AsyncGenerator<Buffer> {
  const iterator = raw[Symbol.asyncIterator]();
  const next = async (): Promise<Buffer | undefined> => {
    const result = await iterator.next().catch((cause: unknown) => {
      throw readError(cause);
    });
    return result.done ? undefined : toBuffer(result.value);
  };
  try {
    // Enough of the start to recognise the format (stdin may deliver a byte at a time), and whether that is all.
    let head = Buffer.alloc(0);
    let following: Buffer | undefined;
    let ended = false;
    while (!ended && head.length < 3) {
      const chunk = await next();
      if (chunk === undefined) ended = true;
      else head = Buffer.concat([head, chunk]);
    }
    if (!ended) {
      following = await next();
      ended = following === undefined;
    }
    const rest = ended ? emptyRest() : remaining(following!, next);
    if (head[0] === 0x1f && head[1] === 0x8b) yield* gunzipped(head, rest, ended);
    else if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) yield* utf16(head, rest);
    else {
      if (/\.gz$/i.test(name) && head.length > 0 && !looksLikeJson(head[0]!)) throw new SecmonError('INPUT_INVALID', 'not gzip (no gzip header) and not JSON text');
      if (head.length > 0) yield head;
      yield* rest;
    }
  } finally {
    await iterator.return?.();
  }
}

async function* remaining(first: Buffer, next: () => Promise<Buffer | undefined>): AsyncGenerator<Buffer> {
  yield first;
  for (let chunk = await next(); chunk !== undefined; chunk = await next()) yield chunk;
}

async function* emptyRest(): AsyncGenerator<Buffer> {}

async function* gunzipped(head: Buffer, rest: AsyncGenerator<Buffer>, whole: boolean): AsyncGenerator<Buffer> {
  if (whole) {
    // The whole input is here (a small file): one call, the bound as zlib's own output limit.
    const limit = Math.max(GUNZIP_FREE_BYTES, GUNZIP_MAX_RATIO * head.length);
    let text: Buffer;
    try {
      text = gunzipSync(head, { maxOutputLength: limit });
    } catch (cause) {
      throw gunzipError(cause);
    }
    yield text;
    return;
  }
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  let compressed = 0;
  let feedError: unknown;
  const feed = (async () => {
    try {
      compressed += head.length;
      if (!gunzip.write(head)) await drained(gunzip);
      for await (const chunk of rest) {
        compressed += chunk.length;
        if (gunzip.destroyed) return;
        if (!gunzip.write(chunk)) await drained(gunzip);
      }
      gunzip.end();
    } catch (error) {
      feedError = error;
      gunzip.destroy();
    }
  })();
  let produced = 0;
  try {
    for await (const chunk of gunzip) {
      produced += (chunk as Buffer).length;
      if (produced > GUNZIP_FREE_BYTES && produced > GUNZIP_MAX_RATIO * compressed) throw bomb();
      yield chunk as Buffer;
    }
  } catch (cause) {
    if (feedError !== undefined) throw feedError;
    throw gunzipError(cause);
  } finally {
    gunzip.destroy();
    await rest.return(undefined);
    await feed;
  }
  if (feedError !== undefined) throw feedError;
}

async function* utf16(head: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(head[0] === 0xff ? 'utf-16le' : 'utf-16be');
  yield Buffer.from(decoder.decode(head, { stream: true }), 'utf8');
  for await (const chunk of rest) yield Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8');
  yield Buffer.from(decoder.decode(), 'utf8');
}

function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.removeListener('drain', done);
      stream.removeListener('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** Whitespace, `{`, `[`, a byte-order mark's first byte, or anything a JSON value may start with. */
function looksLikeJson(byte: number): boolean {
  return ' \t\r\n{["-0123456789tfn'.includes(String.fromCharCode(byte)) || byte === 0xef;
}

function bomb(): SecmonError {
  const mib = GUNZIP_FREE_BYTES / (1024 * 1024);
  return new SecmonError(
    'INPUT_INVALID',
    `decompresses to more than ${GUNZIP_MAX_RATIO} times its size (past ${mib} MiB): a gzip bomb? The rest was skipped`,
  );
}

/** zlib's errors in words: a gzip stream that stops early is truncated (a partial download or copy). */
function gunzipError(cause: unknown): SecmonError {
  if (cause instanceof SecmonError) return cause;
  const code = (cause as { code?: unknown }).code;
  if (code === 'ERR_BUFFER_TOO_LARGE') return bomb();
  if (code === 'Z_BUF_ERROR' || (cause as { errno?: unknown }).errno === constants.Z_BUF_ERROR)
    return new SecmonError('INPUT_INVALID', 'truncated: the gzip data ends early', { cause });
  if (code === 'Z_DATA_ERROR') {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new SecmonError('INPUT_INVALID', `corrupt gzip data (${detail})`, { cause });
  }
  return readError(cause);
}

const READ_ERRORS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'no such file (removed while reading?)',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

/** A file system error in words (its code names it; the message would repeat the path). */
export function readError(cause: unknown): SecmonError {
  if (cause instanceof SecmonError) return cause;
  const code = (cause as { code?: unknown }).code;
  const reason = typeof code === 'string' ? (READ_ERRORS[code] ?? `cannot read (${code})`) : `cannot read (${cause instanceof Error ? cause.message : String(cause)})`;
  return new SecmonError('INPUT_INVALID', reason, { cause });
}
