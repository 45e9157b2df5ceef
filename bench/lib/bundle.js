// Builds a Lambda handler the way `sam build` does (the Makefile's targets: scripts/lib/lambda-build.js), with
// esbuild's JS API and a metafile for the size analysis, into bench/.work/.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, analyzeMetafile } from 'esbuild';
import { lambdaBuildOptions } from '../../scripts/lib/lambda-build.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundles `entry` with the functions' build options into `outdir` (under bench/.work/), writes esbuild's metafile and its
 * analysis next to it, and returns the output file, its size in bytes and the analysis text.
 * @param {{ entry: string, outdir: string }} options
 * @returns {Promise<{ file: string, bytes: number, analysis: string, metafile: import('esbuild').Metafile }>}
 */
export async function samBuild({ entry, outdir }) {
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    ...lambdaBuildOptions(relative(ROOT, entry)),
    entryPoints: [entry],
    outdir,
    metafile: true,
    logLevel: 'warning',
  });
  const file = join(outdir, `${basename(entry, extname(entry))}.mjs`);
  const analysis = await analyzeMetafile(result.metafile, { verbose: false });
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  writeFileSync(join(outdir, 'analysis.txt'), analysis);
  return { file, bytes: statSync(file).size, analysis, metafile: result.metafile };
}

/**
 * Input bytes in the output grouped by npm package (or by top-level folder for the project's own code), largest
 * first: what weighs most in a bundle.
 * @param {import('esbuild').Metafile} metafile
 * @returns {{ name: string, bytes: number }[]}
 */
export function weightByPackage(metafile) {
  /** @type {Map<string, number>} */
  const totals = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const name = match ? match[1] : `(secmon) ${path.split('/')[0]}`;
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}
