/**
 * The only module that reads process.env. Everything else receives settings as arguments, so tests set them
 * directly and no module changes behaviour behind a caller's back.
 */
// zod/mini: the tree-shakable build, so the CLI bundle (which shares this module) stays small and starts fast.
import * as z from 'zod/mini';
import { SecmonError } from './errors.js';

export interface CliConfig {
  /** Colour in terminal output: off with NO_COLOR (https://no-color.org), forced with FORCE_COLOR. */
  readonly color: 'auto' | 'never' | 'always';
}

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return { color: 'never' };
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return { color: 'always' };
  return { color: 'auto' };
}

/** Where the Slack credentials come from: a token in the environment (local runs) or a Secrets Manager secret. */
export type SlackCredentialSource =
  | { readonly kind: 'token'; readonly botToken: string }
  | { readonly kind: 'secret'; readonly secretArn: string };

export interface AlertsConfig {
  readonly slack: SlackCredentialSource;
  readonly channelId: string;
  /** Base URL of the Slack Web API (ends with /); a local server in tests, Slack-compatible endpoints elsewhere. */
  readonly slackApiUrl: string | undefined;
  readonly stateTable: string;
  /** The CloudTrail log group the alarm path's metric filters watch; without it alarm alerts are not enriched. */
  readonly cloudTrailLogGroup: string | undefined;
  readonly groupWindowMs: number;
  readonly namePrefix: string;
}

const nonEmpty = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
const matching = (pattern: RegExp, message: string) => z.string().check(z.trim(), z.regex(pattern, message));

const alertsEnvironment = z.object({
  SLACK_BOT_TOKEN: z.optional(nonEmpty),
  SLACK_SECRET_ARN: z.optional(matching(/^arn:aws[a-z-]*:secretsmanager:/, 'must be a Secrets Manager secret ARN')),
  SLACK_CHANNEL_ID: matching(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123456789'),
  SLACK_API_URL: z.optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  STATE_TABLE: nonEmpty,
  CLOUDTRAIL_LOG_GROUP: z.optional(nonEmpty),
  GROUP_WINDOW_MINUTES: z._default(
    z.coerce
      .number({ error: 'must be a number' })
      .check(z.int('must be a whole number'), z.minimum(1, 'must be at least 1'), z.maximum(24 * 60, 'must be at most 1440')),
    10,
  ),
  SECMON_NAME_PREFIX: z._default(matching(/^[a-z][a-z0-9-]{1,20}$/, 'must be 2-21 lowercase letters, digits or -'), 'secmon'),
});

/** Reads and validates the alerts function's settings; a bad value fails the cold start naming every problem. */
export function loadAlertsConfig(env: NodeJS.ProcessEnv = process.env): AlertsConfig {
  const parsed = alertsEnvironment.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => describeIssue(issue, env));
  if (!env['SLACK_BOT_TOKEN'] && !env['SLACK_SECRET_ARN']) problems.push('SLACK_BOT_TOKEN or SLACK_SECRET_ARN: one is required');
  if (!parsed.success || problems.length > 0)
    throw new SecmonError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`);
  const values = parsed.data;
  return {
    // A secret wins over a plain token: deployments use the secret, and a leftover token must not override it.
    slack:
      values.SLACK_SECRET_ARN !== undefined
        ? { kind: 'secret', secretArn: values.SLACK_SECRET_ARN }
        : { kind: 'token', botToken: values.SLACK_BOT_TOKEN! },
    channelId: values.SLACK_CHANNEL_ID,
    slackApiUrl: values.SLACK_API_URL === undefined ? undefined : withTrailingSlash(values.SLACK_API_URL),
    stateTable: values.STATE_TABLE,
    cloudTrailLogGroup: values.CLOUDTRAIL_LOG_GROUP,
    groupWindowMs: values.GROUP_WINDOW_MINUTES * 60_000,
    namePrefix: values.SECMON_NAME_PREFIX,
  };
}

/** Names the variable and the rule, never the value (it may be a token). */
function describeIssue(issue: z.core.$ZodIssue, env: NodeJS.ProcessEnv): string {
  const name = issue.path.join('.') || 'environment';
  if (env[name] === undefined) return `${name}: required`;
  return `${name}: ${issue.message}`;
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
