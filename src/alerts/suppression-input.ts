/**
 * What an admin may write into a suppression rule, checked the same way wherever it is typed (the `/secmon suppress`
 * command, the Suppress similar modal) and again by the action's schema in the worker. Pure, no AWS: the Slack
 * function uses it too.
 */
import { parseCidr, parseIp } from '../patterns/event/ip.js';
import type { SuppressionMatchers } from '../store/suppressions/suppressions.js';

/** A rule lasts from a minute to 30 days. */
export const MIN_SUPPRESSION_SECONDS = 60;
export const MAX_SUPPRESSION_SECONDS = 30 * 24 * 3600;
export const MAX_SUPPRESSION_REASON_LENGTH = 300;
/** A user-agent substring: long enough not to match nearly everything, short enough to stay a rule. */
export const MIN_USER_AGENT_LENGTH = 3;
export const MAX_USER_AGENT_LENGTH = 200;
const MAX_RESOURCE_LENGTH = 512;

/** The matcher keys as typed in the command, and the field each fills. */
export const MATCHER_KEYS = { account: 'account', principal: 'principal', ip: 'ip', 'user-agent': 'userAgent', resource: 'resource' } as const;
export type MatcherKey = keyof typeof MATCHER_KEYS;

const ACCOUNT = /^\d{12}$/;
/** IAM users and roles, role sessions, root, federated users: an ARN of IAM or STS. */
const PRINCIPAL = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:[A-Za-z0-9+=,.@_/-]{1,512}$/;

/** Why `value` is not valid for `field`, or undefined when it is. */
export function matcherProblem(field: keyof SuppressionMatchers, value: string): string | undefined {
  switch (field) {
    case 'account':
      return ACCOUNT.test(value) ? undefined : 'an account is 12 digits';
    case 'principal':
      return PRINCIPAL.test(value) ? undefined : 'a principal is an IAM or STS ARN, such as arn:aws:iam::111122223333:role/ci-deploy';
    case 'ip':
      return validIp(value) ? undefined : 'give an IP address or a CIDR block, such as 203.0.113.7 or 10.0.0.0/8';
    case 'userAgent':
      return value.length >= MIN_USER_AGENT_LENGTH && value.length <= MAX_USER_AGENT_LENGTH
        ? undefined
        : `give ${MIN_USER_AGENT_LENGTH} to ${MAX_USER_AGENT_LENGTH} characters of the user agent`;
    case 'resource':
      return value.length >= 1 && value.length <= MAX_RESOURCE_LENGTH && !/\s/.test(value) ? undefined : 'give one ARN or id, as the alert shows it';
  }
}

function validIp(value: string): boolean {
  if (!value.includes('/')) return parseIp(value, new Uint8Array(16)) !== 0;
  try {
    parseCidr(value);
    return true;
  } catch {
    return false;
  }
}
