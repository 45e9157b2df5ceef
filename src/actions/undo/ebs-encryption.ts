/**
 * Undo of DisableEbsEncryptionByDefault: EnableEbsEncryptionByDefault in the event's region, after
 * GetEbsEncryptionByDefault says it is still off (on already: someone undid it, nothing to do). The setting has
 * two states, so "changed since" cannot be told apart from "already undone": on is reported as already undone.
 * It restores only the setting: volumes created while it was off stay unencrypted, and the default KMS key is not
 * touched (the call never changed it).
 */
import { EnableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import type { EbsEncryptionUndo } from '../../alerts/undo/model.js';
import type { IamStatement } from '../types.js';
import { humanReason } from '../errors.js';
import type { UndoKindDefinition } from './kind.js';

export const ebsEncryptionUndo: UndoKindDefinition<EbsEncryptionUndo> = {
  kind: 'ebs-encryption-default',
  subject: (target) => `EBS encryption by default in ${target.region}`,
  async run(target, clients) {
    const ec2 = clients.ec2(target.region);
    let enabled: boolean | undefined;
    try {
      enabled = (await ec2.send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault;
    } catch (error) {
      return { result: { outcome: 'failed', reason: humanReason(error, `read EBS encryption by default in ${target.region}`) }, cause: error };
    }
    if (enabled === true) return { result: { outcome: 'already_undone', reason: undefined } };
    try {
      await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
      return { result: { outcome: 'undone', reason: undefined } };
    } catch (error) {
      return { result: { outcome: 'failed', reason: humanReason(error, `turn on EBS encryption by default in ${target.region}`) }, cause: error };
    }
  },
};

export const EBS_ENCRYPTION_PERMISSIONS: readonly IamStatement[] = [
  {
    actions: ['ec2:EnableEbsEncryptionByDefault', 'ec2:GetEbsEncryptionByDefault'],
    resources: ['*'],
    reason:
      'Undo DisableEbsEncryptionByDefault, checking the setting first. The account-wide setting has no resource: ' +
      'the service authorization reference lists no resource type for either action, so the resource must be *.',
  },
];
