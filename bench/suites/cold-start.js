// Cold start of the alerts Lambda: handlers/alerts.ts bundled as `sam build` bundles it (bench/lib/bundle.js) against
// a naive bundle of the same function that also holds Bolt and every AWS client in package.json, built at module
// scope (bench/fixtures/naive-alerts.ts), built with the same options in the same run. Two figures:
// - bundle size: bytes of the .mjs Lambda would load. Goal: at most a third of the naive bundle.
// - start time: a fresh `node` process per round imports the bundle and handles one EventBridge event (a security
//   group opened to the world) against dynalite and a local Slack API served by this process: process start to
//   the handler's promise resolving, as the child measures it (see bench/lib/cold-start-child.js for why the child's
//   clock and not the parent's). Goal: at most half the naive bundle's time.
// Each round gets a fresh state table and a new event id, so every round does the same full work (dedupe record,
// new group, one Slack post) and the verification below fails the suite if a round did anything else.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { samBuild } from '../lib/bundle.js';
import { coldStart, coldStartFigures, localAwsEnvironment } from '../lib/cold-start.js';
import { loadHarness } from '../lib/harness.js';
import { compare } from '../lib/measure.js';
import { LocalSlackApi } from '../lib/slack-server.js';

const EVENT = 'test/fixtures/events/eventbridge/sg-open-to-world.json';

/** @param {{ root: string, workDir: string, rounds: number }} options */
export async function run({ root, workDir, rounds }) {
  const dir = join(workDir, 'cold-start');
  mkdirSync(dir, { recursive: true });
  const alerts = await samBuild({ entry: join(root, 'handlers/alerts.ts'), outdir: join(dir, 'alerts') });
  const naive = await samBuild({ entry: join(root, 'bench/fixtures/naive-alerts.ts'), outdir: join(dir, 'naive') });

  const harness = await loadHarness({ root, workDir });
  const slack = await new LocalSlackApi().start();
  const dynamo = await harness.startDynalite({ tableName: 'secmon-cold-start-0' });
  const fixture = JSON.parse(readFileSync(join(root, EVENT), 'utf8'));
  let round = 0;
  /** @type {Map<string, import('../lib/cold-start.js').ColdStart[]>} */
  const runs = new Map([
    [alerts.file, []],
    [naive.file, []],
  ]);

  /** @param {string} bundle */
  const measure = (bundle) => async () => {
    round++;
    const table = await dynamo.createTable(`secmon-cold-start-${round}`);
    const eventId = `${fixture.id}-cold-${round}`;
    const eventFile = join(dir, 'event.json');
    writeFileSync(eventFile, JSON.stringify({ ...fixture, id: eventId }));
    const postsBefore = slack.callsOf('chat.postMessage').length;
    const env = {
      ...localAwsEnvironment(dynamo.endpoint),
      SLACK_BOT_TOKEN: 'xoxb-bench-token',
      SLACK_CHANNEL_ID: 'C0SECMON01',
      SLACK_API_URL: slack.url,
      STATE_TABLE: table,
      CLOUDTRAIL_LOG_GROUP: 'aws-cloudtrail-logs-111122223333',
      ALARM_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:secmon-alarms',
    };
    const start = await coldStart(bundle, eventFile, env);
    // The round counts only if it did the whole job: one alert, posted as a new group's message, one Slack post.
    const outcomes = start.result?.outcomes;
    const posted = slack.callsOf('chat.postMessage').length - postsBefore;
    if (
      start.result?.kind !== 'alerts' ||
      outcomes?.length !== 1 ||
      outcomes[0].deliveryId !== eventId ||
      outcomes[0].outcome?.kind !== 'posted' ||
      posted !== 1
    ) {
      throw new Error(`cold start of ${bundle} did not post the alert once: ${JSON.stringify(start.result)}, ${posted} post(s)`);
    }
    runs.get(bundle)?.push(start);
    return start.doneMs;
  };

  let result;
  try {
    result = await compare(measure(alerts.file), measure(naive.file), rounds);
  } finally {
    await slack.stop();
    await dynamo.close();
  }

  return coldStartFigures({
    label: 'alerts',
    subject: alerts,
    naive,
    runs,
    ratio: result.ratio,
    rounds,
    sizeGoal: 0.33,
    startName: 'fresh node process to one EventBridge event handled (dynalite + local Slack)',
  });
}
