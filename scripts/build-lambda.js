#!/usr/bin/env node
// Bundles one Lambda handler with the project's options (scripts/lib/lambda-build.js) into a directory:
//   node scripts/build-lambda.js handlers/slack.ts <outdir>
// The Makefile runs it for `sam build` (BuildMethod: makefile); the output is <outdir>/<name>.mjs.
import { build } from 'esbuild';
import { lambdaBuildOptions } from './lib/lambda-build.js';

const [handler, outdir] = process.argv.slice(2);
if (handler === undefined || outdir === undefined) {
  console.error('usage: node scripts/build-lambda.js <handlers/name.ts> <outdir>');
  process.exit(2);
}
await build({ ...lambdaBuildOptions(handler), entryPoints: [handler], outdir, logLevel: 'warning' });
