/**
 * The undo target of a CloudTrail record, or undefined when the event cannot be undone exactly: not a call of a kind
 * secmon undoes, a call that failed (errorCode), or a record missing what the undo needs (region, event id).
 */
import { actorOf } from '../../cloudtrail/actor.js';
import { authorOf } from '../../cloudtrail/author.js';
import { objectAt, stringAt } from '../../cloudtrail/record.js';
import { cloudTrailLoggingUndoOf } from './cloudtrail-logging.js';
import { configRecorderUndoOf } from './config-recorder.js';
import { ebsEncryptionUndoOf } from './ebs-encryption.js';
import { imageSharingUndoOf, snapshotSharingUndoOf } from './ec2-sharing.js';
import { guardDutyDetectorUndoOf } from './guardduty-detector.js';
import { accessKeyUndoOf } from './iam-access-key.js';
import { loginProfileUndoOf } from './iam-login-profile.js';
import { groupPolicyUndoOf, rolePolicyUndoOf, userPolicyUndoOf } from './iam-policy-attachment.js';
import { kmsKeyDeletionUndoOf } from './kms-key-deletion.js';
import { lambdaPermissionUndoOf } from './lambda-permission.js';
import type { UndoCommon, UndoTarget } from './model.js';
import { sgRuleContainmentOf } from './sg-rule-containment.js';
import { clusterSnapshotSharingUndoOf, dbSnapshotSharingUndoOf } from './rds-snapshot-sharing.js';

type Builder = (record: unknown, common: UndoCommon) => UndoTarget | undefined;

/** eventSource/eventName -> the builder of that call's undo. */
const BUILDERS: Readonly<Record<string, Builder>> = {
  // Lambda's event names carry the API version of the call.
  'lambda.amazonaws.com/AddPermission20150331': lambdaPermissionUndoOf,
  'lambda.amazonaws.com/AddPermission20150331v2': lambdaPermissionUndoOf,
  'ec2.amazonaws.com/DisableEbsEncryptionByDefault': ebsEncryptionUndoOf,
  'ec2.amazonaws.com/ModifySnapshotAttribute': snapshotSharingUndoOf,
  'ec2.amazonaws.com/ModifyImageAttribute': imageSharingUndoOf,
  'ec2.amazonaws.com/ModifySecurityGroupRules': sgRuleContainmentOf,
  'guardduty.amazonaws.com/UpdateDetector': guardDutyDetectorUndoOf,
  'iam.amazonaws.com/AttachUserPolicy': userPolicyUndoOf,
  'iam.amazonaws.com/AttachRolePolicy': rolePolicyUndoOf,
  'iam.amazonaws.com/AttachGroupPolicy': groupPolicyUndoOf,
  'cloudtrail.amazonaws.com/StopLogging': cloudTrailLoggingUndoOf,
  'config.amazonaws.com/StopConfigurationRecorder': configRecorderUndoOf,
  'kms.amazonaws.com/ScheduleKeyDeletion': kmsKeyDeletionUndoOf,
  'rds.amazonaws.com/ModifyDBSnapshotAttribute': dbSnapshotSharingUndoOf,
  'rds.amazonaws.com/ModifyDBClusterSnapshotAttribute': clusterSnapshotSharingUndoOf,
  'iam.amazonaws.com/CreateAccessKey': accessKeyUndoOf,
  'iam.amazonaws.com/CreateLoginProfile': loginProfileUndoOf,
};

export function undoTargetOf(record: unknown): UndoTarget | undefined {
  const build = BUILDERS[`${stringAt(record, 'eventSource') ?? ''}/${stringAt(record, 'eventName') ?? ''}`];
  if (build === undefined) return undefined;
  if (stringAt(record, 'errorCode') !== undefined) return undefined;
  // EC2 reports some refusals as a success answering `false`.
  if (objectAt(record, 'responseElements')?.['_return'] === false) return undefined;
  const region = stringAt(record, 'awsRegion');
  const eventId = stringAt(record, 'eventID');
  if (!region || !eventId) return undefined;
  const actor = actorOf(record);
  return build(record, {
    region,
    accountId: stringAt(record, 'recipientAccountId') ?? stringAt(record, 'userIdentity', 'accountId'),
    eventId,
    changedBy: actor.arn ?? actor.name,
    author: authorOf(record),
  });
}
