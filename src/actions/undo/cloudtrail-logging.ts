/**
 * Undo of StopLogging: StartLogging of that trail, named as the event named it, in its home region, after
 * GetTrailStatus says it is still not logging (logging: already undone; the trail gone: changed since, left alone).
 * Only logging is started: events made while the trail was stopped are not delivered to it afterwards (CloudTrail
 * event history still holds the last 90 days of management events of each region).
 */
import { GetTrailStatusCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailLoggingUndo } from '../../alerts/undo/model.js';
import { trailRefOf } from '../../cloudtrail/trail-ref.js';
import { awsErrorName, humanReason } from '../errors.js';
import type { IamStatement } from '../types.js';
import type { UndoKindDefinition } from './kind.js';

const TRAIL_GONE = 'the trail no longer exists';

export const cloudTrailLoggingUndo: UndoKindDefinition<CloudTrailLoggingUndo> = {
  kind: 'cloudtrail-logging',
  subject: (target) => `logging of CloudTrail trail ${trailNameOf(target)} in ${target.region}`,
  async run(target, clients) {
    const cloudtrail = clients.cloudtrail(target.region);
    const trail = trailNameOf(target);
    let logging: boolean | undefined;
    try {
      logging = (await cloudtrail.send(new GetTrailStatusCommand({ Name: target.trail }))).IsLogging;
    } catch (error) {
      if (awsErrorName(error) === 'TrailNotFoundException') return { result: { outcome: 'changed', reason: TRAIL_GONE } };
      return { result: { outcome: 'failed', reason: humanReason(error, `read the status of CloudTrail trail ${trail}`) }, cause: error };
    }
    if (logging === true) return { result: { outcome: 'already_undone', reason: undefined } };
    try {
      await cloudtrail.send(new StartLoggingCommand({ Name: target.trail }));
      return { result: { outcome: 'undone', reason: undefined } };
    } catch (error) {
      // Deleted between the check and the start.
      if (awsErrorName(error) === 'TrailNotFoundException') return { result: { outcome: 'changed', reason: TRAIL_GONE } };
      return { result: { outcome: 'failed', reason: startFailure(error, trail) }, cause: error };
    }
  },
};

/** "org-audit" of arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit (the builder accepted nothing else). */
function trailNameOf(target: CloudTrailLoggingUndo): string {
  return trailRefOf(target.trail)?.trailName ?? target.trail;
}

function startFailure(error: unknown, trail: string): string {
  // Organization trails are started by their owner: the management account (or CloudTrail's delegated administrator).
  if (awsErrorName(error) === 'NotOrganizationMasterAccountException') {
    return `CloudTrail trail ${trail} is an organization trail: start it from the organization's management account or CloudTrail's delegated administrator`;
  }
  return humanReason(error, `start logging of CloudTrail trail ${trail}`);
}

export const CLOUDTRAIL_LOGGING_PERMISSIONS: readonly IamStatement[] = [
  {
    actions: ['cloudtrail:GetTrailStatus', 'cloudtrail:StartLogging'],
    resources: ['arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*'],
    reason: 'Undo StopLogging: check the trail is still stopped, then start it (both authorised on the trail; trails carry no secmon name).',
  },
];
