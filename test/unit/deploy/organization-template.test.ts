/**
 * The organization parts of both templates, pinned to least privilege: the central bus admits only the organization,
 * the queue only the bus's rules, the member role trusts only the central worker role (organization and source
 * identity required) and holds exactly the registry's permissions; member rules forward in one hop, with the
 * catalog's patterns.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memberPolicy, trailPolicy } from '../../../src/actions/registry.js';
import { ORGANIZATION_STATE_ACCESS } from '../../../src/store/access.js';
import { loadAlertsConfig, loadWorkerConfig } from '../../../src/config.js';
import { buildCatalog } from '../../../src/catalog/index.js';
import { toEventBridgeEnvelope } from '../../../src/catalog/envelope.js';
import { compileEventPattern } from '../../../src/patterns/event/index.js';
import { readOnlyForwardPattern, writeForwardPattern } from '../../../src/org/member-patterns.js';
import { loadEvent } from '../alerts/fixtures.js';
import { createResolver, intrinsicName, loadTemplate, ROOT, subText, walk, type Template } from './template-model.js';

const central = loadTemplate();
const member = loadTemplate(readFileSync(new URL('member.yaml', ROOT), 'utf8'));
const catalog = buildCatalog();

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}
const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const resource = (t: Template, id: string) => {
  const found = t.Resources[id];
  if (found === undefined) throw new Error(`no resource ${id}`);
  return found;
};
const texts = (value: unknown): string[] =>
  list(value as unknown[]).map((item) => (typeof item === 'string' ? item : intrinsicName(item) === 'Fn::Sub' ? subText((item as Record<string, unknown>)['Fn::Sub']).text : JSON.stringify(item)));
const normalised = (statements: readonly { actions: readonly string[]; resources: readonly string[] }[]) =>
  statements.map((s) => JSON.stringify({ actions: [...s.actions].sort(), resources: [...s.resources].sort() })).sort();
const asRegistry = (statements: readonly Statement[]) =>
  normalised(
    statements.map((s) => {
      expect(s.Effect).toBe('Allow');
      expect(s.Condition).toBeUndefined();
      return { actions: list(s.Action), resources: texts(s.Resource) };
    }),
  );

/** The statements of one of the central template's organization policies. */
function policyStatements(id: string): Statement[] {
  return (resource(central, id).Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement;
}

function isStateStatement(statement: Statement): boolean {
  return statement.Action !== undefined && list(statement.Action).every((action) => action.startsWith('dynamodb:'));
}

describe('template.yaml: organization', () => {
  it('everything the organization adds exists only with OrganizationId set', () => {
    for (const id of ['OrgEventBus', 'OrgEventBusPolicy', 'OrgEventsQueue', 'OrgEventsDeadLetterQueue', 'OrgEventsQueuePolicy', 'AlertsFromOrgQueue', 'OrgHeartbeatRule', 'OrgAlarmsRule', 'OrgAlertsPolicy', 'OrgWorkerPolicy', 'OrgDeadLetterAlarm', 'OrgBacklogAlarm']) {
      expect(resource(central, id).Condition, id).toBe('IsOrganization');
    }
    expect(central.Conditions['IsOrganization']).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'OrganizationId' }, ''] }] });
    expect(central.Parameters['OrganizationId']).toMatchObject({ Default: '', AllowedPattern: '^(o-[a-z0-9]{10,32})?$' });
  });

  it('the central bus admits events:PutEvents from principals of the organization, and nothing else', () => {
    expect(resource(central, 'OrgEventBus').Properties).toEqual({ Name: { 'Fn::Sub': '${NamePrefix}-org' } });
    expect(resource(central, 'OrgEventBusPolicy').Properties).toEqual({
      EventBusName: { Ref: 'OrgEventBus' },
      StatementId: 'OrganizationAccountsPutEvents',
      Statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': ['OrgEventBus', 'Arn'] },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
      },
    });
  });

  it("only the central bus's rules may send to the queue the alerts function trusts (a Deny binds everyone else)", () => {
    const statements = (resource(central, 'OrgEventsQueuePolicy').Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement;
    const rules = { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${NamePrefix}-org/*' };
    const queues = [{ 'Fn::GetAtt': ['OrgEventsQueue', 'Arn'] }, { 'Fn::GetAtt': ['OrgEventsDeadLetterQueue', 'Arn'] }];
    expect(statements).toEqual([
      { Sid: 'CentralBusRules', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queues, Condition: { ArnLike: { 'aws:SourceArn': rules } } },
      { Sid: 'OnlyCentralBusRules', Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage', Resource: queues, Condition: { ArnNotLike: { 'aws:SourceArn': rules } } },
    ]);
  });

  it('the queue feeds the alerts function in batches with partial batch failure, and keeps failures in its own dead-letter queue', () => {
    expect(resource(central, 'AlertsFromOrgQueue').Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['OrgEventsQueue', 'Arn'] },
      FunctionName: { Ref: 'AlertsFunction' },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
    });
    expect(resource(central, 'OrgEventsQueue').Properties).toMatchObject({
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['OrgEventsDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 },
      VisibilityTimeout: 180,
    });
    // Six times the function's timeout, as Lambda's SQS guide recommends.
    expect(Number(resource(central, 'AlertsFunction').Properties!['Timeout']) * 6).toBeLessThanOrEqual(180);
  });

  it("the bus's own rules pin an aws.* source and deliver to the queue with its dead-letter queue", () => {
    for (const id of ['OrgHeartbeatRule', 'OrgAlarmsRule']) {
      const properties = resource(central, id).Properties!;
      expect(properties['EventBusName']).toEqual({ Ref: 'OrgEventBus' });
      const pattern = properties['EventPattern'] as { source: string[] };
      expect(pattern.source.every((source) => source.startsWith('aws.'))).toBe(true);
      expect(properties['Targets']).toEqual([{ Id: 'org-queue', Arn: { 'Fn::GetAtt': ['OrgEventsQueue', 'Arn'] }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['OrgEventsDeadLetterQueue', 'Arn'] } } }]);
    }
    // Alarm state changes only from the trail's account.
    expect((resource(central, 'OrgAlarmsRule').Properties!['EventPattern'] as { account: unknown }).account).toEqual([
      { 'Fn::If': ['HasTrailAccountId', { Ref: 'TrailAccountId' }, { Ref: 'AWS::AccountId' }] },
    ]);
  });

  it('the worker may assume only <prefix>-member-actions, only in accounts of the organization', () => {
    const statements = policyStatements('OrgWorkerPolicy').filter((statement) => !isStateStatement(statement));
    expect(resource(central, 'OrgWorkerPolicy').Properties!['RoleName']).toEqual({ Ref: 'WorkerRole' });
    expect(statements).toEqual([
      {
        Sid: 'ActInMemberAccounts',
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/${NamePrefix}-member-actions' },
        Condition: { StringEquals: { 'aws:ResourceOrgID': { Ref: 'OrganizationId' } } },
      },
    ]);
    expect(resource(central, 'WorkerRole').Properties!['RoleName']).toEqual({ 'Fn::Sub': '${NamePrefix}-worker' });
  });

  it('the alerts function reads its queue and, per parameters, the trail reader role, the directory role or Organizations itself', () => {
    const document = resource(central, 'OrgAlertsPolicy').Properties!['PolicyDocument'];
    const granted = (parameters: Record<string, string>) => {
      const { evaluate } = createResolver(central, { parameters: { SlackChannelId: 'C0SECMON01', CloudTrailLogGroup: 'org-trail', OrganizationId: 'o-a1b2c3d4e5', ...parameters } });
      return (evaluate(document) as { Statement: Statement[] }).Statement.filter((s) => !isStateStatement(s)).map((s) => `${list(s.Action).join(',')} on ${String(s.Resource)}`);
    };
    const queue = 'sqs:DeleteMessage,sqs:GetQueueAttributes,sqs:ReceiveMessage on arn:aws:sqs:eu-west-1:111122223333:secmon-org-events';
    const deadLetters = 'sqs:DeleteMessage,sqs:ReceiveMessage on arn:aws:sqs:eu-west-1:111122223333:secmon-org-events-dlq';
    expect(granted({ TrailAccountId: '999988887777', OrgDirectoryRoleArn: 'arn:aws:iam::999988887777:role/secmon-org-directory' })).toEqual([
      queue,
      deadLetters,
      'sts:AssumeRole on arn:aws:iam::999988887777:role/secmon-trail-reader',
      'sts:AssumeRole on arn:aws:iam::999988887777:role/secmon-org-directory',
    ]);
    expect(granted({})).toEqual([queue, deadLetters, 'organizations:ListAccountsForParent,organizations:ListOrganizationalUnitsForParent,organizations:ListRoots on *']);
    expect(resource(central, 'AlertsRole').Properties!['RoleName']).toEqual({ 'Fn::Sub': '${NamePrefix}-alerts' });
  });
});

describe('template.yaml: organization state access', () => {
  it.each(['alerts', 'worker'] as const)('the %s role gets exactly its organization state access, per operation and kind', (fn) => {
    const policy = fn === 'alerts' ? 'OrgAlertsPolicy' : 'OrgWorkerPolicy';
    const granted = policyStatements(policy)
      .filter(isStateStatement)
      .flatMap((statement) => {
        expect(statement.Resource, statement.Sid).toEqual({ 'Fn::GetAtt': ['StateTable', 'Arn'] });
        const kinds = (statement.Condition as { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': string[] } })['ForAllValues:StringLike']['dynamodb:LeadingKeys'];
        return list(statement.Action).flatMap((action) => kinds.map((kind) => `${action.replace('dynamodb:', '')}:${kind.replace(/#\*$/, '')}`));
      });
    const declared = (Object.entries(ORGANIZATION_STATE_ACCESS[fn]) as [string, readonly string[]][]).flatMap(([kind, operations]) => operations.map((op) => `${op}:${kind}`));
    expect(granted.sort()).toEqual(declared.sort());
  });
});

describe('template.yaml: organization settings as deployed', () => {
  it("the functions read the organization from the stack's parameters: bus, queue, trail account and roles", () => {
    const { evaluate } = createResolver(central, {
      parameters: { SlackChannelId: 'C0SECMON01', CloudTrailLogGroup: 'org-trail', OrganizationId: 'o-a1b2c3d4e5', TrailAccountId: '999988887777', SilentAfterHours: '6' },
    });
    const env = (id: string) => (evaluate(resource(central, id).Properties!['Environment']) as { Variables: Record<string, string> }).Variables;
    expect(loadWorkerConfig(env('WorkerFunction')).settings.organization).toEqual({
      organizationId: 'o-a1b2c3d4e5',
      eventBusName: 'secmon-org',
      queueArn: 'arn:aws:sqs:eu-west-1:111122223333:secmon-org-events',
      trailAccountId: '999988887777',
      silentAfterMs: 6 * 3600_000,
      configuredAccounts: {},
    });
    expect(loadAlertsConfig(env('AlertsFunction')).organization).toEqual({
      organizationId: 'o-a1b2c3d4e5',
      directoryRoleArn: undefined,
      trailAccountId: '999988887777',
      trailReaderRoleArn: 'arn:aws:iam::999988887777:role/secmon-trail-reader',
      deadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/secmon-org-events-dlq',
    });
  });
});

describe('member.yaml', () => {
  const centralBus = { 'Fn::Sub': 'arn:${AWS::Partition}:events:${HomeRegion}:${CentralAccountId}:event-bus/${NamePrefix}-org' };

  it('every rule sends straight to the central bus in the home region (one hop), with the per-region forwarding role', () => {
    const rules = Object.entries(member.Resources).filter(([, r]) => r.Type === 'AWS::Events::Rule');
    expect(rules.map(([id]) => id).sort()).toEqual(['AlarmForwardRule', 'ForwardReadOnlyRule', 'ForwardRule', 'HeartbeatRule']);
    for (const [id, rule] of rules) {
      expect(rule.Properties!['EventBusName'], id).toBeUndefined(); // the default bus
      expect(rule.Properties!['Targets'], id).toEqual([{ Id: 'central-bus', Arn: centralBus, RoleArn: { 'Fn::GetAtt': ['ForwardingRole', 'Arn'] } }]);
    }
    const role = resource(member, 'ForwardingRole').Properties!;
    expect(role['RoleName']).toEqual({ 'Fn::Sub': '${NamePrefix}-org-forwarding-${AWS::Region}' });
    expect((role['Policies'] as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement)).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: centralBus },
    ]);
    expect((role['AssumeRolePolicyDocument'] as { Statement: Statement[] }).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } },
    ]);
  });

  it("forwards with the catalog's patterns: write events in state ENABLED, read-only ones only for the monitors that need them", () => {
    const pattern = (id: string) => JSON.parse(String(resource(member, id).Properties!['EventPattern'])) as unknown;
    expect(pattern('ForwardRule'), JSON.stringify(writeForwardPattern(catalog))).toEqual(writeForwardPattern(catalog));
    expect(resource(member, 'ForwardRule').Properties!['State']).toBe('ENABLED');
    expect(pattern('ForwardReadOnlyRule'), JSON.stringify(readOnlyForwardPattern(catalog))).toEqual(readOnlyForwardPattern(catalog));
    expect(resource(member, 'ForwardReadOnlyRule').Properties!['State']).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
  });

  it('the write rule forwards every monitor fixture; the read-only rule a read-only root call and refused read, not a routine read', () => {
    const write = compileEventPattern(writeForwardPattern(catalog));
    const readOnly = compileEventPattern(readOnlyForwardPattern(catalog));
    for (const name of ['root-activity', 'sg-open-to-world', 'admin-policy-attached', 'console-login-failure', 'cloudtrail-tampering']) {
      expect(write.matches(loadEvent(`eventbridge/${name}.json`)), name).toBe(true);
    }
    expect(write.matches(loadEvent('config/noncompliant.json'))).toBe(true);
    const read = (detail: Record<string, unknown>) =>
      toEventBridgeEnvelope({
        eventVersion: '1.10',
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstances',
        eventType: 'AwsApiCall',
        readOnly: true,
        awsRegion: 'eu-west-1',
        sourceIPAddress: '198.51.100.7',
        userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::222233334444:user/alice', accountId: '222233334444' },
        eventID: 'e1',
        eventTime: '2026-11-20T10:00:00Z',
        recipientAccountId: '222233334444',
        ...detail,
      });
    expect(readOnly.matches(read({ userIdentity: { type: 'Root', arn: 'arn:aws:iam::222233334444:root', accountId: '222233334444' } }))).toBe(true);
    expect(readOnly.matches(read({ errorCode: 'AccessDenied', errorMessage: 'denied' }))).toBe(true);
    expect(readOnly.matches(read({}))).toBe(false);
    expect(readOnly.matches(read({ readOnly: false, userIdentity: { type: 'Root', arn: 'arn:aws:iam::222233334444:root' } }))).toBe(false);
  });

  it('the member role trusts only the central worker role, from inside the organization, with a Slack user as source identity', () => {
    const role = resource(member, 'MemberActionsRole');
    expect(role.Condition).toBe('CreateActionRole');
    expect(role.Properties!['RoleName']).toEqual({ 'Fn::Sub': '${NamePrefix}-member-actions' });
    expect((role.Properties!['AssumeRolePolicyDocument'] as { Statement: Statement[] }).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${CentralAccountId}:root' } },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${CentralAccountId}:role/${NamePrefix}-worker' } },
          StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } },
          StringLike: { 'sts:SourceIdentity': ['U*', 'W*'] },
        },
      },
    ]);
    // Created once per account (IAM is global), in the home region's instance, never in the central account.
    expect(member.Conditions['CreateActionRole']).toEqual({ 'Fn::And': [{ Condition: 'IsHomeRegion' }, { 'Fn::Not': [{ Condition: 'IsCentralAccount' }] }] });
  });

  it('the member role holds exactly memberPolicy() of the registry, and in the trail account also exactly trailPolicy()', () => {
    const inline = (resource(member, 'MemberActionsRole').Properties!['Policies'] as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
    expect(asRegistry(inline)).toEqual(normalised(memberPolicy()));
    const trail = resource(member, 'TrailActionsPolicy');
    expect(trail.Condition).toBe('TrailActions');
    expect(trail.Properties!['RoleName']).toEqual({ Ref: 'MemberActionsRole' });
    expect(asRegistry((trail.Properties!['PolicyDocument'] as { Statement: Statement[] }).Statement)).toEqual(normalised(trailPolicy()));
    // Nothing the home action role needs for secmon's own account leaks into member accounts.
    const granted = new Set([...memberPolicy(), ...trailPolicy()].flatMap((s) => s.actions));
    for (const action of ['iam:PassRole', 'events:PutRule', 'lambda:InvokeFunction']) expect(granted.has(action), action).toBe(false);
  });

  it('the reader and directory roles trust only the central alerts role from inside the organization, read-only', () => {
    for (const id of ['TrailReaderRole', 'DirectoryRole']) {
      const role = resource(member, id).Properties!;
      expect((role['AssumeRolePolicyDocument'] as { Statement: Statement[] }).Statement, id).toEqual([
        {
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${CentralAccountId}:root' } },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnEquals: { 'aws:PrincipalArn': { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${CentralAccountId}:role/${NamePrefix}-alerts' } },
            StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } },
          },
        },
      ]);
      const actions = (role['Policies'] as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement.flatMap((s) => list(s.Action)));
      for (const action of actions) expect(action, id).toMatch(/^(logs:FilterLogEvents|organizations:List\w+)$/);
    }
  });

  it('names the roles the central template assumes, and no statement grants a wildcard action', () => {
    expect(resource(member, 'TrailReaderRole').Properties!['RoleName']).toEqual({ 'Fn::Sub': '${NamePrefix}-trail-reader' });
    expect(resource(member, 'DirectoryRole').Properties!['RoleName']).toEqual({ 'Fn::Sub': '${NamePrefix}-org-directory' });
    walk(member.Resources, (value, path) => {
      if (typeof value === 'object' && value !== null && 'Action' in value && 'Effect' in value) {
        for (const action of list((value as Statement).Action)) expect(action, path).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      }
    });
  });
});
