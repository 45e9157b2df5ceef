// Timing helpers. Machines here are noisy, so every figure is a ratio against a baseline measured in the same run,
// with subject and baseline runs interleaved and the median taken.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs a command to completion with stdout discarded (stdin from `stdinFile`, or none); resolves to wall-clock
 * milliseconds.
 */
export function timeCommand(command, args, { cwd, stdinFile, env } = {}) {
  return new Promise((resolve, reject) => {
    const devNull = openSync('/dev/null', 'w');
    const input = stdinFile === undefined ? 'ignore' : openSync(stdinFile, 'r');
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: [input, devNull, 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(devNull);
      if (typeof input === 'number') closeSync(input);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
      else resolve(ms);
    });
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Alternates subject and baseline `rounds` times (after one warm-up each) and returns both medians and the ratio. */
export async function compare(subject, baseline, rounds) {
  await subject();
  await baseline();
  const subjectTimes = [];
  const baselineTimes = [];
  for (let i = 0; i < rounds; i++) {
    baselineTimes.push(await baseline());
    subjectTimes.push(await subject());
  }
  const subjectMs = median(subjectTimes);
  const baselineMs = median(baselineTimes);
  return { subjectMs, baselineMs, ratio: subjectMs / baselineMs };
}

/**
 * Runs a node script once with bench/lib/max-rss.mjs preloaded; resolves to its peak resident set size in MiB
 * (measured by the process itself at exit).
 */
export async function peakMemoryMiB(script, args, { cwd, stdinFile } = {}) {
  const file = join(tmpdir(), `secmon-bench-rss-${process.pid}-${Date.now()}`);
  const preload = new URL('./max-rss.mjs', import.meta.url).href;
  await timeCommand(process.execPath, ['--import', preload, script, ...args], { cwd, stdinFile, env: { ...process.env, BENCH_MAX_RSS_FILE: file } });
  const kib = Number(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  return kib / 1024;
}
