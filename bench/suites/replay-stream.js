// `secmon replay` over large inputs, against the parse-only floor, in time and in peak memory:
// - a large stream of JSON Lines on stdin (as `jq -c` or a log shipper gives them; 500,000 records, 605 MB, past
//   the 512 MB at which reading a whole input failed with ERR_STRING_TOO_LONG) against reading stdin, splitting it
//   into lines and JSON.parse-ing each (bench/floor-lines.js);
// - one large CloudTrail log file ({"Records": [...]}, gzipped, 100,000 records) against reading, gunzipping and
//   JSON.parse-ing it whole (bench/floor.js).
// Goals: at most 1.5 times the floor's time; memory bounded: replay's peak stays flat from a 121 MB stream to one
// five times as long, and stays under the floor's for the file, which the floor holds whole.
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { INCIDENTS } from '../../scripts/lib/incidents.js';
import { createRandom, routineRecord } from '../../scripts/lib/synthetic-cloudtrail.js';
import { compare, peakMemoryMiB, timeCommand } from '../lib/measure.js';

const RECORDS = 100_000;
/** The large stream is the small one this many times over. */
const GROWTH = 5;

function* records() {
  const random = createRandom(7);
  const start = Date.UTC(2026, 10, 1);
  for (let i = 0; i < RECORDS; i++) {
    const at = new Date(start + i * 3_000);
    // An incident every 2,000 records, so the replay has alerts to report.
    if (i % 2_000 === 0) yield* INCIDENTS[(i / 2_000) % INCIDENTS.length](random, at);
    else yield routineRecord(random, at);
  }
}

/** Writes the corpus once; the version in the directory name changes whenever its recipe does. */
async function ensureCorpus(workDir) {
  const dir = join(workDir, `replay-stream-corpus-v2-${RECORDS}x${GROWTH}`);
  const files = { lines: join(dir, 'records.jsonl'), large: join(dir, `records-x${GROWTH}.jsonl`), single: join(dir, 'records.json.gz') };
  if (existsSync(join(dir, 'complete'))) return files;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await pipeline(
    Readable.from((function* () {
      for (const record of records()) yield `${JSON.stringify(record)}\n`;
    })()),
    createWriteStream(files.lines),
  );
  await pipeline(
    Readable.from((function* () {
      for (let copy = 0; copy < GROWTH; copy++) for (const record of records()) yield `${JSON.stringify(record)}\n`;
    })()),
    createWriteStream(files.large),
  );
  await pipeline(
    Readable.from((function* () {
      yield '{"Records":[';
      let first = true;
      for (const record of records()) {
        yield `${first ? '' : ','}${JSON.stringify(record)}`;
        first = false;
      }
      yield ']}';
    })()),
    createGzip(),
    createWriteStream(files.single),
  );
  writeFileSync(join(dir, 'complete'), '');
  return files;
}

const mb = (path) => `${Math.round(statSync(path).size / 1e6)} MB`;
const perSecond = (count, ms) => Math.round((count * 1000) / ms).toLocaleString('en-US');

export async function run({ root, workDir, rounds }) {
  const corpus = await ensureCorpus(workDir);
  const node = process.execPath;
  const secmon = join(root, 'bin/secmon.js');
  const floorLines = join(root, 'bench/floor-lines.js');
  const floorFile = join(root, 'bench/floor.js');
  const linesMb = mb(corpus.lines);
  const largeMb = mb(corpus.large);
  const stdin = await compare(
    () => timeCommand(node, [secmon, 'replay'], { cwd: root, stdinFile: corpus.large }),
    () => timeCommand(node, [floorLines], { cwd: root, stdinFile: corpus.large }),
    rounds,
  );
  // One thread for the file too, as the floor: the comparison is of the reading path, not of the cores.
  const single = await compare(
    () => timeCommand(node, [secmon, 'replay', '--jobs', '1', corpus.single], { cwd: root }),
    () => timeCommand(node, [floorFile, corpus.single], { cwd: root }),
    rounds,
  );
  const memory = {
    stdin: await peakMemoryMiB(secmon, ['replay'], { cwd: root, stdinFile: corpus.lines }),
    stdinLarge: await peakMemoryMiB(secmon, ['replay'], { cwd: root, stdinFile: corpus.large }),
    stdinFloor: await peakMemoryMiB(floorLines, [], { cwd: root, stdinFile: corpus.lines }),
    single: await peakMemoryMiB(secmon, ['replay', '--jobs', '1', corpus.single], { cwd: root }),
    singleFloor: await peakMemoryMiB(floorFile, [corpus.single], { cwd: root }),
  };
  const MiB = (value) => `${Math.round(value)} MiB`;
  return [
    {
      name: `replay: ${(RECORDS * GROWTH).toLocaleString('en-US')} records as JSON Lines on stdin (${largeMb}) vs stdin read+split+JSON.parse`,
      subject: `${stdin.subjectMs.toFixed(0)} ms (${perSecond(RECORDS * GROWTH, stdin.subjectMs)} records/s, ${Math.round(statSync(corpus.large).size / 1e3 / stdin.subjectMs)} MB/s)`,
      baseline: `${stdin.baselineMs.toFixed(0)} ms`,
      ratio: stdin.ratio,
      goal: 1.5,
    },
    {
      name: `replay: one {"Records": [...]} .json.gz of ${RECORDS.toLocaleString('en-US')} records (${mb(corpus.single)} gzipped) vs read+gunzip+JSON.parse`,
      subject: `${single.subjectMs.toFixed(0)} ms (${perSecond(RECORDS, single.subjectMs)} records/s)`,
      baseline: `${single.baselineMs.toFixed(0)} ms`,
      ratio: single.ratio,
      goal: 1.5,
    },
    {
      name: `replay: peak memory, JSON Lines on stdin, ${linesMb} and ${largeMb}`,
      passed: memory.stdinLarge <= memory.stdin * 1.25,
      detail: `${MiB(memory.stdin)} at ${linesMb}, ${MiB(memory.stdinLarge)} at ${largeMb} (floor at ${linesMb}: ${MiB(memory.stdinFloor)}); bounded: at most 1.25x when the input grows ${GROWTH}x`,
    },
    {
      name: `replay: peak memory, one .json.gz of ${RECORDS.toLocaleString('en-US')} records, vs the floor holding it whole`,
      passed: memory.single < memory.singleFloor,
      detail: `${MiB(memory.single)} vs ${MiB(memory.singleFloor)} (ratio ${(memory.single / memory.singleFloor).toFixed(2)}); bounded: below the floor's`,
    },
  ];
}
