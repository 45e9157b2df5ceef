import { stringAt } from '../../cloudtrail/record.js';
import { IDENTITY_CENTER_NO_UNDO, isIdentityCenterRole } from '../../cloudtrail/identity-center-role.js';
import type { Monitor } from '../types.js';
import { anyOf, apiCall, eq, filter, fromService } from './patterns.js';

// IAM is a global service: its events are recorded, and reach EventBridge, in us-east-1 only.

const MFA_REMOVALS = ['DeactivateMFADevice', 'DeleteVirtualMFADevice'];

export const mfaDeactivated: Monitor = {
  id: 'mfa-deactivated',
  title: 'MFA device deactivated or deleted',
  description: 'An MFA device was removed from a user, leaving a password or access key as the only factor.',
  severity: 'high',
  packs: ['essentials'],
  filterPattern: filter(fromService('iam'), anyOf('$.eventName', MFA_REMOVALS)),
  eventPattern: apiCall('iam', { eventName: MFA_REMOVALS }),
  ruleRegions: ['us-east-1'],
  remediations: [],
  runbook:
    'Check requestParameters.userName and serialNumber and who made the call; re-enrol MFA and review the ' +
    "user's activity since.",
  attack: ['T1556.006'],
  stratus: [],
};

/** Managed policies are attached with these three calls; PutRolePolicy and friends write inline policies (no policyArn). */
const ATTACH_CALLS = ['AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy'];
export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

export const adminPolicyAttached: Monitor = {
  id: 'admin-policy-attached',
  title: 'AdministratorAccess attached',
  description: 'The AWS managed AdministratorAccess policy was attached to a user, role or group: full control of the account.',
  severity: 'critical',
  packs: ['essentials'],
  filterPattern: filter(
    fromService('iam'),
    anyOf('$.eventName', ATTACH_CALLS),
    eq('$.requestParameters.policyArn', ADMINISTRATOR_ACCESS),
  ),
  eventPattern: apiCall('iam', {
    eventName: ATTACH_CALLS,
    requestParameters: { policyArn: [ADMINISTRATOR_ACCESS] },
  }),
  // The alert offers an undo (detach), except on a role Identity Center manages: it says why instead.
  summary: (record, sentence) =>
    isIdentityCenterRole(stringAt(record, 'requestParameters', 'roleName')) ? `${sentence}. No undo: the role is ${IDENTITY_CENTER_NO_UNDO}` : sentence,
  ruleRegions: ['us-east-1'],
  remediations: ['undo'],
  runbook:
    'Identify the grantee (userName, roleName or groupName) and the caller; detach the policy unless the grant ' +
    'was planned, and look for new access keys, login profiles or trust-policy changes around the same time.',
  attack: ['T1098.003'],
  stratus: ['aws.persistence.iam-create-admin-user', 'aws.persistence.iam-create-backdoor-role'],
};
