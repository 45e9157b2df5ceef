import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/catalog/index.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('opens with the two quick-start commands', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));
    const commands = [...quickStart.matchAll(/^(npm ci && [^#\n]+?)\s*(#.*)?$/gm)].map((m) => m[1]);
    expect(commands).toEqual(['npm ci && npx secmon replay examples/cloudtrail', 'npm ci && npm test']);
  });

  it('lists exactly the regions the deploy check lints the template for', () => {
    const listed = /<!-- supported-regions -->([\s\S]*?)<!-- \/supported-regions -->/.exec(readme)?.[1] ?? '';
    const file = readFileSync(new URL('../../../scripts/ci/supported-regions.txt', import.meta.url), 'utf8');
    const regions = file.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(regions.length).toBeGreaterThan(10);
    expect(listed.split(/[\s,]+/).filter(Boolean)).toEqual(regions);
  });

  it('lists every monitor of the catalog with its severity', () => {
    for (const monitor of buildCatalog()) expect(readme).toContain(`| \`${monitor.id}\` | ${monitor.severity} |`);
  });
});
