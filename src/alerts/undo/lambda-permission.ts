/**
 * Lambda AddPermission (event names carry the API version: AddPermission20150331v2) adds one statement, named by its
 * `statementId`, to a function's resource-based policy. Lambda answers with the statement it stored
 * (`responseElements.statement`, JSON): the undo removes that statement id, and only while the policy still holds
 * exactly that statement. A record without the answer (nothing proves what was stored) offers no undo.
 */
import { stringAt } from '../../cloudtrail/record.js';
import type { LambdaPermissionUndo, UndoCommon } from './model.js';

/** A policy statement is small; a longer answer is not stored with the alert (and offers no undo). */
const MAX_STATEMENT = 4_000;

export function lambdaPermissionUndoOf(record: unknown, common: UndoCommon): LambdaPermissionUndo | undefined {
  const functionName = stringAt(record, 'requestParameters', 'functionName');
  const statementId = stringAt(record, 'requestParameters', 'statementId');
  const statement = stringAt(record, 'responseElements', 'statement');
  if (!functionName || !statementId || !statement || statement.length > MAX_STATEMENT) return undefined;
  return {
    kind: 'lambda-permission',
    ...common,
    functionName,
    qualifier: stringAt(record, 'requestParameters', 'qualifier') || undefined,
    statementId,
    statement,
  };
}
