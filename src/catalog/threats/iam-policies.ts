/** IAM policies that open an account: trust policies letting outsiders in, inline admin grants, AWS's leak quarantine. */
import { objectAt } from '../../cloudtrail/record.js';
import { ownAccountOf } from '../conditions/identity.js';
import { grantsEverything, trustsOutsideAccount } from '../conditions/policy-grants.js';
import { callForms, or } from '../monitors/patterns.js';
import type { Monitor, RecordCondition } from '../types.js';

export const trustsAnotherAccount: RecordCondition = {
  name: 'trusts-another-account',
  description:
    'The new trust policy (requestParameters.policyDocument) has an Allow for anyone (`*`, {"AWS": "*"}, NotPrincipal) ' +
    'or for an AWS principal of an account other than the one the call was made in.',
  test: (record) => trustsOutsideAccount(objectAt(record, 'requestParameters')?.['policyDocument'], ownAccountOf(record)),
};

export const roleTrustOpened: Monitor = {
  id: 'role-trust-opened',
  title: 'Role trust policy opened to another account',
  description:
    "A role's trust policy now lets in anyone or another account: a backdoor that survives key rotation (the metric " +
    'filter counts every successful UpdateAssumeRolePolicy; reading the policy needs the event path).',
  severity: 'critical',
  packs: ['threats'],
  ...callForms([{ service: 'iam', eventNames: ['UpdateAssumeRolePolicy'] }]),
  conditions: [trustsAnotherAccount],
  ruleRegions: ['us-east-1'],
  remediations: [],
  runbook:
    'Read the new policyDocument of requestParameters.roleName: which account or principal was added? Unless that ' +
    "account is a known partner, restore the previous trust policy and review the role's sessions (AssumeRole by outsiders).",
  attack: ['T1098.003', 'T1199'],
  stratus: ['aws.persistence.iam-backdoor-role'],
};

const INLINE_POLICY_CALLS = ['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy', 'CreatePolicy', 'CreatePolicyVersion'];

export const allowsEverything: RecordCondition = {
  name: 'allows-everything',
  description: 'The policy document written (requestParameters.policyDocument) allows Action `*` on Resource `*`.',
  test: (record) => grantsEverything(objectAt(record, 'requestParameters')?.['policyDocument']),
};

export const adminPolicyInline: Monitor = {
  id: 'admin-policy-inline',
  title: 'Administrator policy written',
  description:
    'An inline or customer managed policy allowing every action on every resource was written: the same power as ' +
    'AdministratorAccess under another name (the metric filter counts every successful policy write).',
  severity: 'critical',
  packs: ['threats'],
  ...callForms([{ service: 'iam', eventNames: INLINE_POLICY_CALLS }]),
  conditions: [allowsEverything],
  ruleRegions: ['us-east-1'],
  remediations: [],
  runbook:
    'Find who receives it (userName, roleName, groupName, or who the policy is attached to later); delete the ' +
    'policy or version unless the grant was planned, and look for new keys or trust changes by the same caller.',
  attack: ['T1098.003', 'T1484'],
  stratus: [],
};

const QUARANTINE_POLICY = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantine';
const EXPOSED_CREDENTIAL_POLICY = 'AWSExposedCredentialPolicy_DO_NOT_REMOVE';

export const keyQuarantinePolicyAttached: Monitor = {
  id: 'key-quarantine-policy-attached',
  title: 'AWS quarantined a leaked access key',
  description:
    "AWS found one of the account's access keys exposed in public and attached its quarantine policy to the user: " +
    'the key is known to outsiders.',
  severity: 'critical',
  packs: ['threats'],
  ...callForms([
    {
      service: 'iam',
      eventNames: ['AttachUserPolicy'],
      detail: { requestParameters: { policyArn: [{ prefix: QUARANTINE_POLICY }] } },
      filter: [`$.requestParameters.policyArn = "${QUARANTINE_POLICY}*"`],
    },
    {
      service: 'iam',
      eventNames: ['PutUserPolicy'],
      detail: { requestParameters: { policyName: [{ prefix: 'AWSCompromisedKeyQuarantine' }, EXPOSED_CREDENTIAL_POLICY] } },
      filter: [
        or(
          '$.requestParameters.policyName = "AWSCompromisedKeyQuarantine*"',
          `$.requestParameters.policyName = "${EXPOSED_CREDENTIAL_POLICY}"`,
        ),
      ],
    },
  ]),
  ruleRegions: ['us-east-1'],
  remediations: [],
  runbook:
    'Treat the key of requestParameters.userName as stolen: deactivate and delete it (the quarantine policy only ' +
    'blocks some actions), find where it leaked (AWS Support case, Health event), and review everything it did.',
  attack: ['T1552.001', 'T1078.004'],
  stratus: [],
};
