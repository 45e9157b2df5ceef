/**
 * ModifySnapshotAttribute (createVolumePermission) and ModifyImageAttribute (launchPermission) with `add` share an
 * EBS snapshot or an AMI: `requestParameters.<attribute>.add.items[]` lists each account (`userId`), everyone
 * (`group: all`) and, for AMIs, organizations and OUs (`organizationArn`, `organizationalUnitArn`). The undo removes
 * exactly those; a call that also removed permissions, or added none, offers no undo (it would not be exact).
 */
import { itemsAt, objectAt, stringAt } from '../../cloudtrail/record.js';
import type { AddedSharing, Ec2SharingUndo, UndoCommon } from './model.js';

/** More permissions than this in one call are not carried with the alert (and offer no undo). */
const MAX_ADDED = 100;

function sharingUndoOf(resource: Ec2SharingUndo['resource'], idKey: string, attribute: string) {
  return (record: unknown, common: UndoCommon): Ec2SharingUndo | undefined => {
    const resourceId = stringAt(record, 'requestParameters', idKey);
    const change = objectAt(record, 'requestParameters', attribute);
    if (!resourceId || change === undefined || itemsAt(change, 'remove').length > 0) return undefined;
    const items = itemsAt(change, 'add');
    const strings = (key: string) => items.map((item) => stringAt(item, key)).filter((value): value is string => value !== undefined && value !== '');
    const added: AddedSharing = {
      userIds: strings('userId'),
      public: items.some((item) => item['group'] === 'all'),
      organizationArns: resource === 'image' ? strings('organizationArn') : [],
      organizationalUnitArns: resource === 'image' ? strings('organizationalUnitArn') : [],
    };
    const count = added.userIds.length + (added.public ? 1 : 0) + added.organizationArns.length + added.organizationalUnitArns.length;
    if (count === 0 || count > MAX_ADDED) return undefined;
    return { kind: 'ec2-sharing', ...common, resource, resourceId, added };
  };
}

export const snapshotSharingUndoOf = sharingUndoOf('snapshot', 'snapshotId', 'createVolumePermission');
export const imageSharingUndoOf = sharingUndoOf('image', 'imageId', 'launchPermission');
