import { describe, expect, it } from 'vitest';
import { buildCatalog, compiledForms, findMonitor } from '../../../src/catalog/index.js';
import { createCatalogMatcher } from '../../../src/catalog/matcher.js';
import type { Monitor } from '../../../src/catalog/types.js';

describe('compiledForms: the catalog is compiled once per process', () => {
  const catalog = buildCatalog();

  it('gives the same compiled patterns on every call for a monitor of buildCatalog (compiled when it was built)', () => {
    for (const monitor of catalog) {
      const first = compiledForms(monitor);
      const again = compiledForms(monitor);
      expect(again, monitor.id).toBe(first);
      expect(first.filter?.source, monitor.id).toBe(monitor.filterPattern ?? undefined);
      expect(first.event === undefined, monitor.id).toBe(monitor.eventPattern === null);
      if (first.filter !== undefined) expect(compiledForms(monitor).filter, monitor.id).toBe(first.filter);
      if (first.event !== undefined) expect(compiledForms(monitor).event, monitor.id).toBe(first.event);
    }
  });

  it('reuses what an earlier build compiled for the monitors the builds share', () => {
    const again = buildCatalog();
    const shared = catalog.filter((monitor) => again.includes(monitor));
    expect(shared.length).toBeGreaterThan(0);
    for (const monitor of shared) expect(compiledForms(monitor), monitor.id).toBe(compiledForms(monitor));
  });

  it('shares nothing it cannot trust: compiled forms are frozen, other monitors are compiled on each call', () => {
    const rootActivity = findMonitor(catalog, 'root-activity')!;
    const forms = compiledForms(rootActivity);
    expect(Object.isFrozen(forms)).toBe(true);
    if (forms.filter !== undefined) expect(Object.isFrozen(forms.filter)).toBe(true);
    // A copy is not a monitor of buildCatalog (and, unfrozen, could change): compiled afresh, not remembered.
    const copy: Monitor = { ...rootActivity };
    const fresh = compiledForms(copy);
    expect(fresh).not.toBe(forms);
    expect(compiledForms(copy)).not.toBe(fresh);
    expect(fresh.filter?.source).toBe(forms.filter?.source);
  });

  it('lets the matcher built from a catalog match as before', () => {
    const matcher = createCatalogMatcher(catalog);
    expect(
      matcher.match({
        eventVersion: '1.09',
        userIdentity: { type: 'Root', accountId: '111122223333' },
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventType: 'AwsConsoleSignIn',
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: { MFAUsed: 'No' },
        recipientAccountId: '111122223333',
      }),
    ).toContain('root-activity');
  });
});
