/** Data handed to other accounts: EBS snapshots, AMIs and RDS snapshots shared out, or made public. */
import { itemsAt, objectAt, type JsonObject } from '../../cloudtrail/record.js';
import { callForms, eq, or } from '../monitors/patterns.js';
import type { Monitor, SeverityRule } from '../types.js';

/** Sharing with group `all` makes the snapshot or image public. */
const PUBLIC_GROUP = 'all';

/** `requestParameters.<attribute>.add.items[]`: one `{userId}` or `{group}` per grantee (`{}` when empty). */
function addedGrantees(record: JsonObject, attribute: string): JsonObject[] {
  return itemsAt(record, 'requestParameters', attribute, 'add');
}

function publicWhenGroupAll(attribute: string, what: string): SeverityRule {
  return {
    description: `critical when ${what} is shared with group "all" (public), high when shared with accounts`,
    of: (record) => (addedGrantees(record, attribute).some((item) => item['group'] === PUBLIC_GROUP) ? 'critical' : 'high'),
  };
}

/** Both forms of "ModifyXAttribute adding a grantee to <attribute>". */
function sharingForms(eventName: string, attribute: string) {
  const added = (field: string, matcher: unknown) => ({ requestParameters: { [attribute]: { add: { items: { [field]: [matcher] } } } } });
  // A non-empty add list holds a userId or a group in its first item, so testing the first item loses nothing.
  const first = `$.requestParameters.${attribute}.add.items[0]`;
  return callForms([
    {
      service: 'ec2',
      eventNames: [eventName],
      detail: { $or: [added('userId', { exists: true }), added('group', PUBLIC_GROUP)] },
      filter: [or(eq(`${first}.userId`, '*'), eq(`${first}.group`, PUBLIC_GROUP))],
    },
  ]);
}

export const snapshotShared: Monitor = {
  id: 'snapshot-shared',
  title: 'EBS snapshot shared',
  description: 'An EBS snapshot was shared with another account or made public: a copy of the disk leaves the account.',
  severity: 'high',
  severityRule: publicWhenGroupAll('createVolumePermission', 'the snapshot'),
  packs: ['threats'],
  ...sharingForms('ModifySnapshotAttribute', 'createVolumePermission'),
  ruleRegions: ['home'],
  remediations: ['undo'],
  runbook:
    'Check the accounts in createVolumePermission.add (or group "all"); unless they are yours, remove the ' +
    'permission (ModifySnapshotAttribute remove) and assume the data was copied.',
  attack: ['T1537'],
  stratus: ['aws.exfiltration.ec2-share-ebs-snapshot'],
};

export const amiShared: Monitor = {
  id: 'ami-shared',
  title: 'AMI shared',
  description: 'An AMI was shared with another account or made public, and with it the disks and secrets baked into it.',
  severity: 'high',
  severityRule: publicWhenGroupAll('launchPermission', 'the image'),
  packs: ['threats'],
  ...sharingForms('ModifyImageAttribute', 'launchPermission'),
  ruleRegions: ['home'],
  remediations: ['undo'],
  runbook:
    'Check the accounts in launchPermission.add (or group "all"); unless they are yours, remove the launch ' +
    'permission and review what the image contains.',
  attack: ['T1537'],
  stratus: ['aws.exfiltration.ec2-share-ami'],
};

const RDS_SHARING = ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'];

export const rdsSnapshotShared: Monitor = {
  id: 'rds-snapshot-shared',
  title: 'RDS snapshot shared',
  description: 'An RDS or Aurora snapshot was shared with another account or made public: the database leaves the account.',
  severity: 'high',
  severityRule: {
    description: 'critical when valuesToAdd holds "all" (public), high when it names accounts',
    of: (record) => {
      const values = objectAt(record, 'requestParameters')?.['valuesToAdd'];
      return Array.isArray(values) && values.includes(PUBLIC_GROUP) ? 'critical' : 'high';
    },
  },
  packs: ['threats'],
  ...callForms([
    {
      service: 'rds',
      eventNames: RDS_SHARING,
      detail: { requestParameters: { attributeName: ['restore'], valuesToAdd: [{ exists: true }] } },
      filter: [eq('$.requestParameters.attributeName', 'restore'), eq('$.requestParameters.valuesToAdd[0]', '*')],
    },
  ]),
  ruleRegions: ['home'],
  remediations: ['undo'],
  runbook:
    'Check the accounts in valuesToAdd; unless they are yours, remove them (valuesToRemove, or the alert\'s Undo) and ' +
    'assume the snapshot was restored elsewhere.',
  attack: ['T1537'],
  stratus: ['aws.exfiltration.rds-share-snapshot'],
};
