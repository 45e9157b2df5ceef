#!/usr/bin/env node
// npm run bench [-- [--rounds N] [--markdown] suite...]: runs the benchmark suites and prints their figures. Exits 1
// when a figure misses its goal or a check fails.
//
// A suite's run({ root, workDir, rounds }) returns figures of three kinds (each may carry `notes`, lines printed
// under it):
// - ratio: { name, subject, baseline, ratio, goal }: a time or size against a baseline measured in the same run;
//   met when ratio <= goal.
// - value: { name, value, goal, unit?, op? }: a figure with no baseline (e.g. Slack calls per event); met when
//   `value op goal` holds, op one of '<=' (the default), '>=', '=='.
// - check: { name, passed, detail }: a property that holds or not (e.g. no event lost).
// --markdown also prints every figure as the rows of the README's Performance table.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SUITES = ['match', 'replay-stream', 'cold-start', 'slack-cold-start', 'storm', 'org-storm'];
const root = fileURLToPath(new URL('..', import.meta.url));
const workDir = fileURLToPath(new URL('./.work', import.meta.url));
mkdirSync(workDir, { recursive: true });

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 5;
const markdownAt = args.indexOf('--markdown');
const markdown = markdownAt >= 0 && args.splice(markdownAt, 1).length > 0;
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error('bench: --rounds takes a whole number of at least 1');
  process.exit(2);
}
const chosen = args;
const unknown = chosen.filter((name) => !SUITES.includes(name));
if (unknown.length > 0) {
  console.error(`bench: unknown suite ${unknown.join(', ')} (suites: ${SUITES.join(', ')})`);
  process.exit(2);
}

/** @type {Record<string, (value: number, goal: number) => boolean>} */
const OPS = { '<=': (value, goal) => value <= goal, '>=': (value, goal) => value >= goal, '==': (value, goal) => value === goal };

/**
 * Whether a figure met its goal, and how to show it: [met, console text, markdown row].
 * @param {string} suite
 * @param {any} figure
 * @returns {[boolean, string, string]}
 */
function judge(suite, figure) {
  if ('ratio' in figure) {
    const met = figure.ratio <= figure.goal;
    const ratio = figure.ratio.toPrecision(3);
    const text = `${figure.subject} vs ${figure.baseline}: ratio ${ratio} (goal <= ${figure.goal})`;
    return [met, text, `| ${figure.name} | ${figure.subject} | ${figure.baseline} | ratio ${ratio} | <= ${figure.goal} |`];
  }
  if ('value' in figure) {
    const op = figure.op ?? '<=';
    const compare = OPS[op];
    if (compare === undefined) throw new Error(`bench: suite ${suite}: figure "${figure.name}" has unknown op ${op}`);
    const unit = figure.unit ? ` ${figure.unit}` : '';
    const shown = `${formatValue(figure.value)}${unit}`;
    return [compare(figure.value, figure.goal), `${shown} (goal ${op} ${formatValue(figure.goal)}${unit})`, `| ${figure.name} | ${shown} | (none) | ${shown} | ${op} ${formatValue(figure.goal)}${unit} |`];
  }
  if ('passed' in figure) {
    const met = figure.passed === true;
    return [met, `${met ? 'holds' : 'FAILS'}: ${figure.detail}`, `| ${figure.name} | ${figure.detail} | (none) | ${met ? 'holds' : 'FAILS'} | holds |`];
  }
  throw new Error(`bench: suite ${suite} returned a figure of no known kind: ${JSON.stringify(figure)}`);
}

/** @param {number} value */
function formatValue(value) {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : String(Number(value.toPrecision(3)));
}

let missed = 0;
const rows = [];
for (const name of chosen.length > 0 ? chosen : SUITES) {
  const suite = await import(`./suites/${name}.js`);
  for (const figure of await suite.run({ root, workDir, rounds })) {
    const [met, text, row] = judge(name, figure);
    if (!met) missed++;
    rows.push(row);
    console.log(`${met ? 'ok  ' : 'MISS'} ${figure.name}\n     ${text}`);
    for (const note of figure.notes ?? []) console.log(`     - ${note}`);
  }
}
if (markdown) {
  console.log('\n| what | subject | baseline | ratio or value | goal |\n| --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}
process.exitCode = missed > 0 ? 1 : 0;
