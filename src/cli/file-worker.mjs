// The file worker (of match and replay) when secmon runs from source (tests, `tsx src/cli/main.ts`): bundles file-worker.ts with esbuild
// in memory and runs it. The CLI starts its worker at ./file-worker.mjs next to main: in dist/ that is the bundled
// worker (scripts/build-cli.js), here it is this file, so the same code works in both layouts and tests always run
// the current sources (never a stale dist/).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const { outputFiles } = await build({
  entryPoints: [fileURLToPath(new URL('./file-worker.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  write: false,
  logLevel: 'warning',
});
await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].contents).toString('base64')}`);
