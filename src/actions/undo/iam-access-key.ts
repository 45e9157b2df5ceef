/**
 * Undo of CreateAccessKey: UpdateAccessKey with Status Inactive for exactly the key the event created, after
 * ListAccessKeys of its user (every page) shows it still Active. Inactive (or expired) already, no longer listed, or
 * the user gone: already undone. The key is deactivated, never deleted: whoever owns it can re-activate it once it
 * is known to be wanted. IAM is global: the client is us-east-1's whatever the event's region. What the key did
 * while it was active is not undone, and its secret may have been copied (it stays useless while inactive).
 */
import { ListAccessKeysCommand, UpdateAccessKeyCommand, type AccessKeyMetadata, type IAMClient } from '@aws-sdk/client-iam';
import type { IamAccessKeyUndo } from '../../alerts/undo/model.js';
import { awsErrorName, humanReason } from '../errors.js';
import type { IamStatement } from '../types.js';
import { findInIamPages } from './iam-pages.js';
import type { UndoKindDefinition } from './kind.js';

const NO_SUCH_ENTITY = 'NoSuchEntityException';

export const iamAccessKeyUndo: UndoKindDefinition<IamAccessKeyUndo> = {
  kind: 'iam-access-key',
  subject: (target) => `access key ${target.accessKeyId} of IAM user ${target.userName}`,
  async run(target, clients) {
    const iam = clients.iam();
    let key: AccessKeyMetadata | undefined;
    try {
      key = await findKey(iam, target);
    } catch (error) {
      if (awsErrorName(error) === NO_SUCH_ENTITY) return { result: { outcome: 'already_undone', reason: 'the user and its keys no longer exist' } };
      return { result: { outcome: 'failed', reason: humanReason(error, `list the access keys of IAM user ${target.userName}`) }, cause: error };
    }
    if (key === undefined) return { result: { outcome: 'already_undone', reason: 'the key no longer exists' } };
    if (key.Status === 'Inactive') return { result: { outcome: 'already_undone', reason: 'the key is inactive already' } };
    if (key.Status === 'Expired') return { result: { outcome: 'already_undone', reason: 'the key has expired' } };
    if (key.Status !== 'Active') return { result: { outcome: 'changed', reason: 'IAM did not report the status of the key' } };
    try {
      await iam.send(new UpdateAccessKeyCommand({ UserName: target.userName, AccessKeyId: target.accessKeyId, Status: 'Inactive' }));
      return { result: { outcome: 'undone', reason: undefined } };
    } catch (error) {
      // Deleted between the check and the update: it cannot be used either way.
      if (awsErrorName(error) === NO_SUCH_ENTITY) return { result: { outcome: 'already_undone', reason: 'the key no longer exists' } };
      return { result: { outcome: 'failed', reason: humanReason(error, `deactivate access key ${target.accessKeyId} of IAM user ${target.userName}`) }, cause: error };
    }
  },
};

function findKey(iam: IAMClient, target: IamAccessKeyUndo): Promise<AccessKeyMetadata | undefined> {
  return findInIamPages(
    async (marker) => {
      const answer = await iam.send(new ListAccessKeysCommand({ UserName: target.userName, ...(marker === undefined ? {} : { Marker: marker }) }));
      return { items: answer.AccessKeyMetadata ?? [], isTruncated: answer.IsTruncated, marker: answer.Marker };
    },
    (key) => key.AccessKeyId === target.accessKeyId,
    'access keys',
  );
}

export const IAM_ACCESS_KEY_PERMISSIONS: readonly IamStatement[] = [
  {
    actions: ['iam:ListAccessKeys', 'iam:UpdateAccessKey'],
    resources: ['arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*'],
    reason:
      "Undo CreateAccessKey for a user: list the user's access keys, then deactivate (never delete) the one the event " +
      'created (both authorised on the user; users carry no secmon name).',
  },
];
