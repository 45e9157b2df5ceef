// How the Lambda functions are bundled, in one place: the Makefile targets `sam build` runs (scripts/build-lambda.js),
// the bundle tests and the benchmarks all use these options.
import { fileURLToPath } from 'node:url';

/**
 * The esbuild options of every function. `bundle` and `platform` node: one file, nothing external (the AWS SDK is
 * bundled: the runtime's copy is not pinned to package.json). ESM because the code is ESM; the banner gives the
 * CommonJS parts of dependencies (which `require` Node built-ins) a `require`. `mainFields: module,main` takes the ES
 * module builds of packages that ship both (the AWS SDK's dist-es), which esbuild can tree-shake. Target es2022 is
 * syntax the nodejs22.x runtime and the local Node 20 both run.
 */
export const LAMBDA_ESBUILD_OPTIONS = Object.freeze({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'es2022',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: false,
  outExtension: { '.js': '.mjs' },
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
});

const UNUSED = fileURLToPath(new URL('./unused-module.cjs', import.meta.url));

/**
 * Packages replaced by a stub in one function's bundle. Bolt's App.js requires its HTTP and Socket Mode receivers
 * when it loads, and they require these packages (undici through @slack/socket-mode, iconv-lite through raw-body,
 * @slack/oauth): about 1.1 MB the Slack function compiles at every cold start and never runs, because it only
 * constructs AwsLambdaReceiver.
 */
export const UNUSED_PACKAGES = Object.freeze({
  'handlers/slack.ts': Object.freeze(['@slack/socket-mode', 'raw-body', '@slack/oauth']),
});

/**
 * The esbuild options for one handler (a path relative to the project root, as in the template).
 * @param {string} handler
 */
export function lambdaBuildOptions(handler) {
  const unused = UNUSED_PACKAGES[/** @type {keyof typeof UNUSED_PACKAGES} */ (handler)] ?? [];
  return { ...LAMBDA_ESBUILD_OPTIONS, ...(unused.length > 0 ? { alias: Object.fromEntries(unused.map((name) => [name, UNUSED])) } : {}) };
}
