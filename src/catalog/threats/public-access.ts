/** Resources opened to the internet: public resource policies and ACLs, S3 Block Public Access lifted, open function URLs. */
import { madePublic, publicPolicyCalls } from '../conditions/public-resource.js';
import { callForms, eq, or, type ServiceCalls } from '../monitors/patterns.js';
import type { Monitor, RecordCondition } from '../types.js';

export const letsAnyoneIn: RecordCondition = {
  name: 'lets-anyone-in',
  description:
    'The resource policy set has an Allow for principal `*` or {"AWS": "*"} (or NotPrincipal) without a condition ' +
    'limiting the caller (aws:SourceArn, SourceAccount, SourceOwner, SourceIp, SourceVpc, SourceVpce, PrincipalOrgID, ' +
    'PrincipalAccount, PrincipalArn, userid, kms:CallerAccount, ...); a Lambda permission for principal `*` without ' +
    'sourceArn, sourceAccount or principalOrgID; or an S3 ACL granting AllUsers or AuthenticatedUsers.',
  test: madePublic,
};

/**
 * What the patterns select: every call madePublic reads, the Lambda permission by prefix, S3 ACL changes. The
 * Lambda principal `*` is left to the condition: in a filter pattern `"*"` is a wildcard, not the text `*`.
 */
const PUBLIC_POLICY_CALLS: readonly ServiceCalls[] = [
  ...[...publicPolicyCalls()].map(([service, eventNames]) =>
    service === 's3' ? { service, eventNames: [...eventNames, 'PutBucketAcl'] } : { service, eventNames },
  ),
  { service: 'lambda', prefixes: ['AddPermission'] },
];

export const resourceMadePublic: Monitor = {
  id: 'resource-made-public',
  title: 'Resource made public',
  description:
    'A resource policy or ACL now lets anyone in: an S3 bucket, ECR repository, SNS topic, SQS queue, KMS key, ' +
    'secret, Lambda function, OpenSearch domain, Glacier vault or EFS file system (the metric filter counts every ' +
    'successful policy write of these kinds; judging the policy needs the event path).',
  severity: 'critical',
  packs: ['threats'],
  ...callForms(PUBLIC_POLICY_CALLS),
  conditions: [letsAnyoneIn],
  ruleRegions: ['home'],
  remediations: ['undo'],
  runbook:
    'Read the policy or ACL in requestParameters: which statement lets anyone in? Unless the resource is meant to be ' +
    'public (a website bucket, a public image), remove that statement, then check its access logs for outsiders.',
  attack: ['T1537', 'T1530', 'T1098'],
  stratus: ['aws.persistence.lambda-backdoor-function'],
};

const BLOCK_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];

export const s3PublicAccessUnblocked: Monitor = {
  id: 's3-public-access-unblocked',
  title: 'S3 Block Public Access turned off',
  description:
    "S3 Block Public Access was removed or relaxed for a bucket or the whole account: the guard that keeps bucket " +
    'policies and ACLs from making data public.',
  severity: 'high',
  packs: ['threats'],
  ...callForms([
    { service: 's3', eventNames: ['DeleteBucketPublicAccessBlock', 'DeleteAccountPublicAccessBlock'] },
    {
      service: 's3',
      eventNames: ['PutBucketPublicAccessBlock', 'PutAccountPublicAccessBlock'],
      detail: { $or: BLOCK_FLAGS.map((flag) => ({ requestParameters: { PublicAccessBlockConfiguration: { [flag]: [false] } } })) },
      filter: [or(...BLOCK_FLAGS.map((flag) => `$.requestParameters.PublicAccessBlockConfiguration.${flag} IS FALSE`))],
    },
  ]),
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Turn the four settings back on for the bucket (requestParameters.bucketName) or account unless a public ' +
    'bucket was planned, and look for policy or ACL changes on the bucket right after.',
  attack: ['T1562', 'T1530'],
  stratus: [],
};

const URL_CONFIG_CALLS = ['CreateFunctionUrlConfig', 'UpdateFunctionUrlConfig'];

export const lambdaUrlPublic: Monitor = {
  id: 'lambda-url-public',
  title: 'Lambda function URL without authentication',
  description: 'A function URL was created or changed with auth type NONE: anyone on the internet can invoke the function.',
  severity: 'medium',
  packs: ['threats'],
  ...callForms([
    {
      service: 'lambda',
      prefixes: URL_CONFIG_CALLS,
      detail: { requestParameters: { authType: ['NONE'] } },
      filter: [eq('$.requestParameters.authType', 'NONE')],
    },
  ]),
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Check the function (requestParameters.functionName) is meant to be public (a webhook that checks its own ' +
    'signatures); if not, set authType AWS_IAM or delete the URL.',
  attack: ['T1190', 'T1546'],
  stratus: [],
};
