import { isJsonObject, objectAt, stringAt } from './record.js';

/** Who made a CloudTrail call, in the terms a responder needs. */
export interface Actor {
  /** Short display name: user name, role session (`role/session`), "root", or the AWS service. */
  readonly name: string;
  /** userIdentity.type: Root, IAMUser, AssumedRole, FederatedUser, AWSService, ... */
  readonly type: string;
  readonly arn: string | undefined;
  /** For assumed roles, the role (session issuer) ARN. */
  readonly sessionIssuerArn: string | undefined;
  /** True/false when the record says whether MFA was used; undefined when it does not say. */
  readonly mfa: boolean | undefined;
  /** Set when the call was made on the principal's behalf by an AWS service. */
  readonly invokedBy: string | undefined;
}

export function actorOf(record: unknown): Actor {
  const identity = objectAt(record, 'userIdentity') ?? {};
  const type = stringAt(identity, 'type') ?? 'Unknown';
  const arn = stringAt(identity, 'arn');
  const issuer = objectAt(identity, 'sessionContext', 'sessionIssuer');
  const invokedBy = stringAt(identity, 'invokedBy');
  return {
    name: displayName(type, identity, arn, issuer, invokedBy),
    type,
    arn,
    sessionIssuerArn: stringAt(issuer, 'arn'),
    mfa: mfaOf(record),
    invokedBy,
  };
}

function displayName(
  type: string,
  identity: Record<string, unknown>,
  arn: string | undefined,
  issuer: Record<string, unknown> | undefined,
  invokedBy: string | undefined,
): string {
  if (type === 'Root') return 'root';
  if (type === 'AWSService') return invokedBy ?? 'AWS service';
  const userName = stringAt(identity, 'userName');
  if (type === 'AssumedRole') {
    const role = stringAt(issuer, 'userName');
    const session = arn?.split('/').at(-1);
    if (role && session) return `${role}/${session}`;
    if (role) return role;
  }
  if (userName) return userName;
  if (arn) return arn.split(':').at(-1) ?? arn;
  return stringAt(identity, 'principalId') ?? 'unknown';
}

function mfaOf(record: unknown): boolean | undefined {
  // Console sign-ins say it in additionalEventData; API calls in the session attributes.
  const consoleMfa = stringAt(record, 'additionalEventData', 'MFAUsed');
  if (consoleMfa !== undefined) return consoleMfa === 'Yes';
  const attributes = objectAt(record, 'userIdentity', 'sessionContext', 'attributes');
  if (!isJsonObject(attributes)) return undefined;
  const flag = attributes['mfaAuthenticated'];
  return flag === 'true' || flag === true ? true : flag === 'false' || flag === false ? false : undefined;
}
