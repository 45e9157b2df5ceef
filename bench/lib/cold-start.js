// Running one Lambda cold start in a fresh process, shared by the cold-start suites.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './measure.js';
import { weightByPackage } from './bundle.js';

const CHILD = fileURLToPath(new URL('./cold-start-child.js', import.meta.url));
const CHILD_TIMEOUT_MS = 30_000;

/**
 * @typedef {{ readyMs: number, loadedMs: number, doneMs: number, wallMs: number, result: any }} ColdStart
 */

/**
 * Runs one cold start in a fresh process (see cold-start-child.js for what is timed).
 * @param {string} bundle
 * @param {string} eventFile
 * @param {Record<string, string>} env the child's whole environment (nothing inherited from the bench's)
 * @returns {Promise<ColdStart>}
 */
export function coldStart(bundle, eventFile, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [CHILD, bundle, eventFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    let stdout = '';
    let stderr = '';
    /** @type {number | undefined} */
    let wallMs;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (wallMs === undefined && /\nBENCH .*\n/.test(stdout)) wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = /\nBENCH (.*)\n/.exec(stdout)?.[1];
      if (code !== 0 || line === undefined || wallMs === undefined) {
        reject(new Error(`cold start of ${bundle} failed (exit ${code ?? signal}): ${stderr.slice(-1500) || stdout.slice(-1500)}`));
        return;
      }
      resolve({ ...JSON.parse(line), wallMs });
    });
  });
}

/** @param {number} bytes */
export const kib = (bytes) => `${Math.round(bytes / 1024).toLocaleString('en-US')} KiB`;

/**
 * @param {import('esbuild').Metafile} metafile
 * @param {number} top
 */
export const heaviest = (metafile, top) =>
  weightByPackage(metafile)
    .slice(0, top)
    .map(({ name, bytes }) => `${name} ${kib(bytes)}`)
    .join(', ');

/**
 * The medians of measured rounds (the warm-up round is left out, as compare does).
 * @param {ColdStart[]} runs
 */
export function describeRuns(runs) {
  const measured = runs.slice(1);
  const at = (/** @type {(r: ColdStart) => number} */ pick) => median(measured.map(pick)).toFixed(0);
  return `${at((r) => r.doneMs)} ms (node ready ${at((r) => r.readyMs)}, bundle loaded ${at((r) => r.loadedMs)}; parent-side wall ${at((r) => r.wallMs)})`;
}
