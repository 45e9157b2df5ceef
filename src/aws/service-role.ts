/**
 * The alerts function's own sessions in roles of other accounts (an organization's trail reader and account
 * directory): no Slack user behind them, so no source identity. The STS client is loaded on first use: a
 * single-account deployment never pays for it at cold start.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';

/** A lazily built STS client (one per cold start). */
export function lazyStsClient(): () => Promise<STSClient> {
  let client: Promise<STSClient> | undefined;
  return () => (client ??= import('@aws-sdk/client-sts').then((sdk) => new sdk.STSClient({ maxAttempts: 3 })));
}

/** assume-role.ts and the STS commands it loads, on first use only. */
const roles = () => import('./assume-role.js');

/**
 * A function's own session in a role of another account (the alerts function reading the organization trail's log
 * group or the organization's accounts): no Slack user behind it, so no source identity. Cached until five minutes
 * before it expires; a failure is not cached.
 */
export function serviceRoleCredentials(sts: () => Promise<STSClient>, roleArn: string, sessionName: string): () => Promise<AwsCredentialIdentity> {
  let session: Promise<AwsCredentialIdentity> | undefined;
  const assume = async () => {
    const { assumeRole, describeRole } = await roles();
    return assumeRole(await sts(), { RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 3600 }, describeRole(roleArn));
  };
  return () => {
    const expiring = (credentials: AwsCredentialIdentity) => credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
    session ??= assume();
    const current = session;
    return current.then(
      (credentials) => {
        if (!expiring(credentials)) return credentials;
        if (session === current) session = undefined;
        return (session ??= assume());
      },
      (error: unknown) => {
        if (session === current) session = undefined;
        throw error;
      },
    );
  };
}
