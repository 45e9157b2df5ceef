/**
 * Undo of UpdateDetector `enable: false`: UpdateDetector { DetectorId, Enable: true } on that detector, after
 * GetDetector says it is still DISABLED (ENABLED: already undone; the detector gone: changed since, left alone).
 * Only `Enable` is sent: any other setting the same call changed (publishing frequency, features) is not restored,
 * and findings GuardDuty would have made while it was suspended are not made afterwards.
 */
import { GetDetectorCommand, UpdateDetectorCommand } from '@aws-sdk/client-guardduty';
import type { GuardDutyDetectorUndo } from '../../alerts/undo/model.js';
import { humanReason } from '../errors.js';
import type { IamStatement } from '../types.js';
import type { UndoKindDefinition } from './kind.js';

export const guardDutyDetectorUndo: UndoKindDefinition<GuardDutyDetectorUndo> = {
  kind: 'guardduty-detector',
  subject: (target) => `GuardDuty detector ${target.detectorId} in ${target.region}`,
  async run(target, clients) {
    const guardduty = clients.guardduty(target.region);
    let status: string | undefined;
    try {
      status = (await guardduty.send(new GetDetectorCommand({ DetectorId: target.detectorId }))).Status;
    } catch (error) {
      if (isGuardDutyNotFound(error)) return { result: { outcome: 'changed', reason: 'the detector no longer exists' } };
      return { result: { outcome: 'failed', reason: humanReason(error, `read GuardDuty detector ${target.detectorId}`) }, cause: error };
    }
    if (status === 'ENABLED') return { result: { outcome: 'already_undone', reason: undefined } };
    try {
      await guardduty.send(new UpdateDetectorCommand({ DetectorId: target.detectorId, Enable: true }));
      return { result: { outcome: 'undone', reason: undefined } };
    } catch (error) {
      return { result: { outcome: 'failed', reason: humanReason(error, `enable GuardDuty detector ${target.detectorId}`) }, cause: error };
    }
  },
};

/**
 * GuardDuty has no not-found error: an unknown (deleted) detector id is a BadRequestException saying "the input
 * detectorId is not owned by the current account".
 */
function isGuardDutyNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'BadRequestException' && /detectorId is not owned/i.test(error.message);
}

export const GUARDDUTY_DETECTOR_PERMISSIONS: readonly IamStatement[] = [
  {
    actions: ['guardduty:GetDetector', 'guardduty:UpdateDetector'],
    resources: ['arn:${AWS::Partition}:guardduty:*:${AWS::AccountId}:detector/*'],
    reason: 'Undo UpdateDetector enable=false: check the detector is still suspended, then enable it (both authorised on the detector).',
  },
];
