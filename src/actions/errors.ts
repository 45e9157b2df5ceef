/**
 * AWS errors as sentences a Slack user can act on. Slack never sees raw AWS error text (it can hold ARNs, request
 * ids and policy details); the error itself stays in `ActionResult.cause` for the structured log.
 */

/** The error's name (`AccessDeniedException`, `ResourceNotFoundException`, ...), or undefined. */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const named = error as { name?: unknown; Code?: unknown; code?: unknown };
  for (const value of [named.name, named.Code, named.code]) {
    if (typeof value === 'string' && value !== '' && value !== 'Error') return value;
  }
  return undefined;
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'UnauthorizedException',
  'NotAuthorized',
]);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'InvalidClientTokenId']);
const QUOTA = new Set(['LimitExceededException', 'LimitExceeded', 'LimitExceededFault', 'ServiceQuotaExceededException', 'RulesPerSecurityGroupLimitExceeded']);
const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'ResourceNotFound',
  'InvalidGroup.NotFound',
  'InvalidSecurityGroupRuleId.NotFound',
  'InvalidPermission.NotFound',
]);

/** True when AWS says the resource does not exist (deleting it is then "already absent"). */
export function isNotFound(error: unknown): boolean {
  const name = awsErrorName(error);
  return name !== undefined && NOT_FOUND.has(name);
}

/**
 * A human reason for a failed AWS call. `what` completes "may not ...": e.g. "create the alarm secmon-root-activity".
 * `who` defaults to the worker role: "secmon's worker role may not create the alarm ...".
 */
export function humanReason(error: unknown, what: string, who = "secmon's worker role"): string {
  const name = awsErrorName(error);
  if (name !== undefined) {
    if (ACCESS_DENIED.has(name)) return `${who} may not ${what} (access denied: check the worker's IAM policy)`;
    if (THROTTLED.has(name)) return `AWS throttled the request to ${what}; try again in a minute`;
    if (EXPIRED.has(name)) return `the worker's temporary AWS credentials were rejected while trying to ${what}; try again`;
    if (QUOTA.has(name)) return `an AWS quota was reached while trying to ${what}`;
    if (NOT_FOUND.has(name)) return `could not ${what}: it does not exist in AWS`;
    if (name.startsWith('InvalidParameter') || name === 'ValidationException' || name === 'ValidationError') {
      return `AWS rejected the request to ${what} as invalid`;
    }
  }
  return `AWS returned an unexpected error when secmon tried to ${what}`;
}
