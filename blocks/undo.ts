/**
 * The undo panel of an alert whose event secmon can undo exactly (alert.undo, src/alerts/undo/): what the undo would
 * put back (and what it would not), or how the undo went, and the Undo and Keep buttons. As the revert panel
 * (blocks/alert.ts): the buttons are offered while nothing is decided, and again after a failed undo ("Retry").
 */
import type { KnownBlock } from '@slack/types';
import type { Alert, AlertMessageState } from '../src/alerts/model.js';
import type { UndoKind, UndoResult, UndoTarget } from '../src/alerts/undo/model.js';
import { trailRefOf } from '../src/cloudtrail/trail-ref.js';
import { encodeUndoKeepValue, encodeUndoValue } from './action-values.js';
import { actionsBlock, button, confirmDialog, sectionBlock } from './elements.js';
import { safeText, singleLine, userMention } from './escape.js';
import { ACTION_IDS, BLOCK_IDS } from './ids.js';
import { truncate } from './limits.js';
import { formatClock } from './time.js';
import { rulePlain } from './security-group-rule.js';

/** What each kind's button says, what it changes (the confirm dialog, plain text) and what it does not restore. */
interface UndoWords<Target extends UndoTarget> {
  readonly label: string;
  readonly change: (target: Target) => string;
  readonly notRestored: string;
  /**
   * A kind whose undo may go one step further at the admin's choice (a KMS key: also enable it) has two buttons:
   * `label` does the undo alone, `enable.label` the undo and that step. `offer` tells the choice under the panel,
   * `without` and `with` what each button's confirm dialog adds to `change`.
   */
  readonly enable?: { readonly label: string; readonly offer: string; readonly without: string; readonly with: string };
}

const WORDS: { readonly [K in UndoKind]: UndoWords<Extract<UndoTarget, { kind: K }>> } = {
  'ebs-encryption-default': {
    label: 'Turn encryption back on',
    change: (target) => `Turn EBS encryption by default back on in ${target.region}${accountPart(target)}.`,
    notRestored: 'Volumes created while it was off stay unencrypted.',
  },
  'guardduty-detector': {
    label: 'Enable detector',
    change: (target) => `Enable GuardDuty detector ${target.detectorId} in ${target.region}${accountPart(target)} again.`,
    notRestored: 'Other settings the same call changed are not restored; nothing GuardDuty missed meanwhile is found afterwards.',
  },
  'lambda-permission': {
    label: 'Remove permission',
    change: (target) =>
      `Remove statement ${target.statementId} from the policy of Lambda function ${target.functionName}` +
      `${target.qualifier === undefined ? '' : `:${target.qualifier}`} in ${target.region}${accountPart(target)}.`,
    notRestored: 'Only that statement is removed; what was invoked while it was allowed is not undone.',
  },
  'ec2-sharing': {
    label: 'Stop sharing',
    change: (target) => `Remove from ${target.resource} ${target.resourceId} in ${target.region}${accountPart(target)} the permissions this call added: ${sharingText(target)}.`,
    notRestored: 'Copies already made by those it was shared with stay theirs.',
  },
  'iam-policy-attachment': {
    label: 'Detach policy',
    change: (target) => `Detach ${target.policyArn} from IAM ${target.principal} ${target.principalName}${accountPart(target)}.`,
    notRestored: 'Only that policy is detached; what was done with it meanwhile (new keys, users, roles) is not undone.',
  },
  'sg-rule-containment': {
    label: 'Revoke rule (containment)',
    change: (target) =>
      `Containment: revoke ${target.rules.length === 1 ? 'rule' : 'rules'} ${target.rules.map(rulePlain).join(', ')} of ${target.groupId} in ${target.region}${accountPart(target)}, ` +
      'while still as this call set them.',
    notRestored: "The call's record has the new values only, so the rule is removed, not put back as it was before: re-add what was needed by hand.",
  },
  'cloudtrail-logging': {
    label: 'Start logging',
    // The trail's own name: with the region and account it says what the ARN would, in a dialog of 300 characters.
    change: (target) => `Start logging of CloudTrail trail ${trailRefOf(target.trail)?.trailName ?? target.trail} in ${target.region}${accountPart(target)} again.`,
    notRestored: 'Events made while it was stopped are not logged afterwards; CloudTrail event history still has the last 90 days of management events in each region.',
  },
  'config-recorder': {
    label: 'Start recording',
    change: (target) => `Start AWS Config recorder ${target.recorderName} in ${target.region}${accountPart(target)} again.`,
    notRestored: 'Configuration changes made while it was stopped are not recorded afterwards; Config records resources as it finds them on restart.',
  },
  'kms-key-deletion': {
    label: 'Cancel deletion',
    change: (target) => `Cancel the scheduled deletion of KMS key ${target.keyId} in ${target.region}${accountPart(target)}.`,
    notRestored: 'Its grants, aliases and key policy are left as they are; nothing encrypted under it was lost while deletion was pending.',
    enable: {
      label: 'Cancel deletion and enable key',
      offer: 'The key stays disabled unless you choose to enable it too (for a key that was in use).',
      without: 'The key stays disabled.',
      with: 'Then enable the key (it was in use).',
    },
  },
  'rds-snapshot-sharing': {
    label: 'Stop sharing',
    change: (target) =>
      `Remove from ${target.snapshot === 'db' ? 'RDS snapshot' : 'RDS cluster snapshot'} ${target.snapshotId} in ${target.region}${accountPart(target)} ` +
      `the restore permissions this call added: ${target.added.map((value) => (value === 'all' ? 'everyone (public)' : `account ${value}`)).join(', ')}.`,
    notRestored: 'Databases already restored or copied from it by those it was shared with stay theirs.',
  },
  'iam-access-key': {
    label: 'Deactivate key',
    change: (target) => `Deactivate access key ${target.accessKeyId} of IAM user ${target.userName}${accountPart(target)}: not deleted, it can be re-activated.`,
    notRestored: 'What was done with the key while active is not undone; its secret may have been copied.',
  },
  'iam-login-profile': {
    label: 'Delete password',
    change: (target) => `Delete the console password of IAM user ${target.userName}${accountPart(target)} that this call created.`,
    notRestored: 'Console sessions already signed in with it are not signed out; what was done in them is not undone.',
  },
};

function sharingText(target: Extract<UndoTarget, { kind: 'ec2-sharing' }>): string {
  const { added } = target;
  return [...(added.public ? ['everyone (public)'] : []), ...added.userIds.map((id) => `account ${id}`), ...added.organizationArns, ...added.organizationalUnitArns].join(', ');
}

const RESULT_TEXT: Readonly<Record<UndoResult['outcome'], string>> = {
  undone: ':white_check_mark: undone',
  already_undone: ':heavy_minus_sign: already undone, nothing to do',
  changed: ':warning: changed since the event, left alone',
  left_alone: ':heavy_minus_sign: left alone',
  failed: ':x: failed',
};

export function undoBlocks(alert: Alert, state: AlertMessageState): KnownBlock[] {
  const target = alert.undo;
  if (target === undefined) return [];
  const words = WORDS[target.kind] as UndoWords<typeof target>;
  const remediation = state.remediation;
  const change = safeText(words.change(target));
  let text: string;
  if (remediation === undefined) {
    const offer = words.enable === undefined ? '' : ` ${safeText(words.enable.offer)}`;
    text = `:leftwards_arrow_with_hook: *Undo available*: ${change}${offer} ${safeText(words.notRestored)}`;
  } else {
    const by = userMention(remediation.by);
    const at = safeText(formatClock(remediation.at));
    const undone = remediation.undone;
    const result = undone === undefined ? '' : `: ${RESULT_TEXT[undone.outcome]}${undone.reason === undefined ? '' : ` (${safeText(truncate(undone.reason, 300))})`}`;
    text =
      remediation.status === 'in_progress'
        ? `:hourglass_flowing_sand: *Undoing…* requested by ${by} at ${at}: ${change}`
        : remediation.status === 'done'
          ? `:white_check_mark: *Undone* by ${by} at ${at}${result}`
          : `:x: *Undo failed*: requested by ${by} at ${at}${result}`;
  }
  const blocks: KnownBlock[] = [sectionBlock(text)];
  const offer = state.kept === undefined && (remediation === undefined || remediation.status === 'failed');
  if (!offer) return blocks;
  const retry = remediation?.status === 'failed';
  const undoButton = (enableKey: boolean): ReturnType<typeof button> => {
    const step = words.enable === undefined ? '' : ` ${enableKey ? words.enable.with : words.enable.without}`;
    const label = enableKey && words.enable !== undefined ? words.enable.label : words.label;
    return button({
      actionId: enableKey ? ACTION_IDS.undoEnable : ACTION_IDS.undo,
      // A kind with one button says "Retry undo"; with two, each retry says which undo it is.
      text: retry ? (words.enable === undefined ? 'Retry undo' : `Retry: ${label}`) : label,
      value: encodeUndoValue({ deliveryId: alert.deliveryId, target, enableKey }),
      style: 'danger',
      confirm: confirmDialog({ title: 'Undo this change?', text: singleLine(`${words.change(target)}${step} ${words.notRestored}`), confirm: 'Undo', deny: 'Cancel', style: 'danger' }),
      // Cut at 75 characters: with two buttons, the label comes first to tell them apart.
      accessibilityLabel: `${words.enable === undefined ? 'Undo' : label}: ${words.change(target)}${step}`,
    });
  };
  const undo = words.enable === undefined ? [undoButton(false)] : [undoButton(false), undoButton(true)];
  const keep = button({
    actionId: ACTION_IDS.keep,
    text: 'Keep change',
    value: encodeUndoKeepValue({ deliveryId: alert.deliveryId, target }),
    accessibilityLabel: 'Approve keeping this change',
  });
  blocks.push(actionsBlock(BLOCK_IDS.remediationActions, [...undo, keep]));
  return blocks;
}

/** Which change the audit record and the listeners name: the kind and its event ("ebs-encryption-default in eu-west-1"). */
export function undoSubject(target: { readonly kind: string; readonly region: string }): string {
  return `${target.kind} in ${target.region}`;
}

function accountPart(target: UndoTarget): string {
  return target.accountId === undefined ? '' : ` (account ${target.accountId})`;
}
