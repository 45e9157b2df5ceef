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

describe('the default catalog', () => {
  it('holds the essentials and cis packs with unique ids', () => {
    const ids = catalog.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(monitorsInPack(catalog, 'essentials').map((m) => m.id)).toEqual(Object.keys(ESSENTIALS));
    expect(monitorsInPack(catalog, 'cis')).toHaveLength(15);
    expect(catalog).toHaveLength(30);
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
    expect(m.remediations).toEqual(m.id === 'sg-open-to-world' ? ['revert'] : []);
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

  it.each(Object.entries(ESSENTIALS))('%s has severity %s', (id, severity) => {
    expect(findMonitor(catalog, id)?.severity).toBe(severity);
  });

  it('has only config-noncompliant without a filter form (Config compliance is not a CloudTrail event)', () => {
    expect(catalog.filter((m) => m.filterPattern === null).map((m) => m.id)).toEqual(['config-noncompliant']);
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
    for (const m of catalog) {
      const pattern = m.eventPattern as { source?: string[]; detail?: { eventSource?: string[] } } | null;
      if (!pattern?.source || !pattern.detail?.eventSource) continue;
      expect(pattern.source, m.id).toEqual(pattern.detail.eventSource.map((s) => `aws.${s.split('.')[0]}`));
    }
  });

  it('places rules for IAM and sign-in events in us-east-1', () => {
    for (const id of ['root-activity', 'unauthorized-api-calls', 'console-login-failure', 'console-login-without-mfa']) {
      expect(findMonitor(catalog, id)?.ruleRegions).toEqual(['home', 'us-east-1']);
    }
    for (const id of ['mfa-deactivated', 'admin-policy-attached']) expect(findMonitor(catalog, id)?.ruleRegions).toEqual(['us-east-1']);
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
    const essentials = monitorsInPack(catalog, 'essentials');
    const cis = monitorsInPack(catalog, 'cis');
    expect([...essentials, ...cis].map((m) => m.id).sort()).toEqual(catalog.map((m) => m.id).sort());
  });
});

describe('buildCatalog options', () => {
  it('defaults to the secmon prefix, its worker role and every SNS topic', () => {
    expect(DEFAULT_CATALOG_OPTIONS).toEqual({ namePrefix: 'secmon', trustedRoleNames: ['secmon-worker-actions'], snsTopicNames: [] });
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
    const custom = buildCatalog({ namePrefix: 'acme-sec', snsTopicNames: ['billing-alerts'] });
    const changed = custom.filter((m, i) => JSON.stringify(m) !== JSON.stringify(catalog[i])).map((m) => m.id);
    expect(changed).toEqual(['sns-topic-deleted', 'secmon-tampering']);
  });

  it('fits the longest prefix and two long role names within AWS pattern limits', () => {
    const prefix = 'a'.repeat(20);
    const options = { namePrefix: prefix, trustedRoleNames: [`${prefix}-worker`, `${prefix}-deployment`] };
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
