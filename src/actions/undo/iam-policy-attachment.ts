/**
 * Undo of Attach{User,Role,Group}Policy: Detach{User,Role,Group}Policy of the same policy from the same principal,
 * after List{Attached}{User,Role,Group}Policies (every page) says it is still attached (not attached: already
 * undone; the principal gone: changed since, left alone). IAM is global: the client is us-east-1's whatever the
 * event's region. Only that attachment is removed: what the principal did with it meanwhile is not undone.
 */
import {
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  type AttachedPolicy,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { IamPolicyAttachmentUndo } from '../../alerts/undo/model.js';
import { awsErrorName, humanReason } from '../errors.js';
import type { IamStatement } from '../types.js';
import { findInIamPages } from './iam-pages.js';
import type { UndoKindDefinition } from './kind.js';

interface Page {
  readonly AttachedPolicies?: AttachedPolicy[] | undefined;
  readonly IsTruncated?: boolean | undefined;
  readonly Marker?: string | undefined;
}

/** The two calls of each principal kind, with the name each one needs. */
const CALLS: Readonly<Record<IamPolicyAttachmentUndo['principal'], {
  list(iam: IAMClient, name: string, marker: string | undefined): Promise<Page>;
  detach(iam: IAMClient, name: string, policyArn: string): Promise<unknown>;
}>> = {
  user: {
    list: (iam, UserName, Marker) => iam.send(new ListAttachedUserPoliciesCommand({ UserName, ...(Marker === undefined ? {} : { Marker }) })),
    detach: (iam, UserName, PolicyArn) => iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn })),
  },
  role: {
    list: (iam, RoleName, Marker) => iam.send(new ListAttachedRolePoliciesCommand({ RoleName, ...(Marker === undefined ? {} : { Marker }) })),
    detach: (iam, RoleName, PolicyArn) => iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn })),
  },
  group: {
    list: (iam, GroupName, Marker) => iam.send(new ListAttachedGroupPoliciesCommand({ GroupName, ...(Marker === undefined ? {} : { Marker }) })),
    detach: (iam, GroupName, PolicyArn) => iam.send(new DetachGroupPolicyCommand({ GroupName, PolicyArn })),
  },
};

export const iamPolicyAttachmentUndo: UndoKindDefinition<IamPolicyAttachmentUndo> = {
  kind: 'iam-policy-attachment',
  subject: (target) => `the attachment of ${policyName(target.policyArn)} to IAM ${target.principal} ${target.principalName}`,
  async run(target, clients) {
    const iam = clients.iam();
    const calls = CALLS[target.principal];
    let attached: boolean;
    try {
      attached = await isAttached(iam, target);
    } catch (error) {
      if (awsErrorName(error) === 'NoSuchEntityException') return { result: { outcome: 'changed', reason: `the ${target.principal} no longer exists` } };
      return { result: { outcome: 'failed', reason: humanReason(error, `list the policies of IAM ${target.principal} ${target.principalName}`) }, cause: error };
    }
    if (!attached) return { result: { outcome: 'already_undone', reason: undefined } };
    try {
      await calls.detach(iam, target.principalName, target.policyArn);
      return { result: { outcome: 'undone', reason: undefined } };
    } catch (error) {
      return { result: { outcome: 'failed', reason: humanReason(error, `detach ${policyName(target.policyArn)} from IAM ${target.principal} ${target.principalName}`) }, cause: error };
    }
  },
};

async function isAttached(iam: IAMClient, target: IamPolicyAttachmentUndo): Promise<boolean> {
  const list = async (marker: string | undefined) => {
    const answer = await CALLS[target.principal].list(iam, target.principalName, marker);
    return { items: answer.AttachedPolicies ?? [], isTruncated: answer.IsTruncated, marker: answer.Marker };
  };
  return (await findInIamPages(list, (policy) => policy.PolicyArn === target.policyArn, 'attached policies')) !== undefined;
}

/** "AdministratorAccess" of arn:aws:iam::aws:policy/AdministratorAccess. */
function policyName(policyArn: string): string {
  return policyArn.slice(policyArn.lastIndexOf('/') + 1);
}

export const IAM_POLICY_ATTACHMENT_PERMISSIONS: readonly IamStatement[] = [
  {
    actions: [
      'iam:DetachGroupPolicy',
      'iam:DetachRolePolicy',
      'iam:DetachUserPolicy',
      'iam:ListAttachedGroupPolicies',
      'iam:ListAttachedRolePolicies',
      'iam:ListAttachedUserPolicies',
    ],
    resources: [
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:group/*',
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*',
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*',
    ],
    reason:
      'Undo attaching AdministratorAccess to a user, role or group: list its attached policies, then detach that one ' +
      '(each authorised on the principal; users, roles and groups carry no secmon name).',
  },
];
