/**
 * The NamePrefix parameter: one rule (src/name-prefix.ts) that template.yaml, every function's config loader and
 * the catalog follow, so a prefix CloudFormation accepts never crashes a function at init, and every name built
 * from it fits the AWS limits of what it names.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/catalog/index.js';
import { loadAlertsConfig, loadSlackAppConfig, loadWorkerConfig } from '../../../src/config.js';
import { NAME_PREFIX_PATTERN } from '../../../src/name-prefix.js';
import { createResolver, loadTemplate } from './template-model.js';

const template = loadTemplate();
const REQUIRED = { SlackChannelId: 'C0SECMON01', CloudTrailLogGroup: 'aws-cloudtrail-logs-111122223333' };
const LOADERS = { AlertsFunction: loadAlertsConfig, SlackFunction: loadSlackAppConfig, WorkerFunction: loadWorkerConfig } as const;

/** CloudFormation tests AllowedPattern against the whole value (java.util.regex matches()); the pattern is anchored anyway. */
const templateAccepts = (prefix: string) => new RegExp(`^(?:${template.Parameters['NamePrefix']!.AllowedPattern!})$`).test(prefix);

function environmentOf(id: keyof typeof LOADERS, prefix: string): Record<string, string> {
  const { evaluate } = createResolver(template, { parameters: { ...REQUIRED, NamePrefix: prefix } });
  return (evaluate(template.Resources[id]!.Properties!['Environment']) as { Variables: Record<string, string> }).Variables;
}

const ACCEPTED = [
  ['one letter (shortest)', 'a'],
  ['twenty characters (longest)', `a${'b1-'.repeat(6)}z`],
  ['the default', 'secmon'],
  ['hyphens and digits inside', 'acme-sec-2'],
];
const REJECTED = [
  ['empty', ''],
  ['twenty-one characters', 'a'.repeat(21)],
  ['a trailing hyphen', 'secmon-'],
  ['a leading digit', '1secmon'],
  ['a leading hyphen', '-secmon'],
  ['upper case', 'SecMon'],
  ['an underscore', 'sec_mon'],
  ['a wildcard', 'sec*'],
  ['a space', 'sec mon'],
];

describe('NamePrefix: one rule for the template and the code', () => {
  it("the template's AllowedPattern is the code's pattern", () => {
    expect(template.Parameters['NamePrefix']!.AllowedPattern).toBe(NAME_PREFIX_PATTERN.source);
    expect(templateAccepts(String(template.Parameters['NamePrefix']!.Default))).toBe(true);
  });

  it.each(ACCEPTED)('%s (%s): accepted by the template, every function at init, and the catalog', (_label, prefix) => {
    expect(prefix.length).toBeLessThanOrEqual(20);
    expect(templateAccepts(prefix)).toBe(true);
    for (const [id, load] of Object.entries(LOADERS)) {
      const config = load(environmentOf(id as keyof typeof LOADERS, prefix));
      expect('settings' in config ? config.settings.namePrefix : config.namePrefix, id).toBe(prefix);
    }
    expect(() => buildCatalog({ namePrefix: prefix })).not.toThrow();
  });

  it.each(REJECTED)('%s (%j): refused by the template, every loader and the catalog alike', (_label, prefix) => {
    expect(templateAccepts(prefix)).toBe(false);
    for (const [id, load] of Object.entries(LOADERS)) {
      const env = { ...environmentOf(id as keyof typeof LOADERS, 'secmon'), SECMON_NAME_PREFIX: prefix };
      expect(() => load(env), id).toThrow(/SECMON_NAME_PREFIX: must be 1-20 lowercase letters/);
    }
    expect(() => buildCatalog({ namePrefix: prefix })).toThrow(/namePrefix .* must be 1-20 lowercase letters/);
  });

  it('every name built from the longest prefix fits the limits AWS sets for it', () => {
    const prefix = ACCEPTED[1]![1]!;
    const catalog = buildCatalog({ namePrefix: prefix });
    for (const monitor of catalog) {
      const name = `${prefix}-${monitor.id}`;
      // EventBridge rule names: 64; alarm and mute rule names: 255; metric filter names: 512.
      expect(name.length, name).toBeLessThanOrEqual(64);
    }
    // IAM role names: 64; Lambda function names: 64; SQS queue names: 80; DynamoDB table names: 255.
    for (const role of ['worker-actions', 'event-forwarding', 'member-actions']) expect(`${prefix}-${role}`.length).toBeLessThanOrEqual(64);
    for (const fn of ['alerts', 'slack', 'worker']) expect(`${prefix}-${fn}`.length).toBeLessThanOrEqual(64);
    expect(`${prefix}-failed-invocations`.length).toBeLessThanOrEqual(80);
  });
});
