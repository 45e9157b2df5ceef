/**
 * The incident services' keys, optional fields of the Slack secret (`pagerDutyRoutingKey`, `opsgenieApiKey`). Read
 * apart from the Slack credentials on purpose: a mistyped incident key fails only the escalations that need it
 * (typed, naming the field, never its value), never the posting of alerts.
 */
import * as z from 'zod/mini';
import type { SlackCredentialSource } from '../config.js';
import { SecmonError } from '../errors.js';
import type { SecretReader } from '../slack/credentials.js';

export interface IncidentKeys {
  /** A PagerDuty Events API v2 integration's routing key (32 letters and digits). */
  readonly pagerDutyRoutingKey?: string;
  /** An Opsgenie API integration's key (a UUID). */
  readonly opsgenieApiKey?: string;
}

const keysShape = z.object({
  pagerDutyRoutingKey: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9]{32}$/, 'pagerDutyRoutingKey must be a PagerDuty Events API v2 integration key (32 letters and digits)')),
  ),
  opsgenieApiKey: z.optional(
    z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'opsgenieApiKey must be an Opsgenie API integration key (a UUID)')),
  ),
});

/** The keys in the secret; none with a token in the environment (local runs). */
export async function resolveIncidentKeys(source: SlackCredentialSource, readSecret: SecretReader): Promise<IncidentKeys> {
  if (source.kind === 'token') return {};
  let value: unknown;
  try {
    value = await readSecret(source.secretArn);
  } catch (cause) {
    throw new SecmonError('CONFIG_INVALID', `cannot read the Slack secret ${source.secretArn}`, { cause });
  }
  const parsed = keysShape.safeParse(typeof value === 'string' ? parseJson(value) : value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'secret'}: ${issue.message}`);
    throw new SecmonError('CONFIG_INVALID', `the Slack secret ${source.secretArn} has unusable incident keys: ${problems.join('; ')}`);
  }
  const { pagerDutyRoutingKey, opsgenieApiKey } = parsed.data;
  return { ...(pagerDutyRoutingKey === undefined ? {} : { pagerDutyRoutingKey }), ...(opsgenieApiKey === undefined ? {} : { opsgenieApiKey }) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
