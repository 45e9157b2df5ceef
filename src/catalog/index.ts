/**
 * The monitor catalog: the essentials, threats, CIS and findings packs, built for one deployment's options and checked before use.
 */
import { SecmonError } from '../errors.js';
import { compileEventPattern, type CompiledEventPattern } from '../patterns/event/index.js';
import { compileFilterPattern, type CompiledFilterPattern } from '../patterns/filter/index.js';
import { cisMonitors } from './cis/index.js';
import { findingsMonitors } from './findings/index.js';
import { essentialsMonitors } from './monitors/index.js';
import { resolveCatalogOptions } from './options.js';
import { threatsMonitors } from './threats/index.js';
import type { CatalogOptions, Monitor, PackId } from './types.js';

export type {
  CatalogOptions,
  EventPattern,
  Monitor,
  PackId,
  RecordCondition,
  RemediationId,
  RuleRegion,
  Severity,
  SeverityRule,
  Threshold,
} from './types.js';
export { PACKS } from './types.js';

export const DEFAULT_CATALOG_OPTIONS: CatalogOptions = resolveCatalogOptions();

/** A monitor's patterns, compiled (undefined for the form it does not have). */
export interface CompiledForms {
  readonly filter: CompiledFilterPattern | undefined;
  readonly event: CompiledEventPattern | undefined;
}

/**
 * What buildCatalog compiled to validate its monitors, for compiledForms, so a cold start (buildCatalog, then
 * createCatalogMatcher) compiles each pattern once. Only monitors of buildCatalog are kept: they are deeply frozen,
 * so their patterns cannot change under an entry, and compiled patterns are never modified, so sharing one is safe.
 * Bounded by the catalog: keys are its monitors (most are module constants, shared by every build; the rest go
 * with their catalog, the map being weak), never a pattern a CLI user typed.
 */
const compiledByMonitor = new WeakMap<Monitor, CompiledForms>();

/**
 * Every monitor, for the given deployment options (defaults: DEFAULT_CATALOG_OPTIONS; trustedRoleNames defaults to
 * `<namePrefix>-worker`). Checks that ids are unique, every monitor has at least one form and every pattern
 * compiles within AWS's size limits; throws SecmonError CONFIG_INVALID otherwise (naming the monitor). The
 * result is deeply frozen.
 */
export function buildCatalog(options?: Partial<CatalogOptions>): readonly Monitor[] {
  const resolved = resolveCatalogOptions(options);
  const monitors = [...essentialsMonitors(resolved), ...threatsMonitors(resolved), ...cisMonitors(), ...findingsMonitors()];
  const ids = new Set<string>();
  const forms: CompiledForms[] = [];
  for (const monitor of monitors) {
    if (ids.has(monitor.id)) throw invalid(monitor.id, 'the id is used twice');
    ids.add(monitor.id);
    forms.push(validateForms(monitor));
  }
  const catalog = Object.freeze(monitors.map(deepFreeze));
  // Only now that the monitors are frozen.
  catalog.forEach((monitor, i) => compiledByMonitor.set(monitor, forms[i]!));
  return catalog;
}

/**
 * The monitor's patterns, compiled: for a monitor of buildCatalog, the very objects buildCatalog compiled to
 * validate it (the same objects on every call); for any other monitor, compiled on each call. Throws
 * PatternSyntaxError for an invalid pattern (never for a monitor of buildCatalog).
 */
export function compiledForms(monitor: Monitor): CompiledForms {
  return compiledByMonitor.get(monitor) ?? compileForms(monitor);
}

export function findMonitor(catalog: readonly Monitor[], id: string): Monitor | undefined {
  return catalog.find((monitor) => monitor.id === id);
}

export function monitorsInPack(catalog: readonly Monitor[], pack: PackId): Monitor[] {
  return catalog.filter((monitor) => monitor.packs.includes(pack));
}

function validateForms(monitor: Monitor): CompiledForms {
  if (monitor.filterPattern === null && monitor.eventPattern === null) {
    throw invalid(monitor.id, 'it has neither a filter pattern nor an event pattern');
  }
  // The engines also enforce AWS's size limits (1024 characters per filter, 2048 per event pattern), which
  // long option lists can exceed. A monitor constant an earlier build compiled (and froze) is not compiled again.
  try {
    return compiledForms(monitor);
  } catch (error) {
    throw invalid(monitor.id, error instanceof Error ? error.message : String(error), error);
  }
}

function compileForms(monitor: Monitor): CompiledForms {
  return Object.freeze({
    filter: monitor.filterPattern === null ? undefined : Object.freeze(compileFilterPattern(monitor.filterPattern)),
    event: monitor.eventPattern === null ? undefined : Object.freeze(compileEventPattern(monitor.eventPattern)),
  });
}

function invalid(id: string, reason: string, cause?: unknown): SecmonError {
  return new SecmonError('CONFIG_INVALID', `monitor '${id}': ${reason}`, cause === undefined ? undefined : { cause });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
