/**
 * The Slack message of an alert, for every state it goes through (new, grouped, acknowledged, silenced, resolved,
 * reverting, reverted, revert failed, kept). Pure: the same alert and state always give the same message, so the
 * pipeline can store the alert and render it again whenever the state changes.
 *
 * Layout, top to bottom: header (severity, title); the one-sentence summary; a status line (group count, who
 * acknowledged or silenced, resolution); the details of the source (the call, the alarm and its matched calls, the
 * Config change, the finding (blocks/finding.ts), or the raw notification); the revert panel; the actions; a footer
 * with the ids responders quote.
 * Everything taken from the alert is untrusted (CloudTrail values are chosen by the caller) and goes through
 * blocks/escape.ts; every length is bounded by blocks/limits.ts.
 */
import type { ActionsBlockElement, Button, KnownBlock } from '@slack/types';
import type {
  AddedRule,
  Alert,
  AlertActivity,
  AlertMessageState,
  MatchLookup,
  RevertTarget,
  RuleOutcome,
} from '../src/alerts/model.js';
import { MAX_REVERT_RULES } from '../src/alerts/model.js';
import type { AlertRenderer } from '../src/alerts/ports.js';
import { isSecmonError } from '../src/errors.js';
import {
  SILENCE_DURATIONS,
  alertActionsBlockId,
  encodeAcknowledgeValue,
  encodeKeepValue,
  encodeRevertValue,
  encodeSilenceValue,
} from './action-values.js';
import {
  type BlockMessage,
  actionsBlock,
  button,
  confirmDialog,
  contextBlock,
  fieldsBlocks,
  fitBlocks,
  headerBlock,
  linkButton,
  sectionBlock,
  staticSelect,
} from './elements.js';
import { NONE, inlineCode, safeText, singleLine, userMention, codeBlock } from './escape.js';
import { findingActionLine, findingButtons } from './finding-actions.js';
import { findingBlocks } from './finding.js';
import { ACTION_IDS, BLOCK_IDS, openConsoleActionId } from './ids.js';
import { FALLBACK_TEXT_BUDGET, SLACK_LIMITS, joinLinesWithin, truncate, truncateMrkdwn } from './limits.js';
import { SEVERITY_STYLES } from './severity.js';
import { formatClock, formatDateTime, formatRange } from './time.js';
import { rulePlain, ruleSource, trafficText } from './security-group-rule.js';
import { undoBlocks } from './undo.js';

/** Lists (resources, matched calls, rules) show this many items, then "…and N more". */
const LIST_ITEMS = 10;
/** One matched call per line; ten lines and a heading stay within a section's 3000 characters. */
const ACTIVITY_LINE = 280;
/** A field value; the label and the 2000-character field limit leave room for this. */
const FIELD_VALUE = 1_800;
/** Console links beyond this are dropped: the pipeline attaches one or two. */
const MAX_LINKS = 5;

type Field = readonly [label: string, value: string];
type Remediation = NonNullable<AlertMessageState['remediation']>;

export const renderAlert = ((alert: Alert, state: AlertMessageState): BlockMessage => {
  const body: KnownBlock[] = [headerBlock(headerText(alert)), sectionBlock(summaryText(alert))];
  const status = statusLines(alert, state);
  if (status.length > 0) body.push(contextBlock(status));
  if (alert.activity) body.push(...activityBlocks(alert, alert.activity));
  if (alert.alarm) body.push(...alarmBlocks(alert));
  if (alert.alarm || alert.matches) body.push(...matchBlocks(alert.matches));
  if (alert.compliance) body.push(...complianceBlocks(alert));
  if (alert.finding) body.push(...findingBlocks(alert, alert.finding, state));
  if (alert.rawText !== undefined) body.push(sectionBlock(codeBlock(alert.rawText, SLACK_LIMITS.sectionText)));
  // The details above are bounded by design (lists stop at ten items); fitBlocks is the backstop that keeps the
  // revert panel, the buttons and the footer whatever happens.
  const tail = [...revertBlocks(alert, state), ...undoBlocks(alert, state), ...actionBlocks(alert, state), footerBlock(alert)];
  return { text: fallbackText(alert, state), blocks: fitBlocks(body, tail) };
}) satisfies AlertRenderer;

// ---------------------------------------------------------------------------------------------------------------
// Header, summary, status, fallback

function headerText(alert: Alert): string {
  const style = SEVERITY_STYLES[alert.severity];
  const test = alert.source === 'test' ? 'TEST · ' : '';
  // Plain text: Slack shows it literally, so the title needs no escaping, only one line.
  return `${style.marker} ${style.word}: ${test}${singleLine(alert.title)}`;
}

function summaryText(alert: Alert): string {
  return alert.summary.trim() === '' ? safeText(alert.title) : safeText(alert.summary);
}

function statusLines(alert: Alert, state: AlertMessageState): string[] {
  const lines: string[] = [];
  if (alert.source === 'test') lines.push(':test_tube: Test alert, sent with `/secmon test`: no action needed.');
  const threshold = thresholdLine(alert);
  if (threshold !== undefined) lines.push(threshold);
  if (state.group) {
    const { count, firstSeen, lastSeen } = state.group;
    lines.push(`:repeat: *${count} events* ${safeText(formatRange(firstSeen, lastSeen))}`);
  }
  if (state.acknowledged) {
    const { by, at } = state.acknowledged;
    lines.push(`:eyes: Acknowledged by ${userMention(by)} at ${safeText(formatClock(at))}`);
  }
  if (state.silenced) {
    const { by, until, reason } = state.silenced;
    const why = reason !== undefined && reason.trim() !== '' ? `: ${safeText(truncate(reason, 500))}` : '';
    const lift = alert.monitor ? ` (lift with \`/secmon unsilence ${safeText(alert.monitor.id)}\`)` : '';
    lines.push(`:no_bell: Silenced by ${userMention(by)} until ${safeText(formatDateTime(until))}${why}${lift}`);
  }
  const findingLine = findingActionLine(alert, state);
  if (findingLine !== undefined) lines.push(findingLine);
  if (state.resolvedAt !== undefined) {
    const what = alert.alarm ? 'Resolved: alarm back to OK' : 'Resolved';
    lines.push(`:large_green_circle: ${what} at ${safeText(formatClock(state.resolvedAt))}`);
  }
  // Remediation and keep decisions are shown in the revert panel; without one (a keep recorded on an alert that lost
  // its revert target) they still need a line.
  if (state.kept && !hasRevertPanel(alert, state)) lines.push(keptLine(state.kept));
  return lines;
}

/** A threshold monitor's alert: what was counted, how many, within how long. */
function thresholdLine(alert: Alert): string | undefined {
  const threshold = alert.threshold;
  if (threshold?.reached === undefined) return undefined;
  const minutes = threshold.windowSeconds / 60;
  const window = Number.isInteger(minutes) ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${threshold.windowSeconds} seconds`;
  return (
    `:chart_with_upwards_trend: *${threshold.reached} ${safeText(threshold.unit)}* by this principal within ${window} ` +
    `(threshold ${threshold.count}); this is the event that reached it`
  );
}

/** Severity and title first (what a notification preview shows), then the summary and the state in words. */
function fallbackText(alert: Alert, state: AlertMessageState): string {
  const word = SEVERITY_STYLES[alert.severity].word;
  const summary = alert.summary.trim() === '' || alert.summary === alert.title ? '' : `: ${alert.summary}`;
  const status = statusWord(state, alert.undo !== undefined && alert.revert === undefined);
  const text = `[${word}] ${alert.source === 'test' ? 'TEST ' : ''}${alert.title}${summary}${status ? ` (${status})` : ''}`;
  return truncateMrkdwn(safeText(text), FALLBACK_TEXT_BUDGET);
}

/** The message's state in a word or two; `undo`: the alert's remediation is an undo (src/alerts/undo/), not a revert. */
function statusWord(state: AlertMessageState, undo: boolean): string | undefined {
  if (state.remediation?.status === 'done') return undo ? 'undone' : 'reverted';
  if (state.remediation?.status === 'in_progress') return undo ? 'undoing' : 'reverting';
  if (state.remediation?.status === 'failed') return undo ? 'undo failed' : 'revert failed';
  if (state.kept) return 'change kept';
  if (state.findingAction?.status === 'suppressed' || state.findingAction?.status === 'resolved') return state.findingAction.status;
  if (state.resolvedAt !== undefined) return 'resolved';
  if (state.acknowledged) return 'acknowledged';
  if (state.silenced) return 'silenced';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Source details

function activityBlocks(alert: Alert, activity: AlertActivity): KnownBlock[] {
  const { actor } = activity;
  const who: Field[] = [
    ['Principal', code(actor.name)],
    ['Type', safeText(actor.type) || NONE],
  ];
  if (actor.arn !== undefined) who.push(['ARN', code(actor.arn)]);
  if (actor.sessionIssuerArn !== undefined) who.push(['Session issuer', code(actor.sessionIssuerArn)]);
  who.push(['MFA', actor.mfa === undefined ? 'Unknown' : actor.mfa ? 'Yes' : 'No']);
  if (actor.invokedBy !== undefined) who.push(['Invoked by', code(actor.invokedBy)]);

  const where: Field[] = [
    ['Call', code(callName(activity))],
    ['When', safeText(formatDateTime(activity.time, { seconds: true }))],
    ['Account', accountText(alert)],
    ['Region', optionalCode(activity.region ?? alert.region)],
    ['Source IP', optionalCode(activity.sourceIp)],
    ['User agent', optionalCode(activity.userAgent)],
  ];

  const blocks: KnownBlock[] = [...fieldsBlocks(who, '*Who*'), ...fieldsBlocks(where, '*Where and when*')];
  const error = errorText(activity);
  if (error !== undefined) blocks.push(sectionBlock(error));
  if (activity.resources.length > 0) {
    const heading = `*Resources* (${activity.resources.length})`;
    blocks.push(sectionBlock(bulletList(heading, activity.resources.map((resource) => code(resource, 300)))));
  }
  return blocks;
}

function errorText(activity: AlertActivity): string | undefined {
  const { errorCode, errorMessage } = activity;
  if (errorCode === undefined && errorMessage === undefined) return undefined;
  const denied = /denied|unauthori[sz]ed|forbidden/i.test(`${errorCode ?? ''} ${errorMessage ?? ''}`);
  const label = denied ? ':no_entry: *Denied*' : ':warning: *Failed*';
  const codeText = errorCode !== undefined ? ` ${code(errorCode, 200)}` : '';
  const message = errorMessage !== undefined ? ` ${safeText(truncate(errorMessage, 1_500))}` : '';
  return `${label}:${codeText}${message}`;
}

function alarmBlocks(alert: Alert): KnownBlock[] {
  const alarm = alert.alarm;
  if (!alarm) return [];
  const state = alarm.previousState !== undefined ? `*${alarm.state}* (was ${alarm.previousState})` : `*${alarm.state}*`;
  const fields: Field[] = [
    ['Alarm', code(alarm.name)],
    ['State', safeText(state)],
    ['Changed', safeText(formatDateTime(alarm.changedAt))],
    ['Region', optionalCode(alarm.region)],
    ['Account', accountText(alert)],
  ];
  const blocks: KnownBlock[] = [...fieldsBlocks(fields, '*CloudWatch alarm*')];
  if (alarm.reason.trim() !== '') blocks.push(contextBlock([safeText(truncate(alarm.reason, 1_000))]));
  return blocks;
}

function matchBlocks(matches: MatchLookup | undefined): KnownBlock[] {
  if (matches === undefined) {
    return [sectionBlock(':grey_question: The CloudTrail events behind this alarm were not looked up.')];
  }
  if (matches.status === 'unavailable') {
    return [
      sectionBlock(
        `:warning: The CloudTrail events behind this alarm could not be looked up: ${safeText(truncate(matches.reason, 500))}`,
      ),
    ];
  }
  if (matches.status === 'none' || matches.activities.length === 0) {
    return [
      sectionBlock(
        ':mag: No matching CloudTrail events were found in the alarm window. They can take a few minutes to reach ' +
          'CloudWatch Logs: search the log group for this time.',
      ),
    ];
  }
  const count = `${matches.activities.length}${matches.truncated ? '+' : ''}`;
  const heading = `*Matched activity* (${count})`;
  const lines = matches.activities.map(activityLine);
  const blocks: KnownBlock[] = [sectionBlock(bulletList(heading, lines))];
  if (matches.truncated) {
    blocks.push(contextBlock(['More events matched than were fetched; search CloudWatch Logs for the rest.']));
  }
  return blocks;
}

/** "10:02:13 UTC · `alice` (IAMUser) · `ec2:AuthorizeSecurityGroupIngress` on `sg-1` from `198.51.100.23`" */
function activityLine(activity: AlertActivity): string {
  const parts = [
    safeText(formatClock(activity.time, { seconds: true })),
    `${code(activity.actor.name, 80)} (${safeText(truncate(activity.actor.type, 30))})`,
    code(callName(activity), 80),
  ];
  let line = parts.join(' · ');
  const [first, second, ...rest] = activity.resources;
  if (first !== undefined) {
    const shown = [first, second].filter((resource): resource is string => resource !== undefined);
    line += ` on ${shown.map((resource) => code(resource, 60)).join(', ')}${rest.length > 0 ? ` +${rest.length}` : ''}`;
  }
  if (activity.sourceIp !== undefined) line += ` from ${code(activity.sourceIp, 60)}`;
  if (activity.errorCode !== undefined) line += ` · error ${code(activity.errorCode, 60)}`;
  // An organization trail's matches come from many accounts: each line says which.
  if (activity.account !== undefined) line += ` · account ${code(activity.account, 20)}`;
  return truncateMrkdwn(line, ACTIVITY_LINE);
}

function complianceBlocks(alert: Alert): KnownBlock[] {
  const compliance = alert.compliance;
  if (!compliance) return [];
  const change =
    compliance.previousComplianceType !== undefined
      ? `*${compliance.complianceType}* (was ${compliance.previousComplianceType})`
      : `*${compliance.complianceType}*`;
  const fields: Field[] = [
    ['Config rule', code(compliance.ruleName)],
    ['Compliance', safeText(change)],
    ['Resource type', code(compliance.resourceType)],
    ['Resource', code(compliance.resourceId)],
    ['When', safeText(formatDateTime(alert.time))],
    ['Account', accountText(alert)],
    ['Region', optionalCode(alert.region)],
  ];
  const blocks: KnownBlock[] = [...fieldsBlocks(fields, '*AWS Config compliance change*')];
  if (compliance.annotation !== undefined && compliance.annotation.trim() !== '') {
    blocks.push(contextBlock([safeText(truncate(compliance.annotation, 1_000))]));
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------------------------------
// Revert panel

function hasRevertPanel(alert: Alert, state: AlertMessageState): boolean {
  // An undo's remediation is shown in its own panel (blocks/undo.ts).
  return alert.revert !== undefined || (state.remediation !== undefined && alert.undo === undefined);
}

/**
 * What a revert would revoke (or is revoking, or revoked), the keep decision, and the Revert/Keep buttons. The
 * buttons are offered while nothing is decided: not while a revert runs (a second click would race the first), not
 * after it succeeded, not once someone approved keeping the change. After a failure they come back ("Retry revert"):
 * the worker re-checks every rule, reports those already gone, and revokes the rest.
 */
function revertBlocks(alert: Alert, state: AlertMessageState): KnownBlock[] {
  if (!hasRevertPanel(alert, state)) return [];
  const target = alert.revert;
  const remediation = state.remediation;
  const plannedRules = (target?.rules ?? []).map(ruleText);
  let heading: string;
  let items: string[];
  if (remediation) {
    heading = remediationHeading(remediation);
    items = remediation.status !== 'in_progress' && remediation.outcomes.length > 0
      ? remediation.outcomes.map(outcomeText)
      : plannedRules;
  } else if (state.kept) {
    heading = keptLine(state.kept);
    items = plannedRules;
  } else {
    // hasRevertPanel: without a remediation there is a target.
    heading = target ? availableHeading(target) : '';
    items = plannedRules;
  }
  const blocks: KnownBlock[] = [sectionBlock(bulletList(heading, items))];
  // A keep decision after a failed revert: the outcomes above stay, the decision goes under them.
  if (remediation && state.kept) blocks.push(contextBlock([keptLine(state.kept)]));

  const offer =
    target !== undefined &&
    target.rules.length > 0 &&
    state.kept === undefined &&
    (remediation === undefined || remediation.status === 'failed');
  if (offer && target.rules.length > MAX_REVERT_RULES) {
    // The worker would refuse it: no button, and the reason.
    blocks.push(contextBlock([`:warning: Revert is not available: this change added ${target.rules.length} rules, more than secmon reverts at once (${MAX_REVERT_RULES}).`]));
  } else if (offer) blocks.push(...remediationActions(alert, target, remediation));
  return blocks;
}

function availableHeading(target: RevertTarget): string {
  const count = target.rules.length;
  const account = target.accountId !== undefined ? ` (account ${code(target.accountId, 40)})` : '';
  return (
    `:leftwards_arrow_with_hook: *Revert available*: revoke the ${count} ingress rule${count === 1 ? '' : 's'} ` +
    `this call added to ${code(target.groupId, 100)} in ${code(target.region, 40)}${account}:`
  );
}

function remediationHeading(remediation: Remediation): string {
  const by = userMention(remediation.by);
  const at = safeText(formatClock(remediation.at));
  switch (remediation.status) {
    case 'in_progress':
      return `:hourglass_flowing_sand: *Reverting…* requested by ${by} at ${at}`;
    case 'done':
      return `:white_check_mark: *Reverted* by ${by} at ${at}`;
    case 'failed':
      return `:x: *Revert failed*: requested by ${by} at ${at}`;
  }
}

function keptLine(kept: NonNullable<AlertMessageState['kept']>): string {
  const reason = kept.reason.trim() !== '' ? `: ${safeText(truncate(kept.reason, 500))}` : '';
  return `:shield: *Change kept*: approved by ${userMention(kept.by)} at ${safeText(formatClock(kept.at))}${reason}`;
}

const OUTCOME_TEXT: Readonly<Record<RuleOutcome['outcome'], string>> = {
  revoked: ':white_check_mark: revoked',
  already_gone: ':heavy_minus_sign: already gone',
  changed: ':warning: changed since, left in place',
  failed: ':x: failed',
};

function outcomeText(outcome: RuleOutcome): string {
  const reason =
    outcome.reason !== undefined && outcome.reason.trim() !== '' ? `: ${safeText(truncate(outcome.reason, 300))}` : '';
  return `${ruleText(outcome.rule)}: ${OUTCOME_TEXT[outcome.outcome]}${reason}`;
}

/** "`sgr-0abc` tcp 22 from `0.0.0.0/0`" in mrkdwn. */
function ruleText(rule: AddedRule): string {
  const id = rule.ruleId !== undefined ? `${code(rule.ruleId, 60)} ` : '';
  return `${id}${safeText(trafficText(rule))} from ${code(ruleSource(rule), 100)}`;
}

function remediationActions(alert: Alert, target: RevertTarget, remediation: Remediation | undefined): KnownBlock[] {
  const input = { deliveryId: alert.deliveryId, monitorId: alert.monitor?.id, target };
  let revertValue: string;
  let keepValue: string;
  try {
    revertValue = encodeRevertValue(input);
    keepValue = encodeKeepValue(input);
  } catch (error) {
    // A target the worker could not act on (malformed ids): say so instead of offering a button that would fail.
    if (!isSecmonError(error, 'INPUT_INVALID')) throw error;
    return [contextBlock([':warning: Revert is not available: the change is missing details the revert needs.'])];
  }
  const revert = button({
    actionId: ACTION_IDS.revert,
    text: remediation?.status === 'failed' ? 'Retry revert' : 'Revert',
    value: revertValue,
    style: 'danger',
    confirm: confirmDialog({
      title: 'Revert this change?',
      text: confirmText(target),
      confirm: 'Revoke',
      deny: 'Cancel',
      style: 'danger',
    }),
    accessibilityLabel: `Revert: revoke the rules added to ${target.groupId}`,
  });
  const keep = button({
    actionId: ACTION_IDS.keep,
    text: 'Keep change',
    value: keepValue,
    accessibilityLabel: 'Approve keeping this change',
  });
  return [actionsBlock(BLOCK_IDS.remediationActions, [revert, keep])];
}

/**
 * "Revoke 2 ingress rules from sg-0abc in us-east-1: sgr-1 (tcp 22 from 0.0.0.0/0); sgr-2 (...)." within the
 * dialog's 300 characters; rules that do not fit are counted ("and 3 more, listed in the message").
 */
function confirmText(target: RevertTarget): string {
  const count = target.rules.length;
  const head = singleLine(
    `Revoke ${count} ingress rule${count === 1 ? '' : 's'} from ${target.groupId} in ${target.region}` +
      `${target.accountId !== undefined ? ` (account ${target.accountId})` : ''}: `,
  );
  const items = target.rules.map(rulePlain);
  const more = (n: number): string => `; and ${n} more, listed in the message.`;
  let text = head;
  for (const [index, item] of items.entries()) {
    const separator = index === 0 ? '' : '; ';
    const remaining = items.length - index - 1;
    const tailRoom = remaining > 0 ? more(remaining).length : 1;
    if (text.length + separator.length + item.length + tailRoom > SLACK_LIMITS.confirmText) {
      return truncate(index === 0 ? `${text}${item}` : `${text}${more(items.length - index)}`, SLACK_LIMITS.confirmText);
    }
    text += separator + item;
  }
  return `${text}.`;
}

// ---------------------------------------------------------------------------------------------------------------
// Actions and footer

/**
 * Acknowledge, Silence, a finding's Suppress and Resolve (blocks/finding-actions.ts) and the console links.
 * Acknowledge, Silence and the finding buttons need a monitor (a plain notification has nothing to silence and no one
 * owns it). Acknowledge goes once someone acknowledged, asked for a revert, decided to keep the change, or suppressed
 * or resolved the finding (each of those is a human having looked); it stays after the alarm returns to OK, because OK
 * only means no further matching calls, not that anyone looked at the one that happened. Silence goes while the monitor is
 * silenced (the status line says until when and how to lift it).
 */
function actionBlocks(alert: Alert, state: AlertMessageState): KnownBlock[] {
  const elements: ActionsBlockElement[] = [];
  let blockId: string = BLOCK_IDS.alertActions;
  const monitor = alert.monitor;
  if (monitor) {
    try {
      blockId = alertActionsBlockId(alert.deliveryId);
      const closedFinding = state.findingAction !== undefined && state.findingAction.status !== 'notified';
      const handled = state.acknowledged !== undefined || state.kept !== undefined || state.remediation !== undefined || closedFinding;
      if (!handled) {
        const value = encodeAcknowledgeValue({ deliveryId: alert.deliveryId, monitorId: monitor.id, groupKey: alert.groupKey });
        elements.push(button({ actionId: ACTION_IDS.acknowledge, text: 'Acknowledge', value, style: 'primary' }));
      }
      if (state.silenced === undefined) {
        const options = SILENCE_DURATIONS.map((duration) => ({
          text: duration.label,
          value: encodeSilenceValue({ monitorId: monitor.id, duration: duration.id }),
        }));
        elements.push(staticSelect(ACTION_IDS.silence, 'Silence for…', options));
      }
      // A suppression rule matches calls (principal, ip, …): only alerts of a CloudTrail call offer one.
      if (alert.source === 'event' && alert.activity !== undefined) {
        const value = encodeAcknowledgeValue({ deliveryId: alert.deliveryId, monitorId: monitor.id, groupKey: undefined });
        elements.push(button({ actionId: ACTION_IDS.suppressSimilar, text: 'Suppress similar…', value }));
      }
      elements.push(...findingButtons(alert, state));
    } catch (error) {
      // Ids the listeners could not read back (not from secmon's own pipeline): post the alert without controls.
      if (!isSecmonError(error, 'INPUT_INVALID')) throw error;
      blockId = BLOCK_IDS.alertActions;
      elements.length = 0;
    }
  }
  const links = alert.links
    .slice(0, MAX_LINKS)
    .map((link, index) => linkButton(openConsoleActionId(index), linkText(link.label), link.url))
    .filter((link): link is Button => link !== undefined);
  elements.push(...links);
  return elements.length > 0 ? [actionsBlock(blockId, elements)] : [];
}

const SOURCE_LABELS: Readonly<Record<Alert['source'], string>> = {
  event: 'CloudTrail event (EventBridge)',
  alarm: 'CloudWatch alarm',
  config: 'AWS Config',
  finding: 'Finding of an AWS detector (EventBridge)',
  test: 'Test event',
  notification: 'Notification posted as received (no secmon monitor)',
};

function footerBlock(alert: Alert): KnownBlock {
  const parts = [SOURCE_LABELS[alert.source]];
  if (alert.monitor) parts.push(`monitor ${code(alert.monitor.id, 100)}`);
  const eventId = alert.activity?.eventId ?? alert.revert?.eventId;
  if (eventId !== undefined) parts.push(`event ${code(eventId, 140)}`);
  parts.push(`delivery ${code(alert.deliveryId, 140)}`);
  return contextBlock([parts.join(' · ')]);
}

// ---------------------------------------------------------------------------------------------------------------
// Small text helpers

function code(value: string, max = FIELD_VALUE): string {
  return inlineCode(value, max);
}

function optionalCode(value: string | undefined): string {
  return value === undefined ? NONE : code(value);
}

/** "`111122223333` prod · Workloads/Prod": the id, then its name and OU where the account directory knows them. */
function accountText(alert: Pick<Alert, 'account' | 'accountName' | 'accountOu'>): string {
  if (alert.account === undefined) return NONE;
  const about = [alert.accountName, alert.accountOu].filter((part): part is string => part !== undefined && part.trim() !== '');
  return about.length === 0 ? code(alert.account) : `${code(alert.account)} ${safeText(truncate(about.join(' · '), 200))}`;
}

/** "Open CloudTrail event" from the pipeline's label "CloudTrail event": a button should say what it does. */
function linkText(label: string): string {
  return /^open\b/i.test(label.trim()) ? label : `Open ${label}`;
}

/** "ec2:AuthorizeSecurityGroupIngress" from ec2.amazonaws.com + AuthorizeSecurityGroupIngress. */
function callName(activity: AlertActivity): string {
  const service = activity.service.replace(/\.amazonaws\.com$/, '');
  return `${service}:${activity.action}`;
}

/** A heading and up to ten "• item" lines, then "…and N more", within a section's 3000 characters. */
function bulletList(heading: string, items: readonly string[]): string {
  const shown = items.slice(0, LIST_ITEMS).map((item) => `• ${item}`);
  const hidden = items.length - shown.length;
  return joinLinesWithin([heading, ...shown], SLACK_LIMITS.sectionText, (n) => `…and ${n} more`, hidden);
}
