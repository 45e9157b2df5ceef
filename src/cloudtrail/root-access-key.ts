/**
 * An access key the root user made for itself (CreateAccessKey by root, without userName). No IAM role can
 * deactivate or delete root's keys, so secmon offers no undo: the alerts of such a call say who can instead.
 */
import { stringAt } from './record.js';

export function isRootOwnAccessKey(record: unknown): boolean {
  return (
    stringAt(record, 'eventSource') === 'iam.amazonaws.com' &&
    stringAt(record, 'eventName') === 'CreateAccessKey' &&
    stringAt(record, 'errorCode') === undefined &&
    stringAt(record, 'userIdentity', 'type') === 'Root' &&
    !stringAt(record, 'requestParameters', 'userName')
  );
}

/** Why secmon offers no undo on root's own key, and how to remove it, as the alert says it. */
export const ROOT_ACCESS_KEY_NO_UNDO =
  "No undo: an IAM role cannot deactivate the root user's access key. Sign in as the root user (Security " +
  'credentials) and deactivate or delete it, or, for a member account of an organization with centralized root ' +
  'access, delete it from the management account with sts:AssumeRoot and the IAMDeleteRootUserCredentials task policy';

/** The alert's sentence, with the no-undo note when the record is root making a key for itself. */
export function withRootAccessKeyNote(record: unknown, sentence: string): string {
  return isRootOwnAccessKey(record) ? `${sentence}. ${ROOT_ACCESS_KEY_NO_UNDO}` : sentence;
}
