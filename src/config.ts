/**
 * The only module that reads process.env. Everything else receives settings as arguments, so tests set them
 * directly and no module changes behaviour behind a caller's back.
 */
// zod/mini: the tree-shakable build, so the CLI bundle (which shares this module) stays small and starts fast.
import * as z from 'zod/mini';
import type { DeploymentSettings } from './actions/types.js';
import { SecmonError } from './errors.js';
import { EMPTY_IDENTITY_MAP, parseIdentityMap, type IdentityMap } from './identity/identity-map.js';
import { parseRoutingConfig, type RoutingConfig } from './org/routing-config.js';
import { DEFAULT_NAME_PREFIX, NAME_PREFIX_PATTERN, NAME_PREFIX_RULE } from './name-prefix.js';
import { SIGNING_SECRET_PATTERN, SIGNING_SECRET_RULE } from './slack/credentials.js';

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
  /** Regions the account works in (region-not-allowed exists only when set). */
  readonly allowedRegions: readonly string[];
  /** The stack's alarm topic: the only source of trusted alarm notifications. */
  readonly alarmTopicArn: string;
  /** The dead-letter queue the sweep redrives; undefined in local runs. */
  readonly failedInvocationsQueueUrl: string | undefined;
  /** ALERT_ROUTING: channels by account, OU, monitor and severity, and configured account names. */
  readonly routing: RoutingConfig;
  /** The organization's AWS access portal (IAM Identity Center start URL), for console links into each account. */
  readonly ssoStartUrl: string | undefined;
  readonly organization: AlertsOrganizationConfig | undefined;
  /** ESCALATE_AFTER_MINUTES and ESCALATION_USERGROUP; undefined: escalation off (the default). */
  readonly escalation: EscalationConfig | undefined;
  readonly incidentUrls: IncidentUrls;
}

/** A critical alert nobody acknowledged within `afterMs` is posted again, mentioning `userGroup` (src/alerts/escalation.ts). */
export interface EscalationConfig {
  readonly afterMs: number;
  /** A Slack user group id (`S…`) to mention; undefined: no mention. */
  readonly userGroup: string | undefined;
}

/** Base URLs (ending with /) of the incident services: the services themselves, Opsgenie's EU instance, or tests' stand-ins. */
export interface IncidentUrls {
  readonly pagerDuty: string;
  readonly opsgenie: string;
}

/** 0 (the default): off; at most a day, the longest anyone would wait to be called. */
const escalateAfterMinutes = () =>
  z._default(
    z.coerce
      .number({ error: 'must be a number' })
      .check(z.int('must be a whole number'), z.minimum(0, 'must be 0 (off) or more'), z.maximum(24 * 60, 'must be at most 1440')),
    0,
  );
const DEFAULT_INCIDENT_URLS: IncidentUrls = { pagerDuty: 'https://events.pagerduty.com/', opsgenie: 'https://api.opsgenie.com/' };
const incidentUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const incidentUrlVariables = { PAGERDUTY_EVENTS_URL: z.optional(incidentUrl), OPSGENIE_API_URL: z.optional(incidentUrl) };

function incidentUrlsOf(values: { PAGERDUTY_EVENTS_URL?: string | undefined; OPSGENIE_API_URL?: string | undefined }): IncidentUrls {
  return {
    pagerDuty: values.PAGERDUTY_EVENTS_URL === undefined ? DEFAULT_INCIDENT_URLS.pagerDuty : withTrailingSlash(values.PAGERDUTY_EVENTS_URL),
    opsgenie: values.OPSGENIE_API_URL === undefined ? DEFAULT_INCIDENT_URLS.opsgenie : withTrailingSlash(values.OPSGENIE_API_URL),
  };
}

/** What the alerts function needs in an organization deployment (ORGANIZATION_ID set). */
export interface AlertsOrganizationConfig {
  readonly organizationId: string;
  /** Read-only role in the management account for the account directory; undefined: Organizations with the function's own role. */
  readonly directoryRoleArn: string | undefined;
  /** The account whose organization trail log group holds secmon's metric filters and alarms. */
  readonly trailAccountId: string;
  /** Role in the trail account that lets the alerts function search the trail's log group; undefined when it is this account. */
  readonly trailReaderRoleArn: string | undefined;
  /** The organization queue's dead-letter queue, drained by the sweep; undefined in local runs. */
  readonly deadLetterQueueUrl: string | undefined;
}

const nonEmpty = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));
const matching = (pattern: RegExp, message: string) => z.string().check(z.trim(), z.regex(pattern, message));
const slackChannelId = matching(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123456789');
const slackApiUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
/** SECMON_ALLOWED_REGIONS: comma-separated region codes, or empty (region-not-allowed off). */
const allowedRegions = z._default(
  z.string().check(
    z.refine((value) => splitList(value).every((region) => REGION.test(region)), 'must be comma-separated region codes such as eu-west-1,us-east-1'),
  ),
  '',
);
const organizationId = matching(/^o-[a-z0-9]{10,32}$/, 'must be an AWS Organizations id such as o-a1b2c3d4e5');
const accountIdValue = matching(/^\d{12}$/, 'must be a 12-digit AWS account id');
const roleArn = matching(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,128}$/, 'must be an IAM role ARN');
const ssoStartUrl = z.url({ protocol: /^https$/, error: 'must be an https URL (the AWS access portal URL)' });
/** Every function reads the same prefix with the same rule as the template's NamePrefix (src/name-prefix.ts). */
const namePrefix = () => z._default(matching(NAME_PREFIX_PATTERN, `must be ${NAME_PREFIX_RULE}`), DEFAULT_NAME_PREFIX);

const alertsEnvironment = z.object({
  SLACK_BOT_TOKEN: z.optional(nonEmpty),
  SLACK_SECRET_ARN: z.optional(matching(/^arn:aws[a-z-]*:secretsmanager:/, 'must be a Secrets Manager secret ARN')),
  SLACK_CHANNEL_ID: slackChannelId,
  SLACK_API_URL: z.optional(slackApiUrl),
  STATE_TABLE: nonEmpty,
  CLOUDTRAIL_LOG_GROUP: z.optional(nonEmpty),
  GROUP_WINDOW_MINUTES: z._default(
    z.coerce
      .number({ error: 'must be a number' })
      .check(z.int('must be a whole number'), z.minimum(1, 'must be at least 1'), z.maximum(24 * 60, 'must be at most 1440')),
    10,
  ),
  SECMON_NAME_PREFIX: namePrefix(),
  SECMON_ALLOWED_REGIONS: allowedRegions,
  ALARM_TOPIC_ARN: matching(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, 'must be an SNS topic ARN'),
  FAILED_INVOCATIONS_QUEUE_URL: z.optional(z.url({ protocol: /^https?$/, error: 'must be an SQS queue URL' })),
  ALERT_ROUTING: z.optional(z.string()),
  SSO_START_URL: z.optional(ssoStartUrl),
  ORGANIZATION_ID: z.optional(organizationId),
  ORG_DIRECTORY_ROLE_ARN: z.optional(roleArn),
  TRAIL_ACCOUNT_ID: z.optional(accountIdValue),
  TRAIL_READER_ROLE_ARN: z.optional(roleArn),
  ORG_DEAD_LETTER_QUEUE_URL: z.optional(z.url({ protocol: /^https?$/, error: 'must be an SQS queue URL' })),
  ESCALATE_AFTER_MINUTES: escalateAfterMinutes(),
  ESCALATION_USERGROUP: z._default(z.string().check(z.trim(), z.regex(/^(?:S[A-Z0-9]{2,})?$/, 'must be a Slack user group id such as S0123456789, or empty')), ''),
  ...incidentUrlVariables,
});

/** Reads and validates the alerts function's settings; a bad value fails the cold start naming every problem. */
export function loadAlertsConfig(env: NodeJS.ProcessEnv = process.env): AlertsConfig {
  const parsed = alertsEnvironment.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => describeIssue(issue, env));
  if (!env['SLACK_BOT_TOKEN'] && !env['SLACK_SECRET_ARN']) problems.push('SLACK_BOT_TOKEN or SLACK_SECRET_ARN: one is required');
  if (env['ORGANIZATION_ID'] && !env['TRAIL_ACCOUNT_ID']) problems.push('TRAIL_ACCOUNT_ID: required with ORGANIZATION_ID');
  const routing = routingOrProblem(env['ALERT_ROUTING'], problems);
  if (!parsed.success || problems.length > 0)
    throw new SecmonError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`);
  const values = parsed.data;
  return {
    routing: routing!,
    ssoStartUrl: values.SSO_START_URL,
    organization:
      values.ORGANIZATION_ID === undefined
        ? undefined
        : {
            organizationId: values.ORGANIZATION_ID,
            directoryRoleArn: values.ORG_DIRECTORY_ROLE_ARN,
            trailAccountId: values.TRAIL_ACCOUNT_ID!,
            trailReaderRoleArn: values.TRAIL_READER_ROLE_ARN,
            deadLetterQueueUrl: values.ORG_DEAD_LETTER_QUEUE_URL,
          },
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
    allowedRegions: splitList(values.SECMON_ALLOWED_REGIONS),
    alarmTopicArn: values.ALARM_TOPIC_ARN,
    failedInvocationsQueueUrl: values.FAILED_INVOCATIONS_QUEUE_URL,
    escalation:
      values.ESCALATE_AFTER_MINUTES === 0
        ? undefined
        : { afterMs: values.ESCALATE_AFTER_MINUTES * 60_000, userGroup: values.ESCALATION_USERGROUP === '' ? undefined : values.ESCALATION_USERGROUP },
    incidentUrls: incidentUrlsOf(values),
  };
}

/** What `secmon replay --slack` needs: a bot token (never a secret ARN: the CLI reads no AWS) and a channel. */
export interface ReplaySlackConfig {
  readonly botToken: string;
  readonly channelId: string;
  /** Base URL of the Slack Web API (ends with /); undefined for Slack itself. */
  readonly slackApiUrl: string | undefined;
}

const replaySlackEnvironment = z.object({
  SLACK_BOT_TOKEN: nonEmpty,
  SLACK_CHANNEL_ID: slackChannelId,
  SLACK_API_URL: z.optional(slackApiUrl),
});

/** Reads and validates the settings of `secmon replay --slack`, naming every problem (never a value) at once. */
export function loadReplaySlackConfig(env: NodeJS.ProcessEnv = process.env): ReplaySlackConfig {
  const parsed = replaySlackEnvironment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => describeIssue(issue, env));
    throw new SecmonError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  return {
    botToken: values.SLACK_BOT_TOKEN,
    channelId: values.SLACK_CHANNEL_ID,
    slackApiUrl: values.SLACK_API_URL === undefined ? undefined : withTrailingSlash(values.SLACK_API_URL),
  };
}

/**
 * Settings CLI commands load only when an option needs them, so that a missing SLACK_BOT_TOKEN fails
 * `secmon replay --slack` and nothing else. Tests pass their own (`cliSettings({ ... })`) instead of process.env.
 */
export interface CliSettings {
  readonly replaySlack: () => ReplaySlackConfig;
  /** Catalog options the deployed functions also read: SECMON_ALLOWED_REGIONS (region-not-allowed). */
  readonly catalog: () => CliCatalogOptions;
}

export interface CliCatalogOptions {
  readonly allowedRegions: readonly string[];
}

const cliCatalogEnvironment = z.object({ SECMON_ALLOWED_REGIONS: allowedRegions });

export function cliSettings(env: NodeJS.ProcessEnv = process.env): CliSettings {
  return { replaySlack: () => loadReplaySlackConfig(env), catalog: () => loadCliCatalogOptions(env) };
}

/** Reads and validates SECMON_ALLOWED_REGIONS for the CLI, naming the variable (never its value) when it is wrong. */
export function loadCliCatalogOptions(env: NodeJS.ProcessEnv = process.env): CliCatalogOptions {
  const parsed = cliCatalogEnvironment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => describeIssue(issue, env));
    throw new SecmonError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`);
  }
  return { allowedRegions: splitList(parsed.data.SECMON_ALLOWED_REGIONS) };
}

// ---------------------------------------------------------------------------------------------------------------
// The Slack request function (handlers/slack.ts) and the worker (handlers/worker.ts)

/** Who may run admin-only actions: Slack user ids (`U…`/`W…`) and user group ids (`S…`, resolved at run time). */
export interface SlackAdmins {
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

/** The Slack app's credentials: both from the environment (local runs) or both from the Secrets Manager secret. */
export type SlackAppCredentialSource =
  | { readonly kind: 'env'; readonly botToken: string; readonly signingSecret: string }
  | { readonly kind: 'secret'; readonly secretArn: string };

export interface SlackAppConfig {
  readonly slack: SlackAppCredentialSource;
  /** Base URL of the Slack Web API (ends with /); undefined for Slack itself. */
  readonly slackApiUrl: string | undefined;
  readonly admins: SlackAdmins;
  readonly stateTable: string;
  /** Name or ARN of the worker function, invoked asynchronously (InvocationType Event). */
  readonly workerFunctionName: string;
  /** The bot's ids: with both set, Bolt never calls auth.test; without them it calls it once per cold start. */
  readonly botId: string | undefined;
  readonly botUserId: string | undefined;
  readonly namePrefix: string;
  /** The catalog's options, as the other functions have them, so `/secmon list` shows the same monitors. */
  readonly cloudTrailLogGroup: string | undefined;
  readonly allowedRegions: readonly string[];
}

const secretArn = matching(/^arn:aws[a-z-]*:secretsmanager:/, 'must be a Secrets Manager secret ARN');
const ADMIN_ID = /^[UWS][A-Z0-9]{2,}$/;
/** SECMON_ADMINS: both the Slack function and the worker check it (the worker again, for every job). */
const secmonAdmins = () =>
  z._default(
    z.string().check(
      z.refine(
        (value) => splitList(value).every((id) => ADMIN_ID.test(id)),
        'must be comma-separated Slack user ids (U…, W…) or user group ids (S…)',
      ),
    ),
    '',
  );

function adminsOf(value: string): SlackAdmins {
  const ids = splitList(value);
  return { users: ids.filter((id) => !id.startsWith('S')), groups: ids.filter((id) => id.startsWith('S')) };
}

const slackAppEnvironment = z.object({
  SLACK_SECRET_ARN: z.optional(secretArn),
  SLACK_BOT_TOKEN: z.optional(nonEmpty),
  SLACK_SIGNING_SECRET: z.optional(matching(SIGNING_SECRET_PATTERN, SIGNING_SECRET_RULE)),
  SLACK_API_URL: z.optional(slackApiUrl),
  SECMON_ADMINS: secmonAdmins(),
  STATE_TABLE: nonEmpty,
  WORKER_FUNCTION_NAME: nonEmpty,
  SLACK_BOT_ID: z.optional(matching(/^B[A-Z0-9]{2,}$/, 'must be a Slack bot id such as B0123456789')),
  SLACK_BOT_USER_ID: z.optional(matching(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U0123456789')),
  SECMON_NAME_PREFIX: namePrefix(),
  CLOUDTRAIL_LOG_GROUP: z.optional(nonEmpty),
  SECMON_ALLOWED_REGIONS: allowedRegions,
});

/** Reads and validates the Slack request function's settings, naming every problem (never a value) at once. */
export function loadSlackAppConfig(env: NodeJS.ProcessEnv = process.env): SlackAppConfig {
  const parsed = slackAppEnvironment.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => describeIssue(issue, env));
  if (!env['SLACK_SECRET_ARN'] && (!env['SLACK_BOT_TOKEN'] || !env['SLACK_SIGNING_SECRET']))
    problems.push('SLACK_SECRET_ARN, or SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET: required');
  if (!parsed.success || problems.length > 0)
    throw new SecmonError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`);
  const values = parsed.data;
  return {
    slack:
      values.SLACK_SECRET_ARN !== undefined
        ? { kind: 'secret', secretArn: values.SLACK_SECRET_ARN }
        : { kind: 'env', botToken: values.SLACK_BOT_TOKEN!, signingSecret: values.SLACK_SIGNING_SECRET! },
    slackApiUrl: values.SLACK_API_URL === undefined ? undefined : withTrailingSlash(values.SLACK_API_URL),
    admins: adminsOf(values.SECMON_ADMINS),
    stateTable: values.STATE_TABLE,
    workerFunctionName: values.WORKER_FUNCTION_NAME,
    botId: values.SLACK_BOT_ID,
    botUserId: values.SLACK_BOT_USER_ID,
    namePrefix: values.SECMON_NAME_PREFIX,
    cloudTrailLogGroup: values.CLOUDTRAIL_LOG_GROUP,
    allowedRegions: splitList(values.SECMON_ALLOWED_REGIONS),
  };
}

export interface WorkerConfig {
  readonly settings: DeploymentSettings;
  /** Checked again for every admin-only job. */
  readonly admins: SlackAdmins;
  /** Slack users -> the AWS principals they act as, for the keep action's four-eyes check. */
  readonly identityMap: IdentityMap;
  /** The role the worker assumes for each Slack user (SourceIdentity = the user id). */
  readonly actionRoleArn: string;
  readonly stateTable: string;
  readonly slack: SlackCredentialSource;
  readonly slackApiUrl: string | undefined;
  readonly allowedRegions: readonly string[];
  /** FINDINGS_ACK_NOTIFIED: acknowledging a Security Hub finding also sets its workflow status NOTIFIED (default off). */
  readonly findingsAckNotified: boolean;
  /** ESCALATE_AFTER_MINUTES > 0: an acknowledgement ends its alert's escalation and resolves its incidents. */
  readonly escalation: boolean;
  /** Where the incidents of escalated alerts are resolved (keys in the Slack secret). */
  readonly incidentUrls: IncidentUrls;
}

const arn = (service: string) => matching(new RegExp(`^arn:aws[a-z-]*:${service}:`), `must be an ${service} ARN`);
const region = matching(/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/, 'must be an AWS region code such as us-east-1');

const workerEnvironment = z.object({
  ORGANIZATION_ID: z.optional(organizationId),
  ORG_EVENT_BUS_ARN: z.optional(arn('events')),
  ORG_EVENTS_QUEUE_ARN: z.optional(arn('sqs')),
  TRAIL_ACCOUNT_ID: z.optional(accountIdValue),
  SILENT_AFTER_HOURS: z._default(
    z.coerce.number({ error: 'must be a number' }).check(z.int('must be a whole number'), z.minimum(1, 'must be at least 1'), z.maximum(720, 'must be at most 720')),
    3,
  ),
  ALERT_ROUTING: z.optional(z.string()),
  SECMON_NAME_PREFIX: namePrefix(),
  HOME_REGION: z.optional(region),
  AWS_REGION: z.optional(region),
  ACCOUNT_ID: matching(/^\d{12}$/, 'must be a 12-digit AWS account id'),
  CLOUDTRAIL_LOG_GROUP: nonEmpty,
  ALARM_TOPIC_ARN: arn('sns'),
  ALERTS_FUNCTION_ARN: arn('lambda'),
  HOME_EVENT_BUS_ARN: arn('events'),
  FORWARDING_ROLE_ARN: arn('iam'),
  ACTION_ROLE_ARN: arn('iam'),
  STATE_TABLE: nonEmpty,
  SLACK_BOT_TOKEN: z.optional(nonEmpty),
  SLACK_SECRET_ARN: z.optional(secretArn),
  SLACK_API_URL: z.optional(slackApiUrl),
  SECMON_ALLOWED_REGIONS: allowedRegions,
  SECMON_ADMINS: secmonAdmins(),
  SECMON_IDENTITY_MAP: z._default(z.string(), ''),
  FINDINGS_ACK_NOTIFIED: z._default(z.enum(['true', 'false'], { error: 'must be true or false' }), 'false'),
  ESCALATE_AFTER_MINUTES: escalateAfterMinutes(),
  ...incidentUrlVariables,
});

/** Reads and validates the worker's settings, naming every problem (never a value) at once. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = workerEnvironment.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => describeIssue(issue, env));
  if (!env['SLACK_BOT_TOKEN'] && !env['SLACK_SECRET_ARN']) problems.push('SLACK_BOT_TOKEN or SLACK_SECRET_ARN: one is required');
  if (!env['HOME_REGION'] && !env['AWS_REGION']) problems.push('HOME_REGION (or AWS_REGION): required');
  const identityMap = parseIdentityMap(env['SECMON_IDENTITY_MAP'] ?? '');
  if (!identityMap.ok) problems.push(...identityMap.problems.map((problem) => `SECMON_IDENTITY_MAP: ${problem}`));
  if (env['ORGANIZATION_ID']) {
    for (const name of ['ORG_EVENT_BUS_ARN', 'ORG_EVENTS_QUEUE_ARN', 'TRAIL_ACCOUNT_ID'])
      if (!env[name]) problems.push(`${name}: required with ORGANIZATION_ID`);
  }
  const routing = routingOrProblem(env['ALERT_ROUTING'], problems);
  if (!parsed.success || problems.length > 0)
    throw new SecmonError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`);
  const values = parsed.data;
  return {
    admins: adminsOf(values.SECMON_ADMINS),
    identityMap: identityMap.ok ? identityMap.map : EMPTY_IDENTITY_MAP,
    settings: {
      organization:
        values.ORGANIZATION_ID === undefined
          ? undefined
          : {
              organizationId: values.ORGANIZATION_ID,
              eventBusName: values.ORG_EVENT_BUS_ARN!.split('/').pop()!,
              queueArn: values.ORG_EVENTS_QUEUE_ARN!,
              trailAccountId: values.TRAIL_ACCOUNT_ID!,
              silentAfterMs: values.SILENT_AFTER_HOURS * 3600_000,
              configuredAccounts: routing!.accounts,
            },
      namePrefix: values.SECMON_NAME_PREFIX,
      homeRegion: (values.HOME_REGION ?? values.AWS_REGION)!,
      accountId: values.ACCOUNT_ID,
      cloudTrailLogGroup: values.CLOUDTRAIL_LOG_GROUP,
      alarmTopicArn: values.ALARM_TOPIC_ARN,
      alertsFunctionArn: values.ALERTS_FUNCTION_ARN,
      homeEventBusArn: values.HOME_EVENT_BUS_ARN,
      forwardingRoleArn: values.FORWARDING_ROLE_ARN,
    },
    actionRoleArn: values.ACTION_ROLE_ARN,
    stateTable: values.STATE_TABLE,
    slack:
      values.SLACK_SECRET_ARN !== undefined
        ? { kind: 'secret', secretArn: values.SLACK_SECRET_ARN }
        : { kind: 'token', botToken: values.SLACK_BOT_TOKEN! },
    slackApiUrl: values.SLACK_API_URL === undefined ? undefined : withTrailingSlash(values.SLACK_API_URL),
    allowedRegions: splitList(values.SECMON_ALLOWED_REGIONS),
    findingsAckNotified: values.FINDINGS_ACK_NOTIFIED === 'true',
    escalation: values.ESCALATE_AFTER_MINUTES > 0,
    incidentUrls: incidentUrlsOf(values),
  };
}

/** The routing document, or undefined with its problem added (the loaders report every problem at once). */
function routingOrProblem(text: string | undefined, problems: string[]): RoutingConfig | undefined {
  try {
    return parseRoutingConfig(text);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
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

/**
 * The environment variables each Lambda function's loader reads (required and optional), so the deployment template
 * can be checked to set only names its function reads (test/unit/deploy/template.test.ts).
 */
export const ENVIRONMENT_VARIABLES: Readonly<Record<'alerts' | 'slackApp' | 'worker', readonly string[]>> = Object.freeze({
  alerts: Object.freeze(Object.keys(alertsEnvironment.shape)),
  slackApp: Object.freeze(Object.keys(slackAppEnvironment.shape)),
  worker: Object.freeze(Object.keys(workerEnvironment.shape)),
});
