/**
 * StopLogging stops one trail (`requestParameters.name`: its name or ARN); CloudTrail answers with an empty body
 * (`responseElements: null`), so success is the absence of an errorCode (checked by the caller). Starting it again
 * restores what the call changed. CloudTrail takes a multi-Region trail's StopLogging and StartLogging only in its
 * home region: an ARN names it, a bare name is resolved in the call's region (so that is the home region). A trail
 * another account owns (an organization trail stopped by the delegated administrator) offers no undo: secmon acts
 * in the alert's account only, and the alert says where to start it (see the cloudtrail-tampering monitor).
 */
import { stringAt } from '../../cloudtrail/record.js';
import { trailRefOf } from '../../cloudtrail/trail-ref.js';
import type { CloudTrailLoggingUndo, UndoCommon } from './model.js';

export function cloudTrailLoggingUndoOf(record: unknown, common: UndoCommon): CloudTrailLoggingUndo | undefined {
  const trail = trailRefOf(stringAt(record, 'requestParameters', 'name'));
  if (trail === undefined) return undefined;
  // An ARN must name the account the call was made in; without that account nothing proves it (fail closed).
  if (trail.accountId !== undefined && trail.accountId !== common.accountId) return undefined;
  return { kind: 'cloudtrail-logging', ...common, region: trail.region ?? common.region, trail: trail.name };
}
