import * as z from 'zod/mini';
import type { SlackCredentialSource } from '../config.js';
import { SecmonError } from '../errors.js';

export interface SlackCredentials {
  readonly botToken: string;
  /** Only the Slack request handler needs it; the alerts function does not. */
  readonly signingSecret: string | undefined;
}

/** The Secrets Manager secret's JSON, as the deployment guide tells users to fill it. */
const secretShape = z.object({
  botToken: z.string().check(z.regex(/^xox[bp]-/, 'botToken must be a Slack bot token (xoxb-...)')),
  signingSecret: z.optional(z.string().check(z.minLength(1, 'signingSecret must not be empty'))),
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
