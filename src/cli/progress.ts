import type { Writable } from 'node:stream';
import { thousands } from './render/replay-text.js';

/**
 * A one-line progress bar on stderr, redrawn at most every 100 ms. Shown only on a terminal and only for inputs
 * large enough to take a noticeable time; stdout stays clean for the report.
 */
export class Progress {
  private files = 0;
  private records = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: Writable & { columns?: number },
    private readonly totalFiles: number,
    private readonly enabled: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  fileDone(records: number): void {
    this.files++;
    this.records += records;
    if (!this.enabled) return;
    const time = this.now();
    if (time - this.lastDraw < 100 && this.files < this.totalFiles) return;
    this.lastDraw = time;
    this.drawn = true;
    this.stream.write(`\r${this.line()}`);
  }

  line(): string {
    const width = 30;
    const filled = Math.round((this.files / Math.max(1, this.totalFiles)) * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    return `[${bar}] ${this.files}/${this.totalFiles} files, ${thousands(this.records)} records`;
  }

  clear(): void {
    if (this.drawn) this.stream.write(`\r${' '.repeat(this.line().length)}\r`);
  }

  /** Clears the bar before a message is written under it; the next file redraws it. */
  interrupt(): void {
    this.clear();
    this.drawn = false;
  }
}

/** Large enough that a bar helps: many files, or stdin/one file is read whole and needs none. */
export const PROGRESS_MIN_FILES = 8;
