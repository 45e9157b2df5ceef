/**
 * The threats pack through the alerts function's normalisation, over every record fixture as AWS would deliver it:
 * which monitor an alert names, its severity for the record, its one-sentence summary, what a threshold monitor
 * carries to the pipeline, and events a record condition sets aside.
 */
import { describe, expect, it } from 'vitest';
import { normaliseInvocation } from '../../../src/alerts/normalise/index.js';
import type { Alert } from '../../../src/alerts/model.js';
import { toEventBridgeEnvelope } from '../../../src/catalog/envelope.js';
import { createCatalogMatcher } from '../../../src/catalog/matcher.js';
import type { Monitor } from '../../../src/catalog/types.js';
import { isJsonObject } from '../../../src/cloudtrail/record.js';
import { catalogOf, loadFixtureCases, type FixtureCase } from '../catalog/support.js';

const NOW = new Date('2026-03-02T12:00:00Z');
const cases = loadFixtureCases().filter((c) => isJsonObject(c.input) && toEventBridgeEnvelope(c.input) !== undefined);

function normalised(c: FixtureCase): { alert: Alert; catalog: readonly Monitor[] } {
  const catalog = catalogOf(c);
  const [alert] = normaliseInvocation(toEventBridgeEnvelope(c.input), { catalog, matcher: createCatalogMatcher(catalog) }, { now: NOW });
  return { alert: alert!, catalog };
}

const threatsCases = cases.filter((c) => c.file.startsWith('threats-') && c.monitors.length > 0);

describe.each(threatsCases.map((c) => [`${c.file}: ${c.name}`, c] as const))('%s', (_, c) => {
  it('names one of the monitors that match it, at its severity for this record, in one specific sentence', () => {
    const { alert, catalog } = normalised(c);
    expect(c.monitors).toContain(alert.monitor?.id);
    const monitor = catalog.find((m) => m.id === alert.monitor!.id)!;
    expect(alert.severity).toBe(c.severities[monitor.id] ?? monitor.severity);
    // Every call of the pack has its own sentence, not the generic "called <service>:<call>" one (failed calls aside);
    // region-not-allowed takes any call and says where.
    const failed = (c.input as Record<string, unknown>)['errorCode'] !== undefined;
    if (monitor.id === 'region-not-allowed') expect(alert.summary).toMatch(/ in [a-z]{2}-[a-z]+-\d$| enabled region /);
    else if (!failed && monitor.packs.includes('threats')) expect(alert.summary).not.toMatch(/ called [a-z0-9-]+:[A-Za-z]+/);
    expect(alert.summary).not.toMatch(/\n/);
  });
});

describe('threats summaries', () => {
  it.each([
    ['threats-sharing.json', 'EBS snapshot made public', 'made EBS snapshot snap-0a1b2c3d4e5f60719 public'],
    ['threats-sharing.json', 'AMI made public and shared with an account', 'made AMI ami-0a1b2c3d4e5f60719 public and shared it with account 777788889999'],
    ['threats-sharing.json', 'RDS snapshot shared with another account', 'shared RDS snapshot orders-2026-03-01 with account 777788889999'],
    ['threats-iam.json', "trust policy adds another account's root", 'changed the trust policy of role billing-export'],
    ['threats-public.json', 'Lambda permission lets anyone invoke a function', 'allowed anyone to lambda:InvokeFunction on Lambda function orders-api'],
    ['threats-execution.json', 'layer added to a function', 'added layer telemetry-ext to Lambda function orders-api'],
    ['threats-defense-evasion.json', 'VPC flow log deleted', 'deleted VPC flow log fl-0a1b2c3d4e5f60718'],
    ['threats-credential-access.json', 'decrypted parameters read', 'read decrypted SSM parameters /prod/orders/db-password, /prod/orders/api-key, /prod/billing/stripe-key'],
    ['ec2-security-groups.json', 'existing rule changed to admit SSH from anywhere', 'changed rule sgr-0a1b2c3d4e5f60718 to tcp 22 from 0.0.0.0/0 of sg-0a1b2c3d4e5f60718'],
  ])('%s: %s says what happened', (file, name, sentence) => {
    const c = cases.find((x) => x.file === file && x.name === name)!;
    expect(normalised(c).alert.summary).toContain(sentence);
  });
});

describe('record conditions in the alerts function', () => {
  const setAside = cases.filter((c) => c.monitors.length === 0 && c.nearMissOf.length > 0);

  it('set aside an event whose pattern matched but whose condition did not hold, naming the condition', () => {
    const c = cases.find((x) => x.name === 'user with a path creates an access key for itself by name')!;
    const { alert } = normalised(c);
    expect(alert.monitor).toBeNull();
    expect(alert.setAside).toEqual([{ monitorId: 'access-key-created-for-other', condition: 'key-for-another-user' }]);
  });

  it('never set aside an event that no pattern matched (it stays an info alert)', () => {
    const c = cases.find((x) => x.name === 'IAM Roles Anywhere trust anchors listed')!;
    const { alert } = normalised(c);
    expect(alert).toMatchObject({ monitor: null, severity: 'info', setAside: undefined });
    expect(setAside.length).toBeGreaterThan(20);
  });
});

describe('threshold monitors in the alerts function', () => {
  const secret = (id: string, name = 'secret value read') => {
    const c = cases.find((x) => x.name === name)!;
    const record = { ...(c.input as Record<string, unknown>), eventID: id, requestParameters: { secretId: `prod/${id}` } };
    return normalised({ ...c, input: record }).alert;
  };

  it('carry what the pipeline counts: the threshold, the weight and a key per principal', () => {
    const alert = secret('a');
    expect(alert.threshold).toEqual({ count: 10, windowSeconds: 300, unit: 'secret values read', key: expect.any(String), weight: 1, reached: undefined });
    const parameters = normalised(cases.find((x) => x.name === 'decrypted parameters read')!).alert;
    expect(parameters.threshold?.weight).toBe(3);
    expect(parameters.threshold?.key).toBe(alert.threshold?.key);
    const batch = normalised(cases.find((x) => x.name === 'secrets read in one batch')!).alert;
    expect(batch.threshold?.weight).toBe(10);
  });

  it('group a burst by monitor and principal, whichever secret each read names', () => {
    expect(secret('a').groupKey).toBe(secret('b').groupKey);
    expect(secret('a').groupKey).not.toBe(normalised(cases.find((x) => x.name === 'decrypted parameter read')!).alert.groupKey);
  });

  it('carry nothing for other monitors', () => {
    expect(normalised(threatsCases.find((c) => c.monitors.includes('snapshot-shared'))!).alert.threshold).toBeUndefined();
  });
});
