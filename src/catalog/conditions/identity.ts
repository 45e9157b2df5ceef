/** Who the caller of a CloudTrail record is, for conditions that compare the caller with the call's target. */
import { stringAt } from '../../cloudtrail/record.js';

/**
 * Whether an IAM user named `target` is someone other than the caller. The caller is that user when it is an IAM
 * user whose `userName` is `target`, or whose ARN ends with `user/<target>` (after any path: `user/ops/alice`).
 * Any other caller (a role session, root, a federated user) acting on a named user acts on someone else. No target
 * (IAM then acts on the caller's own user): false.
 */
export function isAnotherUser(record: unknown, target: string | undefined): boolean {
  if (target === undefined || target === '') return false;
  if (stringAt(record, 'userIdentity', 'type') !== 'IAMUser') return true;
  if (stringAt(record, 'userIdentity', 'userName') === target) return false;
  const arn = stringAt(record, 'userIdentity', 'arn') ?? '';
  const path = arn.indexOf(':user/');
  return path === -1 || !`/${arn.slice(path + ':user/'.length)}`.endsWith(`/${target}`);
}

/** The account the call was made in: recipientAccountId, else the caller's account. */
export function ownAccountOf(record: unknown): string | undefined {
  return stringAt(record, 'recipientAccountId') ?? stringAt(record, 'userIdentity', 'accountId');
}
