#!/usr/bin/env node
// Builds the `secmon` CLI into dist/: one ESM entry (dist/cli.mjs) plus chunks loaded only by the options that need
// them (--slack, --preview pull in the Slack client), so every command starts fast. `npm ci` runs this (prepare).
// A second entry, dist/file-worker.mjs, is the worker thread `secmon match` and `replay` start for several files; the CLI
// finds it next to dist/cli.mjs (code both share goes to chunks).
import { readFileSync, rmSync } from 'node:fs';

// esbuild is a devDependency: an install without them (`npm install --omit=dev`, as SAM's esbuild builder and
// production installs do) still runs `prepare`, and must not fail for want of a tool only the CLI build needs.
const esbuild = await import('esbuild').catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  return undefined;
});
if (esbuild === undefined) {
  console.warn('secmon: esbuild is not installed (devDependencies omitted); the CLI was not built. Run `npm ci` to build it.');
  process.exit(0);
}
const { build } = esbuild;

/**
 * emoji-datasource's emoji.json (1.3 MB) is read by the preview for two fields per emoji (src/replay/html/emoji.ts):
 * the bundle keeps only those (about 90 KB).
 */
const slimEmojiData = {
  name: 'slim-emoji-data',
  setup(builder) {
    builder.onLoad({ filter: /emoji-datasource[\\/]emoji\.json$/ }, (args) => {
      const entries = JSON.parse(readFileSync(args.path, 'utf8')).map(({ unified, short_names }) => ({ unified, short_names }));
      return { contents: JSON.stringify(entries), loader: 'json' };
    });
  },
};

const outdir = new URL('../dist', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/main.ts', 'file-worker': 'src/cli/file-worker.ts' },
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
  plugins: [slimEmojiData],
  logLevel: 'warning',
});
