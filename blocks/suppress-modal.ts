/**
 * The "Suppress similar" modal: a suppression rule for the alert's monitor, pre-filled with the alert's principal
 * and account (each editable, or cleared to match any), with ip, user agent and resource to narrow it, a duration and
 * a reason. Submitted, it runs the same suppress action as `/secmon suppress` (src/slack/app/suppress-interactions.ts).
 */
import type { KnownBlock, ModalView, PlainTextInput } from '@slack/types';
import { safeText } from './escape.js';
import { truncate } from './limits.js';

export const SUPPRESS_SIMILAR_CALLBACK_ID = 'secmon_suppress_similar_modal';

/** One input per field: the block id and the action id are the same string (`secmon_suppress_<field>`). */
export const SUPPRESS_FIELDS = ['principal', 'account', 'ip', 'userAgent', 'resource', 'duration', 'reason'] as const;
export type SuppressField = (typeof SUPPRESS_FIELDS)[number];
export const suppressFieldId = (field: SuppressField): string => `secmon_suppress_${field}`;

export const DEFAULT_SUPPRESS_DURATION = '4h';

export interface SuppressModalInput {
  readonly monitorId: string;
  readonly principal: string | undefined;
  readonly account: string | undefined;
  /** Carried to the submission: the message the rule is written from (its summary replies in that thread). */
  readonly privateMetadata: string;
}

export function suppressSimilarModal(input: SuppressModalInput): ModalView {
  return {
    type: 'modal',
    callback_id: SUPPRESS_SIMILAR_CALLBACK_ID,
    private_metadata: input.privateMetadata,
    title: { type: 'plain_text', text: 'Suppress similar alerts' },
    submit: { type: 'plain_text', text: 'Suppress' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `Alerts of \`${safeText(input.monitorId)}\` that match every field filled in below are counted, not posted, until the rule ends; then the count is posted in this alert's thread. Clear a field to match any value.`,
            3000,
          ),
        },
      },
      field('principal', 'Principal ARN (a role matches its sessions)', input.principal, 'arn:aws:iam::111122223333:role/scanner'),
      field('account', 'Account', input.account, '111122223333'),
      field('ip', 'Source IP or CIDR block', undefined, '203.0.113.0/24'),
      field('userAgent', 'Part of the user agent', undefined, 'terraform'),
      field('resource', 'Resource ARN or id', undefined, 'arn:aws:s3:::example-bucket'),
      inputBlock('duration', 'For how long (30m, 2h, 1d; at most 30 days)', { type: 'plain_text_input', action_id: suppressFieldId('duration'), initial_value: DEFAULT_SUPPRESS_DURATION, max_length: 12 }, false),
      inputBlock('reason', 'Why', { type: 'plain_text_input', action_id: suppressFieldId('reason'), multiline: true, min_length: 3, max_length: 300 }, false),
    ],
  };
}

function field(name: SuppressField, label: string, initial: string | undefined, placeholder: string): KnownBlock {
  const element: PlainTextInput = {
    type: 'plain_text_input',
    action_id: suppressFieldId(name),
    placeholder: { type: 'plain_text', text: placeholder },
    max_length: 600,
    ...(initial === undefined || initial === '' ? {} : { initial_value: initial.slice(0, 600) }),
  };
  return inputBlock(name, label, element, true);
}

function inputBlock(name: SuppressField, label: string, element: PlainTextInput, optional: boolean): KnownBlock {
  return { type: 'input', block_id: suppressFieldId(name), optional, label: { type: 'plain_text', text: label }, element };
}
