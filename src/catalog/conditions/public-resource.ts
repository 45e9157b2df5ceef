/**
 * Whether a call made a resource public: the resource policy it sets lets anyone in (see isPublicPolicy), a Lambda
 * permission names principal `*` without a source or organization, or an S3 ACL grants AllUsers or
 * AuthenticatedUsers. Where each call carries its policy (CloudTrail's camelCase of the API's parameters); policies
 * arrive as JSON strings (most services) or objects (S3 bucket policies).
 */
import { objectAt, stringAt, type JsonObject } from '../../cloudtrail/record.js';
import { isPublicPolicy } from './policy-grants.js';

type PolicyOf = (params: JsonObject) => unknown;

/** `<eventSource>:<eventName>` → where its request holds the policy it sets. */
const POLICY_LOCATIONS: ReadonlyMap<string, PolicyOf> = new Map<string, PolicyOf>([
  ['s3.amazonaws.com:PutBucketPolicy', (p) => p['bucketPolicy']],
  ['ecr.amazonaws.com:SetRepositoryPolicy', (p) => p['policyText']],
  ['sns.amazonaws.com:SetTopicAttributes', (p) => (p['attributeName'] === 'Policy' ? p['attributeValue'] : undefined)],
  ['sns.amazonaws.com:CreateTopic', (p) => objectAt(p, 'attributes')?.['Policy']],
  ['sqs.amazonaws.com:SetQueueAttributes', (p) => objectAt(p, 'attributes')?.['Policy']],
  ['sqs.amazonaws.com:CreateQueue', (p) => objectAt(p, 'attributes')?.['Policy']],
  ['kms.amazonaws.com:PutKeyPolicy', (p) => p['policy']],
  ['kms.amazonaws.com:CreateKey', (p) => p['policy']],
  ['secretsmanager.amazonaws.com:PutResourcePolicy', (p) => p['resourcePolicy']],
  ['es.amazonaws.com:CreateDomain', (p) => p['accessPolicies']],
  ['es.amazonaws.com:UpdateDomainConfig', (p) => p['accessPolicies']],
  ['es.amazonaws.com:CreateElasticsearchDomain', (p) => p['accessPolicies']],
  ['es.amazonaws.com:UpdateElasticsearchDomainConfig', (p) => p['accessPolicies']],
  ['glacier.amazonaws.com:SetVaultAccessPolicy', (p) => objectAt(p, 'policy')?.['policy']],
  ['elasticfilesystem.amazonaws.com:PutFileSystemPolicy', (p) => p['policy']],
]);

/** The canned ACLs that open a bucket (S3 User Guide, "Canned ACL"). */
const PUBLIC_CANNED_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);
/** Grantee URIs of everyone and of every AWS account (S3 User Guide, "Amazon S3 predefined groups"). */
const PUBLIC_GRANTEES = ['acs.amazonaws.com/groups/global/AllUsers', 'acs.amazonaws.com/groups/global/AuthenticatedUsers'];
/** Parameters of AddPermission that restrict who may use a `*` principal. */
const LAMBDA_LIMITS = ['sourceArn', 'sourceAccount', 'principalOrgID'];

export function madePublic(record: JsonObject): boolean {
  const params = objectAt(record, 'requestParameters');
  if (params === undefined) return false;
  const source = stringAt(record, 'eventSource') ?? '';
  const name = stringAt(record, 'eventName') ?? '';
  if (source === 's3.amazonaws.com' && name === 'PutBucketAcl') return aclIsPublic(params);
  // AddPermission20150331v2: Lambda's event names carry the API version.
  if (source === 'lambda.amazonaws.com' && name.startsWith('AddPermission')) return lambdaPermissionIsPublic(params);
  const policyOf = POLICY_LOCATIONS.get(`${source}:${name}`);
  return policyOf !== undefined && isPublicPolicy(policyOf(params));
}

/** A canned public ACL (`x-amz-acl`), or a grant (header or AccessControlPolicy body) to AllUsers or AuthenticatedUsers. */
function aclIsPublic(params: JsonObject): boolean {
  const canned = params['x-amz-acl'];
  const cannedValues = Array.isArray(canned) ? canned : [canned];
  if (cannedValues.some((value) => typeof value === 'string' && PUBLIC_CANNED_ACLS.has(value))) return true;
  // Grants name the group by URI wherever they are written; bucket names cannot hold `/`, so no name matches this.
  const text = JSON.stringify(params);
  return PUBLIC_GRANTEES.some((grantee) => text.includes(grantee));
}

function lambdaPermissionIsPublic(params: JsonObject): boolean {
  if (params['principal'] !== '*') return false;
  return !LAMBDA_LIMITS.some((key) => typeof params[key] === 'string' && params[key] !== '');
}

/** The calls madePublic reads, by service: what the monitor's patterns select. */
export function publicPolicyCalls(): Map<string, string[]> {
  const byService = new Map<string, string[]>();
  for (const key of POLICY_LOCATIONS.keys()) {
    const [source, name] = key.split(':') as [string, string];
    const service = source.slice(0, source.indexOf('.'));
    byService.set(service, [...(byService.get(service) ?? []), name]);
  }
  return byService;
}
