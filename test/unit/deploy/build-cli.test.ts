/**
 * `prepare` (scripts/build-cli.js) runs on every install, also on one without devDependencies (`npm install
 * --omit=dev`, as SAM's esbuild builder and production installs run it): there it must not fail the install for want
 * of esbuild, and say why the CLI is not built.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'secmon-prepare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prepare without devDependencies', () => {
  it('exits 0 and says the CLI was not built when esbuild is not installed', () => {
    // A copy of the script in a project with no node_modules: `import('esbuild')` cannot resolve there.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'secmon-copy', type: 'module' }));
    copyFileSync(fileURLToPath(new URL('../../../scripts/build-cli.js', import.meta.url)), join(dir, 'build-cli.js'));
    const run = spawnSync(process.execPath, ['build-cli.js'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('esbuild is not installed (devDependencies omitted); the CLI was not built. Run `npm ci` to build it.');
  });
});
