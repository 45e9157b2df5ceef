import type { CatalogOptions, Monitor } from '../types.js';
import { and, anyOf, ANY_AWS_SOURCE, API_CALL, compactFilter, eq, filter, fromService, ne, or } from './patterns.js';

/**
 * Someone other than secmon's own roles deleting or switching off secmon: its rules, alarms, metric filters, SNS
 * topic and subscriptions, Lambda functions and stack, all named `<namePrefix>-*` (the stack `<namePrefix>` or
 * `<namePrefix>-*`), and the CloudTrail log group its alarm path reads. Failed attempts match too: an attempt on the
 * monitoring is worth knowing about.
 *
 * Who is excluded:
 * - sessions of the trusted roles (`userIdentity.sessionContext.sessionIssuer.userName`), such as the worker that
 *   enables and disables monitors;
 * - calls CloudFormation makes while it deletes or updates the stack (`userIdentity.invokedBy`
 *   "cloudformation.amazonaws.com"): DeleteStack itself is watched, so a teardown alerts once.
 * Both fields are absent for IAM users and root, and `!=` / anything-but never match an absent field, so each
 * exclusion is written "absent, or not that value".
 */

/** How a call names the resource. */
type Target =
  /** A plain resource name. */
  | 'name'
  /** A Lambda function name, ARN or partial ARN (`<account>:function:<name>`), optionally with a qualifier. */
  | 'function'
  /** An SNS topic ARN (`arn:aws:sns:<region>:<account>:<topic>`) or subscription ARN (`...:<topic>:<id>`). */
  | 'snsArn'
  /** A stack name or stack ID (`arn:aws:cloudformation:<region>:<account>:stack/<name>/<id>`). */
  | 'stack'
  /** Exactly the name given (the CloudTrail log group). */
  | { readonly exactly: string };

interface WatchedCall {
  readonly service: string;
  /** Exact event names, or one prefix (Lambda event names carry API versions: `DeleteFunction20150331`). */
  readonly eventName: { readonly exact: readonly string[] } | { readonly prefix: string };
  /** The requestParameters field naming the resource (CloudTrail's camelCase of the API parameter). */
  readonly parameter: string;
  readonly target: Target;
  /** The parameter is a list of names (the filter form tests only the first). */
  readonly list?: true;
  /** Only when the call also sets this requestParameters field to this value (a rule disabled, concurrency 0). */
  readonly setting?: { readonly parameter: string; readonly value: string | number };
  /** Left out of the metric filter (see filterLimitation). */
  readonly eventRuleOnly?: true;
}

function watchedCalls(logGroup: string | undefined): WatchedCall[] {
  return [
    { service: 'events', eventName: { exact: ['DeleteRule', 'DisableRule'] }, parameter: 'name', target: 'name' },
    { service: 'events', eventName: { exact: ['RemoveTargets'] }, parameter: 'rule', target: 'name' },
    {
      service: 'events',
      eventName: { exact: ['PutRule'] },
      parameter: 'name',
      target: 'name',
      setting: { parameter: 'state', value: 'DISABLED' },
      eventRuleOnly: true,
    },
    {
      service: 'monitoring',
      eventName: { exact: ['DeleteAlarms', 'DisableAlarmActions'] },
      parameter: 'alarmNames',
      target: 'name',
      list: true,
    },
    // Rewriting an alarm (a threshold no burst reaches, no actions) silences it as surely as deleting it.
    { service: 'monitoring', eventName: { exact: ['PutMetricAlarm'] }, parameter: 'alarmName', target: 'name', eventRuleOnly: true },
    { service: 'logs', eventName: { exact: ['DeleteMetricFilter'] }, parameter: 'filterName', target: 'name' },
    ...(logGroup === undefined
      ? []
      : [
          {
            service: 'logs',
            eventName: { exact: ['DeleteLogGroup', 'DeleteSubscriptionFilter', 'PutRetentionPolicy'] },
            parameter: 'logGroupName',
            target: { exactly: logGroup },
            eventRuleOnly: true,
          } satisfies WatchedCall,
        ]),
    // DeleteFunction20150331, and DeleteFunctionUrlConfig (the Slack endpoint), DeleteFunctionConcurrency, ...
    { service: 'lambda', eventName: { prefix: 'DeleteFunction' }, parameter: 'functionName', target: 'function' },
    {
      service: 'lambda',
      eventName: { prefix: 'PutFunctionConcurrency' },
      parameter: 'functionName',
      target: 'function',
      setting: { parameter: 'reservedConcurrentExecutions', value: 0 },
      eventRuleOnly: true,
    },
    // Who may invoke secmon's functions: a new permission lets anyone feed them events; a removed one cuts a path.
    { service: 'lambda', eventName: { prefix: 'AddPermission' }, parameter: 'functionName', target: 'function', eventRuleOnly: true },
    { service: 'lambda', eventName: { prefix: 'RemovePermission' }, parameter: 'functionName', target: 'function', eventRuleOnly: true },
    {
      service: 'sns',
      eventName: { exact: ['DeleteTopic'] },
      parameter: 'topicArn',
      target: 'snsArn',
      eventRuleOnly: true,
    },
    {
      service: 'sns',
      eventName: { exact: ['Unsubscribe'] },
      parameter: 'subscriptionArn',
      target: 'snsArn',
      eventRuleOnly: true,
    },
    {
      service: 'cloudformation',
      eventName: { exact: ['DeleteStack'] },
      parameter: 'stackName',
      target: 'stack',
      eventRuleOnly: true,
    },
  ];
}

const CLOUDFORMATION = 'cloudformation.amazonaws.com';
const ISSUER = '$.userIdentity.sessionContext.sessionIssuer.userName';
const INVOKED_BY = '$.userIdentity.invokedBy';

/** EventBridge matchers for the names of `<prefix>-*` resources of a kind. */
function resourceMatchers(target: Target, prefix: string): unknown[] {
  if (typeof target === 'object') return [target.exactly];
  switch (target) {
    case 'name':
      return [{ prefix: `${prefix}-` }];
    case 'function':
      // A name, or an ARN or partial ARN holding `:<prefix>-` (function names contain no ':'): one wildcard instead
      // of a prefix and an ARN form, which the pattern's 2048 characters need.
      return [{ prefix: `${prefix}-` }, { wildcard: `*:${prefix}-*` }];
    case 'snsArn':
      // Topic names contain no ':', so ":<prefix>-" occurs only where the topic name starts.
      return [{ wildcard: `*:${prefix}-*` }];
    case 'stack':
      return [prefix, { prefix: `${prefix}-` }, { wildcard: `*:stack/${prefix}/*` }, { wildcard: `*:stack/${prefix}-*` }];
  }
}

/**
 * The event rule's alternatives: calls that name their resource the same way share one, their event names listed
 * together. No eventSource: the event name and a `<prefix>-*` resource in that very parameter identify the call
 * (another service's call of the same name would at worst alert), and with it the pattern would pass EventBridge's
 * 2048 characters.
 */
function eventBranches(watched: readonly WatchedCall[], prefix: string): Record<string, unknown>[] {
  const branches = new Map<string, { eventName: unknown[]; requestParameters: Record<string, unknown> }>();
  for (const call of watched) {
    const key = JSON.stringify([call.parameter, call.target, call.setting ?? null]);
    const names = 'prefix' in call.eventName ? [{ prefix: call.eventName.prefix }] : [...call.eventName.exact];
    const branch = branches.get(key);
    if (branch !== undefined) {
      branch.eventName.push(...names);
      continue;
    }
    branches.set(key, {
      eventName: names,
      requestParameters: {
        [call.parameter]: resourceMatchers(call.target, prefix),
        ...(call.setting === undefined
          ? {}
          : {
              [call.setting.parameter]:
                typeof call.setting.value === 'number' ? [{ numeric: ['=', call.setting.value] }] : [call.setting.value],
            }),
      },
    });
  }
  return [...branches.values()];
}

/** The metric filter names resources by plain name only (`<prefix>-*`; for Lambda, not by ARN). */
function filterCall(call: WatchedCall, prefix: string): string {
  const names =
    'prefix' in call.eventName ? eq('$.eventName', `${call.eventName.prefix}*`) : anyOf('$.eventName', call.eventName.exact);
  const name = typeof call.target === 'object' ? call.target.exactly : `${prefix}-*`;
  return and(names, eq(`$.requestParameters.${call.parameter}${call.list ? '[0]' : ''}`, name));
}

/** One alternative per service, its eventSource written once. */
function filterCalls(watched: readonly WatchedCall[], prefix: string): string {
  const calls = watched.filter((call) => !call.eventRuleOnly);
  const services = [...new Set(calls.map((call) => call.service))];
  return or(
    ...services.map((service) =>
      and(fromService(service), or(...calls.filter((call) => call.service === service).map((call) => filterCall(call, prefix)))),
    ),
  );
}

export function secmonTampering(options: CatalogOptions): Monitor {
  const prefix = options.namePrefix;
  const watched = watchedCalls(options.cloudTrailLogGroup);
  const logGroup = options.cloudTrailLogGroup === undefined ? '' : `, the CloudTrail log group ${options.cloudTrailLogGroup}`;
  const trusted = options.trustedRoleNames;
  const untrustedIssuer =
    trusted.length === 0 ? [] : [or(`${ISSUER} NOT EXISTS`, and(...trusted.map((name) => ne(ISSUER, name))))];
  return {
    id: 'secmon-tampering',
    title: 'secmon itself deleted or disabled',
    description:
      `Someone outside secmon's own roles deleted, disabled or rewrote secmon's rules, alarms, metric filters, topic, ` +
      `functions or stack (${prefix}-*)${logGroup}: blinding the monitoring before acting.`,
    severity: 'critical',
    packs: ['essentials'],
    // Written without optional spaces: CloudWatch Logs allows 1024 characters and the prefix and role names vary.
    filterPattern: compactFilter(
      filter(
        ...untrustedIssuer,
        or(`${INVOKED_BY} NOT EXISTS`, ne(INVOKED_BY, CLOUDFORMATION)),
        filterCalls(watched, prefix),
      ),
    ),
    // Any AWS source (customers cannot send `aws.` sources; EventBridge's source for CloudWatch's own API calls,
    // monitoring.amazonaws.com, is not documented). Each exclusion is one leaf: its matchers are alternatives, so
    // "absent, or not trusted" is [{exists: false}, {anything-but: [...]}].
    eventPattern: {
      source: [...ANY_AWS_SOURCE],
      'detail-type': [API_CALL],
      detail: {
        userIdentity: {
          ...(trusted.length === 0
            ? {}
            : { sessionContext: { sessionIssuer: { userName: [{ exists: false }, { 'anything-but': [...trusted] }] } } }),
          invokedBy: [{ exists: false }, { 'anything-but': CLOUDFORMATION }],
        },
        $or: eventBranches(watched, prefix),
      },
    },
    // secmon's forwarding rules live in us-east-1 when the stack runs elsewhere.
    ruleRegions: ['home', 'us-east-1'],
    remediations: ['undo'],
    runbook:
      'Find who made the call (userIdentity) and restore secmon by redeploying the stack; until then alerts may ' +
      'be missing, so review CloudTrail directly for what that principal did next.',
    filterLimitation:
      'A metric filter holds at most 1024 characters, so it covers what the alarm path can still report: ' +
      'EventBridge rules deleted, disabled or stripped of targets, alarms deleted or muted (only the first of ' +
      'alarmNames is tested), metric filters deleted and Lambda functions deleted by name. The event rule alone ' +
      'covers functions named by ARN, reserved concurrency set to 0, permissions added to or removed from the ' +
      'functions, rules disabled with PutRule, alarms rewritten with PutMetricAlarm, SNS topic deletion and ' +
      'unsubscription (which cut the alarm notifications themselves), stack deletion, and the deletion, subscription ' +
      'filters and retention of the CloudTrail log group.',
    attack: ['T1562.001'],
    stratus: [],
  };
}
