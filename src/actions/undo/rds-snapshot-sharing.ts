/**
 * Undo of sharing a manual RDS DB snapshot or DB cluster snapshot: reads who may restore it now (the `restore`
 * attribute of DescribeDBSnapshotAttributes, DescribeDBClusterSnapshotAttributes), then removes, in one call, those of
 * the event's additions still there (`all` included: removing it leaves the accounts named one by one as they are).
 * None left: already undone. Values the event did not add are never named. The snapshot gone: changed since, left
 * alone. Databases already restored or copied from it by the accounts it was shared with stay theirs.
 */
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
  type DBClusterSnapshotAttribute,
  type DBSnapshotAttribute,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { RdsSnapshotSharingUndo } from '../../alerts/undo/model.js';
import { awsErrorName, humanReason } from '../errors.js';
import type { IamStatement } from '../types.js';
import type { UndoKindDefinition } from './kind.js';

/**
 * The snapshot does not exist. The SDK names its error by the exception shape (DBSnapshotNotFoundFault) while the
 * query protocol's code is DBSnapshotNotFound: both are read. The cluster snapshot's code and shape are one name.
 */
const GONE = new Set(['DBSnapshotNotFound', 'DBSnapshotNotFoundFault', 'DBClusterSnapshotNotFoundFault']);
const RESTORE = 'restore';

export const rdsSnapshotSharingUndo: UndoKindDefinition<RdsSnapshotSharingUndo> = {
  kind: 'rds-snapshot-sharing',
  subject: (target) => `the sharing of ${snapshotName(target)} ${target.snapshotId}`,
  async run(target, clients) {
    const rds = clients.rds(target.region);
    let current: readonly string[];
    try {
      current = await restoreValues(rds, target);
    } catch (error) {
      if (GONE.has(awsErrorName(error) ?? '')) return { result: { outcome: 'changed', reason: `the ${snapshotName(target)} no longer exists` } };
      return { result: { outcome: 'failed', reason: humanReason(error, `read who may restore ${target.snapshotId}`) }, cause: error };
    }
    const remaining = target.added.filter((value) => current.includes(value));
    if (remaining.length === 0) return { result: { outcome: 'already_undone', reason: undefined } };
    try {
      await remove(rds, target, remaining);
      return { result: { outcome: 'undone', reason: undefined } };
    } catch (error) {
      if (GONE.has(awsErrorName(error) ?? '')) return { result: { outcome: 'changed', reason: `the ${snapshotName(target)} no longer exists` } };
      return { result: { outcome: 'failed', reason: humanReason(error, `remove the sharing of ${target.snapshotId}`) }, cause: error };
    }
  },
};

function snapshotName(target: RdsSnapshotSharingUndo): string {
  return target.snapshot === 'db' ? 'RDS snapshot' : 'RDS cluster snapshot';
}

async function restoreValues(rds: RDSClient, target: RdsSnapshotSharingUndo): Promise<readonly string[]> {
  const restore = (attributes: readonly (DBSnapshotAttribute | DBClusterSnapshotAttribute)[] | undefined) =>
    attributes?.find((attribute) => attribute.AttributeName === RESTORE)?.AttributeValues ?? [];
  if (target.snapshot === 'db') {
    const output = await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: target.snapshotId }));
    return restore(output.DBSnapshotAttributesResult?.DBSnapshotAttributes);
  }
  const output = await rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: target.snapshotId }));
  return restore(output.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes);
}

async function remove(rds: RDSClient, target: RdsSnapshotSharingUndo, values: readonly string[]): Promise<void> {
  if (target.snapshot === 'db') {
    await rds.send(new ModifyDBSnapshotAttributeCommand({ DBSnapshotIdentifier: target.snapshotId, AttributeName: RESTORE, ValuesToRemove: [...values] }));
    return;
  }
  await rds.send(new ModifyDBClusterSnapshotAttributeCommand({ DBClusterSnapshotIdentifier: target.snapshotId, AttributeName: RESTORE, ValuesToRemove: [...values] }));
}

export const RDS_SNAPSHOT_SHARING_PERMISSIONS: readonly IamStatement[] = [
  {
    actions: ['rds:DescribeDBSnapshotAttributes', 'rds:ModifyDBSnapshotAttribute'],
    resources: ['arn:${AWS::Partition}:rds:*:${AWS::AccountId}:snapshot:*'],
    reason: 'Undo sharing a DB snapshot: read who may restore it, then remove the accounts (or all) the event added (authorised on the snapshot; snapshots carry no secmon name).',
  },
  {
    actions: ['rds:DescribeDBClusterSnapshotAttributes', 'rds:ModifyDBClusterSnapshotAttribute'],
    resources: ['arn:${AWS::Partition}:rds:*:${AWS::AccountId}:cluster-snapshot:*'],
    reason: 'Undo sharing a DB cluster snapshot: read who may restore it, then remove the accounts (or all) the event added (authorised on the cluster snapshot; snapshots carry no secmon name).',
  },
];
