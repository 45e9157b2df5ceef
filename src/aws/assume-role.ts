/**
 * The worker acts for a Slack user by assuming its action role with `SourceIdentity` = the user's Slack id. The
 * source identity is recorded in CloudTrail for every call made with the session (and is carried into any role
 * chained from it, where it cannot be changed), so the trail shows which Slack user enabled, muted or reverted.
 *
 * STS character rules (AssumeRole API reference): RoleSessionName and SourceIdentity are 2-64 characters of
 * `[\w+=,.@-]`; a SourceIdentity must not start with `aws:`. DurationSeconds is 900-43200 (and at most the role's
 * maximum session duration; at most 3600 when chained from another role session).
 */
import { AssumeRoleCommand, type AssumeRoleCommandInput, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { SlackActor } from '../actions/types.js';
import { SecmonError } from '../errors.js';
import { humanReason } from '../actions/errors.js';

const STS_NAME = /^[\w+=,.@-]{2,64}$/;

export interface AssumeRoleForActorInput {
  readonly roleArn: string;
  readonly actor: SlackActor;
  /** 900-43200 seconds. */
  readonly sessionSeconds: number;
  /** How a failure names the role ("its action role" by default). */
  readonly roleDescription?: string;
}

/** A failed AssumeRole: `message` is safe to show; the STS error is the cause. */
export class AssumeRoleError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'AssumeRoleError';
  }
}

export function roleSessionNameFor(userId: string): string {
  return `secmon-${userId}`;
}

/** Checks the inputs against STS's rules; throws SecmonError INPUT_INVALID naming the problem. */
export function validateAssumeRoleInput(input: AssumeRoleForActorInput): void {
  const { userId } = input.actor;
  if (!STS_NAME.test(userId) || userId.toLowerCase().startsWith('aws:')) {
    throw new SecmonError('INPUT_INVALID', `Slack user id ${JSON.stringify(userId)} cannot be an STS SourceIdentity (2-64 of A-Z a-z 0-9 _ + = , . @ -)`);
  }
  if (!STS_NAME.test(roleSessionNameFor(userId))) {
    throw new SecmonError('INPUT_INVALID', `role session name for ${userId} would exceed 64 characters`);
  }
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(input.roleArn)) {
    throw new SecmonError('INPUT_INVALID', `not an IAM role ARN: ${input.roleArn}`);
  }
  if (!Number.isInteger(input.sessionSeconds) || input.sessionSeconds < 900 || input.sessionSeconds > 43_200) {
    throw new SecmonError('INPUT_INVALID', `sessionSeconds must be a whole number from 900 to 43200: ${input.sessionSeconds}`);
  }
}

export async function assumeRoleForActor(sts: STSClient, input: AssumeRoleForActorInput): Promise<AwsCredentialIdentity> {
  validateAssumeRoleInput(input);
  return assumeRole(
    sts,
    { RoleArn: input.roleArn, RoleSessionName: roleSessionNameFor(input.actor.userId), SourceIdentity: input.actor.userId, DurationSeconds: input.sessionSeconds },
    input.roleDescription ?? 'its action role',
  );
}

/** "the role secmon-member-actions in account 444455556666". */
export function describeRole(roleArn: string): string {
  const [, , , , account = '', resource = ''] = roleArn.split(':');
  return `the role ${resource.replace(/^role\//, '')} in account ${account}`;
}

export async function assumeRole(sts: STSClient, input: AssumeRoleCommandInput, role: string): Promise<AwsCredentialIdentity> {
  let output;
  try {
    output = await sts.send(new AssumeRoleCommand(input));
  } catch (error) {
    throw new AssumeRoleError(humanReason(error, `assume ${role}`, 'secmon'), { cause: error });
  }
  const credentials = output.Credentials;
  if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined || credentials.SessionToken === undefined) {
    throw new AssumeRoleError(`STS returned no credentials for ${role}`, { cause: output });
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    ...(credentials.Expiration === undefined ? {} : { expiration: credentials.Expiration }),
  };
}
