/**
 * The seams of the alert pipeline: how it posts to Slack and how it renders. The Lambda wires real
 * implementations (Slack Web API, Block Kit builders); the CLI and tests wire their own.
 */
import type { Block, KnownBlock } from '@slack/types';
import type { Alert, AlertMessageState } from './model.js';

/** A Slack message: Block Kit blocks plus the plain-text fallback Slack needs for notifications. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly (KnownBlock | Block)[];
}

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
}

/** Posting and updating messages. Implementations throw a SecmonError on failure (after their own bounded retries). */
export interface SlackMessenger {
  post(channel: string, message: SlackMessage): Promise<PostedMessage>;
  update(target: PostedMessage, message: SlackMessage): Promise<void>;
  /** A reply in the message's thread (audit trail, silence summaries). */
  reply(target: PostedMessage, text: string): Promise<void>;
  /** The message's permalink (chat.getPermalink), for escalations to link to; optional: local messengers have none. */
  permalink?(target: PostedMessage): Promise<string>;
}

/** Renders an alert in a given message state; pure (see blocks/alert.ts). */
export type AlertRenderer = (alert: Alert, state: AlertMessageState) => SlackMessage;

/** The thread reply that shows a finding alert's raw finding (see blocks/finding.ts); pure. */
export type RawFindingRenderer = (alert: Alert) => string;
