// Timing helpers. Machines here are noisy, so every figure is a ratio against a baseline measured in the same run,
// with subject and baseline runs interleaved and the median taken.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

/** Runs a command to completion with stdout discarded; resolves to wall-clock milliseconds. */
export function timeCommand(command, args, { cwd } = {}) {
  return new Promise((resolve, reject) => {
    const devNull = openSync('/dev/null', 'w');
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, stdio: ['ignore', devNull, 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(devNull);
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
