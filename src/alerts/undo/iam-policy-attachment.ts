/**
 * AttachUserPolicy, AttachRolePolicy and AttachGroupPolicy attach one managed policy (`requestParameters.policyArn`)
 * to one user, role or group (`userName`, `roleName`, `groupName`); IAM answers with an empty body (CloudTrail logs
 * `responseElements: null`), so success is the absence of an errorCode (checked by the caller). Detaching that policy
 * from that principal restores it exactly. Only AdministratorAccess (the admin-policy-attached monitor) offers an
 * undo, and never on a role IAM Identity Center manages: it would put the policy back with the permission set.
 */
import { stringAt } from '../../cloudtrail/record.js';
import { ADMINISTRATOR_ACCESS } from '../../catalog/monitors/iam.js';
import { isIdentityCenterRole } from '../../cloudtrail/identity-center-role.js';
import type { IamPolicyAttachmentUndo, UndoCommon } from './model.js';

function attachmentUndoOf(principal: IamPolicyAttachmentUndo['principal'], nameKey: string) {
  return (record: unknown, common: UndoCommon): IamPolicyAttachmentUndo | undefined => {
    const principalName = stringAt(record, 'requestParameters', nameKey);
    const policyArn = stringAt(record, 'requestParameters', 'policyArn');
    if (!principalName || policyArn !== ADMINISTRATOR_ACCESS) return undefined;
    if (principal === 'role' && isIdentityCenterRole(principalName)) return undefined;
    return { kind: 'iam-policy-attachment', ...common, principal, principalName, policyArn };
  };
}

export const userPolicyUndoOf = attachmentUndoOf('user', 'userName');
export const rolePolicyUndoOf = attachmentUndoOf('role', 'roleName');
export const groupPolicyUndoOf = attachmentUndoOf('group', 'groupName');
