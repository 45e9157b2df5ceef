/** Reading stored credentials: secrets in bulk, Windows administrator passwords. */
import { objectAt, stringAt } from '../../cloudtrail/record.js';
import { callForms } from '../monitors/patterns.js';
import type { Monitor, Threshold } from '../types.js';

const SECRETS_THRESHOLD = 10;

const secretValuesRead: Threshold = {
  count: SECRETS_THRESHOLD,
  windowSeconds: 300,
  unit: 'secret values read',
  weighting:
    `one per GetSecretValue, one per parameter name of GetParameter/GetParameters with decryption; a ` +
    `BatchGetSecretValue counts ${SECRETS_THRESHOLD} (it alerts by itself)`,
  weight: (record) => {
    const name = stringAt(record, 'eventName');
    if (name === 'BatchGetSecretValue') return SECRETS_THRESHOLD;
    if (name === 'GetParameters') {
      const names = objectAt(record, 'requestParameters')?.['names'];
      return Array.isArray(names) && names.length > 0 ? names.length : 1;
    }
    return 1;
  },
};

export const secretsBulkRead: Monitor = {
  id: 'secrets-bulk-read',
  title: 'Secrets read in bulk',
  description:
    `One principal read ${SECRETS_THRESHOLD} or more secret values within 5 minutes (Secrets Manager values, SSM ` +
    'SecureString parameters) or used BatchGetSecretValue: harvesting credentials (the alarm counts calls, not ' +
    'parameter names, and across principals).',
  severity: 'high',
  packs: ['threats'],
  ...callForms([
    { service: 'secretsmanager', eventNames: ['GetSecretValue', 'BatchGetSecretValue'] },
    {
      service: 'ssm',
      eventNames: ['GetParameter', 'GetParameters'],
      detail: { requestParameters: { withDecryption: [true] } },
      filter: ['$.requestParameters.withDecryption IS TRUE'],
    },
  ]),
  threshold: secretValuesRead,
  readOnlyEvents: true,
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Is the principal a workload that reads many secrets at start-up (a deploy, a batch job)? If not, treat every ' +
    'secret it read as exposed: rotate them, and revoke the principal’s sessions or keys.',
  attack: ['T1555.006'],
  stratus: [
    'aws.credential-access.secretsmanager-retrieve-secrets',
    'aws.credential-access.secretsmanager-batch-retrieve-secrets',
    'aws.credential-access.ssm-retrieve-securestring-parameters',
  ],
};

export const passwordDataRead: Monitor = {
  id: 'password-data-read',
  title: 'EC2 Windows password read',
  description:
    "Someone retrieved, or tried to retrieve, an instance's encrypted Windows administrator password (refused attempts included).",
  severity: 'medium',
  packs: ['threats'],
  ...callForms([{ service: 'ec2', eventNames: ['GetPasswordData'] }], { attempts: true }),
  readOnlyEvents: true,
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Check the caller administers the instance (requestParameters.instanceId); many refused attempts across ' +
    'instances are credential hunting with a stolen identity.',
  attack: ['T1552'],
  stratus: ['aws.credential-access.ec2-get-password-data'],
};
