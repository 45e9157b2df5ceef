/**
 * Builds the CLI bundle (dist/, as `npm ci` does) from the current sources once before the tests, so the tests that
 * run `node bin/secmon.js` in a child process run exactly what a user would.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build-cli.js'], { cwd: root, stdio: 'inherit' });
}
