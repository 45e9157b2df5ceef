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

/**
 * The two figures of a cold-start suite: bundle size and start time, each against the naive bundle.
 * @param {{ label: string, subject: { file: string, bytes: number, metafile: import('esbuild').Metafile },
 *   naive: { file: string, bytes: number, metafile: import('esbuild').Metafile }, runs: Map<string, ColdStart[]>,
 *   ratio: number, rounds: number, sizeGoal: number, startName: string }} measured
 */
export function coldStartFigures({ label, subject, naive, runs, ratio, rounds, sizeGoal, startName }) {
  return [
    {
      name: `cold start: ${label} bundle size (as sam build makes it, minified) vs naive bundle (Bolt + every AWS client)`,
      subject: kib(subject.bytes),
      baseline: kib(naive.bytes),
      ratio: subject.bytes / naive.bytes,
      goal: sizeGoal,
      notes: [`heaviest in ${label}: ${heaviest(subject.metafile, 6)}`, `heaviest in naive: ${heaviest(naive.metafile, 6)}`],
    },
    {
      name: `cold start: ${startName}`,
      subject: describeRuns(runs.get(subject.file) ?? []),
      baseline: describeRuns(runs.get(naive.file) ?? []),
      ratio,
      goal: 0.5,
      notes: [`medians of ${rounds} interleaved rounds each, after one warm-up each; times from the child's process start`],
    },
  ];
}

/**
 * What every cold-start child gets: the AWS SDK pointed at the local DynamoDB, no instance metadata lookups.
 * @param {string} dynamoEndpoint
 */
export function localAwsEnvironment(dynamoEndpoint) {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
