/**
 * The pipeline on the DynamoDB store (dynalite, the table of template.yaml) behind delivery dedupe: what the
 * alerts Lambda runs. A redelivered alert posts nothing new; a failed delivery runs again on retry; concurrent
 * invocations of one group post once and end with the exact count.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/alerts/model.js';
import { processAlert, type PipelineDeps, type PipelineOutcome } from '../../../src/alerts/pipeline.js';
import { sweep } from '../../../src/alerts/sweep.js';
import { isSecmonError } from '../../../src/errors.js';
import { createIdempotencyPersistence, dedupeDeliveries, type DedupedProcessor } from '../../../src/store/dedupe/delivery-dedupe.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { DynamoTable } from '../../../src/store/table/dynamo-table.js';
import { eventAlert, notificationAlert } from '../../helpers/alerts.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { Clock, FakeSlack, fakeRender } from './pipeline-harness.js';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');

let dynamo: LocalDynamo;
let tableName: string;
let clock: Clock;
let slack: FakeSlack;
let deps: PipelineDeps & { state: StateStores };
let process: DedupedProcessor<PipelineOutcome>;

function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'secmon-alerts',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:secmon-alerts',
    memoryLimitInMB: '256',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: '/aws/lambda/secmon-alerts',
    logStreamName: '2026/11/20/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.close();
});

beforeEach(async () => {
  tableName = await dynamo.createTable();
  clock = new Clock(T0);
  slack = new FakeSlack(clock);
  deps = {
    state: createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName })),
    slack,
    render: fakeRender,
    channel: 'C0SECMON',
    now: clock.now,
  };
  const persistenceStore = createIdempotencyPersistence({ client: dynamo.client, tableName });
  process = dedupeDeliveries((alert: Alert) => processAlert(alert, deps), { persistenceStore });
});

describe('delivery dedupe on the state table', () => {
  it('posts a redelivered alert (same deliveryId) once and returns the first outcome again', async () => {
    const alert = notificationAlert({ deliveryId: 'sns-message-1' });
    const first = await process(alert, lambdaContext());
    const second = await process(alert, lambdaContext());

    expect(first).toMatchObject({ kind: 'posted', as: 'notification' });
    expect(second).toEqual(first);
    expect(slack.posts).toHaveLength(1);
    expect(await process(notificationAlert({ deliveryId: 'sns-message-2' }), lambdaContext())).toMatchObject({ kind: 'posted' });
    expect(slack.posts).toHaveLength(2);
  });

  it('stores its records under pk "dedupe#alerts" with the expiry in expiresAt (epoch seconds)', async () => {
    const before = Math.floor(Date.now() / 1000);
    await process(notificationAlert({ deliveryId: 'sns-message-1' }), lambdaContext());
    const output = await dynamo.documentClient.send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'dedupe#alerts' } }),
    );
    expect(output.Items).toHaveLength(1);
    const record = output.Items![0]!;
    expect(record.sk).toMatch(/^alert#/);
    expect(record.status).toBe('COMPLETED');
    expect(record.expiresAt).toBeGreaterThanOrEqual(before + 24 * 3600);
    expect(record.expiresAt).toBeLessThan(before + 24 * 3600 + 60);
  });

  it('runs a delivery again after it failed, and then not again', async () => {
    const alert = eventAlert({ deliveryId: 'eb-1', groupKey: 'g1', time: clock.now().toISOString() });
    slack.failNext('post');
    const error = await process(alert, lambdaContext()).then(
      () => undefined,
      (rejected: unknown) => rejected,
    );
    expect(isSecmonError(error, 'SLACK_API')).toBe(true);

    clock.advance(60_000);
    expect(await process(alert, lambdaContext())).toMatchObject({ kind: 'posted', as: 'group-first', recovered: true });
    expect(await process(alert, lambdaContext())).toMatchObject({ kind: 'posted', as: 'group-first', recovered: true });
    expect(slack.posts).toHaveLength(1);
    expect((await deps.state.groups.get({ groupKey: 'g1', openedAt: T0 }))?.count).toBe(1);
  });
});

describe('grouping under concurrency on DynamoDB', () => {
  it('posts 200 concurrent alerts of one group once and ends with the exact count after the sweep', async () => {
    const total = 200;
    const batch = 20;
    for (let sent = 0; sent < total; sent += batch) {
      await Promise.all(
        Array.from({ length: batch }, (_, n) =>
          process(eventAlert({ deliveryId: `eb-${sent + n}`, groupKey: 'storm', time: clock.now().toISOString() }), lambdaContext()),
        ),
      );
      clock.advance(400);
    }
    // Redeliveries of the whole burst change nothing.
    await Promise.all(
      Array.from({ length: batch }, (_, n) => process(eventAlert({ deliveryId: `eb-${n}`, groupKey: 'storm' }), lambdaContext())),
    );
    clock.advance(5000);
    await sweep({ ...deps });

    expect(slack.posts).toHaveLength(1);
    const gaps = slack.updates.slice(1).map((update, index) => update.at - slack.updates[index]!.at);
    expect(gaps.every((gap) => gap >= 5000)).toBe(true);
    expect(slack.shown(slack.posts[0]!.posted)?.state.group?.count).toBe(total);
    expect((await deps.state.groups.get({ groupKey: 'storm', openedAt: T0 }))?.count).toBe(total);
    expect(await deps.state.groups.listDirty()).toEqual([]);
  }, 60_000); // thousands of DynamoDB round trips: 15 s alone on 2 busy cores, longer while the whole suite runs
});
