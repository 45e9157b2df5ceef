// `secmon match` with the whole catalog over 100,000 CloudTrail records in 50 gzip files, against the floor of
// reading, gunzipping and parsing the same files in Node. Goal: at most 1.5 times the floor.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { INCIDENTS } from '../../scripts/lib/incidents.js';
import { createRandom, routineRecord } from '../../scripts/lib/synthetic-cloudtrail.js';
import { compare, timeCommand } from '../lib/measure.js';

const FILES = 50;
const PER_FILE = 2000;

/** Writes the corpus once; the version in the directory name changes whenever its recipe does. */
export function ensureCorpus(workDir) {
  const dir = join(workDir, `match-corpus-v1-${FILES}x${PER_FILE}`);
  if (existsSync(join(dir, 'complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const random = createRandom(1);
  const start = Date.UTC(2026, 10, 1);
  for (let f = 0; f < FILES; f++) {
    const records = [];
    const fileStart = start + f * 600_000;
    const incident = INCIDENTS[f % INCIDENTS.length](random, new Date(fileStart + 300_000));
    for (let i = records.length; i < PER_FILE - incident.length; i++)
      records.push(routineRecord(random, new Date(fileStart + random.next() * 600_000)));
    records.push(...incident);
    writeFileSync(join(dir, `111122223333_CloudTrail_us-east-1_${String(f).padStart(3, '0')}.json.gz`), gzipSync(JSON.stringify({ Records: records })));
  }
  writeFileSync(join(dir, 'complete'), '');
  return dir;
}

export async function run({ root, workDir, rounds }) {
  const corpus = ensureCorpus(workDir);
  const node = process.execPath;
  const result = await compare(
    () => timeCommand(node, [join(root, 'bin/secmon.js'), 'match', corpus], { cwd: root }),
    () => timeCommand(node, [join(root, 'bench/floor.js'), corpus], { cwd: root }),
    rounds,
  );
  return [
    {
      name: 'match: whole catalog, 100,000 records / 50 .json.gz vs read+gunzip+JSON.parse',
      subject: `${result.subjectMs.toFixed(0)} ms`,
      baseline: `${result.baselineMs.toFixed(0)} ms`,
      ratio: result.ratio,
      goal: 1.5,
    },
  ];
}
