// The floor for `secmon match`: only reading, gunzipping and JSON.parse-ing the same files, sequentially.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

function files(path) {
  if (!statSync(path).isDirectory()) return path.endsWith('.json.gz') ? [path] : [];
  return readdirSync(path).sort().flatMap((name) => files(join(path, name)));
}

let records = 0;
for (const file of process.argv.slice(2).flatMap(files)) records += JSON.parse(gunzipSync(readFileSync(file))).Records.length;
process.stdout.write(`${records}\n`);
