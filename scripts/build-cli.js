#!/usr/bin/env node
// Builds the `secmon` CLI into dist/: one ESM entry (dist/cli.mjs) plus chunks loaded only by the options that need
// them (--slack, --preview pull in the Slack client), so every command starts fast. `npm ci` runs this (prepare).
// A second entry, dist/match-worker.mjs, is the worker thread `secmon match` starts for several files; the CLI
// finds it next to dist/cli.mjs (code both share goes to chunks).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = new URL('../dist', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/main.ts', 'match-worker': 'src/cli/match-worker.ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  splitting: true,
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // CommonJS dependencies (@slack/web-api) call require(); an ESM bundle must provide it.
  banner: {
    js: "import { createRequire as __secmonCreateRequire } from 'node:module'; const require = __secmonCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
