// A storm: 10,000 events of one alert group (same monitor, principal and resource; distinct delivery ids) spread
// evenly over 5 simulated minutes, through the alerts function's own invocation logic (createAlertsInvocation:
// normalise, Powertools dedupe, the pipeline), with the state modules and the dedupe records on dynalite and
// the real Slack messenger (the handler's WebClient settings) against a local Slack API on 127.0.0.1. Time is
// simulated: the invocation's `now` and the Slack server's clock read the same variable, which moves to each event's
// time before it is handled; the scheduled sweep runs once per simulated minute, during the storm and after it until
// nothing is left to render.
//
// Events are handled one at a time, as one Lambda instance would take them; concurrent deliveries racing on the same
// group are the state modules' tests' business (test/unit/store/), not this suite's. The whole run takes about two
// minutes on the 2-core machine with dynalite (11-13 ms per event, almost all of it dynalite and the SDK), so the
// DynamoDB table is kept rather than the memory table.
//
// Checks (each fails the bench): one top-level message; at most one update of it within any 5 s of simulated time;
// the final rendered count and the stored count are exactly 10,000; no event lost (every delivery counted into the
// group, no invocation failed); no dirty marker left after the last sweep. Slack calls per event is reported as a
// value against the bound the design implies (no baseline: nothing to compare it with but that bound). The figures
// are counts, not timings, so the run is not repeated (--rounds does not apply).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadHarness } from '../lib/harness.js';
import { maxWithinWindow, renderedCount } from '../lib/slack-figures.js';
import { LocalSlackApi } from '../lib/slack-server.js';

const EVENTS = 10_000;
const STORM_MS = 5 * 60_000;
const SWEEP_EVERY_MS = 60_000;
const UPDATE_INTERVAL_MS = 5_000;
const MAX_SWEEPS_AFTER = 3;
const START = Date.UTC(2026, 10, 20, 10, 0, 0);
const CHANNEL = 'C0SECMON01';
const EVENT = 'test/fixtures/events/eventbridge/unauthorized-api-calls.json';

/** @param {{ root: string, workDir: string }} options */
export async function run({ root, workDir }) {
  const harness = await loadHarness({ root, workDir });
  let simulated = START;
  const slack = await new LocalSlackApi({ clock: () => simulated }).start();
  const dynamo = await harness.startDynalite({ tableName: 'secmon-storm' });
  const catalog = harness.buildCatalog({ namePrefix: 'secmon' });
  const state = harness.createStateStores(new harness.DynamoTable({ client: dynamo.documentClient, tableName: dynamo.tableName }));
  const persistenceStore = harness.createIdempotencyPersistence({ client: dynamo.client, tableName: dynamo.tableName });
  const messenger = harness.createSlackMessenger(harness.createSlackWebClient({ token: 'xoxb-bench-token', apiUrl: slack.url }));
  const invoke = harness.createAlertsInvocation({
    catalog,
    matcher: harness.createCatalogMatcher(catalog),
    state,
    slack: async () => messenger,
    render: harness.renderAlert,
    channel: CHANNEL,
    now: () => new Date(simulated),
    groupWindowMs: 10 * 60_000,
    logs: undefined,
    dedupe: (process) => harness.dedupeDeliveries(process, { persistenceStore }),
    // 10,000 "alert handled" lines would only slow the run down; what they say is tallied below.
    logger: { info: () => undefined, warn: () => undefined },
    // One account, one channel: no routing, no names beyond the account id (the org-storm suite covers those).
    routing: harness.EMPTY_ROUTING,
    accounts: new harness.AccountDirectory({ routing: harness.EMPTY_ROUTING, cache: state.accounts, listing: undefined, now: () => new Date(simulated) }),
    ssoStartUrl: undefined,
    organization: undefined,
  });
  const context = {
    functionName: 'secmon-alerts',
    awsRequestId: 'storm',
    getRemainingTimeInMillis: () => 30_000,
  };
  const fixture = JSON.parse(readFileSync(join(root, EVENT), 'utf8'));

  /** @type {Set<string>} */
  const groupKeys = new Set();
  let counted = 0;
  let failed = 0;
  /** @type {string | undefined} */
  let firstFailure;
  /** @type {Record<string, number>} */
  const outcomes = {};
  let sweeps = 0;
  let sweepRenders = 0;

  const runSweep = async () => {
    const result = await invoke({ version: '0', id: `sweep-${sweeps}`, source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }, context);
    sweeps++;
    sweepRenders += result.report.groups.filter((/** @type {{ action: string }} */ group) => group.action === 'rendered').length;
  };

  const started = performance.now();
  let nextSweep = START + SWEEP_EVERY_MS;
  let elapsedS = 0;
  /** @type {{ count: number } | undefined} */
  let group;
  let dirtyLeft = 0;
  try {
    for (let i = 0; i < EVENTS; i++) {
      const at = START + Math.floor((i * STORM_MS) / EVENTS);
      while (nextSweep <= at) {
        simulated = nextSweep;
        await runSweep();
        nextSweep += SWEEP_EVERY_MS;
      }
      simulated = at;
      const time = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const event = {
        ...fixture,
        id: `storm-delivery-${i}`,
        time,
        detail: { ...fixture.detail, eventTime: time, eventID: `storm-event-${i}`, requestID: `storm-request-${i}` },
      };
      try {
        const result = await invoke(event, context);
        for (const { outcome } of result.outcomes) {
          const label = `${outcome.kind}${outcome.as ? `/${outcome.as}` : ''}${outcome.update ? `/${outcome.update}` : ''}`;
          outcomes[label] = (outcomes[label] ?? 0) + 1;
          if ((outcome.kind === 'posted' || outcome.kind === 'grouped') && outcome.groupKey !== undefined) {
            counted++;
            groupKeys.add(outcome.groupKey);
          }
        }
      } catch (error) {
        failed++;
        firstFailure ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
    // After the storm the every-minute sweep goes on; the first one may find the render slot still busy (an update
    // less than 5 s before), so run them until nothing is left dirty, as the schedule would (at most a few).
    for (let after = 0; after < MAX_SWEEPS_AFTER; after++) {
      simulated = nextSweep;
      await runSweep();
      nextSweep += SWEEP_EVERY_MS;
      if ((await state.groups.listDirty()).length === 0) break;
    }
    elapsedS = (performance.now() - started) / 1000;
    const [groupKey] = groupKeys;
    group = groupKey === undefined ? undefined : await state.groups.get({ groupKey, openedAt: START });
    dirtyLeft = (await state.groups.listDirty()).length;
  } finally {
    await slack.stop();
    await dynamo.close();
  }

  const posts = slack.callsOf('chat.postMessage').filter((call) => call.body['thread_ts'] === undefined);
  const ts = posts[0]?.response?.['ts'];
  const updates = slack.callsOf('chat.update').filter((call) => call.body['ts'] === ts);
  const lastRender = updates.at(-1) ?? posts[0];
  const shown = renderedCount(lastRender?.body['blocks']);
  const maxUpdates = maxWithinWindow(
    updates.map((call) => call.at),
    UPDATE_INTERVAL_MS,
  );
  const lastEventAt = START + Math.floor(((EVENTS - 1) * STORM_MS) / EVENTS);
  const lost = EVENTS - counted;
  const callsPerEvent = slack.calls.length / EVENTS;
  // The most Slack calls the design allows: the one post, one update per 5 s over the storm, one render per sweep.
  const callBound = (1 + STORM_MS / UPDATE_INTERVAL_MS + sweeps) / EVENTS;

  const storm = `storm: ${EVENTS.toLocaleString('en-US')} events of one group over ${STORM_MS / 60_000} simulated minutes`;
  return [
    { name: `${storm}: top-level Slack posts`, value: posts.length, goal: 1, op: '==' },
    {
      name: `${storm}: most updates within any 5 s (simulated)`,
      value: maxUpdates,
      goal: 1,
      notes: [`${updates.length} updates in all, ${sweepRenders} of them by the ${sweeps} sweeps`],
    },
    {
      name: `${storm}: final count shown in Slack`,
      value: shown ?? 0,
      goal: EVENTS,
      op: '==',
      notes: [
        `stored group count ${group?.count ?? 'missing'}; last rendered ${lastRender === undefined ? 'never' : `${((lastRender.at - lastEventAt) / 1000).toFixed(0)} s (simulated) after the last event`}`,
      ],
    },
    {
      name: `${storm}: stored count exact, no dirty marker left after the last sweep`,
      passed: group?.count === EVENTS && dirtyLeft === 0,
      detail: `stored count ${group?.count ?? 'missing'}, ${dirtyLeft} dirty marker(s) left`,
    },
    {
      name: `${storm}: events lost`,
      value: lost,
      goal: 0,
      op: '==',
      notes: [
        `outcomes ${JSON.stringify(outcomes)}; ${groupKeys.size} group key(s); ${failed} invocation(s) failed${firstFailure ? ` (first: ${firstFailure})` : ''}`,
        `ran in ${elapsedS.toFixed(0)} s (${((elapsedS * 1000) / EVENTS).toFixed(1)} ms per event, dynalite + local Slack)`,
      ],
    },
    {
      name: `${storm}: Slack calls per event`,
      value: callsPerEvent,
      goal: Math.round(callBound * 10_000) / 10_000,
      notes: [`${slack.calls.length} calls; goal = (1 post + ${STORM_MS / UPDATE_INTERVAL_MS} updates (one per 5 s) + ${sweeps} sweep renders) / ${EVENTS} events`],
    },
  ];
}
