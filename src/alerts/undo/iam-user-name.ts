/**
 * The IAM user a credential call acted on, when the record says it exactly. IAM's user-name parameters allow
 * `[\w+=,.@-]+`, 1 to 64 characters; anything else in a record is not a name secmon sends back to IAM.
 */
import { stringAt } from '../../cloudtrail/record.js';

const USER_NAME = /^[\w+=,.@-]{1,64}$/;

export function isUserName(value: string | undefined): value is string {
  return value !== undefined && USER_NAME.test(value);
}

/**
 * The user a call without `requestParameters.userName` acted on: IAM takes the caller's own user, which the record
 * names exactly only for an IAM user's long-term credentials (userIdentity.userName). Root (its own credentials or
 * an AssumeRoot session) and roles have no IAM user name to send back.
 */
export function callerUserName(record: unknown): string | undefined {
  if (stringAt(record, 'userIdentity', 'type') !== 'IAMUser') return undefined;
  const name = stringAt(record, 'userIdentity', 'userName');
  return isUserName(name) ? name : undefined;
}
