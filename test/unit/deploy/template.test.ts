import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { workerPolicy } from '../../../src/actions/registry.js';
import { ENVIRONMENT_VARIABLES, loadAlertsConfig, loadSlackAppConfig, loadWorkerConfig } from '../../../src/config.js';
import { READ_OPERATIONS, STATE_ACCESS, WRITE_OPERATIONS, type StateFunction, type StateOperation } from '../../../src/store/access.js';
import { JOB_VALIDITY_MS } from '../../../src/store/jobs/jobs.js';
import { REVERT_LEASES } from '../../../src/store/remediations/remediations.js';
import {
  attributesOf,
  checkResource,
  createResolver,
  intrinsicName,
  isObject,
  loadTemplate,
  PSEUDO_PARAMETERS,
  ROOT,
  SAMPLE,
  specDatabase,
  subPlaceholders,
  subText,
  walk,
  type SpecDatabase,
  type Template,
  type TemplateResource,
} from './template-model.js';

const template = loadTemplate();
const resources = template.Resources;
const FUNCTIONS = { AlertsFunction: 'alerts', SlackFunction: 'slack', WorkerFunction: 'worker' } as const;
type FunctionId = keyof typeof FUNCTIONS;

/** Sample parameter values: the required ones, and one run per choice the Conditions make. */
const REQUIRED_PARAMETERS = { SlackChannelId: 'C0SECMON01', CloudTrailLogGroup: 'aws-cloudtrail-logs-111122223333' };
const PARAMETER_SETS: Record<string, Record<string, string>> = {
  'defaults (stack creates the secret)': { ...REQUIRED_PARAMETERS },
  'existing secret, bot ids, admins, ops e-mail': {
    ...REQUIRED_PARAMETERS,
    SlackSecretArn: `arn:aws:secretsmanager:${SAMPLE.region}:${SAMPLE.account}:secret:team/secmon-Xy12Ab`,
    SlackBotId: 'B0SECMON01',
    SlackBotUserId: 'U0SECMON01',
    SecmonAdmins: 'U0ADMIN001,S0SECURITY1',
    OpsEmail: 'ops@example.com',
    NamePrefix: 'acme-sec',
  },
  'organization: trail and directory in the management account, routing, access portal': {
    ...REQUIRED_PARAMETERS,
    OrganizationId: 'o-a1b2c3d4e5',
    TrailAccountId: '999988887777',
    OrgDirectoryRoleArn: 'arn:aws:iam::999988887777:role/secmon-org-directory',
    SsoStartUrl: 'https://acme.awsapps.com/start',
    AlertRouting: JSON.stringify({ routes: [{ channel: 'C0PROD0001', ous: ['Workloads/Prod'] }] }),
  },
  'organization: this account owns the trail and reads Organizations itself': { ...REQUIRED_PARAMETERS, OrganizationId: 'o-a1b2c3d4e5' },
};

/**
 * Where the specification's (legacy) SAM section disagrees with SAM itself: SAM's EventInvokeConfig documentation marks
 * DestinationConfig's OnSuccess and OnFailure both "Required: No", and SAM accepts an OnFailure alone.
 */
const SPEC_ERRATA = ['Properties.EventInvokeConfig.DestinationConfig.OnSuccess: required'];
const RESOURCE_KEYS = ['Type', 'Properties', 'Condition', 'DependsOn', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy'];

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function roleStatements(roleId: string): Statement[] {
  const role = resources[roleId];
  expect(role?.Type, `${roleId} is an IAM role`).toBe('AWS::IAM::Role');
  const policies = (role!.Properties!['Policies'] ?? []) as { PolicyDocument: { Statement: Statement[] } }[];
  expect(role!.Properties!['ManagedPolicyArns'], `${roleId} has no managed policies`).toBeUndefined();
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

/** Every IAM statement in the template: role policies, trust policies, topic/queue policies. */
function allStatements(t: Template): { where: string; statement: Statement }[] {
  const found: { where: string; statement: Statement }[] = [];
  walk(t.Resources, (value, path) => {
    if (isObject(value) && Array.isArray(value['Statement'])) {
      for (const statement of value['Statement'] as Statement[]) found.push({ where: path, statement });
    }
  });
  return found;
}

/** A statement's Resource as Fn::Sub texts or plain strings (other intrinsics kept as JSON). */
function resourceTexts(resource: unknown): string[] {
  return list(resource as unknown[]).map((item) => {
    if (typeof item === 'string') return item;
    if (intrinsicName(item) === 'Fn::Sub') return subText((item as Record<string, unknown>)['Fn::Sub']).text;
    return JSON.stringify(item);
  });
}

function functionRole(functionId: FunctionId): string {
  const role = resources[functionId]!.Properties!['Role'] as { 'Fn::GetAtt': [string, string] };
  expect(role['Fn::GetAtt'][1]).toBe('Arn');
  return role['Fn::GetAtt'][0];
}

const SECRET_REF = { 'Fn::If': ['CreateSlackSecret', { Ref: 'SlackSecret' }, { Ref: 'SlackSecretArn' }] };
const TABLE_ARN = { 'Fn::GetAtt': ['StateTable', 'Arn'] };
const ROLE_OF_FUNCTION: Record<StateFunction, FunctionId> = { alerts: 'AlertsFunction', slack: 'SlackFunction', worker: 'WorkerFunction' };

interface ExpectedStatement {
  readonly actions: string[];
  readonly resource: unknown;
  readonly condition?: unknown;
}

/**
 * What src/store/access.ts says a function may do on the state table, as IAM statements: one per operation, on the
 * table, scoped with dynamodb:LeadingKeys to the kinds (`<kind>#*`) it performs that operation on.
 */
function stateStatements(fn: StateFunction): ExpectedStatement[] {
  const access = STATE_ACCESS[fn] as Readonly<Record<string, readonly StateOperation[]>>;
  return [...READ_OPERATIONS, ...WRITE_OPERATIONS].flatMap((operation) => {
    const kinds = Object.keys(access).filter((kind) => access[kind]!.includes(operation));
    if (kinds.length === 0) return [];
    return [{ actions: [`dynamodb:${operation}`], resource: TABLE_ARN, condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': kinds.map((kind) => `${kind}#*`).sort() } } }];
  });
}

/**
 * What each execution role may hold, statement by statement: the actions allowed on each exact resource. Anything
 * else in the role fails the test, and so does anything here the role lacks (except where marked optional).
 */
function expectedExecutionRole(name: StateFunction, extra: ExpectedStatement[]): ExpectedStatement[] {
  return [
    {
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resource: { 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/\${NamePrefix}-${name}:*` },
    },
    // X-Ray has no resource-level permissions (service authorization reference): * is the only resource possible.
    { actions: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], resource: '*' },
    ...stateStatements(name),
    { actions: ['secretsmanager:GetSecretValue'], resource: SECRET_REF },
    ...extra,
  ];
}

function expectRoleToHoldExactly(roleId: string, expected: ExpectedStatement[]) {
  const statements = roleStatements(roleId);
  const actual = statements.map((s) => {
    expect(s.Effect, `${roleId} ${s.Sid ?? ''}`).toBe('Allow');
    return { actions: list(s.Action).slice().sort(), resource: s.Resource, condition: s.Condition };
  });
  const sortedKeys = (condition: unknown) => {
    const leading = (condition as { 'ForAllValues:StringLike'?: { 'dynamodb:LeadingKeys'?: string[] } } | undefined)?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
    return leading === undefined ? condition : { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leading.slice().sort() } };
  };
  const normalise = (items: ExpectedStatement[]) =>
    items.map((item) => JSON.stringify({ actions: item.actions.slice().sort(), resource: item.resource, condition: sortedKeys(item.condition) })).sort();
  expect(normalise(actual)).toEqual(normalise(expected));
}

describe('template.yaml: structure', () => {
  let db: SpecDatabase;
  beforeAll(() => {
    db = specDatabase();
  });

  it('parses with its CloudFormation tags as a SAM template', () => {
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    // !Sub / !Ref / !GetAtt / !If became their long forms.
    expect(resources['AlertsFunction']?.Properties?.['FunctionName']).toEqual({ 'Fn::Sub': '${NamePrefix}-alerts' });
  });

  it('uses only resource types and properties of the CloudFormation resource specification', () => {
    const problems: string[] = [];
    for (const [id, resource] of Object.entries(resources)) {
      for (const key of Object.keys(resource)) if (!RESOURCE_KEYS.includes(key)) problems.push(`${id}: unknown resource attribute ${key}`);
      problems.push(...checkResource(db, id, resource).filter((problem) => !SPEC_ERRATA.includes(problem.replace(/^\w+\./, ''))));
    }
    expect(problems).toEqual([]);
  });

  it('the specification check catches an unknown type, an unknown property, a wrong shape and a missing required property', () => {
    const broken: Record<string, TemplateResource> = {
      A: { Type: 'AWS::Lambda::Nothing' },
      B: { Type: 'AWS::SQS::Queue', Properties: { QueueNam: 'x' } },
      C: { Type: 'AWS::Serverless::Function', Properties: { EventInvokeConfig: { DestinationConfig: { OnFailure: { Typ: 'SQS' } } } } },
      D: { Type: 'AWS::Lambda::Url', Properties: { AuthType: 'NONE' } },
      E: { Type: 'AWS::SQS::Queue', Properties: { DelaySeconds: [1] } },
    };
    const problems = Object.entries(broken).map(([id, resource]) => checkResource(db, id, resource).join('; '));
    expect(problems[0]).toMatch(/not in the CloudFormation specification/);
    expect(problems[1]).toMatch(/QueueNam: no such property/);
    expect(problems[2]).toMatch(/OnFailure\.Typ: no such property/);
    expect(problems[3]).toMatch(/TargetFunctionArn: required/);
    expect(problems[4]).toMatch(/DelaySeconds: expected a number/);
  });

  it('resolves every Ref, GetAtt, Sub placeholder, Condition and DependsOn', () => {
    const parameters = new Set(Object.keys(template.Parameters));
    const logicalIds = new Set(Object.keys(resources));
    const conditions = new Set(Object.keys(template.Conditions));
    const pseudo = new Set<string>(PSEUDO_PARAMETERS);
    const problems: string[] = [];
    const checkName = (name: string, path: string) => {
      if (!parameters.has(name) && !logicalIds.has(name) && !pseudo.has(name)) problems.push(`${path}: ${name} is not a parameter, resource or pseudo parameter`);
    };
    const checkGetAtt = (logicalId: string, attribute: string, path: string) => {
      const resource = resources[logicalId];
      if (resource === undefined) problems.push(`${path}: GetAtt of unknown resource ${logicalId}`);
      else if (!attributesOf(db, resource.Type).includes(attribute)) problems.push(`${path}: ${resource.Type} has no attribute ${attribute}`);
    };
    walk({ Resources: resources, Outputs: template.Outputs, Conditions: template.Conditions }, (value, path) => {
      const fn = intrinsicName(value);
      if (fn === undefined) return;
      const argument = (value as Record<string, unknown>)[fn];
      if (fn === 'Ref') checkName(String(argument), path);
      if (fn === 'Fn::GetAtt') {
        const [logicalId, attribute] = Array.isArray(argument) ? argument.map(String) : String(argument).split('.');
        checkGetAtt(logicalId!, attribute!, path);
      }
      if (fn === 'Fn::Sub') {
        const { text, variables } = subText(argument);
        for (const name of subPlaceholders(text)) {
          if (name in variables) continue;
          if (name.includes('.') && !name.startsWith('AWS::')) checkGetAtt(name.split('.')[0]!, name.split('.').slice(1).join('.'), path);
          else checkName(name, path);
        }
      }
      if (fn === 'Fn::If' || fn === 'Condition') {
        const name = String(Array.isArray(argument) ? argument[0] : argument);
        if (!conditions.has(name)) problems.push(`${path}: unknown condition ${name}`);
      }
    });
    for (const [id, resource] of Object.entries(resources)) {
      if (resource.Condition !== undefined && !conditions.has(resource.Condition)) problems.push(`${id}: unknown condition ${resource.Condition}`);
      for (const dependency of list(resource.DependsOn)) if (!logicalIds.has(dependency)) problems.push(`${id}: DependsOn unknown ${dependency}`);
    }
    expect(problems).toEqual([]);
  });

  it('resolves to concrete values for each combination of conditions (no cycle-free value left unresolved)', () => {
    for (const [label, parameters] of Object.entries(PARAMETER_SETS)) {
      const { evaluate } = createResolver(template, { parameters });
      expect(() => evaluate(template.Outputs), label).not.toThrow();
      for (const id of Object.keys(FUNCTIONS)) expect(() => evaluate(resources[id]!.Properties), `${label}: ${id}`).not.toThrow();
    }
  });
});

describe('template.yaml: functions', () => {
  it.each(Object.entries(FUNCTIONS))('%s: nodejs22.x on arm64, traced, named <prefix>-%s, its own role', (id, name) => {
    const fn = resources[id]!;
    expect(fn.Type).toBe('AWS::Serverless::Function');
    expect(fn.Properties).toMatchObject({
      FunctionName: { 'Fn::Sub': `\${NamePrefix}-${name}` },
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Tracing: 'Active',
      CodeUri: '.',
    });
    expect(resources[functionRole(id as FunctionId)]?.Type).toBe('AWS::IAM::Role');
    // No SAM-generated policies or events: every permission and trigger is declared (and checked) here.
    for (const key of ['Policies', 'Events', 'FunctionUrlConfig']) expect(fn.Properties?.[key], key).toBeUndefined();
  });

  /** The handler file of a function, checked to exist and export `handler`, and named by the Handler property. */
  function checkHandler(id: string, entry: string): void {
    const file = fileURLToPath(new URL(entry, ROOT));
    expect(existsSync(file), entry).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^export const handler\b/m);
    // The bundle is named after the entry point: handlers/alerts.ts -> alerts.mjs, handler alerts.handler.
    expect(resources[id]!.Properties?.['Handler']).toBe(`${basename(entry, extname(entry))}.handler`);
  }

  it.each(Object.keys(FUNCTIONS))('%s: built by the Makefile target sam build runs, with the project build script', (id) => {
    // Not SAM's esbuild builder: it runs `npm install --omit=dev` in its copy of the project (no esbuild there, so it
    // needs a global esbuild) and cannot alias the packages the Slack function leaves out.
    expect(resources[id]!.Metadata).toEqual({ BuildMethod: 'makefile' });
    const entry = `handlers/${FUNCTIONS[id as FunctionId]}.ts`;
    const makefile = readFileSync(new URL('Makefile', ROOT), 'utf8');
    const recipe = new RegExp(`^build-${id}:\\n\\t(.+)$`, 'm').exec(makefile);
    expect(recipe, `Makefile target build-${id}`).not.toBeNull();
    expect(recipe![1]).toBe(`node scripts/build-lambda.js ${entry} "$(ARTIFACTS_DIR)"`);
    checkHandler(id, entry);
  });

  it('leaves unused packages out of the Slack function only', async () => {
    const { UNUSED_PACKAGES } = (await import(new URL('scripts/lib/lambda-build.js', ROOT).href)) as {
      UNUSED_PACKAGES: Record<string, readonly string[]>;
    };
    expect(Object.keys(UNUSED_PACKAGES)).toEqual(['handlers/slack.ts']);
  });

  it.each(Object.entries(FUNCTIONS))('%s: its own log group /aws/lambda/<prefix>-%s with the retention parameter, created first', (id, name) => {
    const groups = Object.entries(resources).filter(
      ([, r]) => r.Type === 'AWS::Logs::LogGroup' && JSON.stringify(r.Properties?.['LogGroupName']) === JSON.stringify({ 'Fn::Sub': `/aws/lambda/\${NamePrefix}-${name}` }),
    );
    expect(groups).toHaveLength(1);
    const [groupId, group] = groups[0]!;
    expect(group.Properties?.['RetentionInDays']).toEqual({ Ref: 'LogRetentionDays' });
    expect(list(resources[id]!.DependsOn)).toContain(groupId);
  });

  it('asynchronous invocations: alerts retried twice, the worker never; failures go to the encrypted dead-letter queue', () => {
    const config = (id: FunctionId) => resources[id]!.Properties?.['EventInvokeConfig'] as Record<string, unknown>;
    const toQueue = { OnFailure: { Type: 'SQS', Destination: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } } };
    expect(config('AlertsFunction')).toMatchObject({ MaximumRetryAttempts: 2, DestinationConfig: toQueue });
    expect(config('WorkerFunction')).toMatchObject({ MaximumRetryAttempts: 0, DestinationConfig: toQueue });
    expect(resources['DeadLetterQueue']).toMatchObject({ Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true } });
  });

  it("the worker's limits and the leases and validity of its jobs agree: a claim outlives the timeout, a job the event age", () => {
    const worker = resources['WorkerFunction']!.Properties!;
    const timeoutMs = Number(worker['Timeout']) * 1000;
    // A claim older than its lease belongs to a dead worker: the lease must outlive the worker's timeout.
    expect(REVERT_LEASES.claimMs).toBeGreaterThan(timeoutMs);
    // Lambda drops an asynchronous event older than this: a job waits exactly as long, then expires.
    expect(JOB_VALIDITY_MS).toBe(Number((worker['EventInvokeConfig'] as Record<string, unknown>)['MaximumEventAgeInSeconds']) * 1000);
  });

  it('the Slack function is behind a public Function URL (Slack signs requests), invocable only through it', () => {
    const urls = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Url');
    expect(urls).toEqual([{ Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: { 'Fn::GetAtt': ['SlackFunction', 'Arn'] }, AuthType: 'NONE' } }]);
    const permissions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission' && r.Properties?.['Principal'] === '*');
    expect(permissions.map((p) => p.Properties).sort((a, b) => String(a?.['Action']).localeCompare(String(b?.['Action'])))).toEqual([
      { FunctionName: { Ref: 'SlackFunction' }, Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true },
      { FunctionName: { Ref: 'SlackFunction' }, Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' },
    ]);
  });

  it('the alerts function is invoked by the alarm topic, by run-time rules <prefix>-* and by the one-minute sweep', () => {
    const permissions = Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::Permission' && JSON.stringify(r.Properties?.['FunctionName']) === '{"Ref":"AlertsFunction"}')
      .map((r) => r.Properties!);
    expect(permissions).toContainEqual({ FunctionName: { Ref: 'AlertsFunction' }, Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com', SourceArn: { Ref: 'AlarmTopic' } });
    // Lambda compares SourceArn with StringLike (AddPermission API reference), so a wildcard rule ARN is accepted.
    expect(permissions).toContainEqual({
      FunctionName: { Ref: 'AlertsFunction' },
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${NamePrefix}-*' },
    });
    expect(Object.values(resources)).toContainEqual({
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': ['AlertsFunction', 'Arn'] } },
    });
    const schedules = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Events::Rule' && r.Properties?.['ScheduleExpression'] !== undefined);
    expect(schedules).toHaveLength(1);
    const [scheduleId, schedule] = schedules[0]!;
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'rate(1 minute)', State: 'ENABLED', Targets: [{ Arn: { 'Fn::GetAtt': ['AlertsFunction', 'Arn'] } }] });
    expect(permissions).toContainEqual(expect.objectContaining({ Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': [scheduleId, 'Arn'] } }));
  });

  it('the state table: on demand, TTL on expiresAt, point-in-time recovery', () => {
    expect(resources['StateTable']?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('self-monitoring: alarms on the dead-letter queue depth and on each function\'s errors notify the ops topic', () => {
    const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties!);
    const watched = alarms.map((a) => ({
      metric: `${String(a['Namespace'])}/${String(a['MetricName'])}`,
      subject: JSON.stringify((a['Dimensions'] as { Value: unknown }[])[0]!.Value),
      actions: a['AlarmActions'],
    }));
    const ops = [{ Ref: 'OpsTopic' }];
    expect(watched).toContainEqual({ metric: 'AWS/SQS/ApproximateNumberOfMessagesVisible', subject: JSON.stringify({ 'Fn::GetAtt': ['DeadLetterQueue', 'QueueName'] }), actions: ops });
    for (const id of Object.keys(FUNCTIONS)) expect(watched).toContainEqual({ metric: 'AWS/Lambda/Errors', subject: JSON.stringify({ Ref: id }), actions: ops });
  });

  it('Slack credentials come from Secrets Manager: the given secret, or one the stack creates when none is given', () => {
    expect(template.Conditions['CreateSlackSecret']).toEqual({ 'Fn::Equals': [{ Ref: 'SlackSecretArn' }, ''] });
    expect(resources['SlackSecret']).toMatchObject({ Type: 'AWS::SecretsManager::Secret', Condition: 'CreateSlackSecret' });
    const placeholder = JSON.parse(String(resources['SlackSecret']!.Properties!['SecretString'])) as Record<string, string>;
    expect(Object.keys(placeholder).sort()).toEqual(['botToken', 'signingSecret']);
    expect(placeholder['botToken']).not.toMatch(/^xox[abp]-/); // fails the functions' secret check by name, not at Slack
    expect(template.Outputs['SlackSecretArn']?.Value).toEqual(SECRET_REF);
    // No parameter can carry a token or signing secret.
    for (const name of Object.keys(template.Parameters)) expect(name).not.toMatch(/token|signing|password|secret(?!arn)/i);
  });

  it('outputs what the Slack app and the operator need', () => {
    expect(template.Outputs['SlackRequestUrl']?.Value).toEqual({ 'Fn::GetAtt': ['SlackFunctionUrl', 'FunctionUrl'] });
    expect(template.Outputs['SlackRequestUrl']?.Description).toMatch(/Interactivity/);
    expect(template.Outputs['AlarmTopicArn']?.Value).toEqual({ Ref: 'AlarmTopic' });
    expect(template.Outputs['OpsTopicArn']?.Value).toEqual({ Ref: 'OpsTopic' });
  });
});

/** The worker's environment as deployed with the default parameters. */
function workerEnvironment(): Record<string, string> {
  const { evaluate } = createResolver(template, { parameters: PARAMETER_SETS['defaults (stack creates the secret)']! });
  return (evaluate(resources['WorkerFunction']!.Properties!['Environment']) as { Variables: Record<string, string> }).Variables;
}

describe('template.yaml: environment', () => {
  const loaders = { AlertsFunction: loadAlertsConfig, SlackFunction: loadSlackAppConfig, WorkerFunction: loadWorkerConfig } as const;
  const names = { AlertsFunction: ENVIRONMENT_VARIABLES.alerts, SlackFunction: ENVIRONMENT_VARIABLES.slackApp, WorkerFunction: ENVIRONMENT_VARIABLES.worker } as const;

  it.each(Object.keys(FUNCTIONS) as FunctionId[])('%s sets only variables its config loader reads', (id) => {
    const variables = (resources[id]!.Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables;
    for (const name of Object.keys(variables)) expect(names[id], name).toContain(name);
  });

  it.each(Object.keys(FUNCTIONS) as FunctionId[])('%s: the config loader accepts the environment as deployed, for every parameter set', (id) => {
    for (const [label, parameters] of Object.entries(PARAMETER_SETS)) {
      const { evaluate } = createResolver(template, { parameters });
      const env = (evaluate(resources[id]!.Properties!['Environment']) as { Variables: Record<string, string> }).Variables;
      // AWS_REGION is set by Lambda itself; the template must not depend on it.
      expect(() => loaders[id](env), `${label}: ${JSON.stringify(env)}`).not.toThrow();
    }
  });

  it('the loaders do reject an empty environment (so the test above can fail)', () => {
    for (const loader of Object.values(loaders)) expect(() => loader({})).toThrow(/required/);
  });

  it('deployed settings match the stack: secret ARN, worker ARN, bot ids only when given', () => {
    const withIds = createResolver(template, { parameters: PARAMETER_SETS['existing secret, bot ids, admins, ops e-mail']! });
    const slack = loadSlackAppConfig((withIds.evaluate(resources['SlackFunction']!.Properties!['Environment']) as { Variables: Record<string, string> }).Variables);
    expect(slack).toMatchObject({
      slack: { kind: 'secret', secretArn: PARAMETER_SETS['existing secret, bot ids, admins, ops e-mail']!['SlackSecretArn'] },
      botId: 'B0SECMON01',
      botUserId: 'U0SECMON01',
      namePrefix: 'acme-sec',
      workerFunctionName: 'acme-sec-worker',
      admins: { users: ['U0ADMIN001'], groups: ['S0SECURITY1'] },
    });
    const defaults = createResolver(template, { parameters: PARAMETER_SETS['defaults (stack creates the secret)']! });
    const worker = loadWorkerConfig((defaults.evaluate(resources['WorkerFunction']!.Properties!['Environment']) as { Variables: Record<string, string> }).Variables);
    expect(worker.settings).toEqual({
      namePrefix: 'secmon',
      homeRegion: SAMPLE.region,
      accountId: SAMPLE.account,
      cloudTrailLogGroup: REQUIRED_PARAMETERS.CloudTrailLogGroup,
      alarmTopicArn: `arn:aws:sns:${SAMPLE.region}:${SAMPLE.account}:secmon-alarms`,
      alertsFunctionArn: `arn:aws:lambda:${SAMPLE.region}:${SAMPLE.account}:function:secmon-alerts`,
      homeEventBusArn: `arn:aws:events:${SAMPLE.region}:${SAMPLE.account}:event-bus/default`,
      forwardingRoleArn: `arn:aws:iam::${SAMPLE.account}:role/secmon-event-forwarding`,
    });
    expect(worker.actionRoleArn).toBe(`arn:aws:iam::${SAMPLE.account}:role/secmon-worker-actions`);
    expect(worker.slack).toEqual({ kind: 'secret', secretArn: `arn:aws:secretsmanager:${SAMPLE.region}:${SAMPLE.account}:secret:secmon/slack-AbCdEf` });
    const defaultsSlack = loadSlackAppConfig((defaults.evaluate(resources['SlackFunction']!.Properties!['Environment']) as { Variables: Record<string, string> }).Variables);
    expect(defaultsSlack.botId).toBeUndefined();
  });

  it('the worker checks the same admins as the Slack function, and reads the identity map the stack is given', () => {
    const parameters = { ...PARAMETER_SETS['existing secret, bot ids, admins, ops e-mail']!, SecmonIdentityMap: 'U0ADMIN001=arn:aws:iam::111122223333:user/alice' };
    const { evaluate } = createResolver(template, { parameters });
    const env = (id: FunctionId) => (evaluate(resources[id]!.Properties!['Environment']) as { Variables: Record<string, string> }).Variables;
    const worker = loadWorkerConfig(env('WorkerFunction'));
    expect(worker.admins).toEqual(loadSlackAppConfig(env('SlackFunction')).admins);
    expect([...worker.identityMap.byUser.entries()]).toEqual([['U0ADMIN001', ['arn:aws:iam::111122223333:user/alice']]]);
  });

  it("SecmonIdentityMap's AllowedPattern accepts what the worker's loader accepts, and refuses the common mistakes at deploy time", () => {
    const pattern = new RegExp(String(template.Parameters['SecmonIdentityMap']!['AllowedPattern']));
    const accepts = (value: string) => pattern.test(value);
    const loads = (value: string) => {
      try {
        loadWorkerConfig({ ...workerEnvironment(), SECMON_IDENTITY_MAP: value });
        return true;
      } catch {
        return false;
      }
    };
    for (const value of [
      '',
      'U0ALICE=arn:aws:iam::111122223333:user/alice',
      'U0ALICE=arn:aws:iam::111122223333:root, W0BOB=arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0a1b/bob@example.com',
      'U0ALICE=arn:aws:iam::111122223333:role/ops/break-glass,U0ALICE=arn:aws:sts::111122223333:federated-user/alice',
    ]) {
      expect(accepts(value), value).toBe(true);
      expect(loads(value), value).toBe(true);
    }
    for (const value of ['alice=arn:aws:iam::111122223333:user/alice', 'U0ALICE:arn:aws:iam::111122223333:user/alice', 'U0ALICE=arn:aws:s3:::bucket', 'U0ALICE=']) {
      expect(accepts(value), value).toBe(false);
      expect(loads(value), value).toBe(false);
    }
  });

  it('no environment value is or looks like a Slack credential', () => {
    for (const id of Object.keys(FUNCTIONS)) {
      const variables = (resources[id]!.Properties!['Environment'] as { Variables: Record<string, unknown> }).Variables;
      for (const [name, value] of Object.entries(variables)) {
        expect(name, id).not.toMatch(/TOKEN|SIGNING_SECRET|PASSWORD/);
        expect(JSON.stringify(value), `${id} ${name}`).not.toMatch(/xox[abpr]-|[0-9a-f]{32}/);
      }
    }
  });
});

describe('template.yaml: IAM', () => {
  it('no statement anywhere grants a wildcard action', () => {
    const statements = allStatements(template);
    expect(statements.length).toBeGreaterThan(10);
    for (const { where, statement } of statements) {
      expect(statement, where).not.toHaveProperty('NotAction');
      for (const action of list(statement.Action)) {
        expect(typeof action, where).toBe('string');
        expect(action, where).not.toContain('*');
        expect(action, where).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      }
    }
    for (const resource of Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission')) {
      expect(String(resource.Properties?.['Action'])).not.toContain('*');
    }
  });

  it('no DynamoDB Scan, DynamoDB only on the state table, and always scoped to kinds of items (dynamodb:LeadingKeys)', () => {
    for (const { where, statement } of allStatements(template)) {
      const dynamo = list(statement.Action).filter((a) => a.startsWith('dynamodb:'));
      if (dynamo.length === 0) continue;
      expect(dynamo, where).not.toContain('dynamodb:Scan');
      expect(statement.Resource, where).toEqual(TABLE_ARN);
      const keys = (statement.Condition as Record<string, Record<string, string[]>> | undefined)?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
      expect(keys, where).toBeDefined();
      for (const key of keys ?? []) expect(key, where).toMatch(/^[a-z]+(-[a-z]+)*#\*$/);
    }
  });

  it('each role gets exactly the state access src/store/access.ts declares for its function', () => {
    // The execution-role tests below check every statement; this one names the rule.
    for (const fn of Object.keys(STATE_ACCESS) as StateFunction[]) {
      const tableStatements = roleStatements(functionRole(ROLE_OF_FUNCTION[fn])).filter((s) => list(s.Action).some((a) => a.startsWith('dynamodb:')));
      expect(tableStatements.length, fn).toBe(stateStatements(fn).length);
    }
  });

  it('audit records are append-only: only the worker writes them, with PutItem alone; nothing may update, delete or query them', () => {
    // Every DynamoDB statement names its kinds (the test above), so these are all that reach audit records.
    const onAudit = allStatements(template).filter(({ statement }) => JSON.stringify(statement.Condition ?? {}).includes('"audit#*"'));
    expect(onAudit.map(({ where, statement }) => ({ role: where.split('.')[0], actions: list(statement.Action) }))).toEqual([{ role: 'WorkerRole', actions: ['dynamodb:PutItem'] }]);
  });

  it('the internet-facing Slack role can neither query nor delete anything in the state table', () => {
    const actions = roleStatements(functionRole('SlackFunction')).flatMap((s) => list(s.Action));
    expect(actions).not.toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:DeleteItem');
  });

  it('the action role holds exactly workerPolicy() of the action registry', () => {
    const expected = workerPolicy()
      .map((s) => JSON.stringify({ actions: [...s.actions].sort(), resources: [...s.resources].sort() }))
      .sort();
    const actual = roleStatements('ActionRole')
      .map((s) => {
        expect(s.Effect).toBe('Allow');
        expect(s.Condition).toBeUndefined();
        return JSON.stringify({ actions: list(s.Action).slice().sort(), resources: resourceTexts(s.Resource).sort() });
      })
      .sort();
    expect(actual).toEqual(expected);
    expect(resources['ActionRole']?.Properties?.['RoleName']).toEqual({ 'Fn::Sub': '${NamePrefix}-worker-actions' });
  });

  it('the action role trusts only the worker role, which must set a source identity', () => {
    const trust = (resources['ActionRole']!.Properties!['AssumeRolePolicyDocument'] as { Statement: Statement[] }).Statement;
    expect(trust).toEqual([
      { Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': [functionRole('WorkerFunction'), 'Arn'] } }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] },
    ]);
  });

  it('the slack function may use its table, invoke the worker and read the secret, nothing else', () => {
    expectRoleToHoldExactly(
      functionRole('SlackFunction'),
      expectedExecutionRole('slack', [{ actions: ['lambda:InvokeFunction'], resource: { 'Fn::GetAtt': ['WorkerFunction', 'Arn'] } }]),
    );
  });

  it("the alerts function may use its table, read its alarms' state, filter the trail log group, read the secret and dead-letter, nothing else", () => {
    expectRoleToHoldExactly(
      functionRole('AlertsFunction'),
      expectedExecutionRole('alerts', [
        { actions: ['cloudwatch:DescribeAlarms'], resource: { 'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${NamePrefix}-*' } },
        {
          actions: ['logs:FilterLogEvents'],
          resource: [
            { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${CloudTrailLogGroup}' },
            { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${CloudTrailLogGroup}:*' },
          ],
        },
        { actions: ['sqs:DeleteMessage', 'sqs:ReceiveMessage', 'sqs:SendMessage'], resource: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
      ]),
    );
  });

  it('the public Slack function is capped by reserved concurrency (a flood cannot starve the alerts function), 0 meaning none', () => {
    expect(resources['SlackFunction']!.Properties!['ReservedConcurrentExecutions']).toEqual({
      'Fn::If': ['CapSlackConcurrency', { Ref: 'SlackMaxConcurrency' }, { Ref: 'AWS::NoValue' }],
    });
    expect(template.Conditions['CapSlackConcurrency']).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SlackMaxConcurrency' }, 0] }] });
    expect(template.Parameters['SlackMaxConcurrency']).toMatchObject({ Type: 'Number', Default: 10, MinValue: 0 });
  });

  it('only the alerts and worker roles may send to the dead-letter queue the sweep redrives', () => {
    const policy = resources['DeadLetterQueuePolicy']!;
    expect(policy.Type).toBe('AWS::SQS::QueuePolicy');
    expect(policy.Properties).toMatchObject({
      Queues: [{ Ref: 'DeadLetterQueue' }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
            Condition: { ArnNotEquals: { 'aws:PrincipalArn': [{ 'Fn::GetAtt': ['AlertsRole', 'Arn'] }, { 'Fn::GetAtt': ['WorkerRole', 'Arn'] }] } },
          },
        ],
      },
    });
  });

  it('only this stack\'s alarms may publish to the alarm and ops topics (a Deny, since an Allow binds no IAM principal)', () => {
    const statements = (resources['TopicPolicy']!.Properties!['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements.find((statement) => statement['Effect'] === 'Deny')).toEqual({
      Sid: 'OnlyThisStacksAlarms',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Resource: [{ Ref: 'AlarmTopic' }, { Ref: 'OpsTopic' }],
      Condition: { ArnNotLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${NamePrefix}-*' } } },
    });
  });

  it('the worker may assume the action role (with a source identity), use its table, read the secret and dead-letter, nothing else', () => {
    expectRoleToHoldExactly(
      functionRole('WorkerFunction'),
      expectedExecutionRole('worker', [
        { actions: ['sts:AssumeRole', 'sts:SetSourceIdentity'], resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${NamePrefix}-worker-actions' } },
        { actions: ['sqs:SendMessage'], resource: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } },
      ]),
    );
    // What the actions need is on the action role only.
    const workerActions = new Set(roleStatements(functionRole('WorkerFunction')).flatMap((s) => list(s.Action)));
    for (const statement of workerPolicy()) for (const action of statement.actions) expect(workerActions.has(action), action).toBe(false);
  });

  it('the forwarding role lets EventBridge (this account only) put events on the home default bus, nothing else', () => {
    const role = resources['ForwardingRole']!;
    expect(role.Properties?.['RoleName']).toEqual({ 'Fn::Sub': '${NamePrefix}-event-forwarding' });
    expect((role.Properties!['AssumeRolePolicyDocument'] as { Statement: Statement[] }).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(roleStatements('ForwardingRole')).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default' } },
    ]);
    // The registry's PassRole and the worker's FORWARDING_ROLE_ARN name this same role.
    const passRole = workerPolicy().find((s) => s.actions.includes('iam:PassRole'));
    expect(passRole?.resources).toEqual(['arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${NamePrefix}-event-forwarding']);
  });

  it('the roles the registry names by ARN exist with those names (alerts function, forwarding role)', () => {
    const invoke = workerPolicy().find((s) => s.actions.includes('lambda:InvokeFunction'));
    expect(invoke?.resources).toEqual(['arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${NamePrefix}-alerts']);
    expect(resources['AlertsFunction']?.Properties?.['FunctionName']).toEqual({ 'Fn::Sub': '${NamePrefix}-alerts' });
  });

  it('every registry placeholder is one the template can substitute', () => {
    const allowed = new Set(['AWS::Partition', 'AWS::Region', 'AWS::AccountId', ...Object.keys(template.Parameters)]);
    for (const statement of workerPolicy()) for (const resource of statement.resources) for (const name of subPlaceholders(resource)) expect(allowed.has(name), name).toBe(true);
  });
});
