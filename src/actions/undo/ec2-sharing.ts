/**
 * Undo of sharing an EBS snapshot or an AMI: reads who may use it now (DescribeSnapshotAttribute createVolumePermission,
 * DescribeImageAttribute launchPermission), then removes, in one call, those of the event's additions still there
 * (none left: already undone). Permissions the event did not add are never named. The snapshot or image gone: changed
 * since, left alone. Copies already made by the accounts it was shared with stay theirs.
 */
import {
  DescribeImageAttributeCommand,
  DescribeSnapshotAttributeCommand,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { AddedSharing, Ec2SharingUndo } from '../../alerts/undo/model.js';
import { awsErrorName, humanReason } from '../errors.js';
import type { IamStatement } from '../types.js';
import type { UndoKindDefinition } from './kind.js';

const GONE = new Set(['InvalidSnapshot.NotFound', 'InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable']);

export const ec2SharingUndo: UndoKindDefinition<Ec2SharingUndo> = {
  kind: 'ec2-sharing',
  subject: (target) => `the sharing of ${target.resource} ${target.resourceId}`,
  async run(target, clients) {
    const ec2 = clients.ec2(target.region);
    let current: AddedSharing;
    try {
      current = await sharedNow(ec2, target);
    } catch (error) {
      if (GONE.has(awsErrorName(error) ?? '')) return { result: { outcome: 'changed', reason: `the ${target.resource} no longer exists` } };
      return { result: { outcome: 'failed', reason: humanReason(error, `read who may use ${target.resourceId}`) }, cause: error };
    }
    const remaining = stillThere(target.added, current);
    if (remaining === undefined) return { result: { outcome: 'already_undone', reason: undefined } };
    try {
      await remove(ec2, target, remaining);
      return { result: { outcome: 'undone', reason: undefined } };
    } catch (error) {
      return { result: { outcome: 'failed', reason: humanReason(error, `remove the sharing of ${target.resourceId}`) }, cause: error };
    }
  },
};

async function sharedNow(ec2: EC2Client, target: Ec2SharingUndo): Promise<AddedSharing> {
  const list = (values: (string | undefined)[]) => values.filter((value): value is string => value !== undefined);
  if (target.resource === 'snapshot') {
    const output = await ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: target.resourceId, Attribute: 'createVolumePermission' }));
    const permissions = output.CreateVolumePermissions ?? [];
    return { userIds: list(permissions.map((p) => p.UserId)), public: permissions.some((p) => p.Group === 'all'), organizationArns: [], organizationalUnitArns: [] };
  }
  const output = await ec2.send(new DescribeImageAttributeCommand({ ImageId: target.resourceId, Attribute: 'launchPermission' }));
  const permissions = output.LaunchPermissions ?? [];
  return {
    userIds: list(permissions.map((p) => p.UserId)),
    public: permissions.some((p) => p.Group === 'all'),
    organizationArns: list(permissions.map((p) => p.OrganizationArn)),
    organizationalUnitArns: list(permissions.map((p) => p.OrganizationalUnitArn)),
  };
}

/** The event's additions still present, or undefined when none is. */
function stillThere(added: AddedSharing, current: AddedSharing): AddedSharing | undefined {
  const remaining: AddedSharing = {
    userIds: added.userIds.filter((id) => current.userIds.includes(id)),
    public: added.public && current.public,
    organizationArns: added.organizationArns.filter((arn) => current.organizationArns.includes(arn)),
    organizationalUnitArns: added.organizationalUnitArns.filter((arn) => current.organizationalUnitArns.includes(arn)),
  };
  const any = remaining.userIds.length + remaining.organizationArns.length + remaining.organizationalUnitArns.length > 0 || remaining.public;
  return any ? remaining : undefined;
}

async function remove(ec2: EC2Client, target: Ec2SharingUndo, remove: AddedSharing): Promise<void> {
  const nonEmpty = <K extends string>(key: K, values: readonly string[]) => (values.length === 0 ? {} : ({ [key]: [...values] } as Record<K, string[]>));
  if (target.resource === 'snapshot') {
    await ec2.send(new ModifySnapshotAttributeCommand({
      SnapshotId: target.resourceId,
      Attribute: 'createVolumePermission',
      OperationType: 'remove',
      ...nonEmpty('UserIds', remove.userIds),
      ...(remove.public ? { GroupNames: ['all'] } : {}),
    }));
    return;
  }
  await ec2.send(new ModifyImageAttributeCommand({
    ImageId: target.resourceId,
    Attribute: 'launchPermission',
    OperationType: 'remove',
    ...nonEmpty('UserIds', remove.userIds),
    ...(remove.public ? { UserGroups: ['all'] } : {}),
    ...nonEmpty('OrganizationArns', remove.organizationArns),
    ...nonEmpty('OrganizationalUnitArns', remove.organizationalUnitArns),
  }));
}

export const EC2_SHARING_PERMISSIONS: readonly IamStatement[] = [
  {
    actions: ['ec2:DescribeImageAttribute', 'ec2:DescribeSnapshotAttribute'],
    resources: ['*'],
    reason: 'Read who may use a shared snapshot or image first. EC2 Describe* actions support no resource-level permissions, so the resource must be *.',
  },
  {
    actions: ['ec2:ModifyImageAttribute', 'ec2:ModifySnapshotAttribute'],
    resources: ['arn:${AWS::Partition}:ec2:*::image/*', 'arn:${AWS::Partition}:ec2:*::snapshot/*'],
    reason: 'Remove the permissions a sharing event added. Snapshot and image ARNs carry no account id, and no secmon name, so no narrower resource is possible.',
  },
];
