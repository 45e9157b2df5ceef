#!/usr/bin/env node
// Entry point for `npx secmon` / the `secmon` bin: runs the CLI bundle in dist/ (built by `npm ci` via `prepare`;
// one bundled file starts in about half the time of loading the many compiled modules one by one).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('secmon: not built yet; run `npm run build` (npm ci does this for you)\n');
  process.exit(2);
}
const { run, exitQuietlyOnClosedPipe } = await import(main.href);
exitQuietlyOnClosedPipe(process.stdout);
exitQuietlyOnClosedPipe(process.stderr);
process.exitCode = await run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
