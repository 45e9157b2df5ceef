/** Shared by the catalog tests: the record fixtures (test/fixtures/records/*.json) and a naive matcher. */
import { readdirSync, readFileSync } from 'node:fs';
import { cloudTrailRecordOf, isEventBridgeEnvelope, toEventBridgeEnvelope } from '../../../src/catalog/envelope.js';
import { buildCatalog } from '../../../src/catalog/index.js';
import type { CatalogOptions, Monitor } from '../../../src/catalog/types.js';
import { isJsonObject } from '../../../src/cloudtrail/record.js';
import { compileEventPattern, type CompiledEventPattern } from '../../../src/patterns/event/index.js';
import { compileFilterPattern, type CompiledFilterPattern } from '../../../src/patterns/filter/index.js';

export interface FixtureCase {
  readonly file: string;
  readonly name: string;
  /** A CloudTrail record or an EventBridge envelope. */
  readonly input: unknown;
  /** Every monitor of the default catalog that matches, sorted. */
  readonly monitors: readonly string[];
  /** Monitors this case deliberately does not match. */
  readonly nearMissOf: readonly string[];
  /** Monitors whose filter form knowingly disagrees with their event form on this case. */
  readonly filterDisagrees: readonly string[];
  /**
   * Catalog options the case is matched under (region-not-allowed needs allowedRegions); `monitors` then lists every
   * monitor of that catalog that matches. Undefined: the default catalog.
   */
  readonly options: Partial<CatalogOptions> | undefined;
  /** The severity the record should get from monitors that rate records (severityRule), by monitor id. */
  readonly severities: Readonly<Record<string, string>>;
}

const DIRECTORY = new URL('../../fixtures/records/', import.meta.url);

export function loadFixtureCases(): FixtureCase[] {
  const files = readdirSync(DIRECTORY)
    .filter((file) => file.endsWith('.json'))
    .sort();
  return files.flatMap((file) => {
    const cases = JSON.parse(readFileSync(new URL(file, DIRECTORY), 'utf8')) as unknown;
    if (!Array.isArray(cases)) throw new Error(`${file}: expected an array of cases`);
    return cases.map((raw: Record<string, unknown>, index) => {
      const where = `${file}[${index}]`;
      if (typeof raw['name'] !== 'string') throw new Error(`${where}: name must be a string`);
      return {
        file,
        name: raw['name'],
        input: raw['input'],
        monitors: stringList(raw['monitors'], `${where}.monitors`),
        nearMissOf: raw['nearMissOf'] === undefined ? [] : stringList(raw['nearMissOf'], `${where}.nearMissOf`),
        filterDisagrees: raw['filterDisagrees'] === undefined ? [] : stringList(raw['filterDisagrees'], `${where}.filterDisagrees`),
        options: raw['options'] === undefined ? undefined : (raw['options'] as Partial<CatalogOptions>),
        severities: (raw['severities'] ?? {}) as Record<string, string>,
      };
    });
  });
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`${where}: expected a list of ids`);
  return value as string[];
}

/** What each form sees: the record for filter patterns, the envelope for event patterns (as the matcher defines). */
export function subjects(input: unknown): { record: unknown; envelope: unknown } {
  if (isEventBridgeEnvelope(input)) return { record: cloudTrailRecordOf(input), envelope: input };
  return { record: isJsonObject(input) ? input : undefined, envelope: toEventBridgeEnvelope(input) };
}

export interface CompiledForms {
  readonly monitor: Monitor;
  readonly filter: CompiledFilterPattern | undefined;
  readonly event: CompiledEventPattern | undefined;
}

/** Each monitor's forms compiled directly, not through the matcher, so the matcher's shortcuts get checked. */
export function compileForms(monitors: readonly Monitor[]): CompiledForms[] {
  return monitors.map((monitor) => ({
    monitor,
    filter: monitor.filterPattern === null ? undefined : compileFilterPattern(monitor.filterPattern),
    event: monitor.eventPattern === null ? undefined : compileEventPattern(monitor.eventPattern),
  }));
}

/** Each form's verdict on an input (undefined: the monitor has no such form, or the input offers it nothing). */
export function verdicts(form: CompiledForms, input: unknown): { filter: boolean | undefined; event: boolean | undefined } {
  const { record, envelope } = subjects(input);
  return {
    filter: form.filter !== undefined && record !== undefined ? form.filter.matches(record) : undefined,
    event: form.event !== undefined && envelope !== undefined ? form.event.matches(envelope) : undefined,
  };
}

/** Whether every record condition of the monitor holds for the input's CloudTrail record (none without a record). */
export function conditionsHold(monitor: Monitor, input: unknown): boolean {
  const { record } = subjects(input);
  const conditions = monitor.conditions ?? [];
  if (conditions.length === 0) return true;
  return isJsonObject(record) && conditions.every((condition) => condition.test(record));
}

/** The matcher's contract evaluated the slow way: every form of every monitor, then its conditions, ids sorted. */
export function naiveMatch(forms: readonly CompiledForms[], input: unknown): string[] {
  return forms
    .filter((form) => {
      const { filter, event } = verdicts(form, input);
      return (filter === true || event === true) && conditionsHold(form.monitor, input);
    })
    .map((form) => form.monitor.id)
    .sort();
}

const catalogs = new Map<string, readonly Monitor[]>();

/** The catalog a fixture case is matched under (built once per distinct options). */
export function catalogOf(c: Pick<FixtureCase, 'options'>): readonly Monitor[] {
  const key = JSON.stringify(c.options ?? {});
  let catalog = catalogs.get(key);
  if (catalog === undefined) catalogs.set(key, (catalog = buildCatalog(c.options)));
  return catalog;
}
