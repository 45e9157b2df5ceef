/**
 * undo: puts back exactly what the alert's event changed, for the changes src/alerts/undo/ knows (one kind per
 * call). As revert (src/actions/revert.ts), and through the same remediation record:
 * 0. what to undo comes from the alert stored with the Slack message the job names, never from the job;
 * 1. the alert's remediation is claimed under the job's id (a second click, a done undo or a kept change: nothing);
 * 2. the kind checks the resource is still as the event left it (already undone, or changed since: left alone), then
 *    undoes it, in the account the stored alert names (the member role in an organization);
 * 3. the claim ends `done` or `failed` (a retry may start again), also when anything throws on the way.
 */
import * as z from 'zod/mini';
import type { AlertMessageState } from '../../alerts/model.js';
import { ENABLE_KEY_KINDS, type UndoOptions, type UndoResult, type UndoTarget } from '../../alerts/undo/model.js';
import type { ActionClients } from '../../aws/action-clients.js';
import { REVERT_LEASES, type RemediationRecord } from '../../store/remediations/remediations.js';
import { alertAccount } from '../alert-account.js';
import { alertRef, storedTarget } from '../stored-change.js';
import type { ActionContext, ActionDefinition, ActionResult } from '../types.js';
import { CLOUDTRAIL_LOGGING_PERMISSIONS, cloudTrailLoggingUndo } from './cloudtrail-logging.js';
import { CONFIG_RECORDER_PERMISSIONS, configRecorderUndo } from './config-recorder.js';
import { EBS_ENCRYPTION_PERMISSIONS, ebsEncryptionUndo } from './ebs-encryption.js';
import { EC2_SHARING_PERMISSIONS, ec2SharingUndo } from './ec2-sharing.js';
import { GUARDDUTY_DETECTOR_PERMISSIONS, guardDutyDetectorUndo } from './guardduty-detector.js';
import { IAM_ACCESS_KEY_PERMISSIONS, iamAccessKeyUndo } from './iam-access-key.js';
import { IAM_LOGIN_PROFILE_PERMISSIONS, iamLoginProfileUndo } from './iam-login-profile.js';
import { IAM_POLICY_ATTACHMENT_PERMISSIONS, iamPolicyAttachmentUndo } from './iam-policy-attachment.js';
import type { UndoKindDefinition } from './kind.js';
import { KMS_KEY_DELETION_PERMISSIONS, kmsKeyDeletionUndo } from './kms-key-deletion.js';
import { LAMBDA_PERMISSION_PERMISSIONS, lambdaPermissionUndo } from './lambda-permission.js';
import { SG_RULE_CONTAINMENT_PERMISSIONS, sgRuleContainment } from './sg-rule-containment.js';
import { RDS_SNAPSHOT_SHARING_PERMISSIONS, rdsSnapshotSharingUndo } from './rds-snapshot-sharing.js';

type Kinds = { readonly [K in UndoTarget['kind']]: UndoKindDefinition<Extract<UndoTarget, { kind: K }>> };
const KINDS: Kinds = {
  'ebs-encryption-default': ebsEncryptionUndo,
  'guardduty-detector': guardDutyDetectorUndo,
  'lambda-permission': lambdaPermissionUndo,
  'ec2-sharing': ec2SharingUndo,
  'iam-policy-attachment': iamPolicyAttachmentUndo,
  'sg-rule-containment': sgRuleContainment,
  'cloudtrail-logging': cloudTrailLoggingUndo,
  'config-recorder': configRecorderUndo,
  'kms-key-deletion': kmsKeyDeletionUndo,
  'rds-snapshot-sharing': rdsSnapshotSharingUndo,
  'iam-access-key': iamAccessKeyUndo,
  'iam-login-profile': iamLoginProfileUndo,
};

/**
 * What the job names: the alert, and the admin's one choice (which button: also enable the KMS key). Nothing else is
 * taken from the request; what to undo is read from the stored alert.
 */
const undoParams = z.object({ ...alertRef, enableKey: z.optional(z.boolean()) });
export type UndoParams = z.infer<typeof undoParams>;

const RESULT_TEXT: Readonly<Record<UndoResult['outcome'], string>> = {
  undone: 'undone',
  already_undone: 'already undone, nothing to do',
  changed: 'changed since the event, left alone',
  left_alone: 'left alone',
  failed: 'failed',
};

export const undoAction: ActionDefinition<UndoParams> = {
  name: 'undo',
  description: "Undo exactly what an alert's event changed (checked first: already undone or changed since is left alone).",
  adminOnly: true,
  writes: true,
  actsIn: 'alert-account',
  params: undoParams,
  example: {
    deliveryId: '7f2c1e0a-0000-4000-8000-000000000002',
    message: { channel: 'C0123456789', ts: '1763632800.000200' },
  },
  permissions: [
    ...EBS_ENCRYPTION_PERMISSIONS,
    ...GUARDDUTY_DETECTOR_PERMISSIONS,
    ...LAMBDA_PERMISSION_PERMISSIONS,
    ...EC2_SHARING_PERMISSIONS,
    ...IAM_POLICY_ATTACHMENT_PERMISSIONS,
    ...CLOUDTRAIL_LOGGING_PERMISSIONS,
    ...CONFIG_RECORDER_PERMISSIONS,
    ...SG_RULE_CONTAINMENT_PERMISSIONS,
    ...KMS_KEY_DELETION_PERMISSIONS,
    ...RDS_SNAPSHOT_SHARING_PERMISSIONS,
    ...IAM_ACCESS_KEY_PERMISSIONS,
    ...IAM_LOGIN_PROFILE_PERMISSIONS,
  ],
  async refuse(params, context) {
    const change = await storedTarget(params, context, 'undone', (alert) => alert.undo);
    return change.ok ? refusal(change.target, params, context.settings) : change.result;
  },
  async run(params, context) {
    const change = await storedTarget(params, context, 'undone', (alert) => alert.undo);
    if (!change.ok) return change.result;
    const { target } = change;
    const refused = refusal(target, params, context.settings);
    if (refused !== undefined) return refused;
    const subject = subjectOf(target);
    const detail = {
      deliveryId: params.deliveryId,
      kind: target.kind,
      region: target.region,
      accountId: target.accountId,
      eventId: target.eventId,
      ...(params.enableKey === true ? { enableKey: true } : {}),
    };
    const account = await alertAccount(target, context);
    if (!account.ok) return { ok: false, summary: `Not undone: ${subject}: ${account.reason}.`, detail };
    const now = context.now();
    const attempt = context.requestId;
    const start = await context.state.remediations.start(params.deliveryId, { by: context.actor.userId, now, leaseMs: REVERT_LEASES.claimMs, attempt });
    if (start.status === 'existing') return duplicateResult(start.record, detail);

    let undone: UndoResult = { outcome: 'failed', reason: 'the undo stopped before it finished' };
    try {
      await showState(params, context, { status: 'in_progress', by: context.actor.userId, at: now.toISOString(), outcomes: [] });
      const ran = await runKind(target, account.clients, { enableKey: params.enableKey === true });
      undone = ran.result;
      const status = undone.outcome === 'failed' ? 'failed' : 'done';
      const finishedAt = context.now();
      const finished = await context.state.remediations.finish(params.deliveryId, { attempt, status, outcomes: [], now: finishedAt });
      await showState(params, context, { status, by: context.actor.userId, at: finishedAt.toISOString(), outcomes: [], undone });
      const reason = undone.reason === undefined ? '' : ` (${undone.reason})`;
      return {
        ok: undone.outcome !== 'failed' && undone.outcome !== 'changed',
        summary: `Undo of ${subject}: ${RESULT_TEXT[undone.outcome]}${reason}.` + (finished === undefined ? ' (Another click took over meanwhile; its result counts.)' : ''),
        detail: { ...detail, status, outcome: undone.outcome },
        ...(ran.cause === undefined ? {} : { cause: ran.cause }),
      };
    } catch (error) {
      // Whatever broke, the claim ends as failed (the resource is checked again on a retry), then the error goes on.
      const at = context.now();
      await context.state.remediations.finish(params.deliveryId, { attempt, status: 'failed', outcomes: [], now: at }).catch(() => undefined);
      await showState(params, context, { status: 'failed', by: context.actor.userId, at: at.toISOString(), outcomes: [], undone }).catch(() => undefined);
      throw error;
    }
  },
  async release(params, context) {
    const at = context.now();
    const released = await context.state.remediations.abandon(params.deliveryId, { attempt: context.requestId, now: at, outcomes: [] });
    if (released !== undefined) await showState(params, context, { status: 'failed', by: context.actor.userId, at: at.toISOString(), outcomes: [] });
  },
};

function runKind<Target extends UndoTarget>(target: Target, clients: ActionClients, options: UndoOptions): ReturnType<UndoKindDefinition<Target>['run']> {
  return (KINDS[target.kind] as UndoKindDefinition<Target>).run(target, clients, options);
}

export function subjectOf<Target extends UndoTarget>(target: Target): string {
  return (KINDS[target.kind] as UndoKindDefinition<Target>).subject(target);
}

/**
 * A choice the alert's undo does not offer (enabling something else than a KMS key): refused, not ignored, since only
 * a forged request can carry it. Outside an organization deployment the worker's role acts in its own account only.
 */
function refusal(target: UndoTarget, params: UndoParams, settings: ActionContext['settings']): ActionResult | undefined {
  if (params.enableKey === true && !ENABLE_KEY_KINDS.includes(target.kind)) {
    return {
      ok: false,
      denied: true,
      summary: `Not undone: this alert's undo (${subjectOf(target)}) has no key to enable.`,
      detail: { kind: target.kind, refused: 'enable-not-offered' },
    };
  }
  if (settings.organization === undefined && target.accountId !== undefined && target.accountId !== settings.accountId) {
    return {
      ok: false,
      denied: true,
      summary: `Not undone: the change was made in account ${target.accountId}, and secmon's worker acts in ${settings.accountId} only.`,
      detail: { kind: target.kind, accountId: target.accountId },
    };
  }
  return undefined;
}

async function showState(params: UndoParams, context: Pick<ActionContext, 'state'>, remediation: NonNullable<AlertMessageState['remediation']>): Promise<void> {
  await context.state.messages.updateState(params.message, { remediation });
}

function duplicateResult(record: RemediationRecord, detail: Record<string, unknown>): ActionResult {
  if (record.status === 'kept') {
    const by = record.kept === undefined ? '' : ` by <@${record.kept.by}>`;
    return { ok: false, denied: true, summary: `Not undone: keeping this change was approved${by}, and a kept change is not undone.`, detail: { ...detail, status: record.status, refused: 'kept' } };
  }
  const who = record.startedBy === undefined ? '' : ` by <@${record.startedBy}>`;
  const summary =
    record.status === 'in_progress'
      ? `An undo of this change is already in progress (started${who} at ${record.startedAt ?? '?'}); nothing more was done.`
      : `This change was already undone${who} at ${record.finishedAt ?? '?'}; nothing more was done.`;
  return { ok: true, summary, detail: { ...detail, status: record.status, duplicate: true } };
}
