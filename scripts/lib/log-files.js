// Writes records as CloudTrail delivers them to S3: gzipped {"Records": [...]} files under
// AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<account>_CloudTrail_<region>_<yyyymmddThhmmZ>_<id>.json.gz
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ACCOUNT } from './synthetic-cloudtrail.js';

/** Groups records by region and delivery window, and writes one file per group. Returns the paths written. */
export function writeLogFiles(root, records, random, { windowMinutes = 15 } = {}) {
  const groups = new Map();
  for (const rec of records) {
    const time = new Date(rec.eventTime);
    const window = new Date(Math.floor(time.getTime() / (windowMinutes * 60_000)) * windowMinutes * 60_000);
    const key = `${rec.awsRegion}|${window.toISOString()}`;
    if (!groups.has(key)) groups.set(key, { region: rec.awsRegion, window, records: [] });
    groups.get(key).records.push(rec);
  }
  const paths = [];
  for (const { region, window, records: grouped } of [...groups.values()].sort((a, b) => a.window - b.window)) {
    grouped.sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
    const [yyyy, mm, dd] = [window.getUTCFullYear(), pad(window.getUTCMonth() + 1), pad(window.getUTCDate())];
    const stamp = `${yyyy}${mm}${dd}T${pad(window.getUTCHours())}${pad(window.getUTCMinutes())}Z`;
    const dir = join(root, 'AWSLogs', ACCOUNT, 'CloudTrail', region, String(yyyy), mm, dd);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${ACCOUNT}_CloudTrail_${region}_${stamp}_${random.hex(16)}.json.gz`);
    writeFileSync(path, gzipSync(JSON.stringify({ Records: grouped })));
    paths.push(path);
  }
  return paths;
}

function pad(n) {
  return String(n).padStart(2, '0');
}
