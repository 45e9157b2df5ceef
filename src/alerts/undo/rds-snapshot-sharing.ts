/**
 * ModifyDBSnapshotAttribute and ModifyDBClusterSnapshotAttribute with `attributeName: restore` share a manual RDS or
 * Aurora snapshot: `requestParameters.valuesToAdd` lists the accounts it was shared with, and `all` when it was made
 * public. The undo removes exactly those; a call that also removed values (`valuesToRemove`), added none, or added
 * something that is neither an account id nor `all`, offers no undo (it would not be exact).
 */
import { objectAt, stringAt } from '../../cloudtrail/record.js';
import type { RdsSnapshotSharingUndo, UndoCommon } from './model.js';

/** RDS shares a snapshot with 20 accounts at most (and `all`); a longer list is not carried with the alert. */
const MAX_ADDED = 100;
const RESTORE_VALUE = /^(?:\d{12}|all)$/;

function rdsSharingUndoOf(snapshot: RdsSnapshotSharingUndo['snapshot'], idKey: string) {
  return (record: unknown, common: UndoCommon): RdsSnapshotSharingUndo | undefined => {
    const request = objectAt(record, 'requestParameters');
    const snapshotId = stringAt(request, idKey);
    if (!snapshotId || request?.['attributeName'] !== 'restore') return undefined;
    const removed = request['valuesToRemove'];
    if (removed !== undefined && removed !== null && !(Array.isArray(removed) && removed.length === 0)) return undefined;
    const values = request['valuesToAdd'];
    if (!Array.isArray(values) || values.length === 0 || values.length > MAX_ADDED) return undefined;
    if (!values.every((value): value is string => typeof value === 'string' && RESTORE_VALUE.test(value))) return undefined;
    return { kind: 'rds-snapshot-sharing', ...common, snapshot, snapshotId, added: [...new Set(values)] };
  };
}

export const dbSnapshotSharingUndoOf = rdsSharingUndoOf('db', 'dBSnapshotIdentifier');
export const clusterSnapshotSharingUndoOf = rdsSharingUndoOf('cluster', 'dBClusterSnapshotIdentifier');
