import { withRootAccessKeyNote } from '../../cloudtrail/root-access-key.js';
import type { Monitor } from '../types.js';
import { ANY_AWS_SOURCE, eq, filter, FROM_CLOUDTRAIL, ne } from './patterns.js';

/**
 * Anything the root user does itself: API calls in any service and console sign-ins (source aws.signin, recorded in
 * us-east-1). Calls AWS services make on root's behalf (invokedBy) and service events are not root's own doing.
 */
export const rootActivity: Monitor = {
  id: 'root-activity',
  title: 'Root user activity',
  description: 'The root user signed in or called an API; root cannot be restricted by IAM and should be locked away.',
  severity: 'critical',
  packs: ['essentials'],
  filterPattern: filter(
    eq('$.userIdentity.type', 'Root'),
    '$.userIdentity.invokedBy NOT EXISTS',
    ne('$.eventType', 'AwsServiceEvent'),
  ),
  // Any service, so any AWS source (customers cannot send events with an `aws.` source); anything-but requires
  // eventType to be present, as `!=` does.
  eventPattern: {
    source: [...ANY_AWS_SOURCE],
    'detail-type': FROM_CLOUDTRAIL,
    detail: {
      userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] },
      eventType: [{ 'anything-but': 'AwsServiceEvent' }],
    },
  },
  // Root console sign-ins are recorded in us-east-1 only; root API calls in the region called.
  ruleRegions: ['home', 'us-east-1'],
  // Root reading anything is an incident too.
  readOnlyEvents: true,
  // Root's own new access key is alerted here when root made it itself: no undo, and the alert says who can remove it.
  summary: withRootAccessKeyNote,
  remediations: ['undo'],
  runbook:
    'Confirm with the account owner that root was used on purpose (few tasks need it); check sourceIPAddress and ' +
    'MFA, then rotate the root password and MFA if not.',
  attack: ['T1078.004'],
  stratus: [],
};
