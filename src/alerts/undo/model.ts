/**
 * Undo targets: what undoing a dangerous change means when the CloudTrail record of that change says exactly what to
 * put back. One kind per change secmon can undo (security-group ingress has its own, older, RevertTarget); each is
 * built from the record alone by a pure function (one file per kind in this folder), only for a successful call.
 */
import type { ChangeAuthor } from '../../cloudtrail/author.js';

/** What every undo target carries: where to act, which event it undoes, and who made the change (for four-eyes). */
export interface UndoCommon {
  readonly region: string;
  /** The account the call was made in (recipientAccountId); undefined: secmon's own. */
  readonly accountId: string | undefined;
  readonly eventId: string;
  /** The principal who made the change, for display. */
  readonly changedBy: string | undefined;
  /** Who made the change, as CloudTrail names them: Keep's four-eyes check compares it. */
  readonly author?: ChangeAuthor;
}

/** DisableEbsEncryptionByDefault: turn encryption by default back on in that region. */
export interface EbsEncryptionUndo extends UndoCommon {
  readonly kind: 'ebs-encryption-default';
}

/** UpdateDetector with `enable: false`: enable that detector again. */
export interface GuardDutyDetectorUndo extends UndoCommon {
  readonly kind: 'guardduty-detector';
  readonly detectorId: string;
}

/** Lambda AddPermission: remove the statement it added (by its statement id) from the function's policy. */
export interface LambdaPermissionUndo extends UndoCommon {
  readonly kind: 'lambda-permission';
  /** As the call named it: a name, an ARN or a partial ARN. */
  readonly functionName: string;
  readonly qualifier: string | undefined;
  readonly statementId: string;
  /** The statement as Lambda answered the call (JSON): the undo removes it only while the policy still holds it unchanged. */
  readonly statement: string;
}

/** Who an EC2 sharing call added: accounts, everyone (group `all`), and for AMIs organizations and OUs. */
export interface AddedSharing {
  readonly userIds: readonly string[];
  readonly public: boolean;
  readonly organizationArns: readonly string[];
  readonly organizationalUnitArns: readonly string[];
}

/** ModifySnapshotAttribute / ModifyImageAttribute `add`: remove exactly those permissions again. */
export interface Ec2SharingUndo extends UndoCommon {
  readonly kind: 'ec2-sharing';
  readonly resource: 'snapshot' | 'image';
  /** snap-… or ami-… */
  readonly resourceId: string;
  readonly added: AddedSharing;
}

/** Attach{User,Role,Group}Policy of AdministratorAccess: detach exactly that policy from exactly that principal. */
export interface IamPolicyAttachmentUndo extends UndoCommon {
  readonly kind: 'iam-policy-attachment';
  readonly principal: 'user' | 'role' | 'group';
  /** The user, role or group name as the call named it (requestParameters.userName, roleName, groupName). */
  readonly principalName: string;
  readonly policyArn: string;
}

/** CreateAccessKey for an IAM user: deactivate (never delete) exactly the key the call created. */
export interface IamAccessKeyUndo extends UndoCommon {
  readonly kind: 'iam-access-key';
  /** The user the key belongs to, as IAM answered the call (responseElements.accessKey.userName). */
  readonly userName: string;
  readonly accessKeyId: string;
}

/** CreateLoginProfile: delete the console password of that user, while it is still the one the call created. */
export interface IamLoginProfileUndo extends UndoCommon {
  readonly kind: 'iam-login-profile';
  readonly userName: string;
  /** When the call was made (eventTime, ISO 8601): a password IAM says was created later is someone else's. */
  readonly createdAt: string;
}

export type UndoTarget =
  | EbsEncryptionUndo
  | GuardDutyDetectorUndo
  | LambdaPermissionUndo
  | Ec2SharingUndo
  | IamPolicyAttachmentUndo
  | IamAccessKeyUndo
  | IamLoginProfileUndo;
export type UndoKind = UndoTarget['kind'];
/** Every kind, for schemas of values that name one. */
export const UNDO_KINDS = [
  'ebs-encryption-default',
  'guardduty-detector',
  'lambda-permission',
  'ec2-sharing',
  'iam-policy-attachment',
  'iam-access-key',
  'iam-login-profile',
] as const satisfies readonly UndoKind[];

/**
 * How an undo ended. `already_undone`: the resource is already as it was before the event; `changed`: it is neither
 * as the event left it nor as before (left alone for a person); `failed`: AWS refused or failed (reason is human).
 */
export interface UndoResult {
  readonly outcome: 'undone' | 'already_undone' | 'changed' | 'failed';
  readonly reason: string | undefined;
}
