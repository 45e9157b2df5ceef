/**
 * Group keys: alerts with the same monitor, principal and resource update one Slack message instead of posting
 * another. The key is a hash so that it is short and free of attacker-chosen characters wherever it goes (button
 * values, DynamoDB keys): sha256 of the parts, base64url, first 22 characters (132 bits).
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../cloudtrail/actor.js';

export const GROUP_KEY_LENGTH = 22;

export interface GroupKeyParts {
  /** The monitor id, or a stand-in for alerts without a monitor (e.g. `event:<eventName>`). */
  readonly monitorId: string;
  readonly principal: string | undefined;
  readonly resource: string | undefined;
}

export function groupKeyOf(parts: GroupKeyParts): string {
  // A JSON array keeps the parts apart whatever characters they hold ("a|b" + "c" ≠ "a" + "b|c").
  const canonical = JSON.stringify([parts.monitorId, parts.principal ?? null, parts.resource ?? null]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, GROUP_KEY_LENGTH);
}

/**
 * The principal an alert is grouped by: for role sessions the role (session issuer) rather than the session, since
 * every CI run or console session gets a new session name; otherwise the identity ARN, else the display name.
 */
export function principalOf(actor: Actor): string {
  return actor.sessionIssuerArn ?? actor.arn ?? actor.name;
}
