/**
 * Typed errors. Every error secmon raises on purpose is a SecmonError with a stable `code`, so callers branch on
 * the code (not on message text) and user-facing layers can pick a safe message. Causes are kept for logs.
 */
export type ErrorCode =
  | 'PATTERN_SYNTAX'
  | 'INPUT_INVALID'
  | 'USAGE'
  | 'UNKNOWN_MONITOR'
  | 'UNKNOWN_PACK'
  | 'CONFIG_INVALID'
  | 'SLACK_API'
  /** The DynamoDB state table failed (throttling, permissions, network); the cause is the AWS error. */
  | 'STATE_STORE'
  /** The same delivery is being processed by another invocation right now; retry later. */
  | 'DELIVERY_IN_PROGRESS'
  /** The scheduled sweep could not finish every item; the cause lists the failures. */
  | 'SWEEP_FAILED'
  /** The worker was invoked with a job id it cannot prove came from the Slack function (unknown or expired). */
  | 'JOB_REFUSED'
  /** PagerDuty or Opsgenie refused or kept failing a request (src/incidents/); the message names no key. */
  | 'INCIDENT_API';

export class SecmonError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    // A literal, not new.target.name: minified Lambda bundles rename classes, and logs should say what failed.
    this.name = 'SecmonError';
    this.code = code;
  }
}

export type PatternLanguage = 'filter' | 'event';

/**
 * A pattern that cannot be compiled. `position` is a 0-based character offset into the pattern text when the
 * problem has one (syntax); `path` is the JSON path of the offending part of an event pattern (validation).
 */
export class PatternSyntaxError extends SecmonError {
  readonly language: PatternLanguage;
  readonly reason: string;
  readonly position: number | undefined;
  readonly path: string | undefined;

  constructor(
    language: PatternLanguage,
    reason: string,
    where: { position?: number; path?: string } = {},
    options?: { cause?: unknown },
  ) {
    const place =
      where.position !== undefined ? ` at position ${where.position + 1}` : where.path !== undefined ? ` at ${where.path}` : '';
    const kind = language === 'filter' ? 'filter pattern' : 'event pattern';
    super('PATTERN_SYNTAX', `invalid ${kind}${place}: ${reason}`, options);
    this.name = 'PatternSyntaxError';
    this.language = language;
    this.reason = reason;
    this.position = where.position;
    this.path = where.path;
  }
}

export function isSecmonError(error: unknown, code?: ErrorCode): error is SecmonError {
  return error instanceof SecmonError && (code === undefined || error.code === code);
}
