#!/usr/bin/env node
// npm run bench [-- [--rounds N] suite...]: runs the benchmark suites and prints each figure as a ratio against a baseline
// measured in the same run. Exits 1 when a figure misses its goal.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SUITES = ['match'];
const root = fileURLToPath(new URL('..', import.meta.url));
const workDir = fileURLToPath(new URL('./.work', import.meta.url));
mkdirSync(workDir, { recursive: true });

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 5;
const chosen = args;
const unknown = chosen.filter((name) => !SUITES.includes(name));
if (unknown.length > 0) {
  console.error(`bench: unknown suite ${unknown.join(', ')} (suites: ${SUITES.join(', ')})`);
  process.exit(2);
}
let missed = 0;
for (const name of chosen.length > 0 ? chosen : SUITES) {
  const suite = await import(`./suites/${name}.js`);
  for (const figure of await suite.run({ root, workDir, rounds })) {
    const met = figure.ratio <= figure.goal;
    if (!met) missed++;
    console.log(
      `${met ? 'ok  ' : 'MISS'} ${figure.name}\n     ${figure.subject} vs ${figure.baseline}: ratio ${figure.ratio.toFixed(2)} (goal <= ${figure.goal})`,
    );
  }
}
process.exitCode = missed > 0 ? 1 : 0;
