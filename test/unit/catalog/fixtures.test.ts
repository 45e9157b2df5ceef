import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/catalog/index.js';
import { createCatalogMatcher, type CatalogMatcher } from '../../../src/catalog/matcher.js';
import { severityFor } from '../../../src/catalog/record-rules.js';
import { undoTargetOf } from '../../../src/alerts/undo/target.js';
import type { Monitor } from '../../../src/catalog/types.js';
import { catalogOf, compileForms, conditionsHold, loadFixtureCases, subjects, verdicts, type CompiledForms, type FixtureCase } from './support.js';

const cases = loadFixtureCases();
const catalog = buildCatalog();

/** Every monitor any case's catalog holds (the default catalog, and region-not-allowed under its options). */
const everyMonitor = new Map<string, Monitor>();
for (const c of [{ options: undefined }, ...cases]) for (const m of catalogOf(c)) if (!everyMonitor.has(m.id)) everyMonitor.set(m.id, m);
const ids = [...everyMonitor.keys()];

const matchers = new Map<readonly Monitor[], { matcher: CatalogMatcher; forms: CompiledForms[] }>();
function toolsFor(c: FixtureCase) {
  const monitors = catalogOf(c);
  let tools = matchers.get(monitors);
  if (tools === undefined) matchers.set(monitors, (tools = { matcher: createCatalogMatcher(monitors), forms: compileForms(monitors) }));
  return tools;
}

describe('record fixtures', () => {
  it('are well formed: unique names, known sorted ids, near misses that do not match', () => {
    expect(cases.length).toBeGreaterThan(200);
    const names = cases.map((c) => `${c.file}: ${c.name}`);
    expect(new Set(names).size).toBe(names.length);
    for (const c of cases) {
      const where = `${c.file}: ${c.name}`;
      const known = catalogOf(c).map((m) => m.id);
      expect(c.monitors, where).toEqual([...new Set(c.monitors)].sort());
      for (const id of [...c.monitors, ...c.nearMissOf, ...c.filterDisagrees]) expect(known, where).toContain(id);
      for (const id of c.nearMissOf) expect(c.monitors, where).not.toContain(id);
      for (const id of c.filterDisagrees) expect(c.monitors, where).toContain(id);
    }
  });

  it('hold realistic CloudTrail records with unique event ids', () => {
    const eventIDs = new Set<string>();
    for (const c of cases) {
      const { record } = subjects(c.input);
      if (record === undefined) continue;
      const r = record as Record<string, unknown>;
      for (const field of ['eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'eventID', 'eventType', 'recipientAccountId']) {
        expect(r[field], `${c.file}: ${c.name}: ${field}`).toBeDefined();
      }
      expect(eventIDs.has(r['eventID'] as string), `${c.name}: duplicate eventID`).toBe(false);
      eventIDs.add(r['eventID'] as string);
    }
  });

  it('include routine calls that match nothing', () => {
    const quiet = cases.filter((c) => c.file === 'noise.json' && c.monitors.length === 0);
    expect(quiet.length).toBeGreaterThanOrEqual(5);
  });

  it("say which monitors offer Undo: exactly the event monitors some fixture's alert gets an undo for", () => {
    const undoable = new Set<string>();
    for (const c of cases) {
      const { record } = subjects(c.input);
      if (record === undefined || undoTargetOf(record) === undefined) continue;
      // Alarm-only monitors post counts, not records: their alerts carry nothing to undo.
      for (const id of c.monitors) if (everyMonitor.get(id)?.eventPattern !== null) undoable.add(id);
    }
    const listed = ids.filter((id) => everyMonitor.get(id)!.remediations.includes('undo'));
    expect(listed.sort()).toEqual([...undoable].sort());
  });

  it('cover every monitor, the default catalog and region-not-allowed under its options', () => {
    expect(ids).toEqual(expect.arrayContaining([...catalog.map((m) => m.id), 'region-not-allowed']));
  });

  it.each(ids)('give %s at least two matching cases and two near misses', (id) => {
    expect(cases.filter((c) => c.monitors.includes(id)).length).toBeGreaterThanOrEqual(2);
    expect(cases.filter((c) => c.nearMissOf.includes(id)).length).toBeGreaterThanOrEqual(2);
  });

  it.each(ids.filter((id) => everyMonitor.get(id)!.packs.includes('threats')))(
    'give %s a failed call among its near misses, or among its matches when it alerts on attempts',
    (id) => {
      const failed = (c: FixtureCase) => (subjects(c.input).record as Record<string, unknown> | undefined)?.['errorCode'] !== undefined;
      const attempts = JSON.stringify(everyMonitor.get(id)!.eventPattern).includes('"errorCode"') === false;
      const pool = cases.filter((c) => (attempts ? c.monitors.includes(id) : c.nearMissOf.includes(id)));
      expect(pool.some(failed), id).toBe(true);
    },
  );

  it.each(ids.filter((id) => everyMonitor.get(id)!.conditions !== undefined))(
    'give %s a near miss that only its record condition keeps out',
    (id) => {
      const monitor = everyMonitor.get(id)!;
      const setAside = cases.filter((c) => {
        if (!c.nearMissOf.includes(id)) return false;
        const { filter, event } = verdicts(compileForms([monitor])[0]!, c.input);
        return (filter === true || event === true) && !conditionsHold(monitor, c.input);
      });
      expect(setAside.length, id).toBeGreaterThanOrEqual(1);
    },
  );

  it.each(ids.filter((id) => everyMonitor.get(id)!.severityRule !== undefined))(
    'rate records for %s: each severity its rule gives is pinned by a matching case',
    (id) => {
      const rated = cases.filter((c) => c.severities[id] !== undefined);
      for (const c of rated) {
        expect(c.monitors, c.name).toContain(id);
        const { record } = subjects(c.input);
        expect(severityFor(everyMonitor.get(id)!, record as Record<string, unknown>), c.name).toBe(c.severities[id]);
      }
      expect(new Set(rated.map((c) => c.severities[id]))).toEqual(new Set(['high', 'critical']));
    },
  );

  it('list filter disagreements only for monitors with a documented filter limitation, and exercise each one', () => {
    const limited = [...everyMonitor.values()].filter((m) => m.filterLimitation !== undefined).map((m) => m.id);
    const disagreeing = new Set(cases.flatMap((c) => c.filterDisagrees));
    for (const id of disagreeing) expect(limited).toContain(id);
    for (const id of limited) expect(disagreeing.has(id), `${id} has no case showing its limitation`).toBe(true);
  });
});

describe.each(cases.map((c) => [`${c.file}: ${c.name}`, c] as const))('%s', (_, c) => {
  it('matches exactly its monitors through the catalog matcher', () => {
    expect(toolsFor(c).matcher.match(c.input)).toEqual(c.monitors);
  });

  it('matches exactly its monitors form by form (then record conditions), and the forms agree unless listed', () => {
    for (const form of toolsFor(c).forms) {
      const { monitor } = form;
      const { filter: byFilter, event: byEvent } = verdicts(form, c.input);
      const matched = (byFilter === true || byEvent === true) && conditionsHold(monitor, c.input);
      expect(matched, `${monitor.id} matches`).toBe(c.monitors.includes(monitor.id));
      if (byFilter === undefined || byEvent === undefined) continue;
      if (c.filterDisagrees.includes(monitor.id)) {
        // A documented limitation: the filter form misses what the event form catches, never the reverse.
        expect({ filter: byFilter, event: byEvent }, monitor.id).toEqual({ filter: false, event: true });
      } else {
        expect(byFilter, `${monitor.id}: filter form agrees with event form`).toBe(byEvent);
      }
    }
  });
});
