/**
 * The Bolt app of the Slack request function: the receiver knows only transport, the listeners get their deps.
 * Authorization is local: the bot ids come from configuration, or from one auth.test per cold start when they are
 * not configured. (Bolt's `tokenVerificationEnabled: false` without ids would call auth.test on EVERY request.)
 */
// Bolt's own modules, not its index: the index also loads ExpressReceiver (express and its dependencies), which
// a Lambda never uses, and every module loaded is cold-start time (bench/suites/slack-cold-start.js).
import boltApp from '@slack/bolt/dist/App.js';
import boltLambdaReceiver from '@slack/bolt/dist/receivers/AwsLambdaReceiver.js';
import type { Authorize } from '@slack/bolt';
import { LogLevel, type WebClient } from '@slack/web-api';
import { ACTION_IDS, OPEN_CONSOLE_ACTION_PATTERN } from '../../../blocks/ids.js';
import { SUPPRESS_SIMILAR_CALLBACK_ID } from '../../../blocks/suppress-modal.js';
import { SECMON_COMMAND, createCommandListener } from './commands.js';
import type { SlackAppDeps } from './deps.js';
import {
  FINDING_SUPPRESS_CALLBACK_ID,
  createFindingResolveListener,
  createFindingSuppressListener,
  createFindingSuppressSubmissionListener,
} from './finding-interactions.js';
import {
  KEEP_REASON_CALLBACK_ID,
  createAcknowledgeListener,
  createKeepListener,
  createKeepSubmissionListener,
  createRevertListener,
  createSilenceListener,
} from './interactions.js';
import { createUndoListener } from './undo-interactions.js';
import type { BoltLambdaHandler } from './receiver.js';
import { createSuppressSimilarListener, createSuppressSimilarSubmissionListener } from './suppress-interactions.js';

// CommonJS modules: Node and esbuild give module.exports as the default import (the class is its `default`), vitest
// gives the class itself; accept both.
const App = commonJsDefault(boltApp);
const AwsLambdaReceiver = commonJsDefault(boltLambdaReceiver);
type App = InstanceType<typeof App>;


export interface SecmonBoltOptions {
  readonly signingSecret: string;
  readonly botToken: string;
  readonly botId: string | undefined;
  readonly botUserId: string | undefined;
  readonly slackApiUrl: string | undefined;
}

export function botAuthorize(options: Pick<SecmonBoltOptions, 'botToken' | 'botId' | 'botUserId'>, client: () => WebClient): Authorize<boolean> {
  let ids: Promise<{ botId: string | undefined; botUserId: string | undefined }> | undefined;
  return async () => {
    ids ??=
      options.botId !== undefined && options.botUserId !== undefined
        ? Promise.resolve({ botId: options.botId, botUserId: options.botUserId })
        : client()
            .auth.test({ token: options.botToken })
            .then((result) => ({ botId: result.bot_id, botUserId: result.user_id }))
            .catch((error: unknown) => {
              ids = undefined;
              throw error;
            });
    return { botToken: options.botToken, ...(await ids) };
  };
}

export function createSecmonBolt(options: SecmonBoltOptions, deps: SlackAppDeps): BoltLambdaHandler {
  const receiver = new AwsLambdaReceiver({ signingSecret: options.signingSecret, logLevel: LogLevel.WARN });
  let app: App | undefined = undefined;
  app = new App({
    receiver,
    authorize: botAuthorize(options, () => app!.client),
    logLevel: LogLevel.WARN,
    clientOptions: {
      ...(options.slackApiUrl !== undefined ? { slackApiUrl: options.slackApiUrl } : {}),
      retryConfig: { retries: 1, factor: 2, minTimeout: 100, maxTimeout: 300 },
      timeout: 2000,
      rejectRateLimitedCalls: true,
    },
  });
  app.command(SECMON_COMMAND, createCommandListener(deps));
  app.action(ACTION_IDS.acknowledge, createAcknowledgeListener(deps));
  app.action(ACTION_IDS.silence, createSilenceListener(deps));
  app.action(ACTION_IDS.revert, createRevertListener(deps));
  app.action(ACTION_IDS.undo, createUndoListener(deps));
  app.action(ACTION_IDS.undoEnable, createUndoListener(deps));
  app.action(ACTION_IDS.keep, createKeepListener(deps));
  app.action(ACTION_IDS.findingSuppress, createFindingSuppressListener(deps));
  app.action(ACTION_IDS.findingResolve, createFindingResolveListener(deps));
  app.action(ACTION_IDS.suppressSimilar, createSuppressSimilarListener(deps));
  app.action(OPEN_CONSOLE_ACTION_PATTERN, async ({ ack }) => ack());
  app.view(KEEP_REASON_CALLBACK_ID, createKeepSubmissionListener(deps));
  app.view(FINDING_SUPPRESS_CALLBACK_ID, createFindingSuppressSubmissionListener(deps));
  app.view(SUPPRESS_SIMILAR_CALLBACK_ID, createSuppressSimilarSubmissionListener(deps));
  app.error(async (error) => {
    deps.logger.error('slack listener failed', { error });
  });
  return receiver.toHandler() as unknown as BoltLambdaHandler;
}

function commonJsDefault<T>(module: { default: T }): T {
  return (module as { default?: T }).default ?? (module as unknown as T);
}
