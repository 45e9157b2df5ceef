import type { Readable, Writable } from 'node:stream';
import { terminalSafe } from '../text/terminal-safe.js';

/** The streams a command talks to; tests pass in-memory ones. */
export interface CliIO {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
}

/** Exit statuses shared by every command; `failed`: a service the command talks to (Slack) failed. */
export const EXIT = { ok: 0, inputErrors: 1, failed: 1, usage: 2 } as const;

/**
 * Writes many lines as one chunk and waits for 'drain' when the stream asks, so a slow reader (a pipe into `head`,
 * a terminal) bounds memory instead of the buffer growing. One write per line costs more than matching does.
 */
export async function writeLines(stream: Writable, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  if (!stream.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

export function writeLine(stream: Writable, text: string): void {
  stream.write(`${text}\n`);
}

/**
 * A message for stderr, which is usually a terminal: file names, JSON parser messages, values a user typed can hold
 * escape sequences, so every line goes through the same sanitiser as the reports (line breaks between lines stay).
 */
export function writeError(stream: Writable, text: string): void {
  stream.write(`${text.split('\n').map(terminalSafe).join('\n')}\n`);
}
