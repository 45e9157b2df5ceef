import { otherAccountTrailNoUndo, trailStoppedForAnotherAccount } from '../../cloudtrail/trail-ref.js';
import type { Monitor } from '../types.js';
import { anyOf, apiCall, filter, fromService } from './patterns.js';

const TRAIL_CHANGES = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'];

export const cloudtrailTampering: Monitor = {
  id: 'cloudtrail-tampering',
  title: 'CloudTrail logging changed',
  description: 'A trail was stopped, deleted or reconfigured: the audit log attackers switch off first.',
  severity: 'critical',
  packs: ['essentials'],
  filterPattern: filter(fromService('cloudtrail'), anyOf('$.eventName', TRAIL_CHANGES)),
  eventPattern: apiCall('cloudtrail', { eventName: TRAIL_CHANGES }),
  // StopLogging offers an undo (start it again), except on a trail another account owns: it says where instead.
  summary: (record, sentence) => {
    const trail = trailStoppedForAnotherAccount(record);
    return trail === undefined ? sentence : `${sentence}. ${otherAccountTrailNoUndo(trail)}`;
  },
  ruleRegions: ['home'],
  remediations: ['undo'],
  runbook:
    'Restore the trail (requestParameters.name or trailName): recreate it, StartLogging, put back its selectors, ' +
    'and confirm with GetTrailStatus; treat an unexplained change as an incident. A stopped trail of this account ' +
    'has an Undo button (StartLogging).',
  attack: ['T1562.008'],
  stratus: ['aws.defense-evasion.cloudtrail-stop', 'aws.defense-evasion.cloudtrail-delete', 'aws.defense-evasion.cloudtrail-event-selectors'],
};

const KEY_LOSS = ['DisableKey', 'ScheduleKeyDeletion'];

export const kmsKeyDeletion: Monitor = {
  id: 'kms-key-deletion',
  title: 'KMS key disabled or scheduled for deletion',
  description: 'A KMS key was disabled or scheduled for deletion; data encrypted under it becomes unreadable.',
  severity: 'high',
  packs: ['essentials'],
  filterPattern: filter(fromService('kms'), anyOf('$.eventName', KEY_LOSS)),
  eventPattern: apiCall('kms', { eventName: KEY_LOSS }),
  ruleRegions: ['home'],
  remediations: ['undo'],
  runbook:
    'Find the key (requestParameters.keyId) and what it encrypts; CancelKeyDeletion or EnableKey within the ' +
    'waiting period if the change was not intended (a ScheduleKeyDeletion alert\'s Undo cancels it, and enables the key on request).',
  attack: ['T1485'],
  stratus: [],
};
