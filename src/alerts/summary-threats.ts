/**
 * Summary sentences for the calls of the threats pack (and secmon-tampering's newer calls): "christophe (IAMUser)
 * shared EBS snapshot snap-041 with account 098797384747". Keyed like summary.ts's templates: by event name without
 * Lambda's API version; a name several services share checks the event source and leaves others to the generic
 * sentence. Values are the caller's own, shown as plain text (the renderer escapes them).
 */
import { itemsAt, objectAt, stringAt, type JsonObject } from '../cloudtrail/record.js';
import { afterLast, functionName, keyName, list, plural, portSpec, str, withNames, withParam, type Call, type Template } from './summary-parts.js';

function service(call: Call): string | undefined {
  return stringAt(call.record, 'eventSource');
}

function onlyFor(eventSource: string, template: Template): Template {
  return (call) => (service(call) === eventSource ? template(call) : undefined);
}

/** "shared EBS snapshot snap-1 with account 1, 2" / "made EBS snapshot snap-1 public (and shared it with account 1)". */
function sharing(what: string, idParameter: string, attribute: string): Template {
  return (call) => {
    const id = str(call.params, idParameter);
    if (id === undefined) return undefined;
    const added = itemsAt(call.params, attribute, 'add');
    const accounts = added.map((item) => item['userId']).filter((v): v is string => typeof v === 'string');
    const isPublic = added.some((item) => item['group'] === 'all');
    return sharedSentence(`${what} ${id}`, accounts, isPublic) ?? `changed who may use ${what} ${id}`;
  };
}

function sharedSentence(what: string, accounts: readonly string[], isPublic: boolean): string | undefined {
  const withAccounts = accounts.length === 0 ? '' : `${plural(accounts.length, 'account').replace(/^\d+ /, '')} ${list(accounts)}`;
  if (isPublic) return withAccounts === '' ? `made ${what} public` : `made ${what} public and shared it with ${withAccounts}`;
  return withAccounts === '' ? undefined : `shared ${what} with ${withAccounts}`;
}

function rdsSharing(call: Call): string | undefined {
  const id = str(call.params, 'dBSnapshotIdentifier') ?? str(call.params, 'dBClusterSnapshotIdentifier');
  const values = call.params['valuesToAdd'];
  if (id === undefined || !Array.isArray(values)) return undefined;
  const added = values.filter((v): v is string => typeof v === 'string');
  return sharedSentence(`RDS snapshot ${id}`, added.filter((v) => v !== 'all'), added.includes('all'));
}

/** The new CIDR of a modified security group rule: "changed rule sgr-1 of sg-1 to tcp 22 from 0.0.0.0/0". */
function modifiedRules(call: Call): string | undefined {
  const request = objectAt(call.params, 'ModifySecurityGroupRulesRequest');
  const group = str(request ?? {}, 'GroupId');
  const raw = request?.['SecurityGroupRule'];
  const rules = (Array.isArray(raw) ? raw : [raw]).filter((r): r is JsonObject => typeof r === 'object' && r !== null && !Array.isArray(r));
  if (group === undefined || rules.length === 0) return undefined;
  const parts = rules.map((rule) => {
    const inner = objectAt(rule, 'SecurityGroupRule') ?? {};
    const cidr = str(inner, 'CidrIpv4') ?? str(inner, 'CidrIpv6');
    const protocol = str(inner, 'IpProtocol') ?? String(inner['IpProtocol'] ?? '');
    const spec = protocol === '' ? 'a rule' : portSpec({ ruleId: undefined, protocol, fromPort: num(inner['FromPort']), toPort: num(inner['ToPort']), cidrIpv4: undefined, cidrIpv6: undefined });
    return `${str(rule, 'SecurityGroupRuleId') ?? 'a rule'} to ${spec}${cidr === undefined ? '' : ` from ${cidr}`}`;
  });
  return `changed ${parts.length === 1 ? 'rule' : 'rules'} ${parts.join(', ')} of ${group}`;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function lambdaPermission(call: Call): string | undefined {
  const fn = str(call.params, 'functionName');
  const principal = str(call.params, 'principal');
  if (fn === undefined || principal === undefined) return undefined;
  const action = str(call.params, 'action') ?? 'invoke';
  const who = principal === '*' ? 'anyone' : principal;
  return `allowed ${who} to ${action} on Lambda function ${functionName(fn)}`;
}

function functionUrl(verb: string): Template {
  return (call) => {
    const fn = str(call.params, 'functionName');
    if (fn === undefined) return undefined;
    const auth = str(call.params, 'authType');
    return `${verb} the function URL of Lambda function ${functionName(fn)}${auth === undefined ? '' : ` (auth type ${auth})`}`;
  };
}

function functionConfiguration(call: Call): string | undefined {
  const fn = str(call.params, 'functionName');
  if (fn === undefined) return undefined;
  const layers = call.params['layers'];
  if (Array.isArray(layers) && layers.length > 0) {
    const names = layers.filter((l): l is string => typeof l === 'string').map((arn) => afterLast(arn.replace(/:\d+$/, ''), ':'));
    return `added layer${names.length === 1 ? '' : 's'} ${list(names)} to Lambda function ${functionName(fn)}`;
  }
  return `changed the configuration of Lambda function ${functionName(fn)}`;
}

function userData(call: Call): string | undefined {
  const instance = str(call.params, 'instanceId');
  if (instance === undefined) return undefined;
  const changesUserData = call.params['userData'] !== undefined || str(call.params, 'attribute') === 'userData';
  return changesUserData ? `replaced the user data of instance ${instance}` : `changed an attribute of instance ${instance}`;
}

function resourcePolicy(what: string, nameParameter: string, shape: (value: string) => string = (v) => v): Template {
  return withParam(`set the access policy of ${what} {}`, nameParameter, shape);
}

function flowLogs(call: Call): string | undefined {
  // EC2's newer records wrap the request: DeleteFlowLogsRequest.FlowLogId (one {content} or a list of them).
  const raw = objectAt(call.params, 'DeleteFlowLogsRequest')?.['FlowLogId'] ?? call.params['flowLogIds'];
  const ids = (Array.isArray(raw) ? raw : [raw])
    .map((item) => (typeof item === 'string' ? item : typeof item === 'object' && item !== null ? (item as JsonObject)['content'] : undefined))
    .filter((id): id is string => typeof id === 'string');
  return ids.length === 0 ? 'deleted VPC flow logs' : `deleted VPC flow log${ids.length === 1 ? '' : 's'} ${list(ids)}`;
}

function guardDutyIpSet(call: Call): string | undefined {
  if (call.params['activate'] !== true) return undefined;
  const name = str(call.params, 'name') ?? str(call.params, 'ipSetId');
  return `activated GuardDuty trusted IP list ${name ?? ''}`.trimEnd() + ' (no findings for its addresses)';
}

function guardDutyFilter(call: Call): string | undefined {
  const name = str(call.params, 'filterName') ?? str(call.params, 'name');
  if (str(call.params, 'action') !== 'ARCHIVE') return undefined;
  return `made GuardDuty archive matching findings automatically${name === undefined ? '' : ` (filter ${name})`}`;
}

function parametersRead(call: Call): string | undefined {
  const names = call.params['names'];
  const one = str(call.params, 'name');
  const all = Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : one === undefined ? [] : [one];
  if (all.length === 0) return undefined;
  const decrypted = call.params['withDecryption'] === true ? 'decrypted ' : '';
  return `read ${decrypted}SSM parameter${all.length === 1 ? '' : 's'} ${list(all)}`;
}

const secretName = (value: string) => (value.startsWith('arn:') ? afterLast(value, ':').replace(/-[A-Za-z0-9]{6}$/, '') : value);
const queueName = (url: string) => afterLast(url, '/');
const topicName = (arn: string) => afterLast(arn, ':');

export const THREAT_TEMPLATES: Readonly<Record<string, Template>> = {
  // IAM
  UpdateAssumeRolePolicy: withParam('changed the trust policy of role {}', 'roleName'),
  CreatePolicy: withParam('created IAM policy {}', 'policyName'),
  CreatePolicyVersion: withParam('created a new version of IAM policy {}', 'policyArn', (arn) => afterLast(arn, '/')),
  DeleteLoginProfile: withParam('deleted the console password of user {}', 'userName'),
  // Sharing
  ModifySnapshotAttribute: sharing('EBS snapshot', 'snapshotId', 'createVolumePermission'),
  ModifyImageAttribute: sharing('AMI', 'imageId', 'launchPermission'),
  ModifyDBSnapshotAttribute: rdsSharing,
  ModifyDBClusterSnapshotAttribute: rdsSharing,
  // Resource policies
  SetRepositoryPolicy: resourcePolicy('ECR repository', 'repositoryName'),
  SetTopicAttributes: (call) => {
    const topic = str(call.params, 'topicArn');
    const attribute = str(call.params, 'attributeName');
    if (topic === undefined || attribute === undefined) return undefined;
    return attribute === 'Policy' ? `set the access policy of SNS topic ${topicName(topic)}` : `set ${attribute} of SNS topic ${topicName(topic)}`;
  },
  CreateTopic: withParam('created SNS topic {}', 'name'),
  SetQueueAttributes: withParam('changed the attributes of SQS queue {}', 'queueUrl', queueName),
  CreateQueue: withParam('created SQS queue {}', 'queueName'),
  PutKeyPolicy: withParam('replaced the key policy of KMS key {}', 'keyId', keyName),
  CreateKey: () => 'created a KMS key',
  PutResourcePolicy: onlyFor('secretsmanager.amazonaws.com', resourcePolicy('secret', 'secretId', secretName)),
  AddPermission: onlyFor('lambda.amazonaws.com', lambdaPermission),
  RemovePermission: onlyFor('lambda.amazonaws.com', (call) => {
    const fn = str(call.params, 'functionName');
    if (fn === undefined) return undefined;
    const statement = str(call.params, 'statementId');
    return `removed permission ${statement ?? ''} from Lambda function ${functionName(fn)}`.replace('  ', ' ');
  }),
  CreateDomain: onlyFor('es.amazonaws.com', withParam('created OpenSearch domain {}', 'domainName')),
  UpdateDomainConfig: onlyFor('es.amazonaws.com', withParam('changed the configuration of OpenSearch domain {}', 'domainName')),
  CreateElasticsearchDomain: withParam('created Elasticsearch domain {}', 'domainName'),
  UpdateElasticsearchDomainConfig: withParam('changed the configuration of Elasticsearch domain {}', 'domainName'),
  SetVaultAccessPolicy: resourcePolicy('Glacier vault', 'vaultName'),
  PutFileSystemPolicy: resourcePolicy('EFS file system', 'fileSystemId'),
  // S3 Block Public Access
  PutAccountPublicAccessBlock: () => "changed the account's S3 Block Public Access settings",
  DeleteAccountPublicAccessBlock: () => "removed the account's S3 Block Public Access settings",
  // Lambda
  CreateFunctionUrlConfig: functionUrl('created'),
  UpdateFunctionUrlConfig: functionUrl('changed'),
  UpdateFunctionConfiguration: functionConfiguration,
  // Security services
  DeleteDetector: withParam('deleted GuardDuty detector {}', 'detectorId'),
  UpdateDetector: (call) =>
    call.params['enable'] === false ? `suspended GuardDuty detector ${str(call.params, 'detectorId') ?? ''}`.trimEnd() : undefined,
  DisassociateFromAdministratorAccount: () => 'cut GuardDuty off from its administrator account',
  DisassociateFromMasterAccount: () => 'cut GuardDuty off from its administrator account',
  DisassociateMembers: withNames('disassociated GuardDuty member account{s} {}', 'accountIds'),
  DeleteMembers: withNames('deleted GuardDuty member account{s} {}', 'accountIds'),
  StopMonitoringMembers: withNames('stopped GuardDuty monitoring of member account{s} {}', 'accountIds'),
  CreateIPSet: guardDutyIpSet,
  UpdateIPSet: guardDutyIpSet,
  CreateFilter: onlyFor('guardduty.amazonaws.com', guardDutyFilter),
  UpdateFilter: onlyFor('guardduty.amazonaws.com', guardDutyFilter),
  DisableSecurityHub: () => 'disabled Security Hub',
  BatchDisableStandards: () => 'disabled Security Hub standards',
  DisableImportFindingsForProduct: () => 'stopped Security Hub importing findings from a product',
  DeleteInsight: () => 'deleted a Security Hub insight',
  UpdateFindings: () => 'updated Security Hub findings',
  DeleteAnalyzer: withParam('deleted IAM Access Analyzer analyzer {}', 'analyzerName'),
  DisableMacie: () => 'disabled Macie',
  UpdateMacieSession: (call) => `changed the Macie session${str(call.params, 'status') === undefined ? '' : ` (status ${str(call.params, 'status')})`}`,
  DeleteGraph: () => 'deleted the Detective behavior graph',
  Disable: onlyFor('inspector2.amazonaws.com', () => 'disabled Inspector'),
  // Logs
  DeleteFlowLogs: flowLogs,
  DeleteResolverQueryLogConfig: withParam('deleted Route 53 Resolver query logging configuration {}', 'resolverQueryLogConfigId'),
  DisassociateResolverQueryLogConfig: withParam('stopped Route 53 Resolver query logging for {}', 'resourceId'),
  DeleteLoggingConfiguration: onlyFor('wafv2.amazonaws.com', withParam('deleted the WAF logging configuration of {}', 'resourceArn', (arn) => afterLast(arn, '/'))),
  DeleteEventDataStore: withParam('deleted CloudTrail Lake event data store {}', 'eventDataStore', (v) => afterLast(v, '/')),
  StopEventDataStoreIngestion: withParam('stopped ingestion into CloudTrail Lake event data store {}', 'eventDataStore', (v) => afterLast(v, '/')),
  DeleteLogGroup: withParam('deleted log group {}', 'logGroupName'),
  DeleteSubscriptionFilter: withParam('deleted a subscription filter of log group {}', 'logGroupName'),
  PutRetentionPolicy: (call) => {
    const group = str(call.params, 'logGroupName');
    const days = call.params['retentionInDays'];
    if (group === undefined) return undefined;
    return `set the retention of log group ${group}${typeof days === 'number' ? ` to ${days} days` : ''}`;
  },
  DisableEbsEncryptionByDefault: () => 'turned off EBS encryption by default',
  LeaveOrganization: () => 'took the account out of its AWS Organization',
  EnableRegion: withParam('enabled region {}', 'RegionName'),
  // EventBridge and CloudWatch (secmon's own rules and alarms among others)
  PutRule: (call) => {
    const name = str(call.params, 'name');
    if (name === undefined) return undefined;
    const state = str(call.params, 'state');
    return `put EventBridge rule ${name}${state === undefined ? '' : ` (state ${state})`}`;
  },
  PutMetricAlarm: withParam('rewrote CloudWatch alarm {}', 'alarmName'),
  // Execution and remote access
  ModifyInstanceAttribute: userData,
  ModifySecurityGroupRules: modifiedRules,
  SendSSHPublicKey: (call) => {
    const instance = str(call.params, 'instanceId');
    if (instance === undefined) return undefined;
    const user = str(call.params, 'instanceOSUser');
    return `pushed an SSH key${user === undefined ? '' : ` for ${user}`} to instance ${instance}`;
  },
  SendSerialConsoleSSHPublicKey: withParam('pushed an SSH key to the serial console of instance {}', 'instanceId'),
  EnableSerialConsoleAccess: () => 'enabled EC2 serial console access',
  SendCommand: (call) => {
    const document = str(call.params, 'documentName') ?? 'a command';
    const ids = call.params['instanceIds'];
    const instances = Array.isArray(ids) ? ids.filter((i): i is string => typeof i === 'string') : [];
    return instances.length === 0 ? `ran ${document} through SSM` : `ran ${document} on instance${instances.length === 1 ? '' : 's'} ${list(instances)}`;
  },
  StartSession: withParam('started an SSM session on {}', 'target'),
  // Credentials
  GetFederationToken: withParam('created federation token {}', 'name'),
  CreateTrustAnchor: withParam('created IAM Roles Anywhere trust anchor {}', 'name'),
  UpdateTrustAnchor: withParam('changed IAM Roles Anywhere trust anchor {}', 'trustAnchorId'),
  CreateProfile: onlyFor('rolesanywhere.amazonaws.com', (call) => {
    const name = str(call.params, 'name');
    if (name === undefined) return undefined;
    const roles = call.params['roleArns'];
    const names = Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string').map((r) => afterLast(r, '/')) : [];
    return `created IAM Roles Anywhere profile ${name}${names.length === 0 ? '' : ` for role${names.length === 1 ? '' : 's'} ${list(names)}`}`;
  }),
  GetSecretValue: withParam('read secret {}', 'secretId', secretName),
  BatchGetSecretValue: (call) => {
    const ids = call.params['secretIdList'];
    const named = Array.isArray(ids) ? ids.filter((i): i is string => typeof i === 'string').map(secretName) : [];
    return named.length > 0 ? `read secrets ${list(named)} in one batch` : 'read secrets in bulk (BatchGetSecretValue with filters)';
  },
  GetParameter: parametersRead,
  GetParameters: parametersRead,
  GetPasswordData: withParam('retrieved the Windows password data of instance {}', 'instanceId'),
};
