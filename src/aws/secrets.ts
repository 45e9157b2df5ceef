import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * Reads a Secrets Manager secret through Powertools, cached for 5 minutes per container: a rotated Slack token is
 * picked up within minutes without a call per invocation.
 */
export function readCachedSecret(secretArn: string): Promise<unknown> {
  return getSecret(secretArn, { maxAge: 300 });
}
