/**
 * The operator's map of Slack users to the AWS principals they act as (stack parameter SecmonIdentityMap), for the
 * keep action's four-eyes check where names alone cannot tell: root, IAM users without e-mail names, roles whose
 * session names callers choose. Text form: entries separated by commas, spaces or new lines, each
 * `<Slack user id>=<principal ARN>`; a user may appear more than once.
 *
 *   U0ALICE=arn:aws:iam::111122223333:user/alice, U0ALICE=arn:aws:iam::111122223333:role/break-glass
 */
import { principalOf } from './principals.js';

export interface IdentityMap {
  /** Slack user id -> the comparable keys (principals.ts) of the principals they act as. */
  readonly byUser: ReadonlyMap<string, readonly string[]>;
  /** Every principal key some user is mapped to. */
  readonly principals: ReadonlySet<string>;
}

export const EMPTY_IDENTITY_MAP: IdentityMap = { byUser: new Map(), principals: new Set() };

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;

export type IdentityMapParse = { readonly ok: true; readonly map: IdentityMap } | { readonly ok: false; readonly problems: readonly string[] };

/** Parses the text form; every problem is named with the entry's position (never the whole value). */
export function parseIdentityMap(text: string): IdentityMapParse {
  const byUser = new Map<string, string[]>();
  const problems: string[] = [];
  const entries = text.split(/[\s,]+/).filter((entry) => entry !== '');
  entries.forEach((entry, index) => {
    const at = `entry ${index + 1}`;
    const separator = entry.indexOf('=');
    if (separator < 0) {
      problems.push(`${at} must be <Slack user id>=<principal ARN>`);
      return;
    }
    const user = entry.slice(0, separator);
    const arn = entry.slice(separator + 1);
    if (!SLACK_USER.test(user)) problems.push(`${at}: ${JSON.stringify(user.slice(0, 40))} is not a Slack user id (U… or W…)`);
    const principal = principalOf(arn);
    if (principal === undefined) {
      problems.push(`${at}: ${JSON.stringify(arn.slice(0, 200))} is not an IAM user, role or root ARN, nor an STS assumed-role or federated-user ARN`);
    }
    if (principal !== undefined && SLACK_USER.test(user)) byUser.set(user, [...(byUser.get(user) ?? []), principal.key]);
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, map: { byUser, principals: new Set([...byUser.values()].flat()) } };
}
