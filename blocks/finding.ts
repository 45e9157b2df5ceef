/**
 * The finding part of a finding alert's message, and the thread reply that holds the raw finding. The message
 * shows what a responder needs to judge the finding (its severity as the detector states it, the type in plain
 * words, resources, account and region, first and last seen, how often, and its state at the source); the console
 * link is the alert's link button ("Open GuardDuty finding"). The raw finding is one click away: the message's first
 * thread reply, as JSON in a code block, never pasted into the message itself.
 */
import type { KnownBlock } from '@slack/types';
import { FINDING_SOURCE_NAMES } from '../src/actions/findings/sources.js';
import type { Alert, AlertMessageState } from '../src/alerts/model.js';
import type { RawFindingRenderer } from '../src/alerts/ports.js';
import type { FindingInfo, FindingState } from '../src/findings/model.js';
import { contextBlock, fieldsBlocks, sectionBlock } from './elements.js';
import { codeBlock, inlineCode, NONE, safeText } from './escape.js';
import { SLACK_LIMITS, joinLinesWithin, truncate } from './limits.js';
import { formatDateTime } from './time.js';

/** Resources listed in the message; the raw finding has them all. */
const RESOURCES_SHOWN = 5;
/** The raw finding reply: a message's text may be 40,000 characters; the raw finding is clipped well below. */
const RAW_REPLY_LIMIT = 15_000;

const STATE_LINES: Readonly<Record<FindingState, string>> = {
  active: ':red_circle: *Open* at the source',
  resolved: ':large_green_circle: *Resolved* at the source',
  archived: ':file_cabinet: *Archived* at the source',
  suppressed: ':zipper_mouth_face: *Suppressed* at the source',
};

export function findingBlocks(alert: Alert, finding: FindingInfo, state: AlertMessageState): KnownBlock[] {
  const source = FINDING_SOURCE_NAMES[finding.source];
  const workflow = finding.workflowStatus === undefined ? '' : ` (workflow ${safeText(finding.workflowStatus)})`;
  const fields: [string, string][] = [
    ['Severity', `${safeText(truncate(finding.sourceSeverity, 100))} (${source})`],
    ['Type', `${safeText(truncate(finding.typeInWords, 500))}\n${inlineCode(finding.type, 300)}`],
    ['Account', accountText(alert, finding.account)],
    ['Region', inlineCode(finding.region, 60)],
    ['First seen', safeText(formatDateTime(finding.firstSeen))],
    ['Last seen', safeText(formatDateTime(finding.lastSeen))],
    ['Count', finding.count === 1 ? 'once' : `${finding.count} times`],
    ['State', `${stateText(finding, state)}${workflow}`],
  ];
  const blocks: KnownBlock[] = [...fieldsBlocks(fields, `*${source} finding*`)];
  if (finding.resources.length > 0) {
    const shown = finding.resources.slice(0, RESOURCES_SHOWN).map((resource) => `• ${inlineCode(resource.id, 300)} (${safeText(truncate(resource.type, 80))})`);
    const hidden = finding.resources.length - shown.length;
    blocks.push(sectionBlock(joinLinesWithin([`*Resources* (${finding.resources.length})`, ...shown], SLACK_LIMITS.sectionText, (n) => `…and ${n} more`, hidden)));
  }
  blocks.push(contextBlock([`Finding ${inlineCode(finding.id, 400)} · the raw finding is in the thread`]));
  return blocks;
}

/**
 * The finding's state as its source last reported it; once an admin closed it from Slack and the write-back reached
 * the source (blocks/finding-actions.ts says who and when), closed, until the source's own event confirms it.
 */
function stateText(finding: FindingInfo, state: AlertMessageState): string {
  const action = state.findingAction;
  const closedFromSlack = action !== undefined && action.atSource && action.status !== 'notified';
  return finding.state === 'active' && closedFromSlack ? ':white_check_mark: *Closed* from Slack' : STATE_LINES[finding.state];
}

function accountText(alert: Alert, account: string): string {
  const name = alert.account === account ? [alert.accountName, alert.accountOu].filter((part) => part !== undefined && part.trim() !== '') : [];
  return name.length === 0 ? inlineCode(account, 40) : `${inlineCode(account, 40)} ${safeText(truncate(name.join(' · '), 200))}`;
}

/** The first thread reply of a finding's message: the finding as received. */
export const rawFindingReply: RawFindingRenderer = (alert) => {
  const source = alert.finding === undefined ? 'the detector' : FINDING_SOURCE_NAMES[alert.finding.source];
  return `*Raw finding*, as ${source} sent it:\n${codeBlock(alert.rawFinding ?? NONE, RAW_REPLY_LIMIT)}`;
};
