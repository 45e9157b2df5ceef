/**
 * AWS principal ARNs in one comparable form. IAM user and role names are unique in an account whatever their path,
 * and case-insensitively so (IAM refuses "Alice" next to "alice"), so the form drops the path and lower-cases:
 * `arn:aws:iam::111122223333:role/ops/Deploy` and `arn:aws:iam::111122223333:role/deploy` are one principal.
 */

const IAM = /^arn:(aws[a-z-]*):iam::(\d{12}):(user|role)\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,128})$/;
const ROOT = /^arn:(aws[a-z-]*):iam::(\d{12}):root$/;
const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,128})\/([\w+=,.@-]{2,64})$/;
const FEDERATED = /^arn:(aws[a-z-]*):sts::(\d{12}):federated-user\/([\w+=,.@-]{2,64})$/;

export type PrincipalKind = 'user' | 'role' | 'root' | 'assumed-role' | 'federated-user';

export interface Principal {
  readonly kind: PrincipalKind;
  /** The comparable form (see the module comment). */
  readonly key: string;
  readonly accountId: string;
  /** User or role name; the role of an assumed-role session. */
  readonly name: string | undefined;
  /** The session name of an assumed-role session, or the federated user's name, as CloudTrail wrote it. */
  readonly session: string | undefined;
  /** For an assumed-role session: its role in the comparable form. */
  readonly roleKey: string | undefined;
}

/** The principal an ARN names, or undefined when it is no IAM user, role, root, role session or federated user. */
export function principalOf(arn: string): Principal | undefined {
  let m = IAM.exec(arn);
  if (m) {
    const [, partition, account, kind, name] = m as unknown as [string, string, string, 'user' | 'role', string];
    return { kind, key: `arn:${partition}:iam::${account}:${kind}/${name}`.toLowerCase(), accountId: account, name, session: undefined, roleKey: undefined };
  }
  m = ROOT.exec(arn);
  if (m) return { kind: 'root', key: arn.toLowerCase(), accountId: m[2]!, name: undefined, session: undefined, roleKey: undefined };
  m = ASSUMED_ROLE.exec(arn);
  if (m) {
    const [, partition, account, role, session] = m as unknown as [string, string, string, string, string];
    return {
      kind: 'assumed-role',
      key: arn.toLowerCase(),
      accountId: account,
      name: role,
      session,
      roleKey: `arn:${partition}:iam::${account}:role/${role}`.toLowerCase(),
    };
  }
  m = FEDERATED.exec(arn);
  if (m) return { kind: 'federated-user', key: arn.toLowerCase(), accountId: m[2]!, name: undefined, session: m[3], roleKey: undefined };
  return undefined;
}

const EMAIL = /^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/;

/** A name shaped like an e-mail address, lower-cased; undefined otherwise. */
export function emailOf(name: string | undefined): string | undefined {
  return name !== undefined && EMAIL.test(name) ? name.toLowerCase() : undefined;
}
