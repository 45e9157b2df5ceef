#!/usr/bin/env node
// Which Stratus Red Team detonations secmon detects, from their recorded CloudTrail logs: each technique's file
// (<technique id>.json: a CloudTrail record list or {"Records": [...]}) is replayed through the built CLI
// (`secmon replay --json`: patterns, record conditions, thresholds over event time), and a technique counts as
// detected when a monitor that claims it (its `stratus` ids in `secmon list --json`) fires. Monitors that fire without
// claiming it are listed too; unauthorized-api-calls and the CIS controls never count as purpose-built.
//
// Usage: node scripts/stratus-coverage.js DIR [--min N] [--markdown]   (after npm run build)
// Exit 1 when fewer than N techniques are detected, 2 on bad usage.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { min: { type: 'string' }, markdown: { type: 'boolean' } }, allowPositionals: true });
if (positionals.length !== 1) {
  process.stderr.write('usage: node scripts/stratus-coverage.js DIR [--min N] [--markdown]\n');
  process.exit(2);
}
const dir = positionals[0];
const { run } = await import(new URL('../dist/cli.mjs', import.meta.url).href);

/** Runs the CLI in-process and returns its exit code and stdout. */
async function cli(argv) {
  const stdout = new PassThrough();
  const chunks = [];
  stdout.on('data', (chunk) => chunks.push(chunk));
  const stderr = new PassThrough();
  stderr.resume();
  const code = await run(argv, { stdin: Object.assign(Readable.from([]), { isTTY: true }), stdout, stderr });
  return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

const catalog = JSON.parse((await cli(['list', '--json'])).stdout);
const claimedBy = new Map();
for (const monitor of catalog) for (const id of monitor.stratus) claimedBy.set(id, [...(claimedBy.get(id) ?? []), monitor.id]);
const incidental = (id) => id === 'unauthorized-api-calls' || id.startsWith('cis-');

const rows = [];
for (const file of readdirSync(dir).filter((name) => name.startsWith('aws.') && name.endsWith('.json')).sort()) {
  const technique = file.slice(0, -'.json'.length);
  const { code, stdout } = await cli(['replay', '--json', join(dir, file)]);
  if (code !== 0) throw new Error(`secmon replay failed on ${file} (exit ${code})`);
  const fired = JSON.parse(stdout).monitors.map((m) => m.id);
  const claims = claimedBy.get(technique) ?? [];
  rows.push({
    technique,
    detectedBy: fired.filter((id) => claims.includes(id)),
    alsoFired: fired.filter((id) => !claims.includes(id) && !incidental(id)),
    incidental: fired.filter(incidental),
    claimedButSilent: claims.filter((id) => !fired.includes(id)),
  });
}

const detected = rows.filter((row) => row.detectedBy.length > 0).length;
const list = (ids) => (ids.length === 0 ? '-' : ids.join(', '));
if (values.markdown) {
  console.log('| Stratus Red Team technique | detected by | also fired |');
  console.log('| --- | --- | --- |');
  for (const row of rows) console.log(`| \`${row.technique}\` | ${list(row.detectedBy)} | ${list([...row.alsoFired, ...row.incidental])} |`);
} else {
  for (const row of rows) {
    const verdict = row.detectedBy.length > 0 ? 'detected' : 'MISSED  ';
    console.log(`${verdict}  ${row.technique.padEnd(62)} ${list(row.detectedBy)}${row.alsoFired.length + row.incidental.length > 0 ? `  (also: ${list([...row.alsoFired, ...row.incidental])})` : ''}`);
  }
}
const silent = rows.filter((row) => row.claimedButSilent.length > 0 && row.detectedBy.length === 0);
console.log(`\n${detected} of ${rows.length} techniques detected by a purpose-built monitor that claims them.`);
for (const row of silent) console.log(`  claimed but silent on ${row.technique}: ${row.claimedButSilent.join(', ')}`);
const unclaimedFiles = [...claimedBy.keys()].filter((id) => !rows.some((row) => row.technique === id));
if (unclaimedFiles.length > 0) console.log(`  claimed techniques without a sample here: ${unclaimedFiles.join(', ')}`);
if (values.min !== undefined && detected < Number(values.min)) process.exit(1);
