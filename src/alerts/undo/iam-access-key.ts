/**
 * CreateAccessKey makes one access key for one IAM user; IAM answers with the key (CloudTrail logs
 * `responseElements.accessKey`: accessKeyId, userName, status, never the secret). The undo deactivates exactly that
 * key of exactly that user. The user is the one IAM answered with, and it must agree with the request: the named
 * `requestParameters.userName`, or, without one, the calling IAM user itself. A key root made for itself (IAM
 * answers an empty userName, and no IAM role may touch root's keys) offers no undo; its alert says what to do.
 */
import { stringAt } from '../../cloudtrail/record.js';
import { callerUserName, isUserName } from './iam-user-name.js';
import type { IamAccessKeyUndo, UndoCommon } from './model.js';

/** IAM's accessKeyIdType: `[\w]+`, 16 to 128 characters. */
const ACCESS_KEY_ID = /^\w{16,128}$/;

export function accessKeyUndoOf(record: unknown, common: UndoCommon): IamAccessKeyUndo | undefined {
  const userName = stringAt(record, 'responseElements', 'accessKey', 'userName');
  const accessKeyId = stringAt(record, 'responseElements', 'accessKey', 'accessKeyId');
  if (!isUserName(userName) || accessKeyId === undefined || !ACCESS_KEY_ID.test(accessKeyId)) return undefined;
  const requested = stringAt(record, 'requestParameters', 'userName') || callerUserName(record);
  if (requested !== userName) return undefined;
  return { kind: 'iam-access-key', ...common, userName, accessKeyId };
}
