/**
 * Undo of Lambda AddPermission: RemovePermission of the statement id the event added, after GetPolicy shows the
 * function's policy still holds that statement exactly as Lambda stored it for the event (gone: already undone;
 * different: changed since, left alone). The removal names the policy revision that was checked, so a policy changed
 * in between is not touched either. Only that statement is removed; nothing the function did while it was allowed is
 * undone.
 */
import { GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import type { LambdaPermissionUndo } from '../../alerts/undo/model.js';
import { awsErrorName, humanReason, isNotFound } from '../errors.js';
import type { IamStatement } from '../types.js';
import type { UndoKindDefinition } from './kind.js';

export const lambdaPermissionUndo: UndoKindDefinition<LambdaPermissionUndo> = {
  kind: 'lambda-permission',
  subject: (target) => `statement ${target.statementId} of Lambda function ${target.functionName}${target.qualifier === undefined ? '' : `:${target.qualifier}`}`,
  async run(target, clients) {
    const lambda = clients.lambda(target.region);
    const where = { FunctionName: target.functionName, ...(target.qualifier === undefined ? {} : { Qualifier: target.qualifier }) };
    let policy: { Policy?: string | undefined; RevisionId?: string | undefined };
    try {
      policy = await lambda.send(new GetPolicyCommand(where));
    } catch (error) {
      // No policy left, or no function: the statement is gone either way.
      if (isNotFound(error)) return { result: { outcome: 'already_undone', reason: undefined } };
      return { result: { outcome: 'failed', reason: humanReason(error, `read the policy of Lambda function ${target.functionName}`) }, cause: error };
    }
    const current = statementsOf(policy.Policy).find((statement) => statement['Sid'] === target.statementId);
    if (current === undefined) return { result: { outcome: 'already_undone', reason: undefined } };
    if (canonical(current) !== canonical(parse(target.statement))) {
      return { result: { outcome: 'changed', reason: `statement ${target.statementId} was replaced since the event` } };
    }
    try {
      await lambda.send(new RemovePermissionCommand({ ...where, StatementId: target.statementId, ...(policy.RevisionId === undefined ? {} : { RevisionId: policy.RevisionId }) }));
      return { result: { outcome: 'undone', reason: undefined } };
    } catch (error) {
      if (isNotFound(error)) return { result: { outcome: 'already_undone', reason: undefined } };
      if (awsErrorName(error) === 'PreconditionFailedException') {
        return { result: { outcome: 'changed', reason: 'the policy changed while secmon checked it' } };
      }
      return { result: { outcome: 'failed', reason: humanReason(error, `remove statement ${target.statementId} from Lambda function ${target.functionName}`) }, cause: error };
    }
  },
};

function parse(json: string | undefined): unknown {
  try {
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  } catch {
    return undefined;
  }
}

function statementsOf(policy: string | undefined): Record<string, unknown>[] {
  const statements = (parse(policy) as { Statement?: unknown } | undefined)?.Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  return list.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
}

/** JSON with object keys sorted: the same statement compares equal whatever order its keys came in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

export const LAMBDA_PERMISSION_PERMISSIONS: readonly IamStatement[] = [
  {
    actions: ['lambda:GetPolicy', 'lambda:RemovePermission'],
    resources: ['arn:${AWS::Partition}:lambda:*:${AWS::AccountId}:function:*'],
    reason:
      'Undo AddPermission on any function of the account: read its policy, then remove the one statement the event added. ' +
      'Functions carry no secmon name, so no narrower resource is possible.',
  },
];
