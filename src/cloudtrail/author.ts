import { objectAt, stringAt } from './record.js';

/**
 * Who made a call, as CloudTrail's userIdentity names them: the parts an identity check needs (the keep action's
 * four-eyes rule, src/identity/four-eyes.ts), kept with the alert so the check needs no second look at the record.
 */
export interface ChangeAuthor {
  /** userIdentity.type: Root, IAMUser, AssumedRole, FederatedUser, AWSService, ... */
  readonly type: string;
  readonly arn: string | undefined;
  /** IAM user name (IAMUser). */
  readonly userName: string | undefined;
  /** The role or IAM user that issued the session (AssumedRole, FederatedUser). */
  readonly issuerArn: string | undefined;
  readonly issuerType: string | undefined;
  /** The session's source identity, set once by whoever first assumed a role in the chain. */
  readonly sourceIdentity: string | undefined;
}

export function authorOf(record: unknown): ChangeAuthor {
  const identity = objectAt(record, 'userIdentity') ?? {};
  const issuer = objectAt(identity, 'sessionContext', 'sessionIssuer');
  return {
    type: stringAt(identity, 'type') ?? 'Unknown',
    arn: stringAt(identity, 'arn'),
    userName: stringAt(identity, 'userName'),
    issuerArn: stringAt(issuer, 'arn'),
    issuerType: stringAt(issuer, 'type'),
    sourceIdentity: stringAt(identity, 'sessionContext', 'sourceIdentity'),
  };
}
