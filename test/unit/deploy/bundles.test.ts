/**
 * The three Lambda bundles load in a fresh Node process with the environment template.yaml gives each function
 * (every parameter resolved to a test value), and handle a sample event each against local stand-ins: dynalite for
 * the state table, a local Slack Web API, local Secrets Manager and STS (test/helpers/aws-servers.ts); every other
 * AWS endpoint is unreachable. Catches what unit tests, which import the TypeScript sources, cannot see: a CommonJS
 * dependency needing `require`, a missing file, a setting the template does not give, top-level network calls.
 *
 * The bundles: built by the Makefile target `sam build` runs (BuildMethod: makefile), or, with
 * SECMON_BUILT_FUNCTIONS_DIR set, the ones the real SAM builder made (`.aws-sam/build` layout: <LogicalId>/<name>.mjs;
 * scripts/deploy-check.sh runs this file that way with vitest.deploy.config.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSecretsManager, LocalSts } from '../../helpers/aws-servers.js';
import { Jobs } from '../../../src/store/jobs/jobs.js';
import { DynamoTable } from '../../../src/store/table/dynamo-table.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { functionUrlEvent, sign, slashCommand, TEST_SIGNING_SECRET } from '../../helpers/slack-requests.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { createResolver, loadTemplate, ROOT, SAMPLE } from './template-model.js';

const template = loadTemplate();
const FUNCTIONS = { alerts: 'AlertsFunction', slack: 'SlackFunction', worker: 'WorkerFunction' } as const;
type Name = keyof typeof FUNCTIONS;
const CHILD_TIMEOUT_MS = 20_000;
/** The parameters a deployment gives (the rest take their defaults, as `sam deploy --guided` offers them). */
const PARAMETERS = { SlackChannelId: 'C0SECMON01', CloudTrailLogGroup: 'aws-cloudtrail-logs-111122223333', SecmonAdmins: 'U0ADMIN001' };
const BUILT_DIR = process.env['SECMON_BUILT_FUNCTIONS_DIR'];
/** Nothing listens on port 9 (discard): calls to any AWS endpoint not served by a stand-in fail at once. */
const UNREACHABLE = 'http://127.0.0.1:9';

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
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:' + functionName, memoryLimitInMB: '512',
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
let secrets: LocalSecretsManager;
let sts: LocalSts;

const { evaluate } = createResolver(template, { parameters: PARAMETERS });
/** The environment template.yaml gives a function, resolved for PARAMETERS in the sample account and region. */
const deployed = (name: Name) =>
  (evaluate(template.Resources[FUNCTIONS[name]]!.Properties!['Environment']) as { Variables: Record<string, string> }).Variables;
/** The secret the stack creates (template: SlackSecret), holding what the operator stores in it. */
const SLACK_SECRET = { botToken: 'xoxb-bundle-test', signingSecret: TEST_SIGNING_SECRET };

/** What Lambda adds (region, credentials) and where the stand-ins listen; everything else is the template's. */
function environment(name: Name, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...deployed(name),
    AWS_REGION: SAMPLE.region,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: UNREACHABLE,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    AWS_ENDPOINT_URL_STS: sts.url,
    SLACK_API_URL: slack.url,
    ...overrides,
  };
}

const sample = (file: string) => JSON.parse(readFileSync(new URL(`events/${file}`, ROOT), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'secmon-bundles-'));
  for (const [name, logicalId] of Object.entries(FUNCTIONS) as [Name, string][]) {
    if (BUILT_DIR !== undefined) {
      bundles[name] = join(BUILT_DIR, logicalId, `${name}.mjs`);
      if (!existsSync(bundles[name])) throw new Error(`SECMON_BUILT_FUNCTIONS_DIR has no ${logicalId}/${name}.mjs: did sam build build it?`);
      continue;
    }
    // What `sam build` runs for BuildMethod: makefile (the real builder: scripts/deploy-check.sh).
    const outdir = join(workDir, name);
    execFileSync('make', [`build-${logicalId}`, `ARTIFACTS_DIR=${outdir}`], { cwd: fileURLToPath(ROOT), stdio: 'pipe' });
    bundles[name] = join(outdir, `${name}.mjs`);
  }
  const secretArn = deployed('alerts')['SLACK_SECRET_ARN']!;
  [dynamo, slack, secrets, sts] = await Promise.all([
    startDynalite({ tableName: deployed('alerts')['STATE_TABLE'] }),
    new LocalSlackApi().start(),
    new LocalSecretsManager({ [secretArn]: JSON.stringify(SLACK_SECRET) }).start(),
    new LocalSts().start(),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([dynamo?.close(), slack?.stop(), secrets?.stop(), sts?.stop()]);
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe(`Lambda bundles (${BUILT_DIR === undefined ? 'built by the Makefile targets sam build runs' : `built by sam build in ${BUILT_DIR}`})`, () => {
  it("are ES modules named as the template's Handler expects, with the createRequire banner", () => {
    for (const [name, logicalId] of Object.entries(FUNCTIONS)) {
      const handler = String(template.Resources[logicalId]!.Properties!['Handler']);
      expect(basename(bundles[name as Name])).toBe(`${handler.split('.')[0]}.mjs`);
      expect(readFileSync(bundles[name as Name], 'utf8').startsWith("import { createRequire } from 'module';")).toBe(true);
    }
  });

  it('alerts: reads its Slack token from the secret the template names and posts the sample EventBridge alert', async () => {
    const event = sample('eventbridge-sg-open-to-world.json');
    const before = slack.callsOf('chat.postMessage').length;
    const outcome = await runBundle(bundles.alerts, event, 'secmon-alerts', environment('alerts'));
    expect(outcome.failed, outcome.stderr).toBeUndefined();
    expect(outcome.result).toMatchObject({ kind: 'alerts', outcomes: [{ deliveryId: event['id'], outcome: { kind: 'posted' } }] });
    expect(slack.callsOf('chat.postMessage').length - before).toBe(1);
    expect(slack.callsOf('chat.postMessage').at(-1)?.body).toMatchObject({ channel: PARAMETERS.SlackChannelId });
    expect(secrets.requests).toContainEqual({ target: 'secretsmanager.GetSecretValue', secretId: deployed('alerts')['SLACK_SECRET_ARN'] });
  });

  it('alerts: runs the sample sweep', async () => {
    const outcome = await runBundle(bundles.alerts, sample('schedule-sweep.json'), 'secmon-alerts', environment('alerts'));
    expect(outcome.failed, outcome.stderr).toBeUndefined();
    expect(outcome.result).toMatchObject({ kind: 'sweep' });
  });

  it('slack: answers the sample url_verification request (signed now) with its challenge', async () => {
    const event = sample('slack-url-verification.json') as { body: string; headers: Record<string, string> };
    const timestamp = Math.floor(Date.now() / 1000);
    event.headers['x-slack-request-timestamp'] = String(timestamp);
    event.headers['x-slack-signature'] = sign(event.body, timestamp, SLACK_SECRET.signingSecret);
    const outcome = await runBundle(bundles.slack, event, 'secmon-slack', environment('slack'));
    expect(outcome.failed, outcome.stderr).toBeUndefined();
    const result = outcome.result as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain(String((JSON.parse(event.body) as { challenge: string }).challenge));
  });

  it('slack: runs a /secmon command through Bolt with the unused packages left out', async () => {
    const outcome = await runBundle(bundles.slack, slashCommand({ text: 'help' }), 'secmon-slack', environment('slack'));
    expect(outcome.failed, outcome.stderr).toBeUndefined();
    const result = outcome.result as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('/secmon enable');
  });

  it("slack: leaves out the packages Bolt loads but the function never uses (undici's HTTP parser is not in it)", () => {
    const code = readFileSync(bundles.slack, 'utf8');
    expect(code).not.toContain('llhttp');
    expect(code).toContain('secmon: this package was left out of the Lambda bundle as unused');
  });

  it('slack: refuses a request with a bad signature (401, nothing run)', async () => {
    const body = JSON.stringify({ challenge: 'x', type: 'url_verification' });
    const event = functionUrlEvent(body, { contentType: 'application/json', secret: 'not-the-secret' });
    const outcome = await runBundle(bundles.slack, event, 'secmon-slack', environment('slack'));
    expect(outcome.result).toMatchObject({ statusCode: 401 });
  });

  it('worker: runs the sample job reference once the Slack function wrote its job, as the Slack user (STS source identity)', async () => {
    const reference = sample('worker-status-job.json') as { jobId: string };
    // The sample names no job yet: refused, typed, nothing assumed.
    const stsBefore = sts.requests.length;
    const refused = await runBundle(bundles.worker, reference, 'secmon-worker', environment('worker'));
    expect(refused.failed).toMatchObject({ code: 'JOB_REFUSED' });
    expect(sts.requests.length).toBe(stsBefore);

    // What `/secmon status` makes the Slack function write (src/slack/app/commands.ts).
    const userId = PARAMETERS.SecmonAdmins;
    await new Jobs(new DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName })).create(
      reference.jobId,
      { kind: 'action', action: 'status', params: {}, actor: { userId }, requestedAt: new Date().toISOString(), reply: { channel: PARAMETERS.SlackChannelId }, view: 'status', target: 'all monitors' },
      new Date(),
    );
    const outcome = await runBundle(bundles.worker, reference, 'secmon-worker', environment('worker'));
    expect(outcome.failed, outcome.stderr).toBeUndefined();
    // Every AWS endpoint but STS is unreachable here: the status lookup fails, is reported, and the run completes.
    expect(outcome.result).toEqual({ requestId: reference.jobId, ok: false });
    expect(sts.requests).toContainEqual(
      expect.objectContaining({ Action: 'AssumeRole', RoleArn: deployed('worker')['ACTION_ROLE_ARN'], SourceIdentity: userId }),
    );
    // A second delivery of the same reference runs nothing.
    const again = await runBundle(bundles.worker, reference, 'secmon-worker', environment('worker'));
    expect(again.result).toEqual({ requestId: reference.jobId, ok: false, refused: 'taken' });
  });

  it('worker: rejects what is not a job reference (a whole job, as the worker once took) with a typed error, touching no network', async () => {
    const before = sts.requests.length;
    const job = { v: 1, id: 'x', action: 'enable', params: { target: 'essentials' }, actor: { userId: PARAMETERS.SecmonAdmins }, requestedAt: new Date().toISOString(), reply: {}, target: 'essentials' };
    const outcome = await runBundle(bundles.worker, job, 'secmon-worker', environment('worker'));
    // The code is the typed part that survives minification (SecmonError takes its name from new.target.name,
    // which the minified bundle renames).
    expect(outcome.failed).toMatchObject({ code: 'INPUT_INVALID' });
    expect(outcome.failed?.message).toMatch(/invalid worker job reference/);
    expect(sts.requests.length).toBe(before);
  });
});
