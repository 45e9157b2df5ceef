/**
 * Undo targets: what undoing a dangerous change means when the CloudTrail record of that change says exactly what to
 * put back. One kind per change secmon can undo (security-group ingress has its own, older, RevertTarget); each is
 * built from the record alone by a pure function (one file per kind in this folder), only for a successful call.
 */
import type { ChangeAuthor } from '../../cloudtrail/author.js';
import type { AddedRule } from '../model.js';

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

/**
 * StopLogging: start logging that trail again. `region` is the trail's home region (the ARN's, or the call's for a
 * bare name), where CloudTrail accepts StartLogging.
 */
export interface CloudTrailLoggingUndo extends UndoCommon {
  readonly kind: 'cloudtrail-logging';
  /** The trail as the call named it (requestParameters.name): a trail name or a trail ARN of the alert's account. */
  readonly trail: string;
}

/** StopConfigurationRecorder: start that (customer managed) recorder again in the call's region. */
export interface ConfigRecorderUndo extends UndoCommon {
  readonly kind: 'config-recorder';
  readonly recorderName: string;
}

/** A security-group rule as ModifySecurityGroupRules set it, open to the world; its id says which rule. */
export type ModifiedRule = AddedRule & { readonly ruleId: string };

/**
 * ModifySecurityGroupRules that set rules open to the world (0.0.0.0/0, ::/0). The record has the new values only,
 * not the old ones, so nothing can be put back: the undo is containment, revoking those rules while they are still
 * as the call set them.
 */
export interface SecurityGroupRuleContainment extends UndoCommon {
  readonly kind: 'sg-rule-containment';
  readonly groupId: string;
  readonly rules: readonly ModifiedRule[];
}

/**
 * ScheduleKeyDeletion: cancel that key's deletion (CancelKeyDeletion leaves it Disabled), and enable it only when the
 * admin who undoes it says it was in use (the undo's one choice, UndoOptions).
 */
export interface KmsKeyDeletionUndo extends UndoCommon {
  readonly kind: 'kms-key-deletion';
  /** The key's ARN as KMS answered the call: its region is `region`, its account `accountId`. */
  readonly keyArn: string;
  /** The key id (the ARN's last part): a UUID, or mrk-… for a multi-Region key. */
  readonly keyId: string;
}

/** ModifyDBSnapshotAttribute / ModifyDBClusterSnapshotAttribute `restore` valuesToAdd: remove exactly those again. */
export interface RdsSnapshotSharingUndo extends UndoCommon {
  readonly kind: 'rds-snapshot-sharing';
  readonly snapshot: 'db' | 'cluster';
  /** As the call named it (requestParameters.dBSnapshotIdentifier or dBClusterSnapshotIdentifier). */
  readonly snapshotId: string;
  /** Account ids, and `all` for public, as the call added them. */
  readonly added: readonly string[];
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
  | CloudTrailLoggingUndo
  | ConfigRecorderUndo
  | SecurityGroupRuleContainment
  | KmsKeyDeletionUndo
  | RdsSnapshotSharingUndo
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
  'cloudtrail-logging',
  'config-recorder',
  'sg-rule-containment',
  'kms-key-deletion',
  'rds-snapshot-sharing',
  'iam-access-key',
  'iam-login-profile',
] as const satisfies readonly UndoKind[];

/**
 * What the admin who undoes may choose, beyond what the stored alert says. Only kms-key-deletion has a choice: also
 * enable the key (it was in use); every other kind refuses `enableKey: true`.
 */
export interface UndoOptions {
  readonly enableKey: boolean;
}

/** The kinds whose undo offers `enableKey` (a second button); the button value and the undo action refuse it elsewhere. */
export const ENABLE_KEY_KINDS: readonly UndoKind[] = ['kms-key-deletion'];

/**
 * How an undo ended. `already_undone`: the resource is already as it was before the event; `changed`: it is neither
 * as the event left it nor as before (left alone for a person); `left_alone`: as the event left it, but not something
 * this undo acts on (a containment that finds an outbound rule); `failed`: AWS refused or failed (reason is human).
 */
export interface UndoResult {
  readonly outcome: 'undone' | 'already_undone' | 'changed' | 'left_alone' | 'failed';
  readonly reason: string | undefined;
}
