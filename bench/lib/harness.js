// Bundles bench/fixtures/harness.ts (secmon's pipeline, stores, Slack messenger, the dynalite helper) into
// bench/.work/harness.mjs so the plain-JS suites can import it. Dependencies stay external (resolved from
// node_modules as usual); nothing is minified. bench/.work/ sits two levels below the repository like test/helpers/,
// so the dynalite helper's `new URL('../../template.yaml', import.meta.url)` still finds the template.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * @param {{ root: string, workDir: string }} options
 * @returns {Promise<any>} the harness module
 */
export async function loadHarness({ root, workDir }) {
  const outfile = join(workDir, 'harness.mjs');
  await build({
    entryPoints: [join(root, 'bench/fixtures/harness.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}
