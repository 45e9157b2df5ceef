/**
 * The keep action's four-eyes rule: the person approving a change must not be the person who made it, and secmon
 * must be able to tell. Identities are compared as keys that both sides can be mapped to reliably:
 *
 * - `slack:<user id>`: a change made through secmon's own action role carries the Slack user id as its source
 *   identity, which only secmon's worker can set (the role's trust policy);
 * - `email:<address>`: an IAM Identity Center (AWSReservedSSO_*) session is named after the user's sign-in, set by
 *   AWS; an IAM user (or the user behind a federated session) whose name is an address; on the Slack side, the
 *   approver's profile e-mail (users.info, scope users:read.email);
 * - `principal:<arn>`: any principal, related to Slack users only by the operator's identity map.
 *
 * Caller-chosen names (a role session name picked with `aws sts assume-role`, a source identity set by someone other
 * than secmon, a federated user's name) are compared too, as hints: matching one refuses, but they never count as
 * knowing who the author is, since the author could have chosen someone else's name. The check refuses when the
 * author maps to the approver, when the author cannot be mapped at all, and when the author is known by e-mail but
 * the approver's e-mail is not.
 */
import type { ChangeAuthor } from '../cloudtrail/author.js';
import type { IdentityMap } from './identity-map.js';
import { emailOf, principalOf } from './principals.js';

/** The approver as secmon knows them. */
export interface Approver {
  readonly userId: string;
  /** Their Slack profile e-mail (lower-cased); undefined when Slack did not give it (`emailProblem` says why). */
  readonly email: string | undefined;
  readonly emailProblem: string | undefined;
}

export type FourEyesVerdict =
  | { readonly verdict: 'other' }
  /** The approver is (or may be) the author; `via` names the matching identity. */
  | { readonly verdict: 'self'; readonly via: string }
  /** Nothing reliable says who made the change; `shape` describes the identity CloudTrail recorded. */
  | { readonly verdict: 'unknown-author'; readonly shape: string }
  /** The author is known by e-mail, the approver's e-mail is not. */
  | { readonly verdict: 'unknown-approver'; readonly reason: string };

interface AuthorKeys {
  /** Keys that tell who made the change (when resolvable, see the module comment). */
  readonly reliable: readonly string[];
  /** Caller-chosen names: a match refuses, nothing else. */
  readonly hints: readonly string[];
  /** What kind of identity this is, for a refusal's wording. */
  readonly shape: string;
}

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const SSO_ROLE = /^AWSReservedSSO_/;

const principalKey = (arn: string | undefined): string[] => {
  const principal = arn === undefined ? undefined : principalOf(arn);
  return principal === undefined ? [] : [`principal:${principal.key}`];
};
const emailKey = (name: string | undefined): string[] => {
  const email = emailOf(name);
  return email === undefined ? [] : [`email:${email}`];
};

/** The keys of the author of a change (see the module comment). `actionRoleName`: secmon's action role. */
export function authorKeys(author: ChangeAuthor, actionRoleName: string): AuthorKeys {
  const session = author.arn === undefined ? undefined : principalOf(author.arn);
  switch (author.type) {
    case 'Root':
      return { reliable: principalKey(author.arn), hints: [], shape: 'the root user' };
    case 'IAMUser':
      return { reliable: [...principalKey(author.arn), ...emailKey(author.userName ?? session?.name)], hints: [], shape: 'an IAM user' };
    case 'AssumedRole': {
      const role = session?.name;
      const principals = [...principalKey(author.arn), ...(session?.roleKey === undefined ? [] : [`principal:${session.roleKey}`])];
      const hints = [...emailKey(session?.session), ...emailKey(author.sourceIdentity)];
      if (role !== undefined && SSO_ROLE.test(role)) {
        return { reliable: [...principals, ...emailKey(session?.session)], hints, shape: 'an IAM Identity Center session' };
      }
      if (role !== undefined && role.toLowerCase() === actionRoleName.toLowerCase() && author.sourceIdentity !== undefined && SLACK_USER.test(author.sourceIdentity)) {
        return { reliable: [`slack:${author.sourceIdentity}`, ...principals], hints, shape: "secmon's action role" };
      }
      return { reliable: principals, hints, shape: `a session of the role ${role ?? '?'} (its session name is chosen by the caller)` };
    }
    case 'FederatedUser': {
      const issuer = author.issuerArn === undefined ? undefined : principalOf(author.issuerArn);
      return {
        reliable: [...principalKey(author.issuerArn), ...emailKey(issuer?.name), ...principalKey(author.arn)],
        hints: emailKey(session?.session),
        shape: 'a federated user',
      };
    }
    default:
      return { reliable: [], hints: [], shape: `a ${author.type} identity` };
  }
}

/** The approver's keys: their Slack id, their e-mail, and what the identity map says they act as. */
export function approverKeys(approver: Approver, map: IdentityMap): string[] {
  return [
    `slack:${approver.userId}`,
    ...(approver.email === undefined ? [] : [`email:${approver.email}`]),
    ...(map.byUser.get(approver.userId) ?? []).map((key) => `principal:${key}`),
  ];
}

export function fourEyes(author: ChangeAuthor | undefined, approver: Approver, map: IdentityMap, actionRoleName: string): FourEyesVerdict {
  if (author === undefined) return { verdict: 'unknown-author', shape: 'not recorded with this alert' };
  const keys = authorKeys(author, actionRoleName);
  const mine = new Set(approverKeys(approver, map));
  const shared = [...keys.reliable, ...keys.hints].find((key) => mine.has(key));
  if (shared !== undefined) return { verdict: 'self', via: shared };
  const resolvable = keys.reliable.filter((key) => !key.startsWith('principal:') || map.principals.has(key.slice('principal:'.length)));
  if (resolvable.length === 0) return { verdict: 'unknown-author', shape: keys.shape };
  if (approver.email === undefined && resolvable.some((key) => key.startsWith('email:'))) {
    return { verdict: 'unknown-approver', reason: approver.emailProblem ?? 'Slack did not give your e-mail address' };
  }
  return { verdict: 'other' };
}
