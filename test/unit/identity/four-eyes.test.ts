/**
 * The four-eyes rule over the identity shapes CloudTrail records (userIdentity as real records write it): who made
 * a change is compared with the approving Slack user only where a mapping is reliable, and refused otherwise.
 */
import { describe, expect, it } from 'vitest';
import { authorOf, type ChangeAuthor } from '../../../src/cloudtrail/author.js';
import { fourEyes, type Approver } from '../../../src/identity/four-eyes.js';
import { EMPTY_IDENTITY_MAP, parseIdentityMap, type IdentityMap } from '../../../src/identity/identity-map.js';
import { principalOf } from '../../../src/identity/principals.js';

const ACCOUNT = '111122223333';
const ACTION_ROLE = 'secmon-worker-actions';
const alice: Approver = { userId: 'U0ALICE', email: 'alice@example.com', emailProblem: undefined };
const bob: Approver = { userId: 'U0BOB', email: 'bob@example.com', emailProblem: undefined };
const noEmail: Approver = { userId: 'U0BOB', email: undefined, emailProblem: 'Slack would not say who you are (missing_scope)' };

function map(text: string): IdentityMap {
  const parsed = parseIdentityMap(text);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.map;
}

/** userIdentity blocks as CloudTrail writes them for each shape. */
const records = {
  iamUser: (name: string) => ({ type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, accountId: ACCOUNT, userName: name }),
  sso: (session: string) => ({
    type: 'AssumedRole',
    principalId: `AROAEXAMPLE:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/${session}`,
    accountId: ACCOUNT,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLE',
        arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef`,
        accountId: ACCOUNT,
        userName: 'AWSReservedSSO_AdministratorAccess_0123456789abcdef',
      },
      attributes: { creationDate: '2026-11-20T09:00:00Z', mfaAuthenticated: 'false' },
    },
  }),
  assumedRole: (role: string, session: string, sourceIdentity?: string) => ({
    type: 'AssumedRole',
    principalId: `AROAEXAMPLE:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
    accountId: ACCOUNT,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, accountId: ACCOUNT, userName: role },
      ...(sourceIdentity === undefined ? {} : { sourceIdentity }),
    },
  }),
  root: () => ({ type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT }),
  federated: (name: string, issuerUser: string) => ({
    type: 'FederatedUser',
    principalId: `${ACCOUNT}:${name}`,
    arn: `arn:aws:sts::${ACCOUNT}:federated-user/${name}`,
    accountId: ACCOUNT,
    sessionContext: {
      sessionIssuer: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/${issuerUser}`, accountId: ACCOUNT, userName: issuerUser },
    },
  }),
  service: () => ({ type: 'AWSService', invokedBy: 'autoscaling.amazonaws.com' }),
};
const author = (userIdentity: object): ChangeAuthor => authorOf({ userIdentity });
const verdict = (who: object, approver: Approver, identityMap: IdentityMap = EMPTY_IDENTITY_MAP) =>
  fourEyes(author(who), approver, identityMap, ACTION_ROLE).verdict;

describe('four-eyes over the common identity shapes', () => {
  it('IAM Identity Center session named by e-mail: compared with the Slack e-mail, case-insensitively', () => {
    expect(verdict(records.sso('Alice@Example.com'), alice)).toBe('self');
    expect(verdict(records.sso('alice@example.com'), bob)).toBe('other');
    // Known by e-mail, but the approver's is unknown: cannot rule it out.
    expect(verdict(records.sso('alice@example.com'), noEmail)).toBe('unknown-approver');
    // An SSO user name that is not an address maps only through the identity map.
    expect(verdict(records.sso('alice'), bob)).toBe('unknown-author');
    expect(verdict(records.sso('alice'), alice, map(`U0ALICE=arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice`))).toBe('self');
  });

  it('IAM user: by its e-mail name, or through the map (path and case do not matter)', () => {
    expect(verdict(records.iamUser('alice@example.com'), alice)).toBe('self');
    expect(verdict(records.iamUser('alice@example.com'), bob)).toBe('other');
    expect(verdict(records.iamUser('alice'), bob)).toBe('unknown-author');
    const mapped = map(`U0ALICE=arn:aws:iam::${ACCOUNT}:user/ops/Alice`);
    expect(verdict(records.iamUser('alice'), alice, mapped)).toBe('self');
    expect(verdict(records.iamUser('alice'), bob, mapped)).toBe('other');
  });

  it('assumed role with a session name the caller chose (CLI, SDK): never trusted to say who it was', () => {
    // Alice names her session after Bob: she must not be able to approve her own change.
    expect(verdict(records.assumedRole('deploy', 'bob@example.com'), alice)).toBe('unknown-author');
    // ...but a name that matches the approver still refuses.
    expect(verdict(records.assumedRole('deploy', 'alice@example.com'), alice)).toBe('self');
    expect(verdict(records.assumedRole('deploy', 'botocore-session-1732'), bob)).toBe('unknown-author');
    // A caller-set source identity is no better.
    expect(verdict(records.assumedRole('deploy', 's', 'bob@example.com'), alice)).toBe('unknown-author');
    // The map can assign the role (any session of it) or one session.
    const mapped = map(`U0ALICE=arn:aws:iam::${ACCOUNT}:role/deploy`);
    expect(verdict(records.assumedRole('deploy', 'bob@example.com'), alice, mapped)).toBe('self');
    expect(verdict(records.assumedRole('deploy', 'gha-42'), bob, mapped)).toBe('other');
  });

  it("secmon's own action role: the source identity is the Slack user id secmon's worker set", () => {
    expect(verdict(records.assumedRole(ACTION_ROLE, 'secmon-U0ALICE', 'U0ALICE'), alice)).toBe('self');
    expect(verdict(records.assumedRole(ACTION_ROLE, 'secmon-U0ALICE', 'U0ALICE'), bob)).toBe('other');
    expect(verdict(records.assumedRole(ACTION_ROLE, 'secmon-U0ALICE', 'U0ALICE'), noEmail)).toBe('other');
    // The same source identity on any other role proves nothing.
    expect(verdict(records.assumedRole('deploy', 'x', 'U0ALICE'), bob)).toBe('unknown-author');
  });

  it('root: only through the map', () => {
    expect(verdict(records.root(), bob)).toBe('unknown-author');
    const mapped = map(`U0ALICE=arn:aws:iam::${ACCOUNT}:root`);
    expect(verdict(records.root(), alice, mapped)).toBe('self');
    expect(verdict(records.root(), bob, mapped)).toBe('other');
  });

  it('federated user: by the IAM user who issued the session (its name chosen by that user is only a hint)', () => {
    expect(verdict(records.federated('stratus', 'alice@example.com'), alice)).toBe('self');
    expect(verdict(records.federated('bob@example.com', 'alice@example.com'), alice)).toBe('self');
    expect(verdict(records.federated('alice@example.com', 'ci'), bob)).toBe('unknown-author');
    expect(verdict(records.federated('x', 'ci'), bob, map(`U0ALICE=arn:aws:iam::${ACCOUNT}:user/ci`))).toBe('other');
    expect(verdict(records.federated('x', 'ci'), alice, map(`U0ALICE=arn:aws:iam::${ACCOUNT}:user/ci`))).toBe('self');
  });

  it('an AWS service, or no recorded author: unknown', () => {
    expect(verdict(records.service(), bob)).toBe('unknown-author');
    expect(fourEyes(undefined, bob, EMPTY_IDENTITY_MAP, ACTION_ROLE)).toEqual({ verdict: 'unknown-author', shape: 'not recorded with this alert' });
  });
});

describe('identity map', () => {
  it('reads entries separated by commas, spaces or lines; a user may have several principals', () => {
    const parsed = map(`U0ALICE=arn:aws:iam::${ACCOUNT}:user/alice,\nU0ALICE=arn:aws:iam::${ACCOUNT}:root  W0BOB=arn:aws:sts::${ACCOUNT}:federated-user/bob`);
    expect(parsed.byUser.get('U0ALICE')).toEqual([`arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:root`]);
    expect(parsed.byUser.get('W0BOB')).toEqual([`arn:aws:sts::${ACCOUNT}:federated-user/bob`]);
    expect(map('').byUser.size).toBe(0);
  });

  it('names every bad entry by position, with what is wrong', () => {
    expect(parseIdentityMap(`alice=arn:aws:iam::${ACCOUNT}:user/alice U0BOB=arn:aws:s3:::bucket U0CAROL`)).toEqual({
      ok: false,
      problems: [
        'entry 1: "alice" is not a Slack user id (U… or W…)',
        'entry 2: "arn:aws:s3:::bucket" is not an IAM user, role or root ARN, nor an STS assumed-role or federated-user ARN',
        'entry 3 must be <Slack user id>=<principal ARN>',
      ],
    });
  });

  it('principals compare without path and case', () => {
    expect(principalOf(`arn:aws:iam::${ACCOUNT}:role/a/b/Deploy`)?.key).toBe(`arn:aws:iam::${ACCOUNT}:role/deploy`);
    expect(principalOf(`arn:aws:sts::${ACCOUNT}:assumed-role/Deploy/S1`)).toMatchObject({ kind: 'assumed-role', roleKey: `arn:aws:iam::${ACCOUNT}:role/deploy`, session: 'S1' });
    expect(principalOf('arn:aws:lambda:us-east-1:1:function:x')).toBeUndefined();
  });
});
