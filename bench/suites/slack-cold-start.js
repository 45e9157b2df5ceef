// Cold start of the Slack function: handlers/slack.ts bundled as `sam build` bundles it, against a naive bundle of
// the same function that also holds every AWS client in package.json (EC2 among them), built at module scope
// (bench/fixtures/naive-slack.ts; Bolt is in both, the function needs it). Same options, same run. Two figures:
// - bundle size (the issue sets no goal for it: reported against <= 1, smaller than the naive bundle);
// - start time: a fresh `node` process per round imports the bundle and answers one signed `/secmon help` request
//   (signature and timestamp checks, the request ledger in the state table on dynalite, Bolt, the help reply).
//   Goal: at most half the naive bundle's time.
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { samBuild } from '../lib/bundle.js';
import { coldStart, coldStartFigures, localAwsEnvironment } from '../lib/cold-start.js';
import { loadHarness } from '../lib/harness.js';
import { compare } from '../lib/measure.js';

const SIGNING_SECRET = 'b3e7c1f0a9d24e6b8c5f0a1d3e7b9c2f';

/**
 * A Function URL (API Gateway v2) request carrying a slash command, signed as Slack signs it, timestamped now.
 * @param {number} round
 */
function signedHelpCommand(round) {
  const body = new URLSearchParams({
    command: '/secmon',
    text: 'help',
    user_id: 'U0BENCH01',
    user_name: 'bench',
    channel_id: 'C0SECMON01',
    team_id: 'T0BENCH',
    response_url: 'https://hooks.slack.com/commands/T0BENCH/1/bench',
    trigger_id: `1.${round}.bench`,
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
    },
    requestContext: { http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'Slackbot' }, requestId: `bench-${round}` },
    body,
    isBase64Encoded: false,
  };
}

/** @param {{ root: string, workDir: string, rounds: number }} options */
export async function run({ root, workDir, rounds }) {
  const dir = join(workDir, 'slack-cold-start');
  mkdirSync(dir, { recursive: true });
  const slack = await samBuild({ entry: join(root, 'handlers/slack.ts'), outdir: join(dir, 'slack') });
  const naive = await samBuild({ entry: join(root, 'bench/fixtures/naive-slack.ts'), outdir: join(dir, 'naive') });

  const harness = await loadHarness({ root, workDir });
  const dynamo = await harness.startDynalite({ tableName: 'secmon-slack-cold-start' });
  let round = 0;
  /** @type {Map<string, import('../lib/cold-start.js').ColdStart[]>} */
  const runs = new Map([
    [slack.file, []],
    [naive.file, []],
  ]);

  /** @param {string} bundle */
  const measure = (bundle) => async () => {
    round++;
    const eventFile = join(dir, 'request.json');
    writeFileSync(eventFile, JSON.stringify(signedHelpCommand(round)));
    const env = {
      ...localAwsEnvironment(dynamo.endpoint),
      SLACK_BOT_TOKEN: 'xoxb-bench-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      // An unreachable API: `/secmon help` must be answered without calling Slack.
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      SLACK_BOT_ID: 'B0BENCH01',
      SLACK_BOT_USER_ID: 'U0BENCHBOT',
      SECMON_ADMINS: 'U0BENCH01',
      STATE_TABLE: dynamo.tableName,
      WORKER_FUNCTION_NAME: 'secmon-worker',
    };
    const start = await coldStart(bundle, eventFile, env);
    // The round counts only if the request was answered with the help text.
    if (start.result?.statusCode !== 200 || !/enable/.test(String(start.result?.body))) {
      throw new Error(`cold start of ${bundle} did not answer /secmon help: ${JSON.stringify(start.result).slice(0, 500)}`);
    }
    runs.get(bundle)?.push(start);
    return start.doneMs;
  };

  let result;
  try {
    result = await compare(measure(slack.file), measure(naive.file), rounds);
  } finally {
    await dynamo.close();
  }

  return coldStartFigures({
    label: 'slack',
    subject: slack,
    naive,
    runs,
    ratio: result.ratio,
    rounds,
    // The issue sets no size goal for this function; it must at least not carry the naive bundle's weight.
    sizeGoal: 1,
    startName: 'fresh node process to one signed /secmon help answered (dynalite)',
  });
}
