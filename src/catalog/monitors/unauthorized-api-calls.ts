import type { Monitor } from '../types.js';
import { ANY_AWS_SOURCE, eq, filter, FROM_CLOUDTRAIL, ne, or } from './patterns.js';

/**
 * Calls refused for lack of permission. S3 log delivery probes and HeadBucket (which SDKs and tools send to test a
 * bucket's existence) are refused routinely and would drown the signal.
 */
export const unauthorizedApiCalls: Monitor = {
  id: 'unauthorized-api-calls',
  title: 'Unauthorized API calls',
  description: 'A principal was refused an action: probing with stolen credentials or a broken deployment.',
  severity: 'medium',
  packs: ['essentials'],
  filterPattern: filter(
    or(eq('$.errorCode', '*UnauthorizedOperation'), eq('$.errorCode', 'AccessDenied*')),
    ne('$.sourceIPAddress', 'delivery.logs.amazonaws.com'),
    ne('$.eventName', 'HeadBucket'),
  ),
  eventPattern: {
    source: [...ANY_AWS_SOURCE],
    'detail-type': FROM_CLOUDTRAIL,
    detail: {
      errorCode: [{ suffix: 'UnauthorizedOperation' }, { prefix: 'AccessDenied' }],
      sourceIPAddress: [{ 'anything-but': 'delivery.logs.amazonaws.com' }],
      eventName: [{ 'anything-but': 'HeadBucket' }],
    },
  },
  // IAM and STS refusals are recorded in us-east-1.
  ruleRegions: ['home', 'us-east-1'],
  // Most refusals are of reads.
  readOnlyEvents: true,
  remediations: [],
  runbook:
    'Group by principal and errorMessage: one principal failing across many services suggests stolen ' +
    'credentials enumerating permissions; one action failing repeatedly is usually a deployment bug.',
  attack: ['T1580', 'T1078.004'],
  stratus: [],
};
