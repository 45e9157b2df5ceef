import type { Monitor } from '../types.js';
import { anyOf, apiCall, filter, fromService } from './patterns.js';

/** The calls that change who may reach a bucket. (There is no DeleteBucketAcl: an ACL is replaced, not deleted.) */
const ACCESS_CHANGES = [
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutBucketAcl',
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
];

export const s3BucketPolicyChanged: Monitor = {
  id: 's3-bucket-policy-changed',
  title: 'S3 bucket access changed',
  description: "A bucket's policy, ACL or public access block changed: the usual way data is made public.",
  severity: 'high',
  packs: ['essentials'],
  filterPattern: filter(fromService('s3'), anyOf('$.eventName', ACCESS_CHANGES)),
  eventPattern: apiCall('s3', { eventName: ACCESS_CHANGES }),
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Read requestParameters (bucketName and the new policy, ACL or block settings); check whether the bucket is ' +
    'now public (Principal "*", AllUsers grants, blocks turned off) and revert if it was not intended.',
  attack: ['T1530', 'T1098'],
  stratus: [],
};
