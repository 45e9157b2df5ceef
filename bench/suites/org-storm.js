// An organization storm: 200 accounts x 3 regions x 50 events (30,000 refused EC2 calls, as a leaked automation
// credential probing every account and region would cause) through the organization's queue and the real alerts
// handler (handlers/alerts.ts bundled as it is, in organization mode), with the state table on dynalite, a local
// Slack API and a local Organizations API (200 accounts in 4 OUs, each OU routed to its own channel).
//
// The queue is simulated as SQS and Lambda's event source mapping behave: batches of 10 in arrival order (arrival
// interleaves accounts and regions), a record reported in batchItemFailures becomes visible again after the
// visibility timeout and is delivered again, up to 5 receives before the dead-letter queue. One post in 100 fails once
// (Slack answers internal_error), so the partial-failure path is exercised. Time is simulated (Date reads the
// simulated clock, as the Slack server does): the storm lasts one simulated minute, the scheduled sweep runs every
// simulated minute and after the storm until nothing is left to render.
//
// Every account's first event arrives in the storm's first seconds, so each OU's channel gets 50 new groups in one
// minute: flood control (src/alerts/flood.ts) posts 30 per channel and minute and holds the rest for one summary per
// channel. Checks (each fails the bench): no event lost (every posted group's stored and rendered count is its 150
// events, every held event counted in its channel's summary, the two adding up to all 30,000, nothing
// dead-lettered); every account either posted (once, in the channel its OU routes to) or held, per channel at most
// the budget of new posts a minute plus one summary; at most one update per message within any 5 s; Slack calls per
// event within the bound the design implies; last seen recorded for all 600 accounts and regions. Counts, not
// timings: --rounds does not apply.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { loadHarness } from '../lib/harness.js';
import { maxWithinWindow, renderedCount } from '../lib/slack-figures.js';
import { LocalSlackApi } from '../lib/slack-server.js';

// SECMON_ORG_STORM_ACCOUNTS: a smaller storm for a quick look (the README figures are the default, 200).
const ACCOUNTS = Number(process.env["SECMON_ORG_STORM_ACCOUNTS"] ?? 200);
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
const PER_ACCOUNT_REGION = 50;
const EVENTS = ACCOUNTS * REGIONS.length * PER_ACCOUNT_REGION;
const OUS = 4;
const STORM_MS = 60_000;
const SWEEP_EVERY_MS = 60_000;
const UPDATE_INTERVAL_MS = 5_000;
const VISIBILITY_MS = 180_000;
const MAX_RECEIVES = 5;
const BATCH = 10;
/** MaximumBatchingWindowInSeconds (template.yaml). */
const BATCHING_WINDOW_MS = 1_000;
const FAIL_ONE_POST_IN = 100;
/** FLOOD_POSTS_PER_MINUTE (src/alerts/flood.ts). */
const POSTS_PER_CHANNEL_MINUTE = 30;
const START = Date.UTC(2026, 10, 20, 10, 0, 0);
const CENTRAL = '111122223333';
const EVENT = 'test/fixtures/events/eventbridge/unauthorized-api-calls.json';

const accountId = (/** @type {number} */ i) => String(200000000000 + i * 1_000_003).padStart(12, '0');
const channelOf = (/** @type {number} */ ou) => `C0OUCHAN0${ou}`;

/**
 * A local AWS Organizations API (JSON 1.1 over HTTP, dispatched on X-Amz-Target): one root, OUS OUs under it, the
 * accounts spread over them in turn.
 */
async function startOrganizations() {
  const ous = Array.from({ length: OUS }, (_, i) => ({ Id: `ou-bnch-0000000${i}`, Name: `Unit${i}` }));
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '').split('.').pop();
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      /** @type {unknown} */
      let body;
      if (target === 'ListRoots') body = { Roots: [{ Id: 'r-bnch', Name: 'Root' }] };
      else if (target === 'ListOrganizationalUnitsForParent') body = { OrganizationalUnits: input.ParentId === 'r-bnch' ? ous : [] };
      else if (target === 'ListAccountsForParent') {
        const ou = ous.findIndex((unit) => unit.Id === input.ParentId);
        const accounts = ou < 0 ? [] : Array.from({ length: ACCOUNTS }, (_, i) => i).filter((i) => i % OUS === ou).map((i) => ({ Id: accountId(i), Name: `workload-${i}`, Status: 'ACTIVE' }));
        body = { Accounts: accounts };
      } else body = { __type: 'UnknownOperationException', message: target };
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${address.port}`, stop: () => new Promise((resolve) => server.close(() => resolve(undefined))) };
}

/** Every `new Date()` and Date.now() in this process reads `clock()` from now on (the handler's time). */
function simulateTime(/** @type {() => number} */ clock) {
  const RealDate = Date;
  class SimulatedDate extends RealDate {
    /** @param {any[]} args */
    constructor(...args) {
      if (args.length === 0) super(clock());
      // @ts-expect-error: forwarding Date's overloads
      else super(...args);
    }
    static now() {
      return clock();
    }
  }
  globalThis.Date = /** @type {DateConstructor} */ (/** @type {unknown} */ (SimulatedDate));
  return () => {
    globalThis.Date = RealDate;
  };
}

/** @param {{ root: string, workDir: string }} options */
export async function run({ root, workDir }) {
  const harness = await loadHarness({ root, workDir });
  let simulated = START;
  const slack = await new LocalSlackApi({ clock: () => simulated }).start();
  const organizations = await startOrganizations();
  const dynamo = await harness.startDynalite({ tableName: 'secmon-org-storm' });

  // One post in FAIL_ONE_POST_IN fails once: Slack's internal_error (HTTP 200, ok: false), which the WebClient does
  // not retry, so the record fails and comes back through the queue.
  let posts = 0;
  const answer = slack.answerFor.bind(slack);
  slack.answerFor = (/** @type {string} */ method, /** @type {Record<string, unknown>} */ body) => {
    if (method === 'chat.postMessage' && body['thread_ts'] === undefined && ++posts % FAIL_ONE_POST_IN === 0) return { ok: false, error: 'internal_error' };
    return answer(method, body);
  };

  Object.assign(process.env, {
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_CHANNEL_ID: 'C0SECMON01',
    SLACK_API_URL: slack.url,
    STATE_TABLE: dynamo.tableName,
    ALARM_TOPIC_ARN: `arn:aws:sns:eu-west-1:${CENTRAL}:secmon-alarms`,
    ORGANIZATION_ID: 'o-a1b2c3d4e5',
    TRAIL_ACCOUNT_ID: CENTRAL,
    ALERT_ROUTING: JSON.stringify({ routes: Array.from({ length: OUS }, (_, ou) => ({ channel: channelOf(ou), ous: [`Unit${ou}`] })) }),
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_ORGANIZATIONS: organizations.url,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const restoreDate = simulateTime(() => simulated);
  const outfile = join(workDir, 'org-alerts.mjs');
  await build({ entryPoints: [join(root, 'handlers/alerts.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  const { handler } = await import(`${pathToFileURL(outfile).href}?storm=${Date.now()}`);
  const context = { functionName: 'secmon-alerts', awsRequestId: 'org-storm', invokedFunctionArn: `arn:aws:lambda:eu-west-1:${CENTRAL}:function:secmon-alerts`, getRemainingTimeInMillis: () => 30_000 };

  const fixture = JSON.parse(readFileSync(join(root, EVENT), 'utf8'));
  /** A refused EC2 call by the same automation user in `account` and `region`, as the central bus delivers it. */
  const eventOf = (/** @type {number} */ n, /** @type {string} */ account, /** @type {string} */ region, /** @type {number} */ at) => {
    const time = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const text = JSON.stringify(fixture).replaceAll('111122223333', account);
    const base = JSON.parse(text);
    return {
      ...base,
      id: `org-storm-${n}`,
      source: 'aws.ec2',
      time,
      region,
      resources: [],
      detail: {
        ...base.detail,
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstances',
        awsRegion: region,
        errorCode: 'Client.UnauthorizedOperation',
        errorMessage: 'You are not authorized to perform this operation.',
        eventTime: time,
        eventID: `org-storm-event-${n}`,
        requestID: `org-storm-request-${n}`,
      },
    };
  };

  // Arrival: round robin over accounts and regions, spread evenly over STORM_MS.
  /** @type {{ id: string, body: string, visibleAt: number, receives: number }[]} */
  const queue = [];
  let n = 0;
  for (let round = 0; round < PER_ACCOUNT_REGION; round++) {
    for (let a = 0; a < ACCOUNTS; a++) {
      for (const region of REGIONS) {
        const at = START + Math.floor((n * STORM_MS) / EVENTS);
        queue.push({ id: `m-${n}`, body: JSON.stringify(eventOf(n, accountId(a), region, at)), visibleAt: at, receives: 0 });
        n++;
      }
    }
  }

  let sweeps = 0;
  const runSweep = async () => {
    await handler({ version: '0', id: `sweep-${sweeps}`, source: 'aws.events', 'detail-type': 'Scheduled Event', account: CENTRAL, region: 'eu-west-1', resources: [], detail: {} }, context);
    sweeps++;
  };
  let redelivered = 0;
  let deadLettered = 0;
  let batches = 0;
  let failedRecords = 0;
  const started = performance.now();
  let elapsedS = 0;
  /** @type {{ groupKey: string, count: number, channel: string | undefined }[]} */
  let groups = [];
  let lastSeen = 0;
  try {
    simulated = START;
    await runSweep(); // lists the organization (names, OUs) before the storm, as the schedule would have
    let nextSweep = START + SWEEP_EVERY_MS;
    while (queue.length > 0) {
      // The next batch: up to BATCH records visible now, in queue order; else time moves on to the next visible one.
      const now = Math.max(simulated, Math.min(...queue.slice(0, 1000).map((record) => record.visibleAt)));
      while (nextSweep <= now) {
        simulated = nextSweep;
        await runSweep();
        nextSweep += SWEEP_EVERY_MS;
      }
      simulated = now;
      // Lambda's batching window: records that become visible within it join the batch (at most BATCH).
      const batch = [];
      for (let i = 0; i < queue.length && batch.length < BATCH; i++) {
        if (queue[i].visibleAt <= now + BATCHING_WINDOW_MS) batch.push(...queue.splice(i--, 1));
      }
      if (batch.length === 0) continue;
      simulated = Math.max(now, ...batch.map((record) => record.visibleAt));
      for (const record of batch) record.receives++;
      batches++;
      const response = await handler(
        { Records: batch.map((record) => ({ messageId: record.id, receiptHandle: record.id, body: record.body, attributes: { ApproximateReceiveCount: String(record.receives) }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: `arn:aws:sqs:eu-west-1:${CENTRAL}:secmon-org-events`, awsRegion: 'eu-west-1' })) },
        context,
      );
      for (const { itemIdentifier } of response.batchItemFailures) {
        failedRecords++;
        const record = batch.find((candidate) => candidate.id === itemIdentifier);
        if (record === undefined) continue;
        if (record.receives >= MAX_RECEIVES) deadLettered++;
        else {
          redelivered++;
          queue.push({ ...record, visibleAt: simulated + VISIBILITY_MS });
        }
      }
    }
    for (let after = 0; after < 4; after++) {
      simulated = nextSweep;
      await runSweep();
      nextSweep += SWEEP_EVERY_MS;
    }
    elapsedS = (performance.now() - started) / 1000;
    const table = new harness.DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName });
    const state = harness.createStateStores(table);
    const current = await Promise.all(
      Array.from({ length: ACCOUNTS }, async (_, a) => {
        const items = await table.query(`group#${harness.groupKeyOf({ monitorId: 'unauthorized-api-calls', principal: `arn:aws:iam::${accountId(a)}:user/svc-backup`, resource: undefined })}`);
        const item = items.find((candidate) => candidate.sk === 'current');
        return { groupKey: String(item?.['groupKey'] ?? ''), count: Number(item?.['count'] ?? 0), channel: /** @type {any} */ (item?.['alert'])?.channel };
      }),
    );
    groups = current;
    lastSeen = (await state.lastSeen.list()).length;
  } finally {
    restoreDate();
    await slack.stop();
    await organizations.stop();
    await dynamo.close();
  }

  const topLevel = slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] === undefined && call.response?.['ok'] === true);
  const heldOf = (/** @type {{ body: Record<string, unknown> }} */ call) => Number(/(\d+) alerts? held back to stay within/.exec(String(call.body['text']))?.[1] ?? 0);
  const summaries = topLevel.filter((call) => heldOf(call) > 0);
  const alertPosts = topLevel.filter((call) => heldOf(call) === 0);
  const held = summaries.reduce((sum, call) => sum + heldOf(call), 0);
  const byTs = new Map(alertPosts.map((call) => [String(call.response?.['ts']), call]));
  const updates = slack.callsOf('chat.update');
  /** @type {Map<string, number[]>} */
  const updateTimes = new Map();
  for (const update of updates) updateTimes.set(String(update.body['ts']), [...(updateTimes.get(String(update.body['ts'])) ?? []), update.at]);
  const maxUpdates = Math.max(0, ...[...updateTimes.values()].map((times) => maxWithinWindow(times, UPDATE_INTERVAL_MS)));
  const finalCounts = [...byTs.entries()].map(([ts, post]) => renderedCount((updates.filter((update) => update.body['ts'] === ts).at(-1) ?? post).body['blocks']) ?? 1);
  const postsIn = (/** @type {string} */ channel, /** @type {typeof topLevel} */ calls) => calls.filter((call) => call.body['channel'] === channel).length;
  const perChannel = Object.fromEntries(Array.from({ length: OUS }, (_, ou) => [channelOf(ou), { posted: postsIn(channelOf(ou), alertPosts), summaries: postsIn(channelOf(ou), summaries) }]));
  const expectedPerGroup = REGIONS.length * PER_ACCOUNT_REGION;
  const posted = groups.filter((group) => group.count > 0);
  const stored = posted.reduce((sum, group) => sum + group.count, 0);
  const heldAccounts = ACCOUNTS - posted.length;
  const routedRight = groups.every((group, a) => group.count === 0 || group.channel === channelOf(a % OUS));
  const summariesRight = Object.values(perChannel).every((channel) => channel.posted <= POSTS_PER_CHANNEL_MINUTE && channel.summaries === (channel.posted < POSTS_PER_CHANNEL_MINUTE ? 0 : 1));
  const callsPerEvent = slack.calls.length / EVENTS;
  // The most Slack calls the design allows: per posted group one post, one update per 5 s of storm, one render per
  // sweep; one summary per channel; the failed posts.
  const bound = (posted.length * (1 + STORM_MS / UPDATE_INTERVAL_MS + sweeps) + OUS + Math.ceil(ACCOUNTS / FAIL_ONE_POST_IN)) / EVENTS;
  const title = `org storm: ${ACCOUNTS} accounts x ${REGIONS.length} regions x ${PER_ACCOUNT_REGION} events through the queue`;
  return [
    {
      name: `${title}: events lost`,
      value: EVENTS - stored - held + deadLettered,
      goal: 0,
      op: '==',
      notes: [
        `${stored} events in ${posted.length} posted groups + ${held} held back in ${summaries.length} flood summaries; ${deadLettered} dead-lettered; ${redelivered} records redelivered after a failed post (${failedRecords} reported failed in ${batches} batches)`,
        `ran in ${elapsedS.toFixed(0)} s (${((elapsedS * 1000) / EVENTS).toFixed(1)} ms per event, dynalite + local Slack)`,
      ],
    },
    {
      name: `${title}: every posted group's message ends at its count`,
      passed: finalCounts.length === posted.length && finalCounts.every((count) => count === expectedPerGroup) && posted.every((group) => group.count === expectedPerGroup),
      detail: `${finalCounts.filter((count) => count === expectedPerGroup).length} of ${posted.length} messages show ${expectedPerGroup} events`,
    },
    {
      name: `${title}: every account posted once or held whole`,
      passed: alertPosts.length === posted.length && held === heldAccounts * expectedPerGroup,
      detail: `${alertPosts.length} posts for ${posted.length} posted accounts; ${heldAccounts} held (${held} events = ${heldAccounts} x ${expectedPerGroup}); per channel: ${JSON.stringify(perChannel)}`,
    },
    {
      name: `${title}: each channel within its budget (${POSTS_PER_CHANNEL_MINUTE} new posts a minute, then one summary)`,
      passed: summariesRight,
      detail: summariesRight ? `${OUS} channels, ${summaries.length} summaries` : `per channel: ${JSON.stringify(perChannel)}`,
    },
    { name: `${title}: each group posted in its OU's channel`, passed: routedRight, detail: routedRight ? `${posted.length} groups in ${OUS} channels by OU` : 'a group went to the wrong channel' },
    { name: `${title}: most updates of one message within any 5 s (simulated)`, value: maxUpdates, goal: 1, notes: [`${updates.length} updates in all, ${sweeps} sweeps`] },
    {
      name: `${title}: Slack calls per event`,
      value: callsPerEvent,
      goal: Math.round(bound * 10_000) / 10_000,
      notes: [`${slack.calls.length} calls; goal = (${posted.length} groups x (1 post + ${STORM_MS / UPDATE_INTERVAL_MS} updates + ${sweeps} sweep renders) + ${OUS} summaries + failed posts) / ${EVENTS}`],
    },
    { name: `${title}: accounts and regions with a last-seen record`, value: lastSeen, goal: ACCOUNTS * REGIONS.length, op: '==' },
  ];
}
