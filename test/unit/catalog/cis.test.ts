import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalog, monitorsInPack } from '../../../src/catalog/index.js';
import { compileFilterPattern } from '../../../src/patterns/filter/index.js';

const FILE = new URL('../../../src/catalog/cis/published-filters.json', import.meta.url);
/**
 * SHA-256 of the published CIS filter texts (shared/cis-filters.json as received, copied unchanged into
 * src/catalog/cis/published-filters.json). Auditors compare these texts byte for byte: never edit the file.
 */
const PUBLISHED_SHA256 = '1b38b0f7fab7751ec021eb215225e98acea878144414a34501dd8f35a394fd87';

const bytes = readFileSync(FILE);
const published = JSON.parse(bytes.toString('utf8')) as Record<string, string>;
const cis = monitorsInPack(buildCatalog(), 'cis');

describe('CIS monitors', () => {
  it('read their texts from the published file, unchanged', () => {
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(PUBLISHED_SHA256);
  });

  it('are exactly the 15 published ids, in the published order', () => {
    expect(Object.keys(published)).toHaveLength(15);
    expect(cis.map((m) => m.id)).toEqual(Object.keys(published));
  });

  it.each(Object.entries(published))('%s uses the published filter text byte for byte', (id, text) => {
    const monitor = cis.find((m) => m.id === id);
    expect(monitor?.filterPattern).toBe(text);
    expect(Buffer.from(monitor!.filterPattern!, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it.each(cis.map((m) => [m.id, m] as const))('%s is alarm-only, in the cis pack alone, and compiles', (_, monitor) => {
    expect(monitor.eventPattern).toBeNull();
    expect(monitor.ruleRegions).toEqual([]);
    expect(monitor.packs).toEqual(['cis']);
    expect(monitor.remediations).toEqual([]);
    expect(monitor.filterLimitation).toBeUndefined();
    expect(monitor.title).toMatch(/^CIS: .+ \((CloudWatch\.(?:[1-9]|1[0-4])|CIS 4\.15)\)$/);
    expect(() => compileFilterPattern(monitor.filterPattern!)).not.toThrow();
  });

  it('cover Security Hub CloudWatch.1 to CloudWatch.14 and CIS 4.15 once each', () => {
    const controls = cis.map((m) => /\(([^)]+)\)$/.exec(m.title)![1]).sort();
    const expected = [...Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`), 'CIS 4.15'].sort();
    expect(controls).toEqual(expected);
  });
});
