import type { Monitor } from '../types.js';
import { apiCall, eq, filter, fromService } from './patterns.js';

/** CloudTrail names the call with its API version: `UpdateFunctionCode20150331v2`. */
const UPDATE_FUNCTION_CODE = 'UpdateFunctionCode';

export const lambdaCodeChanged: Monitor = {
  id: 'lambda-code-changed',
  title: 'Lambda function code changed',
  description: "A function's code was replaced outside a deployment: a way to run code with the function's role.",
  severity: 'medium',
  packs: ['essentials'],
  filterPattern: filter(fromService('lambda'), eq('$.eventName', `${UPDATE_FUNCTION_CODE}*`)),
  eventPattern: apiCall('lambda', { eventName: [{ prefix: UPDATE_FUNCTION_CODE }] }),
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Check that the caller is your deployment pipeline; if not, compare responseElements.codeSha256 with the ' +
    "released build and review the function's role permissions.",
  attack: ['T1525', 'T1648'],
  stratus: ['aws.persistence.lambda-overwrite-code'],
};
