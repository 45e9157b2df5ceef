/** `secmon replay --slack`: the replayed alerts posted to a real Slack channel through the alert pipeline. */
import type { Alert } from '../alerts/model.js';
import type { AlertRenderer } from '../alerts/ports.js';
import type { ReplaySlackConfig } from '../config.js';
import { createSlackMessenger } from '../slack/messenger.js';
import { createSlackWebClient } from '../slack/web-client.js';
import { replayThroughPipeline, type ReplayDelivery } from './through-pipeline.js';

/**
 * Posts with the Lambda's messenger and Web API client, except that a rate-limited call waits out Slack's
 * Retry-After (a replay may post dozens of messages in a row) instead of failing. A Slack failure stops the replay:
 * `failure` names Slack's error code, never the token.
 */
export async function postReplayToSlack(alerts: readonly Alert[], config: ReplaySlackConfig, render: AlertRenderer): Promise<ReplayDelivery> {
  const client = createSlackWebClient({ token: config.botToken, apiUrl: config.slackApiUrl, onRateLimit: 'wait' });
  return replayThroughPipeline(alerts, { slack: createSlackMessenger(client), render, channel: config.channelId });
}
