/**
 * Undo of ScheduleKeyDeletion: DescribeKey first; while the key is still pending deletion, CancelKeyDeletion (KMS
 * then leaves the key Disabled) and, only when the admin chose "Cancel deletion and enable key" (the key was in use),
 * EnableKey. No longer pending: already undone, and nothing is enabled whatever the choice (whoever cancelled it may
 * keep it disabled on purpose). Deleted already: KMS cannot bring a deleted key back, so it is reported as changed
 * since. The calls go to the key's region (its ARN's: a multi-Region replica's own) in the alert's account.
 *
 * KMS authorises every call on the key policy as well as on the caller's IAM policy: a key policy that does not
 * delegate to IAM (no statement for the account) refuses secmon's role whatever its IAM policy allows, and the
 * failure says so. Nothing was lost while the deletion was pending; grants, aliases and the key policy stay as they are.
 */
import { CancelKeyDeletionCommand, DescribeKeyCommand, EnableKeyCommand, type KeyState } from '@aws-sdk/client-kms';
import type { KmsKeyDeletionUndo, UndoResult } from '../../alerts/undo/model.js';
import { awsErrorName, humanReason } from '../errors.js';
import type { IamStatement } from '../types.js';
import type { UndoKindDefinition } from './kind.js';

const PENDING: ReadonlySet<KeyState | undefined> = new Set<KeyState>(['PendingDeletion', 'PendingReplicaDeletion']);

export const kmsKeyDeletionUndo: UndoKindDefinition<KmsKeyDeletionUndo> = {
  kind: 'kms-key-deletion',
  subject: (target) => `the deletion of KMS key ${target.keyId} in ${target.region}`,
  async run(target, clients, options) {
    const kms = clients.kms(target.region);
    const KeyId = target.keyArn;
    let state: KeyState | undefined;
    try {
      state = (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata?.KeyState;
    } catch (error) {
      if (awsErrorName(error) === 'NotFoundException') return deleted();
      return failed(error, `read KMS key ${target.keyId}`);
    }
    if (!PENDING.has(state)) {
      const leftDisabled = options.enableKey && state === 'Disabled';
      return { result: { outcome: 'already_undone', reason: leftDisabled ? 'its deletion was cancelled before; the key is disabled and was left so: enable it by hand if it is in use' : undefined } };
    }
    try {
      await kms.send(new CancelKeyDeletionCommand({ KeyId }));
    } catch (error) {
      if (awsErrorName(error) === 'NotFoundException') return deleted();
      return failed(error, `cancel the deletion of KMS key ${target.keyId}`);
    }
    if (!options.enableKey) return { result: { outcome: 'undone', reason: 'deletion cancelled; the key stays disabled' } };
    try {
      await kms.send(new EnableKeyCommand({ KeyId }));
      return { result: { outcome: 'undone', reason: 'deletion cancelled and the key enabled' } };
    } catch (error) {
      const why = failed(error, `enable KMS key ${target.keyId}`);
      return { ...why, result: { outcome: 'failed', reason: `the deletion was cancelled, but ${why.result.reason ?? 'enabling the key failed'}; the key is disabled: enable it by hand` } };
    }
  },
};

function deleted(): { readonly result: UndoResult } {
  return { result: { outcome: 'changed', reason: 'the key was already deleted; a deleted KMS key cannot be recovered' } };
}

function failed(error: unknown, what: string): { readonly result: UndoResult; readonly cause: unknown } {
  // KMS also checks the key policy: an IAM policy alone cannot grant what a key policy does not delegate.
  const name = awsErrorName(error);
  const reason =
    name === 'AccessDeniedException'
      ? `secmon's worker role may not ${what} (access denied: the key policy must allow the role too, and a key policy that does not delegate to IAM refuses it whatever its IAM policy allows)`
      : name === 'KMSInvalidStateException'
        ? `KMS refused to ${what} in the key's current state (it changed meanwhile, or KMS does not allow it in that state)`
        : humanReason(error, what);
  return { result: { outcome: 'failed', reason }, cause: error };
}

export const KMS_KEY_DELETION_PERMISSIONS: readonly IamStatement[] = [
  {
    actions: ['kms:CancelKeyDeletion', 'kms:DescribeKey', 'kms:EnableKey'],
    resources: ['arn:${AWS::Partition}:kms:*:${AWS::AccountId}:key/*'],
    reason:
      'Undo ScheduleKeyDeletion: read the key\'s state, cancel its deletion and, when the admin says it was in use, enable it ' +
      '(each authorised on the key; keys carry no secmon name). The key policy must allow the role too: a key policy that ' +
      'does not delegate to IAM refuses these calls whatever this policy allows.',
  },
];
