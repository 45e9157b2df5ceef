import { stringAt } from './record.js';

/**
 * Why a call failed, or undefined when it succeeded: its errorCode, or for a console sign-in that failed (which
 * carries no errorCode) its errorMessage. A failed StopLogging stopped nothing; reports must not show it as done.
 */
export function failureOf(record: unknown): string | undefined {
  const errorCode = stringAt(record, 'errorCode');
  if (errorCode !== undefined && errorCode !== '') return errorCode;
  if (stringAt(record, 'responseElements', 'ConsoleLogin') === 'Failure') return stringAt(record, 'errorMessage') ?? 'Failure';
  return undefined;
}

/** `StopLogging`, or `StopLogging (failed: TrailNotFoundException)`. */
export function callLabel(record: unknown): string | undefined {
  const name = stringAt(record, 'eventName');
  if (name === undefined) return undefined;
  const failure = failureOf(record);
  return failure === undefined ? name : `${name} (failed: ${failure})`;
}

/** The account a call was made in (recipientAccountId; for org trails each member's own). */
export function accountOf(record: unknown): string | undefined {
  return stringAt(record, 'recipientAccountId') ?? stringAt(record, 'userIdentity', 'accountId');
}
