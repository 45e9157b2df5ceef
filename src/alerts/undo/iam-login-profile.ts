/**
 * CreateLoginProfile gives one IAM user a console password. The user is `requestParameters.userName`; a call
 * without it sets the caller's own password, and the record names that user exactly only for an IAM user caller
 * (root's own password, set in an AssumeRoot session, is out of an IAM role's reach: no undo). When IAM's answer
 * (`responseElements.loginProfile.userName`) names a user, it must be the same one. The undo deletes that user's
 * login profile while it is still the one created by this call: the event's time is kept to tell it from a
 * password made again later. UpdateLoginProfile has no undo (the password it replaced is unknown).
 */
import { stringAt } from '../../cloudtrail/record.js';
import { callerUserName, isUserName } from './iam-user-name.js';
import type { IamLoginProfileUndo, UndoCommon } from './model.js';

export function loginProfileUndoOf(record: unknown, common: UndoCommon): IamLoginProfileUndo | undefined {
  const userName = stringAt(record, 'requestParameters', 'userName') || callerUserName(record);
  if (!isUserName(userName)) return undefined;
  const answered = stringAt(record, 'responseElements', 'loginProfile', 'userName');
  if (answered !== undefined && answered !== userName) return undefined;
  const time = Date.parse(stringAt(record, 'eventTime') ?? '');
  if (Number.isNaN(time)) return undefined;
  return { kind: 'iam-login-profile', ...common, userName, createdAt: new Date(time).toISOString() };
}
