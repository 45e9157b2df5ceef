import * as z from 'zod/mini';
import type { SlackCredentialSource } from '../config.js';
import { SecmonError } from '../errors.js';

export interface SlackCredentials {
  readonly botToken: string;
  /** Only the Slack request handler needs it; the alerts function does not. */
  readonly signingSecret: string | undefined;
}

/**
 * A Slack app's Signing Secret: 32 hexadecimal characters (Basic Information → App Credentials). Anything else,
 * the stack's REPLACE_WITH_SIGNING_SECRET placeholder first of all, is refused: a signing secret anyone can read in
 * the template would let anyone sign admin commands. Fail closed: no request is verified with it.
 */
export const SIGNING_SECRET_PATTERN = /^[0-9a-fA-F]{32}$/;
export const SIGNING_SECRET_RULE = "must be the Slack app's Signing Secret (32 hexadecimal characters, Basic Information → App Credentials)";
/** A bot (xoxb-) or user (xoxp-) token: the placeholder and other text are refused before any Slack call. */
export const BOT_TOKEN_PATTERN = /^xox[bp]-[0-9A-Za-z-]{8,}$/;
export const BOT_TOKEN_RULE = 'must be a Slack bot token (xoxb-..., OAuth & Permissions → Bot User OAuth Token)';

/** The Secrets Manager secret's JSON, as the deployment guide tells users to fill it. */
const secretShape = z.object({
  botToken: z.string().check(z.regex(BOT_TOKEN_PATTERN, `botToken ${BOT_TOKEN_RULE}`)),
  signingSecret: z.optional(z.string().check(z.regex(SIGNING_SECRET_PATTERN, `signingSecret ${SIGNING_SECRET_RULE}`))),
});

/** Reads the secret's JSON text; injected so the Lambda can use Powertools' cached getSecret and tests a stub. */
export type SecretReader = (secretArn: string) => Promise<unknown>;

export async function resolveSlackCredentials(source: SlackCredentialSource, readSecret: SecretReader): Promise<SlackCredentials> {
  if (source.kind === 'token') return { botToken: source.botToken, signingSecret: undefined };
  let value: unknown;
  try {
    value = await readSecret(source.secretArn);
  } catch (cause) {
    throw new SecmonError('CONFIG_INVALID', `cannot read the Slack secret ${source.secretArn}`, { cause });
  }
  const parsed = secretShape.safeParse(typeof value === 'string' ? parseJson(value) : value);
  if (!parsed.success) {
    // Name the fields that are wrong, never their values.
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'secret'}: ${issue.message}`);
    throw new SecmonError('CONFIG_INVALID', `the Slack secret ${source.secretArn} is not usable: ${problems.join('; ')}`);
  }
  return { botToken: parsed.data.botToken, signingSecret: parsed.data.signingSecret };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
