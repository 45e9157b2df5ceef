/**
 * Escalation is off by default: the real alerts handler, deployed without ESCALATE_AFTER_MINUTES, stores nothing for
 * a critical alert and posts nothing about it later, however long nobody acknowledges it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { alertsEnvironment } from '../../helpers/alerts-environment.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { LocalSlackApi } from '../../helpers/slack-server.js';
import { loadEvent } from '../../unit/alerts/fixtures.js';

const slack = new LocalSlackApi();
let dynamo: LocalDynamo;
let handler: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

beforeAll(async () => {
  await slack.start();
  dynamo = await startDynalite({ tableName: 'secmon-state', recordRequests: true });
  Object.assign(process.env, alertsEnvironment({ slackApiUrl: slack.url, tableName: dynamo.tableName, dynamoEndpoint: dynamo.endpoint }));
  delete process.env['ESCALATE_AFTER_MINUTES'];
  ({ handler } = await import('../../../handlers/alerts.js'));
});
afterAll(async () => {
  await slack.stop();
  await dynamo.close();
});

describe('escalation, by default', () => {
  it('is off: a critical alert nobody acknowledges is posted once, nothing is stored for it, no sweep calls anyone', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-21T08:00:00Z'));
      await handler(loadEvent('eventbridge/sg-open-to-world.json'), lambdaContext());
      for (const minute of [15, 30, 60, 24 * 60]) {
        vi.setSystemTime(new Date(Date.parse('2026-11-21T08:00:00Z') + minute * 60_000));
        await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', id: `sweep-${minute}`, detail: {} }, lambdaContext());
      }
      expect(slack.callsOf('chat.postMessage').map((call) => call.body['text'])).toEqual([expect.stringMatching(/Security group opened to the internet/)]);
      expect(dynamo.requests.filter((request) => request.pk?.startsWith('escalation#'))).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
