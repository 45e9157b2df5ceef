/**
 * What a policy document grants, in the three questions the threats pack asks of it: does it let anyone in, does it
 * trust another account, does it allow every action on every resource. Pure functions of the document.
 */
import { statementsOf, type Statement } from './policy-document.js';

/**
 * Condition keys that tie a statement to particular callers or networks: with one of them a `"*"` principal is no
 * longer "anyone". Global keys (IAM User Guide, "AWS global condition context keys") and the service keys that do
 * the same for one service. Compared without case, as IAM compares key names.
 */
export const CALLER_LIMITING_KEYS: ReadonlySet<string> = new Set(
  [
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceIp',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:VpcSourceIp',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalServiceName',
    'aws:userid',
    'aws:username',
    'kms:CallerAccount',
    'sns:Endpoint',
    'lambda:EventSourceToken',
  ].map((key) => key.toLowerCase()),
);

/** Principal `"*"`, `{"AWS": "*"}` (or `"*"` among its values), or an Allow with NotPrincipal (everyone but those). */
export function admitsAnyone(statement: Statement): boolean {
  if (statement.notPrincipal) return true;
  for (const values of statement.principals.values()) if (values.includes('*')) return true;
  return false;
}

/**
 * A condition that lets in only some callers: a limiting key under an operator that requires a match. Not when the
 * operator negates (`StringNotEquals`: everyone but those), tolerates the key's absence (`...IfExists`, `Null`), or
 * every value is a bare wildcard.
 */
export function limitsCaller(statement: Statement): boolean {
  for (const [operator, keys] of statement.conditions) {
    const op = operator.toLowerCase();
    if (op.includes('not') || op.endsWith('ifexists') || op === 'null') continue;
    for (const [key, values] of keys) {
      if (CALLER_LIMITING_KEYS.has(key.toLowerCase()) && values.some((value) => value.replace(/[*?]/g, '') !== '')) return true;
    }
  }
  return false;
}

/** Some Allow statement admits anyone and no condition of it limits the caller. Unreadable: false. */
export function isPublicPolicy(document: unknown): boolean {
  const statements = statementsOf(document);
  return statements !== undefined && statements.some((s) => s.effect === 'Allow' && admitsAnyone(s) && !limitsCaller(s));
}

/** The account of an AWS principal: a 12-digit id, or the account field of an ARN; undefined for anything else. */
export function accountOfPrincipal(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const match = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(principal);
  return match?.[1];
}

/**
 * Some Allow statement of a trust policy lets in anyone (whatever its conditions: a condition naming another account
 * is still another account) or an AWS principal of an account other than `ownAccount`. Service and federated
 * principals are not accounts. An unknown own account makes every account principal foreign (fail closed);
 * an unreadable document: false.
 */
export function trustsOutsideAccount(document: unknown, ownAccount: string | undefined): boolean {
  const statements = statementsOf(document);
  if (statements === undefined) return false;
  return statements.some((s) => {
    if (s.effect !== 'Allow') return false;
    if (admitsAnyone(s)) return true;
    return (s.principals.get('AWS') ?? []).some((principal) => {
      const account = accountOfPrincipal(principal);
      // An AWS principal that is neither an id nor an ARN (a unique id such as AIDA...) belongs to this account.
      return account !== undefined && account !== ownAccount;
    });
  });
}

/** Some Allow statement grants Action `*` (or `*:*`) on Resource `*`, whatever its conditions. Unreadable: false. */
export function grantsEverything(document: unknown): boolean {
  const statements = statementsOf(document);
  return (
    statements !== undefined &&
    statements.some((s) => s.effect === 'Allow' && s.actions.some((a) => a === '*' || a === '*:*') && s.resources.includes('*'))
  );
}
