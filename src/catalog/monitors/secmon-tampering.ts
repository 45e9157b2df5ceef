import type { CatalogOptions, Monitor } from '../types.js';
import { and, anyOf, API_CALL, compactFilter, eq, filter, fromService, ne, or } from './patterns.js';

/**
 * Someone other than secmon's own roles deleting or switching off secmon: its rules, alarms, metric filters, SNS
 * topic and subscriptions, Lambda functions and stack, all named `<namePrefix>-*` (the stack `<namePrefix>` or
 * `<namePrefix>-*`). Failed attempts match too: an attempt on the monitoring is worth knowing about.
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
  | 'stack';

interface WatchedCall {
  readonly service: string;
  /** Exact event names, or one prefix (Lambda event names carry API versions: `DeleteFunction20150331`). */
  readonly eventName: { readonly exact: readonly string[] } | { readonly prefix: string };
  /** The requestParameters field naming the resource (CloudTrail's camelCase of the API parameter). */
  readonly parameter: string;
  readonly target: Target;
  /** The parameter is a list of names (the filter form tests only the first). */
  readonly list?: true;
  /** Only when the call sets reserved concurrency to 0, which stops every invocation. */
  readonly zeroConcurrency?: true;
  /** Left out of the metric filter (see filterLimitation). */
  readonly eventRuleOnly?: true;
}

const WATCHED: readonly WatchedCall[] = [
  { service: 'events', eventName: { exact: ['DeleteRule', 'DisableRule'] }, parameter: 'name', target: 'name' },
  { service: 'events', eventName: { exact: ['RemoveTargets'] }, parameter: 'rule', target: 'name' },
  {
    service: 'monitoring',
    eventName: { exact: ['DeleteAlarms', 'DisableAlarmActions'] },
    parameter: 'alarmNames',
    target: 'name',
    list: true,
  },
  { service: 'logs', eventName: { exact: ['DeleteMetricFilter'] }, parameter: 'filterName', target: 'name' },
  // DeleteFunction20150331, and DeleteFunctionUrlConfig (the Slack endpoint), DeleteFunctionConcurrency, ...
  { service: 'lambda', eventName: { prefix: 'DeleteFunction' }, parameter: 'functionName', target: 'function' },
  {
    service: 'lambda',
    eventName: { prefix: 'PutFunctionConcurrency' },
    parameter: 'functionName',
    target: 'function',
    zeroConcurrency: true,
    eventRuleOnly: true,
  },
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

const CLOUDFORMATION = 'cloudformation.amazonaws.com';
const ISSUER = '$.userIdentity.sessionContext.sessionIssuer.userName';
const INVOKED_BY = '$.userIdentity.invokedBy';

/** EventBridge matchers for the names of `<prefix>-*` resources of a kind. */
function resourceMatchers(target: Target, prefix: string): unknown[] {
  switch (target) {
    case 'name':
      return [{ prefix: `${prefix}-` }];
    case 'function':
      return [{ prefix: `${prefix}-` }, { wildcard: `*:function:${prefix}-*` }];
    case 'snsArn':
      // Topic names contain no ':', so ":<prefix>-" occurs only where the topic name starts.
      return [{ wildcard: `*:${prefix}-*` }];
    case 'stack':
      return [prefix, { prefix: `${prefix}-` }, { wildcard: `*:stack/${prefix}/*` }, { wildcard: `*:stack/${prefix}-*` }];
  }
}

function eventBranch(call: WatchedCall, prefix: string): Record<string, unknown> {
  return {
    eventSource: [`${call.service}.amazonaws.com`],
    eventName: 'prefix' in call.eventName ? [{ prefix: call.eventName.prefix }] : [...call.eventName.exact],
    requestParameters: {
      [call.parameter]: resourceMatchers(call.target, prefix),
      ...(call.zeroConcurrency ? { reservedConcurrentExecutions: [{ numeric: ['=', 0] }] } : {}),
    },
  };
}

/** The metric filter names resources by plain name only (`<prefix>-*`; for Lambda, not by ARN). */
function filterCall(call: WatchedCall, prefix: string): string {
  const names =
    'prefix' in call.eventName ? eq('$.eventName', `${call.eventName.prefix}*`) : anyOf('$.eventName', call.eventName.exact);
  return and(names, eq(`$.requestParameters.${call.parameter}${call.list ? '[0]' : ''}`, `${prefix}-*`));
}

/** One alternative per service, its eventSource written once. */
function filterCalls(prefix: string): string {
  const calls = WATCHED.filter((call) => !call.eventRuleOnly);
  const services = [...new Set(calls.map((call) => call.service))];
  return or(
    ...services.map((service) =>
      and(fromService(service), or(...calls.filter((call) => call.service === service).map((call) => filterCall(call, prefix)))),
    ),
  );
}

export function secmonTampering(options: CatalogOptions): Monitor {
  const prefix = options.namePrefix;
  const trusted = options.trustedRoleNames;
  const untrustedIssuer =
    trusted.length === 0 ? [] : [or(`${ISSUER} NOT EXISTS`, and(...trusted.map((name) => ne(ISSUER, name))))];
  return {
    id: 'secmon-tampering',
    title: 'secmon itself deleted or disabled',
    description:
      `Someone outside secmon's own roles deleted or disabled secmon's rules, alarms, metric filters, topic, ` +
      `functions or stack (${prefix}-*): blinding the monitoring before acting.`,
    severity: 'critical',
    packs: ['essentials'],
    // Written without optional spaces: CloudWatch Logs allows 1024 characters and the prefix and role names vary.
    filterPattern: compactFilter(
      filter(
        ...untrustedIssuer,
        or(`${INVOKED_BY} NOT EXISTS`, ne(INVOKED_BY, CLOUDFORMATION)),
        filterCalls(prefix),
      ),
    ),
    // No `source`: EventBridge's source for CloudWatch's own API calls (monitoring.amazonaws.com) is not
    // documented, and eventSource says the same for every service here. Each exclusion is one leaf: its
    // matchers are alternatives, so "absent, or not trusted" is [{exists: false}, {anything-but: [...]}].
    eventPattern: {
      'detail-type': [API_CALL],
      detail: {
        userIdentity: {
          ...(trusted.length === 0
            ? {}
            : { sessionContext: { sessionIssuer: { userName: [{ exists: false }, { 'anything-but': [...trusted] }] } } }),
          invokedBy: [{ exists: false }, { 'anything-but': CLOUDFORMATION }],
        },
        $or: WATCHED.map((call) => eventBranch(call, prefix)),
      },
    },
    // secmon's forwarding rules live in us-east-1 when the stack runs elsewhere.
    ruleRegions: ['home', 'us-east-1'],
    remediations: [],
    runbook:
      'Find who made the call (userIdentity) and restore secmon by redeploying the stack; until then alerts may ' +
      'be missing, so review CloudTrail directly for what that principal did next.',
    filterLimitation:
      'A metric filter holds at most 1024 characters, so it covers what the alarm path can still report: ' +
      'EventBridge rules deleted, disabled or stripped of targets, alarms deleted or muted (only the first of ' +
      'alarmNames is tested), metric filters deleted and Lambda functions deleted by name. The event rule alone ' +
      "covers functions named by ARN, reserved concurrency set to 0, SNS topic deletion and unsubscription (which " +
      'cut the alarm notifications themselves) and stack deletion.',
  };
}
