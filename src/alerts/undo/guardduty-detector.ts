/**
 * UpdateDetector with `requestParameters.enable: false` suspends a GuardDuty detector (its findings stop). Its record
 * names the detector (`requestParameters.detectorId`); enabling it again restores what `enable` changed. GuardDuty
 * answers UpdateDetector with an empty body, which CloudTrail logs as `responseElements: null`: success is the
 * absence of an errorCode (checked by the caller).
 */
import { objectAt, stringAt } from '../../cloudtrail/record.js';
import type { GuardDutyDetectorUndo, UndoCommon } from './model.js';

export function guardDutyDetectorUndoOf(record: unknown, common: UndoCommon): GuardDutyDetectorUndo | undefined {
  if (objectAt(record, 'requestParameters')?.['enable'] !== false) return undefined;
  const detectorId = stringAt(record, 'requestParameters', 'detectorId');
  if (!detectorId) return undefined;
  return { kind: 'guardduty-detector', ...common, detectorId };
}
