import { describe, expect, it } from 'vitest';
import { isSecmonError } from '../../../src/errors.js';
import { buildCatalog, findMonitor } from '../../../src/catalog/index.js';
import { createCatalogMatcher } from '../../../src/catalog/matcher.js';
import type { Monitor } from '../../../src/catalog/types.js';
import { compileForms, loadFixtureCases, naiveMatch } from './support.js';

const catalog = buildCatalog();
const cases = loadFixtureCases();

function custom(id: string, forms: Pick<Monitor, 'filterPattern' | 'eventPattern'>): Monitor {
  return {
    id,
    title: id,
    description: id,
    severity: 'low',
    packs: ['essentials'],
    ruleRegions: forms.eventPattern === null ? [] : ['home'],
    remediations: [],
    runbook: '-',
    attack: [],
    stratus: [],
    ...forms,
  };
}

const record = {
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', accountId: '111122223333', userName: 'ops-admin' },
  eventTime: '2026-03-02T09:14:07Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'CreateVpc',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.23',
  eventID: '3e0c0a7e-9a51-4f0e-8c8a-1f2d3c4b5a69',
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
};
const configEvent = {
  version: '0',
  id: 'a1b2c3d4-1111-4222-8333-944455556666',
  'detail-type': 'Config Rules Compliance Change',
  source: 'aws.config',
  account: '111122223333',
  time: '2026-03-02T09:20:11Z',
  region: 'eu-west-1',
  resources: [],
  detail: { messageType: 'ComplianceChangeNotification', eventName: 'CreateVpc', newEvaluationResult: { complianceType: 'NON_COMPLIANT' } },
};

describe('createCatalogMatcher', () => {
  it('returns matching ids sorted, whatever the order of the monitors', () => {
    const input = cases.find((c) => c.monitors.length >= 4)!;
    expect(createCatalogMatcher([...catalog].reverse()).match(input.input)).toEqual(input.monitors);
  });

  it('matches only the monitors it was given', () => {
    const subset = ['root-activity', 'kms-key-deletion'].map((id) => findMonitor(catalog, id)!);
    const rootLogin = cases.find((c) => c.name === 'root console sign-in fails with a wrong password')!;
    expect(createCatalogMatcher(subset).match(rootLogin.input)).toEqual(['root-activity']);
    expect(createCatalogMatcher([]).match(rootLogin.input)).toEqual([]);
  });

  it.each([null, undefined, 42, 'ConsoleLogin', [record], true])('returns [] for %j', (input) => {
    expect(createCatalogMatcher(catalog).match(input)).toEqual([]);
  });

  it('refuses a monitor given twice', () => {
    const m = findMonitor(catalog, 'root-activity')!;
    let error: unknown;
    try {
      createCatalogMatcher([m, findMonitor(catalog, 'kms-key-deletion')!, m]);
    } catch (e) {
      error = e;
    }
    expect(isSecmonError(error, 'CONFIG_INVALID')).toBe(true);
  });

  it('matches event patterns of records against the envelope AWS would deliver', () => {
    const byEnvelope = custom('by-envelope', {
      filterPattern: null,
      eventPattern: { source: ['aws.ec2'], 'detail-type': ['AWS API Call via CloudTrail'], account: ['111122223333'], detail: { eventName: ['CreateVpc'] } },
    });
    const matcher = createCatalogMatcher([byEnvelope]);
    expect(matcher.match(record)).toEqual(['by-envelope']);
    // Insights records are not delivered as events of their service: no envelope, so no event-pattern match.
    expect(matcher.match({ ...record, eventType: 'AwsCloudTrailInsight' })).toEqual([]);
  });

  it('matches filter patterns of a CloudTrail envelope against its detail, and never against other envelopes', () => {
    const byFilter = custom('by-filter', { filterPattern: '{ $.eventName = "CreateVpc" }', eventPattern: null });
    const matcher = createCatalogMatcher([byFilter]);
    const envelope = { ...configEvent, 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', detail: record };
    expect(matcher.match(envelope)).toEqual(['by-filter']);
    expect(matcher.match(configEvent)).toEqual([]);
    expect(matcher.match(record)).toEqual(['by-filter']);
  });

  it('reads detail-type of a record right after its envelope was built for another monitor', () => {
    // `a` builds the envelope; `b` is then pre-checked on detail-type, which the record itself does not hold.
    const a = custom('a', { filterPattern: null, eventPattern: { detail: { awsRegion: [{ prefix: 'eu-' }] } } });
    const b = custom('b', {
      filterPattern: null,
      eventPattern: { 'detail-type': ['AWS API Call via CloudTrail'], detail: { awsRegion: [{ prefix: 'eu-' }] } },
    });
    expect(createCatalogMatcher([b, a]).match(record)).toEqual(['a', 'b']);
    expect(createCatalogMatcher([b]).match({ ...record, eventType: 'AwsServiceEvent' })).toEqual([]);
  });

  it('pre-checks event names given as prefixes without losing a match', () => {
    const byPrefix = custom('by-prefix', {
      filterPattern: '{ $.eventName = "AddPermission*" }',
      eventPattern: { detail: { eventName: [{ prefix: 'AddPermission' }, 'PutFunctionConcurrency'] } },
    });
    const matcher = createCatalogMatcher([byPrefix]);
    expect(matcher.match({ ...record, eventName: 'AddPermission20150331v2' })).toEqual(['by-prefix']);
    expect(matcher.match({ ...record, eventName: 'PutFunctionConcurrency' })).toEqual(['by-prefix']);
    expect(matcher.match({ ...record, eventName: 'RemovePermission20150331v2' })).toEqual([]);
    // An array of names is left to the patterns (the event pattern matches any element).
    expect(matcher.match({ ...record, eventName: ['x', 'AddPermission'] })).toEqual(['by-prefix']);
  });

  it('reports a monitor once when both its forms match', () => {
    const both = custom('both', { filterPattern: '{ $.eventName = "CreateVpc" }', eventPattern: { detail: { eventName: ['CreateVpc'] } } });
    expect(createCatalogMatcher([both]).match(record)).toEqual(['both']);
  });
});

describe('createCatalogMatcher with record conditions', () => {
  const createVpc = { filterPattern: '{ $.eventName = "CreateVpc" }', eventPattern: { detail: { eventName: ['CreateVpc'] } } };
  const tested: string[] = [];
  const inEu = custom('in-eu', createVpc);
  const conditional: Monitor = {
    ...custom('conditional', createVpc),
    conditions: [
      { name: 'always', description: '-', test: () => true },
      {
        name: 'in-us',
        description: '-',
        test: (r) => {
          tested.push(String(r['eventID']));
          return r['awsRegion'] === 'us-east-1';
        },
      },
    ],
  };

  it('matches only when every condition holds for the record, and says which one set a monitor aside', () => {
    const matcher = createCatalogMatcher([conditional, inEu]);
    expect(matcher.match(record)).toEqual(['in-eu']);
    expect(matcher.examine(record)).toEqual({ monitors: ['in-eu'], unmet: [{ monitor: 'conditional', condition: 'in-us' }] });
    expect(matcher.examine({ ...record, awsRegion: 'us-east-1' })).toEqual({ monitors: ['conditional', 'in-eu'], unmet: [] });
  });

  it('tests the record of an envelope, once per input even when both forms match', () => {
    tested.length = 0;
    const envelope = { ...configEvent, 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.ec2', detail: record };
    expect(createCatalogMatcher([conditional]).match(envelope)).toEqual([]);
    expect(tested).toEqual([record.eventID]);
  });

  it('never holds a condition for an input without a CloudTrail record', () => {
    const onConfig = { ...custom('config-like', { filterPattern: null, eventPattern: { source: ['aws.config'] } }), conditions: [{ name: 'yes', description: '-', test: () => true }] };
    expect(createCatalogMatcher([onConfig]).examine(configEvent)).toEqual({ monitors: [], unmet: [{ monitor: 'config-like', condition: 'yes' }] });
  });

  it('counts a condition that throws as holding: an alert rather than silence on a record it misreads', () => {
    const throwing = { ...custom('throwing', createVpc), conditions: [{ name: 'broken', description: '-', test: () => { throw new Error('bug'); } }] };
    expect(createCatalogMatcher([throwing]).match(record)).toEqual(['throwing']);
  });

  it('costs nothing for inputs no pattern matches', () => {
    tested.length = 0;
    createCatalogMatcher([conditional]).match({ ...record, eventName: 'DeleteVpc' });
    expect(tested).toEqual([]);
  });
});

/**
 * The matcher skips forms whose required eventName / eventSource / detail-type the input cannot have. These
 * variants put other kinds of values in those fields (arrays, numbers, nothing), where the skip must not apply
 * or must still be right; the result must equal evaluating every form.
 */
describe('createCatalogMatcher agrees with evaluating every form', () => {
  const matcher = createCatalogMatcher(catalog);
  const forms = compileForms(catalog);
  const variants: [string, (r: Record<string, unknown>) => void][] = [
    ['as is', () => {}],
    ['eventName in an array', (r) => (r['eventName'] = [r['eventName']])],
    ['eventName among other names', (r) => (r['eventName'] = ['DescribeInstances', r['eventName']])],
    ['eventName a number', (r) => (r['eventName'] = 7)],
    ['eventName null', (r) => (r['eventName'] = null)],
    ['no eventName', (r) => delete r['eventName']],
    ['eventSource in an array', (r) => (r['eventSource'] = [r['eventSource']])],
    ['no eventSource', (r) => delete r['eventSource']],
    ['userIdentity in an array', (r) => (r['userIdentity'] = [r['userIdentity']])],
    ['errorCode in an array', (r) => (r['errorCode'] = r['errorCode'] === undefined ? undefined : [r['errorCode']])],
    ['another eventType', (r) => (r['eventType'] = 'AwsServiceEvent')],
    ['no eventType', (r) => delete r['eventType']],
  ];
  const variantsOf = (input: unknown) =>
    variants.map(([label, change]) => {
      const copy = structuredClone(input) as Record<string, unknown>;
      change(typeof copy['detail-type'] === 'string' ? (copy['detail'] as Record<string, unknown>) : copy);
      return [label, copy] as const;
    });

  it.each(cases.map((c) => [`${c.file}: ${c.name}`, c.input] as const))('%s, in every variant', (_, original) => {
    for (const [label, input] of variantsOf(original)) {
      expect(matcher.match(input), label).toEqual(naiveMatch(forms, input));
    }
  });

  it('includes variants that match only because an array holds the required value', () => {
    const arrayMatches = cases.filter((c) => {
      const [, input] = variantsOf(c.input).find(([label]) => label === 'eventName in an array')!;
      return matcher.match(input).length > 0;
    });
    expect(arrayMatches.length).toBeGreaterThan(0);
  });
});
