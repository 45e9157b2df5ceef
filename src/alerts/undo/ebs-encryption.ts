/**
 * DisableEbsEncryptionByDefault turns off encryption by default for new EBS volumes in one region of one account.
 * Its record says the new state in `responseElements.DisableEbsEncryptionByDefaultResponse.ebsEncryptionByDefault`
 * (false); the state before was on (the call changes nothing else), so turning it back on restores it exactly.
 */
import { objectAt } from '../../cloudtrail/record.js';
import type { EbsEncryptionUndo, UndoCommon } from './model.js';

export function ebsEncryptionUndoOf(record: unknown, common: UndoCommon): EbsEncryptionUndo | undefined {
  const response = objectAt(record, 'responseElements', 'DisableEbsEncryptionByDefaultResponse');
  // Only a call AWS answered with the setting off: no response (a failed call) offers nothing to undo.
  if (response?.['ebsEncryptionByDefault'] !== false) return undefined;
  return { kind: 'ebs-encryption-default', ...common };
}
