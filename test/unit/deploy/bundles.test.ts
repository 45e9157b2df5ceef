/**
 * The three Lambda bundles, built as `sam build` builds them (esbuild with each function's Metadata from
 * template.yaml, into a temp dir, nothing external), load in a fresh Node process and handle one sample event each
 * against local stand-ins: dynalite for the state table, a local Slack Web API. Catches bundling mistakes (a
 * CommonJS dependency needing `require`, a missing file, top-level code that needs the network) that unit tests,
 * which import the TypeScript sources, cannot see.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { functionUrlEvent, slashCommand, TEST_SIGNING_SECRET } from '../../helpers/slack-requests.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { esbuildOptionsOf, loadTemplate, ROOT, type EsbuildMetadata } from './template-model.js';

const template = loadTemplate();
const FUNCTIONS = { alerts: 'AlertsFunction', slack: 'SlackFunction', worker: 'WorkerFunction' } as const;
type Name = keyof typeof FUNCTIONS;
const CHILD_TIMEOUT_MS = 20_000;

/**
 * Imports the bundle (Lambda's Init), invokes `handler` once with the event and a Lambda-like context, prints one
 * `RESULT {...}` line (or `FAILED {...}` with the error's name, code and message) and exits at once: the SDK's
 * keep-alive sockets would otherwise hold the process open.
 */
const CHILD = `
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [bundle, eventFile, functionName] = process.argv.slice(1);
const context = {
  callbackWaitsForEmptyEventLoop: false, functionName, functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:' + functionName, memoryLimitInMB: '512',
  awsRequestId: 'bundle-test-' + process.pid, logGroupName: '/aws/lambda/' + functionName, logStreamName: 'test',
  getRemainingTimeInMillis: () => 30000, done() {}, fail() {}, succeed() {},
};
const write = (line) => process.stdout.write('\\n' + line + '\\n', () => process.exit(0));
try {
  const { handler } = await import(pathToFileURL(bundle).href);
  const result = await handler(JSON.parse(readFileSync(eventFile, 'utf8')), context);
  write('RESULT ' + JSON.stringify(result ?? null));
} catch (error) {
  write('FAILED ' + JSON.stringify({ name: error?.name, code: error?.code, message: String(error?.message) }));
}
`;

interface ChildOutcome {
  readonly result?: unknown;
  readonly failed?: { name: string; code: string | undefined; message: string };
  readonly stderr: string;
}

function runBundle(bundle: string, event: unknown, functionName: string, env: Record<string, string>): Promise<ChildOutcome> {
  const eventFile = join(workDir, `${functionName}-event.json`);
  writeFileSync(eventFile, JSON.stringify(event));
  return new Promise((resolve, reject) => {
    // The child's whole environment is given: nothing leaks in from the test runner (credentials, endpoints).
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, bundle, eventFile, functionName], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = /\nRESULT (.*)\n/.exec(stdout)?.[1];
      const failed = /\nFAILED (.*)\n/.exec(stdout)?.[1];
      if (code !== 0 || (result === undefined && failed === undefined)) {
        reject(new Error(`${functionName} bundle exited ${code ?? signal}: ${(stderr || stdout).slice(-2000)}`));
        return;
      }
      resolve(result !== undefined ? { result: JSON.parse(result) as unknown, stderr } : { failed: JSON.parse(failed!) as ChildOutcome['failed'], stderr });
    });
  });
}

let workDir: string;
const bundles = {} as Record<Name, string>;
let dynamo: LocalDynamo;
let slack: LocalSlackApi;

/** AWS settings every child gets: a region, fake credentials, no instance metadata lookups. */
const AWS_BASE = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
  AWS_SECRET_ACCESS_KEY: 'local-secret',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** The Slack function's settings: local DynamoDB and Slack, an unreachable Lambda (no worker is invoked here). */
function slackEnvironment(): Record<string, string> {
  return {
    ...AWS_BASE,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:9',
    SLACK_BOT_TOKEN: 'xoxb-bundle-test',
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    SLACK_BOT_ID: 'B0SECMON01',
    SLACK_BOT_USER_ID: 'U0SECMON01',
    STATE_TABLE: dynamo.tableName,
    WORKER_FUNCTION_NAME: 'secmon-worker',
  };
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'secmon-bundles-'));
  await Promise.all(
    (Object.entries(FUNCTIONS) as [Name, string][]).map(async ([name, logicalId]) => {
      const metadata = template.Resources[logicalId]!.Metadata as unknown as EsbuildMetadata | { BuildMethod: 'makefile' };
      const outdir = join(workDir, name);
      if (metadata.BuildMethod === 'makefile') {
        // What the Makefile's build-<LogicalId> target runs for sam build.
        execFileSync(process.execPath, ['scripts/build-lambda.js', `handlers/${name}.ts`, outdir], { cwd: fileURLToPath(ROOT) });
        bundles[name] = join(outdir, `${name}.mjs`);
        return;
      }
      const options = esbuildOptionsOf(metadata as EsbuildMetadata);
      await build({ ...options, entryPoints: options.entryPoints.map((entry) => fileURLToPath(new URL(entry, ROOT))), outdir, logLevel: 'error' });
      const entry = options.entryPoints[0]!;
      bundles[name] = join(outdir, `${basename(entry, extname(entry))}${options.outExtension['.js'] ?? '.js'}`);
    }),
  );
  [dynamo, slack] = await Promise.all([startDynalite(), new LocalSlackApi().start()]);
}, 60_000);

afterAll(async () => {
  await Promise.all([dynamo?.close(), slack?.stop()]);
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('Lambda bundles built as sam build builds them', () => {
  it('are ES modules named as the template\'s Handler expects, with the createRequire banner', () => {
    for (const [name, logicalId] of Object.entries(FUNCTIONS)) {
      const handler = String(template.Resources[logicalId]!.Properties!['Handler']);
      expect(basename(bundles[name as Name])).toBe(`${handler.split('.')[0]}.mjs`);
      expect(readFileSync(bundles[name as Name], 'utf8').startsWith("import { createRequire } from 'module';")).toBe(true);
    }
  });

  it('alerts: handles an EventBridge security-group-opened-to-the-world event, posting one alert', async () => {
    const event = JSON.parse(readFileSync(new URL('test/fixtures/events/eventbridge/sg-open-to-world.json', ROOT), 'utf8')) as { id: string };
    const before = slack.callsOf('chat.postMessage').length;
    const outcome = await runBundle(bundles.alerts, event, 'secmon-alerts', {
      ...AWS_BASE,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      SLACK_BOT_TOKEN: 'xoxb-bundle-test',
      SLACK_CHANNEL_ID: 'C0SECMON01',
      SLACK_API_URL: slack.url,
      STATE_TABLE: dynamo.tableName,
      CLOUDTRAIL_LOG_GROUP: 'aws-cloudtrail-logs-111122223333',
    });
    expect(outcome.failed, outcome.stderr).toBeUndefined();
    expect(outcome.result).toMatchObject({ kind: 'alerts', outcomes: [{ deliveryId: event.id, outcome: { kind: 'posted' } }] });
    expect(slack.callsOf('chat.postMessage').length - before).toBe(1);
  });

  it('slack: answers a signed url_verification request with its challenge', async () => {
    const body = JSON.stringify({ token: 'legacy', challenge: 'bundle-test-challenge-42', type: 'url_verification' });
    const outcome = await runBundle(bundles.slack, functionUrlEvent(body, { contentType: 'application/json' }), 'secmon-slack', slackEnvironment());
    expect(outcome.failed, outcome.stderr).toBeUndefined();
    const result = outcome.result as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('bundle-test-challenge-42');
  });

  it('slack: runs a /secmon command through Bolt with the unused packages left out', async () => {
    const outcome = await runBundle(bundles.slack, slashCommand({ text: 'help' }), 'secmon-slack', slackEnvironment());
    expect(outcome.failed, outcome.stderr).toBeUndefined();
    const result = outcome.result as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('/secmon enable');
  });

  it('slack: leaves out the packages Bolt loads but the function never uses (undici\'s HTTP parser is not in it)', () => {
    const code = readFileSync(bundles.slack, 'utf8');
    expect(code).not.toContain('llhttp');
    expect(code).toContain('secmon: this package was left out of the Lambda bundle as unused');
  });

  it('slack: refuses a request with a bad signature (401, nothing run)', async () => {
    const body = JSON.stringify({ challenge: 'x', type: 'url_verification' });
    const outcome = await runBundle(bundles.slack, functionUrlEvent(body, { contentType: 'application/json', secret: 'not-the-secret' }), 'secmon-slack', {
      ...AWS_BASE,
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      SLACK_BOT_TOKEN: 'xoxb-bundle-test',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      STATE_TABLE: 'secmon-state',
      WORKER_FUNCTION_NAME: 'secmon-worker',
    });
    expect(outcome.result).toMatchObject({ statusCode: 401 });
  });

  it('worker: rejects a malformed job with a typed error, touching no network', async () => {
    const unreachable = 'http://127.0.0.1:9';
    const outcome = await runBundle(bundles.worker, { v: 1, action: 'enable' }, 'secmon-worker', {
      ...AWS_BASE,
      AWS_ENDPOINT_URL: unreachable,
      SECMON_NAME_PREFIX: 'secmon',
      HOME_REGION: 'us-east-1',
      ACCOUNT_ID: '111122223333',
      CLOUDTRAIL_LOG_GROUP: 'aws-cloudtrail-logs-111122223333',
      ALARM_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:secmon-alarms',
      ALERTS_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:111122223333:function:secmon-alerts',
      HOME_EVENT_BUS_ARN: 'arn:aws:events:us-east-1:111122223333:event-bus/default',
      FORWARDING_ROLE_ARN: 'arn:aws:iam::111122223333:role/secmon-event-forwarding',
      ACTION_ROLE_ARN: 'arn:aws:iam::111122223333:role/secmon-worker-actions',
      STATE_TABLE: 'secmon-state',
      SLACK_BOT_TOKEN: 'xoxb-bundle-test',
      SLACK_API_URL: `${unreachable}/api/`,
    });
    // The code is the typed part that survives minification (SecmonError takes its name from new.target.name,
    // which the minified bundle renames).
    expect(outcome.failed).toMatchObject({ code: 'INPUT_INVALID' });
    expect(outcome.failed?.message).toMatch(/invalid worker job/);
  });
});
