import { describe, expect, it } from 'vitest';
import { isSecmonError } from '../../../src/errors.js';
import { buildCatalog, DEFAULT_CATALOG_OPTIONS, findMonitor, monitorsInPack, PACKS } from '../../../src/catalog/index.js';
import type { CatalogOptions, Monitor } from '../../../src/catalog/types.js';
import { createCatalogMatcher } from '../../../src/catalog/matcher.js';
import { compactFilter } from '../../../src/catalog/monitors/patterns.js';
import { checkEventPattern } from '../../../src/patterns/event/index.js';
import { checkFilterPattern, compileFilterPattern } from '../../../src/patterns/filter/index.js';
import { compileForms, verdicts } from './support.js';

const catalog = buildCatalog();

const ESSENTIALS: Record<string, Monitor['severity']> = {
  'root-activity': 'critical',
  'unauthorized-api-calls': 'medium',
  'console-login-failure': 'medium',
  'console-login-without-mfa': 'high',
  'mfa-deactivated': 'high',
  'admin-policy-attached': 'critical',
  'config-disabled': 'high',
  'config-noncompliant': 'medium',
  'sns-topic-deleted': 'high',
  's3-bucket-policy-changed': 'high',
  'sg-open-to-world': 'critical',
  'lambda-code-changed': 'medium',
  'cloudtrail-tampering': 'critical',
  'kms-key-deletion': 'high',
  'secmon-tampering': 'critical',
};

const THREATS: Record<string, Monitor['severity']> = {
  'root-access-key-created': 'critical',
  'access-key-created-for-other': 'high',
  'login-profile-changed': 'high',
  'role-trust-opened': 'critical',
  'admin-policy-inline': 'critical',
  'key-quarantine-policy-attached': 'critical',
  'snapshot-shared': 'high',
  'ami-shared': 'high',
  'rds-snapshot-shared': 'high',
  'resource-made-public': 'critical',
  's3-public-access-unblocked': 'high',
  'lambda-url-public': 'medium',
  'lambda-layer-added': 'medium',
  'guardduty-disabled': 'critical',
  'security-tooling-disabled': 'high',
  'logging-disabled': 'high',
  'ebs-encryption-disabled': 'medium',
  'leave-organization': 'critical',
  'ec2-user-data-modified': 'medium',
  'instance-remote-access': 'medium',
  'ssm-remote-command': 'low',
  'federation-token-created': 'medium',
  'roles-anywhere-trust': 'high',
  'secrets-bulk-read': 'high',
  'password-data-read': 'medium',
};

/** Every monitor any option can produce: the default catalog, plus region-not-allowed and the log-group watch. */
const everyOption = buildCatalog({ allowedRegions: ['eu-west-1'], cloudTrailLogGroup: 'aws-cloudtrail-logs-111122223333' });

/**
 * Whether an event pattern only matches events from AWS: `source` is given and each of its matchers is an `aws.`
 * source or the prefix `aws.`. Customers cannot PutEvents with a source starting `aws.`, so such a pattern cannot
 * match a forged event.
 */
function pinsAwsSource(pattern: Record<string, unknown>): boolean {
  const source = pattern['source'];
  if (!Array.isArray(source) || source.length === 0) return false;
  return source.every(
    (matcher) =>
      (typeof matcher === 'string' && /^aws\.[a-z0-9-]+$/.test(matcher)) ||
      (typeof matcher === 'object' && matcher !== null && Object.keys(matcher).length === 1 && (matcher as { prefix?: unknown }).prefix === 'aws.'),
  );
}

const SIGN_IN_TYPES = ['AWS Console Sign In via CloudTrail', 'AWS Console Signin via CloudTrail'];

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function monitor(id: string, options?: Partial<CatalogOptions>): Monitor {
  const found = findMonitor(buildCatalog(options), id);
  if (!found) throw new Error(`no monitor ${id}`);
  return found;
}

/** An API call record of the given principal, enough for the tampering and SNS patterns. */
function call(eventSource: string, eventName: string, identity: Record<string, unknown>, requestParameters: Record<string, unknown>) {
  return {
    eventVersion: '1.09',
    userIdentity: identity,
    eventTime: '2026-03-02T09:14:07Z',
    eventSource,
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'aws-cli/2.15.30',
    requestParameters,
    responseElements: null,
    eventID: 'c1b2a3d4-0000-4000-8000-000000000001',
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
  };
}
const user = { type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/ops-admin', userName: 'ops-admin' };
function session(role: string) {
  return {
    type: 'AssumedRole',
    accountId: '111122223333',
    arn: `arn:aws:sts::111122223333:assumed-role/${role}/s`,
    sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::111122223333:role/${role}`, userName: role } },
  };
}

/** Both forms' verdicts for one monitor and input. */
function verdictsOf(m: Monitor, input: unknown) {
  return verdicts(compileForms([m])[0]!, input);
}

const FINDING_MONITORS = ['guardduty-findings', 'securityhub-findings', 'access-analyzer-findings', 'inspector-findings', 'macie-findings'];

describe('the default catalog', () => {
  it('holds the essentials, threats, cis and findings packs with unique ids', () => {
    const ids = catalog.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(monitorsInPack(catalog, 'essentials').map((m) => m.id)).toEqual(Object.keys(ESSENTIALS));
    expect(monitorsInPack(catalog, 'threats').map((m) => m.id)).toEqual(Object.keys(THREATS));
    expect(monitorsInPack(catalog, 'cis')).toHaveLength(15);
    expect(monitorsInPack(catalog, 'findings').map((m) => m.id)).toEqual(FINDING_MONITORS);
    expect(catalog).toHaveLength(60);
  });

  it.each(everyOption.filter((m) => m.eventPattern !== null).map((m) => [m.id, m] as const))(
    '%s pins its event pattern to sources only AWS can send (aws.*)',
    (_, m) => {
      expect(pinsAwsSource(m.eventPattern!)).toBe(true);
    },
  );

  it('says which patterns do not pin an AWS source', () => {
    expect(pinsAwsSource({ 'detail-type': ['AWS API Call via CloudTrail'] })).toBe(false);
    expect(pinsAwsSource({ source: ['acme.anything'] })).toBe(false);
    expect(pinsAwsSource({ source: ['aws.ec2', 'acme.ec2'] })).toBe(false);
    expect(pinsAwsSource({ source: [{ prefix: 'aws' }] })).toBe(false);
    expect(pinsAwsSource({ source: [{ 'anything-but': 'acme.x' }] })).toBe(false);
    expect(pinsAwsSource({ source: [] })).toBe(false);
    expect(pinsAwsSource({ source: ['aws.ec2', { prefix: 'aws.' }] })).toBe(true);
  });

  it.each(everyOption.map((m) => [m.id, m] as const))('%s names ATT&CK techniques and Stratus Red Team techniques well formed', (_, m) => {
    for (const id of m.attack) expect(id).toMatch(/^T\d{4}(?:\.\d{3})?$/);
    for (const id of m.stratus) expect(id).toMatch(/^aws\.[a-z-]+\.[a-z0-9-]+$/);
    // Only a Config compliance change and the detectors' findings have no technique: the one reports a rule, not
    // an act; the others carry the detector's own classification (exempted here by name, not by pack).
    expect(m.attack.length > 0).toBe(m.id !== 'config-noncompliant' && !FINDING_MONITORS.includes(m.id));
    if (FINDING_MONITORS.includes(m.id)) expect(m.stratus).toEqual([]);
    if (m.packs.includes('cis')) expect(m.stratus).toEqual([]);
  });

  it('claims each Stratus Red Team technique for at most two monitors', () => {
    const claims = new Map<string, string[]>();
    for (const m of everyOption) for (const id of m.stratus) claims.set(id, [...(claims.get(id) ?? []), m.id]);
    for (const [id, monitors] of claims) expect(monitors.length, `${id}: ${monitors.join(', ')}`).toBeLessThanOrEqual(2);
  });

  it.each(everyOption.filter((m) => m.conditions !== undefined).map((m) => [m.id, m] as const))(
    '%s names and describes its record conditions, and says the alarm path counts more',
    (_, m) => {
      expect(m.conditions!.length).toBeGreaterThan(0);
      for (const condition of m.conditions!) {
        expect(condition.name).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
        expect(condition.description.trim()).not.toBe('');
      }
      // The metric filter cannot apply a condition: it counts the pattern's superset, and the description says so.
      if (m.filterPattern !== null) expect(m.description).toMatch(/metric filter counts every/);
    },
  );

  it('has one threshold monitor, secrets-bulk-read: 10 secret values by one principal in 5 minutes', () => {
    const thresholds = everyOption.filter((m) => m.threshold !== undefined);
    expect(thresholds.map((m) => m.id)).toEqual(['secrets-bulk-read']);
    const { count, windowSeconds, unit } = thresholds[0]!.threshold!;
    expect({ count, windowSeconds, unit }).toEqual({ count: 10, windowSeconds: 300, unit: 'secret values read' });
  });

  it('asks for read-only events exactly where a monitor watches reads', () => {
    expect(everyOption.filter((m) => m.readOnlyEvents === true).map((m) => m.id)).toEqual([
      'root-activity',
      'unauthorized-api-calls',
      'secrets-bulk-read',
      'password-data-read',
    ]);
  });

  it('adds region-not-allowed only when allowed regions are given', () => {
    expect(findMonitor(catalog, 'region-not-allowed')).toBeUndefined();
    const m = monitor('region-not-allowed', { allowedRegions: ['eu-west-1', 'eu-central-1'] });
    expect(m.description).toContain('eu-west-1, eu-central-1');
    expect(m.packs).toEqual(['threats']);
  });

  it.each(catalog.map((m) => [m.id, m] as const))('%s has every required field, well formed', (_, m) => {
    expect(m.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(m.title.trim()).not.toBe('');
    expect(m.description.trim()).not.toBe('');
    expect(m.description).not.toMatch(/\n/);
    expect(['critical', 'high', 'medium', 'low']).toContain(m.severity);
    expect(m.packs.length).toBeGreaterThan(0);
    for (const pack of m.packs) expect(PACKS).toContain(pack);
    expect(m.filterPattern !== null || m.eventPattern !== null).toBe(true);
    expect(m.runbook.trim()).not.toBe('');
    // Revert covers security-group ingress only; which monitors offer Undo is checked against the fixtures (fixtures.test.ts).
    expect(m.remediations.filter((r) => r !== 'undo')).toEqual(m.id === 'sg-open-to-world' ? ['revert'] : []);
    // Rules are created only for event patterns, and where they must live is stated for each.
    expect(m.ruleRegions.length > 0).toBe(m.eventPattern !== null);
    expect(new Set(m.ruleRegions).size).toBe(m.ruleRegions.length);
    for (const region of m.ruleRegions) expect(['home', 'us-east-1']).toContain(region);
    if (m.filterLimitation !== undefined) {
      expect(m.filterPattern).not.toBeNull();
      expect(m.eventPattern).not.toBeNull();
      expect(m.filterLimitation.trim()).not.toBe('');
    }
  });

  it.each(catalog.map((m) => [m.id, m] as const))('%s: every pattern compiles', (_, m) => {
    if (m.filterPattern !== null) expect(checkFilterPattern(m.filterPattern)).toEqual({ ok: true });
    if (m.eventPattern !== null) expect(checkEventPattern(m.eventPattern)).toEqual({ ok: true });
  });

  it.each([...Object.entries(ESSENTIALS), ...Object.entries(THREATS)])('%s has severity %s', (id, severity) => {
    expect(findMonitor(catalog, id)?.severity).toBe(severity);
  });

  it('has only config-noncompliant and the finding monitors without a filter form (neither is a CloudTrail event)', () => {
    expect(catalog.filter((m) => m.filterPattern === null).map((m) => m.id)).toEqual(['config-noncompliant', ...FINDING_MONITORS]);
  });

  it.each(FINDING_MONITORS)('%s says which detector it takes, pins its source and detail-type, and lives in the home region', (id) => {
    const m = findMonitor(catalog, id)!;
    expect(m.findingSource).toBeDefined();
    expect(m.packs).toEqual(['findings']);
    expect(m.ruleRegions).toEqual(['home']);
    expect((m.eventPattern!['source'] as string[]).length).toBe(1);
    expect((m.eventPattern!['detail-type'] as string[]).length).toBe(1);
    expect(catalog.filter((other) => other.findingSource !== undefined).map((other) => other.id)).toEqual(FINDING_MONITORS);
  });

  it('accepts both sign-in detail-types wherever a pattern concerns sign-in events', () => {
    const signIn = catalog.filter((m) => JSON.stringify(m.eventPattern ?? {}).includes('aws.signin'));
    expect(signIn.map((m) => m.id)).toEqual(['console-login-failure', 'console-login-without-mfa']);
    for (const m of signIn) expect(m.eventPattern!['detail-type']).toEqual(SIGN_IN_TYPES);
    // Root sign-ins and refused sign-ins are CloudTrail records too.
    for (const id of ['root-activity', 'unauthorized-api-calls']) {
      expect(findMonitor(catalog, id)!.eventPattern!['detail-type']).toEqual(expect.arrayContaining(SIGN_IN_TYPES));
    }
    for (const m of catalog) {
      const types = (m.eventPattern?.['detail-type'] ?? []) as string[];
      if (types.some((t) => SIGN_IN_TYPES.includes(t))) expect(types, m.id).toEqual(expect.arrayContaining(SIGN_IN_TYPES));
    }
  });

  it('names each CloudTrail source after the service in eventSource', () => {
    for (const m of everyOption) {
      const pattern = m.eventPattern as { source?: unknown[]; detail?: { eventSource?: string[]; $or?: { eventSource?: string[] }[] } } | null;
      if (!pattern?.source || pattern.source.some((s) => typeof s !== 'string')) continue;
      const sources = [pattern.detail?.eventSource ?? [], ...(pattern.detail?.$or ?? []).map((branch) => branch.eventSource ?? [])].flat();
      if (sources.length === 0) continue;
      expect(pattern.source, m.id).toEqual([...new Set(sources.map((s) => `aws.${s.split('.')[0]}`))]);
    }
  });

  it('places rules for IAM and sign-in events in us-east-1', () => {
    for (const id of ['root-activity', 'unauthorized-api-calls', 'console-login-failure', 'console-login-without-mfa']) {
      expect(findMonitor(catalog, id)?.ruleRegions).toEqual(['home', 'us-east-1']);
    }
    for (const id of ['mfa-deactivated', 'admin-policy-attached']) expect(findMonitor(catalog, id)?.ruleRegions).toEqual(['us-east-1']);
  });

  it('places the rules of every IAM and Organizations monitor in us-east-1, and of STS and region checks in both', () => {
    for (const m of everyOption) {
      const text = JSON.stringify(m.eventPattern ?? {});
      if (/"(?:iam|organizations)\.amazonaws\.com"/.test(text)) expect(m.ruleRegions, m.id).toContain('us-east-1');
    }
    for (const id of ['federation-token-created', 'region-not-allowed']) expect(findMonitor(everyOption, id)?.ruleRegions).toEqual(['home', 'us-east-1']);
  });

  it('says in the description of sg-open-to-world what its metric filter checks', () => {
    expect(findMonitor(catalog, 'sg-open-to-world')?.description).toMatch(/metric filter checks only the first/);
  });

  it('is deeply frozen', () => {
    const m = findMonitor(catalog, 'sg-open-to-world')!;
    expect(Object.isFrozen(catalog)).toBe(true);
    expect(() => (m.packs as string[]).push('cis')).toThrow(TypeError);
    expect(() => {
      (m.eventPattern as { source: string[] }).source[0] = 'aws.s3';
    }).toThrow(TypeError);
  });
});

describe('findMonitor and monitorsInPack', () => {
  it('find a monitor by id, or nothing', () => {
    expect(findMonitor(catalog, 'kms-key-deletion')?.title).toMatch(/KMS/);
    expect(findMonitor(catalog, 'kms-key-deleted')).toBeUndefined();
  });

  it('split the catalog into its packs', () => {
    const packs = ['essentials', 'threats', 'cis', 'findings'] as const;
    expect(packs.flatMap((pack) => monitorsInPack(catalog, pack)).map((m) => m.id).sort()).toEqual(catalog.map((m) => m.id).sort());
  });
});

describe('buildCatalog options', () => {
  it('defaults to the secmon prefix, its worker role and every SNS topic', () => {
    expect(DEFAULT_CATALOG_OPTIONS).toEqual({
      namePrefix: 'secmon',
      trustedRoleNames: ['secmon-worker-actions'],
      snsTopicNames: [],
      cloudTrailLogGroup: undefined,
      allowedRegions: [],
    });
    expect(buildCatalog(DEFAULT_CATALOG_OPTIONS)).toEqual(catalog);
  });

  it('watches resources of a custom prefix and trusts that prefix’s worker by default', () => {
    const m = monitor('secmon-tampering', { namePrefix: 'acme-sec' });
    expect(m.filterPattern).toContain('"acme-sec-*"');
    expect(m.filterPattern).toContain('!="acme-sec-worker-actions"');
    expect(m.filterPattern).not.toContain('secmon');
    expect(JSON.stringify(m.eventPattern)).not.toContain('secmon');
    const deleteRule = (name: string, identity: Record<string, unknown>) =>
      verdictsOf(m, call('events.amazonaws.com', 'DeleteRule', identity, { name }));
    expect(deleteRule('acme-sec-root-activity', user)).toEqual({ filter: true, event: true });
    expect(deleteRule('secmon-root-activity', user)).toEqual({ filter: false, event: false });
    expect(deleteRule('acme-sec-root-activity', session('acme-sec-worker-actions'))).toEqual({ filter: false, event: false });
    expect(deleteRule('acme-sec-root-activity', session('secmon-worker'))).toEqual({ filter: true, event: true });
  });

  it('trusts exactly the given roles', () => {
    const m = monitor('secmon-tampering', { trustedRoleNames: ['secmon-deploy', 'secmon-worker'] });
    const deleteAlarm = (identity: Record<string, unknown>) =>
      verdictsOf(m, call('monitoring.amazonaws.com', 'DeleteAlarms', identity, { alarmNames: ['secmon-root-activity'] }));
    expect(deleteAlarm(session('secmon-deploy'))).toEqual({ filter: false, event: false });
    expect(deleteAlarm(session('secmon-worker'))).toEqual({ filter: false, event: false });
    expect(deleteAlarm(session('ops'))).toEqual({ filter: true, event: true });
    expect(deleteAlarm(user)).toEqual({ filter: true, event: true });
  });

  it('trusts nobody when given no roles', () => {
    const m = monitor('secmon-tampering', { trustedRoleNames: [] });
    const input = call('logs.amazonaws.com', 'DeleteMetricFilter', session('secmon-worker'), { filterName: 'secmon-root-activity' });
    expect(verdictsOf(m, input)).toEqual({ filter: true, event: true });
  });

  it('narrows sns-topic-deleted to the named topics', () => {
    const m = monitor('sns-topic-deleted', { snsTopicNames: ['secmon-alerts', 'billing-alerts.fifo'] });
    const deleteTopic = (topic: string) =>
      verdictsOf(m, call('sns.amazonaws.com', 'DeleteTopic', user, { topicArn: `arn:aws:sns:eu-west-1:111122223333:${topic}` }));
    expect(deleteTopic('billing-alerts.fifo')).toEqual({ filter: true, event: true });
    expect(deleteTopic('secmon-alerts')).toEqual({ filter: true, event: true });
    expect(deleteTopic('orders-events')).toEqual({ filter: false, event: false });
    expect(deleteTopic('old-secmon-alerts')).toEqual({ filter: false, event: false });
    const every = monitor('sns-topic-deleted');
    expect(verdictsOf(every, call('sns.amazonaws.com', 'DeleteTopic', user, { topicArn: 'arn:aws:sns:eu-west-1:111122223333:orders-events' }))).toEqual({
      filter: true,
      event: true,
    });
  });

  it('leaves the rest of the catalog as it is', () => {
    const custom = buildCatalog({ namePrefix: 'acme-sec', snsTopicNames: ['billing-alerts'], cloudTrailLogGroup: 'trail-logs' });
    const changed = custom.filter((m, i) => JSON.stringify(m) !== JSON.stringify(catalog[i])).map((m) => m.id);
    expect(changed).toEqual(['sns-topic-deleted', 'secmon-tampering']);
  });

  it('watches the CloudTrail log group only when given one', () => {
    const m = monitor('secmon-tampering', { cloudTrailLogGroup: 'aws-cloudtrail-logs-111122223333' });
    const deleteGroup = (group: string) => verdictsOf(m, call('logs.amazonaws.com', 'DeleteLogGroup', user, { logGroupName: group }));
    expect(deleteGroup('aws-cloudtrail-logs-111122223333')).toEqual({ filter: false, event: true });
    expect(deleteGroup('aws-cloudtrail-logs-111122223333-old')).toEqual({ filter: false, event: false });
    expect(m.description).toContain('the CloudTrail log group aws-cloudtrail-logs-111122223333');
    expect(verdictsOf(monitor('secmon-tampering'), call('logs.amazonaws.com', 'DeleteLogGroup', user, { logGroupName: 'aws-cloudtrail-logs-111122223333' }))).toEqual({
      filter: false,
      event: false,
    });
  });

  it('fits the longest prefix, two long role names and a log group within AWS pattern limits', () => {
    const prefix = 'a'.repeat(20);
    const options = {
      namePrefix: prefix,
      trustedRoleNames: [`${prefix}-worker`, `${prefix}-deployment`],
      // The name the CloudTrail console gives a trail's log group.
      cloudTrailLogGroup: 'aws-cloudtrail-logs-111122223333-0a1b2c3d',
    };
    expect(() => buildCatalog(options)).not.toThrow();
    const m = monitor('secmon-tampering', options);
    expect(m.filterPattern!.length).toBeLessThanOrEqual(1024);
    expect(JSON.stringify(m.eventPattern).length).toBeLessThanOrEqual(2048);
  });

  it('reports options that push a pattern over AWS limits, naming the monitor', () => {
    const roles = Array.from({ length: 8 }, (_, i) => `deployment-role-number-${i}`);
    const error = thrown(() => buildCatalog({ trustedRoleNames: roles }));
    expect(isSecmonError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/^monitor 'secmon-tampering': .*1024/);
  });

  it.each([
    ['a prefix with a space', { namePrefix: 'sec mon' }, /namePrefix/],
    ['an empty prefix', { namePrefix: '' }, /namePrefix/],
    ['a prefix ending in a hyphen', { namePrefix: 'secmon-' }, /namePrefix/],
    ['a prefix starting with a digit', { namePrefix: '1secmon' }, /namePrefix/],
    ['a prefix of 21 characters', { namePrefix: 'a'.repeat(21) }, /namePrefix/],
    ['a prefix with a wildcard', { namePrefix: 'sec*' }, /namePrefix/],
    ['a role name with a quote', { trustedRoleNames: ['ops"||"x'] }, /trustedRoleNames/],
    ['role names that are not a list', { trustedRoleNames: 'secmon-worker' }, /trustedRoleNames/],
    ['a topic name with a colon', { snsTopicNames: ['a:b'] }, /snsTopicNames/],
    ['a log group name with a quote', { cloudTrailLogGroup: 'trail"||"x' }, /cloudTrailLogGroup/],
    ['a region that is not a region code', { allowedRegions: ['eu-west-1', 'Europe'] }, /allowedRegions holds "Europe"/],
    ['allowed regions that are not a list', { allowedRegions: 'eu-west-1' }, /allowedRegions/],
    ['an unknown option', { prefix: 'secmon' }, /unknown catalog option 'prefix'/],
  ])('rejects %s', (_, options, message) => {
    const error = thrown(() => buildCatalog(options as unknown as Partial<CatalogOptions>));
    expect(isSecmonError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});

describe('compactFilter', () => {
  it('drops only the spaces that carry no meaning', () => {
    expect(compactFilter('{ ($.a = "x y" || $.b != 1) && $.c NOT EXISTS && $.d[0] IS NULL }')).toBe(
      '{($.a="x y"||$.b!=1)&&$.c NOT EXISTS&&$.d[0] IS NULL}',
    );
    expect(compactFilter('{ $.a = "say \\" && \\"hi" }')).toBe('{$.a="say \\" && \\"hi"}');
  });

  it.each(catalog.filter((m) => m.filterPattern !== null).map((m) => [m.id, m.filterPattern!] as const))(
    'leaves the meaning of %s unchanged',
    (_, text) => {
      expect(compileFilterPattern(compactFilter(text)).tree).toEqual(compileFilterPattern(text).tree);
    },
  );
});

describe('createCatalogMatcher over a custom catalog', () => {
  it('uses the options it was built with', () => {
    const matcher = createCatalogMatcher(buildCatalog({ namePrefix: 'acme-sec' }));
    const input = call('events.amazonaws.com', 'DisableRule', user, { name: 'acme-sec-root-activity' });
    expect(matcher.match(input)).toEqual(['secmon-tampering']);
    expect(createCatalogMatcher(catalog).match(input)).toEqual([]);
  });
});
