/**
 * One sentence of what happened, for the alert headline and the plain-text fallback:
 * "alice (IAMUser) attached AdministratorAccess to role ci-deploy".
 *
 * Every value comes from the event as is: names in CloudTrail records and Config events can be chosen by whoever
 * made the call, so the sentence is plain text and the renderer escapes it.
 */
import { actorOf } from '../cloudtrail/actor.js';
import { objectAt, stringAt } from '../cloudtrail/record.js';
import { resourcesOf } from '../cloudtrail/resources.js';
import { actorLabel } from './activity.js';
import type { AlarmInfo, ComplianceInfo } from './model.js';
import { addedRulesOf } from './revert-target.js';
import { afterLast, functionName, joinAnd, keyName, list, plural, portSpec, str, withNames, withParam, type Call, type Template } from './summary-parts.js';
import { THREAT_TEMPLATES } from './summary-threats.js';

export { portSpec } from './summary-parts.js';

const DENIED = /AccessDenied|Unauthorized/;
/** Lambda event names carry the API version: UpdateFunctionCode20150331v2, DeleteFunction20150331. */
const API_VERSION = /20\d{6}(?:v\d+)?$/;

export function summariseRecord(record: unknown): string {
  const actor = actorLabel(actorOf(record));
  const eventName = stringAt(record, 'eventName') ?? 'an unknown call';
  const base = eventName.replace(API_VERSION, '');
  const action = `${serviceOf(stringAt(record, 'eventSource'))}:${base}`;

  // ConsoleLogin failures carry errorMessage but no errorCode; its template says so itself.
  const errorCode = stringAt(record, 'errorCode');
  if (errorCode !== undefined && eventName !== 'ConsoleLogin') {
    return DENIED.test(errorCode) ? `${actor} was denied ${action} (${errorCode})` : `${actor} called ${action}, which failed (${errorCode})`;
  }

  const call: Call = {
    name: eventName,
    params: objectAt(record, 'requestParameters') ?? {},
    response: objectAt(record, 'responseElements') ?? {},
    record,
  };
  const template = Object.hasOwn(TEMPLATES, base) ? TEMPLATES[base] : undefined;
  const specific = template?.(call);
  if (specific !== undefined) return `${actor} ${specific}`;

  const resources = resourcesOf(record);
  return resources.length > 0 ? `${actor} called ${action} on ${list(resources)}` : `${actor} called ${action}`;
}

/** "Alarm secmon-root-activity is ALARM: 2 matching events", "Alarm x is OK (was ALARM)". */
export function summariseAlarm(alarm: AlarmInfo, matchingEvents: number | undefined): string {
  const head = `Alarm ${alarm.name} is ${alarm.state}`;
  switch (alarm.state) {
    case 'ALARM':
      if (matchingEvents !== undefined) return `${head}: ${plural(matchingEvents, 'matching event')}`;
      return alarm.previousState ? `${head} (was ${alarm.previousState})` : head;
    case 'OK':
      return alarm.previousState ? `${head} (was ${alarm.previousState})` : head;
    case 'INSUFFICIENT_DATA':
      return `${head}: not enough data to evaluate`;
  }
}

/** "Config rule s3-bucket-public-read-prohibited found AWS::S3::Bucket orders-exports NON_COMPLIANT". */
export function summariseCompliance(info: ComplianceInfo): string {
  return `Config rule ${info.ruleName} found ${info.resourceType} ${info.resourceId} ${info.complianceType}`;
}


/** "opened tcp 22 on sg-0abc to 0.0.0.0/0"; several port ranges: "opened tcp 22 to 0.0.0.0/0 and tcp 443 to ::/0 on sg-0abc". */
function openedIngress(call: Call): string | undefined {
  const group = str(call.params, 'groupId') ?? str(call.params, 'groupName');
  const rules = addedRulesOf(call.record);
  if (group === undefined) return undefined;
  const bySpec = new Map<string, string[]>();
  for (const rule of rules) {
    const cidr = rule.cidrIpv4 ?? rule.cidrIpv6;
    if (cidr === undefined) continue;
    const spec = portSpec(rule);
    bySpec.set(spec, [...(bySpec.get(spec) ?? []), cidr]);
  }
  if (bySpec.size === 0) return `added ingress rules to ${group}`;
  const parts = [...bySpec].map(([spec, cidrs]) => ({ spec, cidrs: cidrs.join(', ') }));
  if (parts.length === 1) return `opened ${parts[0]!.spec} on ${group} to ${parts[0]!.cidrs}`;
  return `opened ${joinAnd(parts.map((part) => `${part.spec} to ${part.cidrs}`))} on ${group}`;
}

function consoleLogin(call: Call): string | undefined {
  const result = str(call.response, 'ConsoleLogin');
  if (result === 'Failure') return 'failed to sign in to the console';
  if (result !== 'Success') return undefined;
  const mfa = stringAt(call.record, 'additionalEventData', 'MFAUsed');
  if (mfa === 'Yes') return 'signed in to the console with MFA';
  if (mfa === 'No') return 'signed in to the console without MFA';
  return 'signed in to the console';
}

function attachPolicy(kind: 'user' | 'role' | 'group', verb: 'attached' | 'detached'): Template {
  return (call) => {
    const policy = str(call.params, 'policyArn');
    const target = str(call.params, `${kind}Name`);
    if (policy === undefined || target === undefined) return undefined;
    return `${verb} ${afterLast(policy, '/')} ${verb === 'attached' ? 'to' : 'from'} ${kind} ${target}`;
  };
}

function inlinePolicy(kind: 'user' | 'role' | 'group', verb: 'put' | 'deleted'): Template {
  return (call) => {
    const policy = str(call.params, 'policyName');
    const target = str(call.params, `${kind}Name`);
    if (policy === undefined || target === undefined) return undefined;
    return verb === 'put' ? `put inline policy ${policy} on ${kind} ${target}` : `deleted inline policy ${policy} of ${kind} ${target}`;
  };
}

const TEMPLATES: Readonly<Record<string, Template>> = {
  ConsoleLogin: consoleLogin,
  // IAM
  AttachUserPolicy: attachPolicy('user', 'attached'),
  AttachRolePolicy: attachPolicy('role', 'attached'),
  AttachGroupPolicy: attachPolicy('group', 'attached'),
  DetachUserPolicy: attachPolicy('user', 'detached'),
  DetachRolePolicy: attachPolicy('role', 'detached'),
  DetachGroupPolicy: attachPolicy('group', 'detached'),
  PutUserPolicy: inlinePolicy('user', 'put'),
  PutRolePolicy: inlinePolicy('role', 'put'),
  PutGroupPolicy: inlinePolicy('group', 'put'),
  DeleteUserPolicy: inlinePolicy('user', 'deleted'),
  DeleteRolePolicy: inlinePolicy('role', 'deleted'),
  DeleteGroupPolicy: inlinePolicy('group', 'deleted'),
  DeactivateMFADevice: (call) => {
    const serial = str(call.params, 'serialNumber');
    const user = str(call.params, 'userName');
    if (serial === undefined) return undefined;
    return user === undefined ? `deactivated MFA device ${serial}` : `deactivated MFA device ${serial} of user ${user}`;
  },
  DeleteVirtualMFADevice: withParam('deleted virtual MFA device {}', 'serialNumber'),
  CreateAccessKey: (call) => {
    const key = stringAt(call.response, 'accessKey', 'accessKeyId');
    const user = str(call.params, 'userName');
    const what = key === undefined ? 'an access key' : `access key ${key}`;
    return user === undefined ? `created ${what}` : `created ${what} for user ${user}`;
  },
  CreateUser: withParam('created IAM user {}', 'userName'),
  CreateLoginProfile: withParam('created a console password for user {}', 'userName'),
  UpdateLoginProfile: withParam('changed the console password of user {}', 'userName'),
  // AWS Config
  StopConfigurationRecorder: withParam('stopped AWS Config recorder {}', 'configurationRecorderName'),
  DeleteConfigurationRecorder: withParam('deleted AWS Config recorder {}', 'configurationRecorderName'),
  DeleteDeliveryChannel: withParam('deleted AWS Config delivery channel {}', 'deliveryChannelName'),
  // SNS
  DeleteTopic: withParam('deleted SNS topic {}', 'topicArn', (arn) => afterLast(arn, ':')),
  Unsubscribe: withParam('removed SNS subscription {}', 'subscriptionArn'),
  // S3
  PutBucketPolicy: withParam('replaced the bucket policy of {}', 'bucketName'),
  DeleteBucketPolicy: withParam('deleted the bucket policy of {}', 'bucketName'),
  PutBucketAcl: withParam('changed the ACL of bucket {}', 'bucketName'),
  PutBucketPublicAccessBlock: withParam('changed the public access block of bucket {}', 'bucketName'),
  DeleteBucketPublicAccessBlock: withParam('removed the public access block of bucket {}', 'bucketName'),
  // EC2
  AuthorizeSecurityGroupIngress: openedIngress,
  // CloudTrail (trail names may be given as ARNs: arn:aws:cloudtrail:<r>:<a>:trail/<name>)
  StopLogging: withParam('stopped CloudTrail logging on trail {}', 'name', trailName),
  StartLogging: withParam('started CloudTrail logging on trail {}', 'name', trailName),
  DeleteTrail: withParam('deleted CloudTrail trail {}', 'name', trailName),
  UpdateTrail: withParam('updated CloudTrail trail {}', 'name', trailName),
  CreateTrail: withParam('created CloudTrail trail {}', 'name', trailName),
  PutEventSelectors: withParam('changed the event selectors of CloudTrail trail {}', 'trailName', trailName),
  // KMS
  ScheduleKeyDeletion: (call) => {
    const key = str(call.params, 'keyId');
    if (key === undefined) return undefined;
    // PendingWindowInDays defaults to 30.
    const days = call.params['pendingWindowInDays'];
    return `scheduled KMS key ${keyName(key)} for deletion in ${typeof days === 'number' ? days : 30} days`;
  },
  DisableKey: withParam('disabled KMS key {}', 'keyId', keyName),
  CancelKeyDeletion: withParam('cancelled the deletion of KMS key {}', 'keyId', keyName),
  // EventBridge, CloudWatch, CloudWatch Logs, CloudFormation (secmon's own resources among others)
  DeleteRule: withParam('deleted EventBridge rule {}', 'name'),
  DisableRule: withParam('disabled EventBridge rule {}', 'name'),
  RemoveTargets: withParam('removed targets from EventBridge rule {}', 'rule'),
  DeleteAlarms: withNames('deleted CloudWatch alarm{s} {}', 'alarmNames'),
  DisableAlarmActions: withNames('disabled the actions of CloudWatch alarm{s} {}', 'alarmNames'),
  DeleteMetricFilter: (call) => {
    const filter = str(call.params, 'filterName');
    const group = str(call.params, 'logGroupName');
    if (filter === undefined) return undefined;
    return group === undefined ? `deleted metric filter ${filter}` : `deleted metric filter ${filter} of log group ${group}`;
  },
  DeleteStack: withParam('deleted CloudFormation stack {}', 'stackName', stackName),
  // Lambda (looked up without the API version: UpdateFunctionCode20150331v2 → UpdateFunctionCode)
  UpdateFunctionCode: withParam('updated the code of Lambda function {}', 'functionName', functionName),
  DeleteFunction: withParam('deleted Lambda function {}', 'functionName', functionName),
  DeleteFunctionUrlConfig: withParam('deleted the function URL of Lambda function {}', 'functionName', functionName),
  DeleteFunctionConcurrency: withParam('removed the reserved concurrency of Lambda function {}', 'functionName', functionName),
  PutFunctionConcurrency: (call) => {
    const fn = str(call.params, 'functionName');
    const limit = call.params['reservedConcurrentExecutions'];
    if (fn === undefined || typeof limit !== 'number') return undefined;
    const note = limit === 0 ? ' (it can no longer run)' : '';
    return `set the reserved concurrency of Lambda function ${functionName(fn)} to ${limit}${note}`;
  },
  // The threats pack's calls (and the secmon-tampering calls added with it).
  ...THREAT_TEMPLATES,
};

function serviceOf(eventSource: string | undefined): string {
  if (eventSource === undefined) return 'unknown';
  const dot = eventSource.indexOf('.');
  return dot === -1 ? eventSource : eventSource.slice(0, dot);
}

function trailName(value: string): string {
  return value.startsWith('arn:') && value.includes(':trail/') ? afterLast(value, '/') : value;
}

/** Stack ID `arn:…:stack/<name>/<uuid>` → name. */
function stackName(value: string): string {
  const match = /^arn:[^:]+:cloudformation:[^:]*:[^:]*:stack\/([^/]+)\//.exec(value);
  return match ? match[1]! : value;
}

