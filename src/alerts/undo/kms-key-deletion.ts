/**
 * ScheduleKeyDeletion puts one KMS key in PendingDeletion (PendingReplicaDeletion for a multi-Region primary key that
 * still has replicas). Its record names the key as the call did (`requestParameters.keyId`: a key id or a key ARN;
 * the call takes no alias) and KMS answers with the key's ARN and new state (`responseElements.keyId`, `keyState`).
 * The undo acts on that ARN, in its region: a multi-Region replica's ARN names the replica's region. An ARN of another
 * account than the event's, or an answer that does not match the key the call named, offers no undo.
 */
import { stringAt } from '../../cloudtrail/record.js';
import type { KmsKeyDeletionUndo, UndoCommon } from './model.js';

const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):key\/([A-Za-z0-9-]{1,128})$/;
/** The states ScheduleKeyDeletion answers with. */
const PENDING = new Set(['PendingDeletion', 'PendingReplicaDeletion']);

export function kmsKeyDeletionUndoOf(record: unknown, common: UndoCommon): KmsKeyDeletionUndo | undefined {
  const requested = stringAt(record, 'requestParameters', 'keyId');
  const keyArn = stringAt(record, 'responseElements', 'keyId');
  if (!requested || !keyArn || !PENDING.has(stringAt(record, 'responseElements', 'keyState') ?? '')) return undefined;
  const [, region, accountId, keyId] = KEY_ARN.exec(keyArn) ?? [];
  if (region === undefined || accountId === undefined || keyId === undefined) return undefined;
  if (requested !== keyArn && requested !== keyId) return undefined;
  // KMS schedules the deletion of the caller's own keys only: another account's ARN is not a record to act on.
  if (common.accountId !== undefined && accountId !== common.accountId) return undefined;
  return { kind: 'kms-key-deletion', ...common, region, accountId, keyArn, keyId };
}
