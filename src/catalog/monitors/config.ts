import type { Monitor } from '../types.js';
import { anyOf, apiCall, filter, fromService } from './patterns.js';

const RECORDING_STOPS = ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'];

export const configDisabled: Monitor = {
  id: 'config-disabled',
  title: 'AWS Config recording stopped',
  description: 'AWS Config stopped recording or lost its delivery channel, so configuration changes go unrecorded.',
  severity: 'high',
  packs: ['essentials'],
  filterPattern: filter(fromService('config'), anyOf('$.eventName', RECORDING_STOPS)),
  eventPattern: apiCall('config', { eventName: RECORDING_STOPS }),
  ruleRegions: ['home'],
  remediations: ['undo'],
  runbook:
    'Restart the recorder (StartConfigurationRecorder) or restore the delivery channel, and ask the caller why; ' +
    'an attacker stops recording before changing things. A stopped recorder has an Undo button (StartConfigurationRecorder).',
  attack: ['T1562.008'],
  stratus: [],
};

/**
 * Config compliance changes are not CloudTrail events: AWS Config sends them to EventBridge directly, so this
 * monitor has no filter form.
 */
export const configNoncompliant: Monitor = {
  id: 'config-noncompliant',
  title: 'AWS Config rule non-compliant',
  description: 'A resource became non-compliant with an AWS Config rule.',
  severity: 'medium',
  packs: ['essentials'],
  filterPattern: null,
  eventPattern: {
    source: ['aws.config'],
    'detail-type': ['Config Rules Compliance Change'],
    detail: {
      messageType: ['ComplianceChangeNotification'],
      newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
    },
  },
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Open the rule (detail.configRuleName) and resource (detail.resourceType, detail.resourceId) in AWS Config; ' +
    'the annotation says why it failed.',
  attack: [],
  stratus: [],
};
