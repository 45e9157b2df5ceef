/**
 * The finding controls of an alert: the Suppress and Resolve buttons while the finding is open, and the status line
 * saying what an admin did with it and whether it reached the source. Pure, like blocks/alert.ts, which places them.
 */
import type { Button } from '@slack/types';
import type { Alert, AlertMessageState, FindingAction } from '../src/alerts/model.js';
import { FINDING_SOURCE_NAMES, RESOLVABLE_SOURCES, SUPPRESS_AT_SOURCE } from '../src/actions/findings/sources.js';
import type { FindingInfo } from '../src/findings/model.js';
import { encodeFindingValue } from './action-values.js';
import { button, confirmDialog } from './elements.js';
import { safeText, userMention } from './escape.js';
import { ACTION_IDS } from './ids.js';
import { truncate } from './limits.js';
import { formatClock } from './time.js';

/** Open at its source and not yet suppressed or resolved from Slack (NOTIFIED still is open). */
function isOpen(finding: FindingInfo, state: AlertMessageState): boolean {
  return finding.state === 'active' && (state.findingAction === undefined || state.findingAction.status === 'notified');
}

/** Suppress (every source), Resolve (Security Hub); none once the finding is closed. Throws INPUT_INVALID on bad ids. */
export function findingButtons(alert: Alert, state: AlertMessageState): Button[] {
  const finding = alert.finding;
  if (finding === undefined || !isOpen(finding, state)) return [];
  const value = encodeFindingValue({ deliveryId: alert.deliveryId, source: finding.source });
  const name = FINDING_SOURCE_NAMES[finding.source];
  const buttons = [
    button({
      actionId: ACTION_IDS.findingSuppress,
      text: 'Suppress',
      value,
      accessibilityLabel: SUPPRESS_AT_SOURCE[finding.source] === undefined ? 'Suppress this finding in secmon' : `Suppress this finding at ${name}`,
    }),
  ];
  if (RESOLVABLE_SOURCES.includes(finding.source)) {
    buttons.push(
      button({
        actionId: ACTION_IDS.findingResolve,
        text: 'Resolve',
        value,
        confirm: confirmDialog({
          title: 'Resolve this finding?',
          text: `Sets the ${name} finding's workflow status to RESOLVED, with a note naming you. ${name} sets it back to NEW if the finding is seen again.`,
          confirm: 'Resolve',
          deny: 'Cancel',
        }),
        accessibilityLabel: `Mark this finding resolved at ${name}`,
      }),
    );
  }
  return buttons;
}

/** ":mute: Suppressed at Security Hub by @user at 10:02 UTC: reason", or undefined when nothing was done. */
export function findingActionLine(alert: Alert, state: AlertMessageState): string | undefined {
  const action = state.findingAction;
  const finding = alert.finding;
  if (action === undefined || finding === undefined) return undefined;
  const name = FINDING_SOURCE_NAMES[finding.source];
  const who = `by ${userMention(action.by)} at ${safeText(formatClock(action.at))}`;
  const why = reasonText(action);
  switch (action.status) {
    case 'suppressed':
      return action.atSource
        ? `:mute: *Suppressed at ${name}* (${SUPPRESS_AT_SOURCE[finding.source] === 'archived' ? 'archived' : 'workflow status SUPPRESSED'}) ${who}${why}`
        : `:mute: *Suppressed in secmon* ${who}${why}. secmon does not write back to ${name}: the finding stays open there.`;
    case 'resolved':
      return `:white_check_mark: *Resolved at ${name}* (workflow status RESOLVED) ${who}`;
    case 'notified':
      return `:eyes: ${name} workflow status set to NOTIFIED ${who}`;
  }
}

function reasonText(action: FindingAction): string {
  return action.reason !== undefined && action.reason.trim() !== '' ? `: ${safeText(truncate(action.reason, 500))}` : '';
}
