/**
 * The shapes the alerts Lambda accepts, as zod schemas, and the wording of what is wrong when an input that claims
 * one of these shapes does not have it. Objects are loose: AWS adds fields over time, and unknown fields are kept
 * (never a reason to fail). Only the fields secmon reads are checked.
 */
// zod/mini: the tree-shakable build (full zod was 41% of the alerts bundle and ~30 ms of its cold start).
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { isJsonObject } from '../../cloudtrail/record.js';
import { SecmonError } from '../../errors.js';

// The English issue messages full zod installs when its first schema is made (zod/mini leaves them out): describeIssue
// shows some of them. Like full zod, never replaces a locale already set.
if (!z.config().localeError) z.config(en());

export const ALARM_STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;

const nonEmpty = z.string().check(z.minLength(1));

/** ISO 8601, including CloudWatch's `2026-11-20T10:01:12.345+0000` (offset without a colon). */
export function parseTimestamp(text: string): number {
  return Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

const timestamp = z.string().check(z.refine((text) => !Number.isNaN(parseTimestamp(text)), { error: 'is not a timestamp' }));

/** arn:<partition>:cloudwatch:<region>:<account>:alarm:<name> */
export const ALARM_ARN = /^arn:aws[a-z-]*:cloudwatch:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):alarm:(.+)$/;

// ---- SNS (Lambda event source) ----

export const snsRecordSchema = z.looseObject({
  EventSource: z.literal('aws:sns'),
  Sns: z.looseObject({
    MessageId: nonEmpty,
    Message: z.string(),
    Subject: z.nullish(z.string()),
    TopicArn: z.optional(z.string()),
    Timestamp: z.optional(z.string()),
  }),
});
export type SnsRecord = z.infer<typeof snsRecordSchema>;

// ---- CloudWatch alarm notification (the SNS Message, parsed) ----

const period = z.number().check(z.int(), z.positive());

const metricQuerySchema = z.looseObject({
  Id: z.optional(z.string()),
  Expression: z.optional(z.string()),
  Period: z.optional(period),
  MetricStat: z.nullish(z.looseObject({ Period: z.optional(period) })),
});

const triggerSchema = z.looseObject({
  MetricName: z.nullish(z.string()),
  Namespace: z.nullish(z.string()),
  Statistic: z.nullish(z.string()),
  Period: z.nullish(period),
  EvaluationPeriods: z.nullish(z.number().check(z.int(), z.positive())),
  Threshold: z.nullish(z.number()),
  Metrics: z.nullish(z.array(metricQuerySchema)),
});

export const alarmNotificationSchema = z.looseObject({
  AlarmName: nonEmpty,
  AlarmArn: z
    .string()
    .check(z.regex(ALARM_ARN, { error: 'is not a CloudWatch alarm ARN (arn:aws:cloudwatch:<region>:<account>:alarm:<name>)' })),
  NewStateValue: z.enum(ALARM_STATES),
  StateChangeTime: timestamp,
  // Read when present, never required: their absence costs detail, not meaning.
  OldStateValue: z.nullish(z.string()),
  NewStateReason: z.nullish(z.string()),
  AlarmDescription: z.nullish(z.string()),
  AWSAccountId: z.nullish(z.string()),
  // Composite alarms have no Trigger (they have AlarmRule).
  Trigger: z.nullish(triggerSchema),
});
export type AlarmNotification = z.infer<typeof alarmNotificationSchema>;
export type AlarmTrigger = z.infer<typeof triggerSchema>;

/**
 * Keys only a CloudWatch alarm notification carries. A parsed SNS message with any of them claims to be one, and
 * then must be a valid one; a message with none of them is some other notification.
 */
export const ALARM_MARKERS = ['AlarmName', 'AlarmArn', 'NewStateValue'] as const;

// ---- EventBridge ----

export const envelopeSchema = z.looseObject({
  id: nonEmpty,
  'detail-type': z.string(),
  source: z.optional(z.string()),
  account: z.optional(z.string()),
  time: z.optional(z.string()),
  region: z.optional(z.string()),
  resources: z.optional(z.array(z.unknown())),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const CONFIG_DETAIL_TYPE = 'Config Rules Compliance Change';

export const configDetailSchema = z.looseObject({
  configRuleName: nonEmpty,
  resourceType: nonEmpty,
  resourceId: nonEmpty,
  awsRegion: z.optional(z.string()),
  awsAccountId: z.optional(z.string()),
  newEvaluationResult: z.looseObject({
    complianceType: nonEmpty,
    annotation: z.nullish(z.string()),
    resultRecordedTime: z.nullish(z.string()),
  }),
  oldEvaluationResult: z.nullish(z.looseObject({ complianceType: z.nullish(z.string()) })),
});
export type ConfigDetail = z.infer<typeof configDetailSchema>;

// ---- Issues as sentences ----

/**
 * Parses `input` with `schema`, or throws SecmonError INPUT_INVALID: "<where>: <what is wrong>", naming each
 * offending field by its path (`missing NewStateValue`, `Trigger.Period is a string, expected a number`), prefixed
 * with `pathPrefix` when `input` is part of a larger event (`detail` → `missing detail.configRuleName`).
 */
export function parseOrThrow<T extends z.ZodMiniType>(schema: T, input: unknown, where: string, pathPrefix = ''): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidInput(`${where}: ${describeIssues(result.error, input, pathPrefix)}`, result.error);
}

export function invalidInput(message: string, cause?: unknown): SecmonError {
  return new SecmonError('INPUT_INVALID', message, cause === undefined ? undefined : { cause });
}

const MAX_ISSUES = 3;

export function describeIssues(error: z.core.$ZodError, input: unknown, pathPrefix = ''): string {
  const described = error.issues.slice(0, MAX_ISSUES).map((issue) => describeIssue(issue, input, pathPrefix));
  const more = error.issues.length - MAX_ISSUES;
  return described.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown, pathPrefix: string): string {
  const path = joinPath(pathPrefix, formatPath(issue.path));
  const value = valueAt(input, issue.path);
  const name = path === '' ? 'the input' : path;
  if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return `missing ${name}`;
  switch (issue.code) {
    case 'invalid_type':
      return `${name} is ${typeName(value)}, expected ${article(issue.expected)}`;
    case 'invalid_value':
      return `${name} is ${preview(value)}, expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'too_small':
      return typeof value === 'string' ? `${name} is empty` : `${name} is ${preview(value)}, expected at least ${String(issue.minimum)}`;
    case 'invalid_format':
    case 'custom':
      return `${name} ${preview(value)} ${issue.message}`;
    default:
      return `${name}: ${issue.message}`;
  }
}

function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  if (path === '') return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (typeof key === 'number' && Array.isArray(current)) current = current[key];
    else if (isJsonObject(current) && typeof key === 'string') current = current[key];
    else return undefined;
  }
  return current;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'undefined':
      return 'missing';
    default:
      return article(typeof value);
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

const PREVIEW_LENGTH = 60;

/** A short JSON rendering of a value, for messages. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
}
