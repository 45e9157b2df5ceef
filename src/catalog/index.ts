/**
 * The monitor catalog: the essentials and CIS packs, built for one deployment's options and checked before use.
 */
import { SecmonError } from '../errors.js';
import { compileEventPattern } from '../patterns/event/index.js';
import { compileFilterPattern } from '../patterns/filter/index.js';
import { cisMonitors } from './cis/index.js';
import { essentialsMonitors } from './monitors/index.js';
import { resolveCatalogOptions } from './options.js';
import type { CatalogOptions, Monitor, PackId } from './types.js';

export type { CatalogOptions, EventPattern, Monitor, PackId, RemediationId, RuleRegion, Severity } from './types.js';
export { PACKS } from './types.js';

export const DEFAULT_CATALOG_OPTIONS: CatalogOptions = resolveCatalogOptions();

/**
 * Every monitor, for the given deployment options (defaults: DEFAULT_CATALOG_OPTIONS; trustedRoleNames defaults to
 * `<namePrefix>-worker`). Checks that ids are unique, every monitor has at least one form and every pattern
 * compiles within AWS's size limits; throws SecmonError CONFIG_INVALID otherwise (naming the monitor). The
 * result is deeply frozen.
 */
export function buildCatalog(options?: Partial<CatalogOptions>): readonly Monitor[] {
  const resolved = resolveCatalogOptions(options);
  const monitors = [...essentialsMonitors(resolved), ...cisMonitors()];
  const ids = new Set<string>();
  for (const monitor of monitors) {
    if (ids.has(monitor.id)) throw invalid(monitor.id, 'the id is used twice');
    ids.add(monitor.id);
    validateForms(monitor);
  }
  return Object.freeze(monitors.map(deepFreeze));
}

export function findMonitor(catalog: readonly Monitor[], id: string): Monitor | undefined {
  return catalog.find((monitor) => monitor.id === id);
}

export function monitorsInPack(catalog: readonly Monitor[], pack: PackId): Monitor[] {
  return catalog.filter((monitor) => monitor.packs.includes(pack));
}

function validateForms(monitor: Monitor): void {
  if (monitor.filterPattern === null && monitor.eventPattern === null) {
    throw invalid(monitor.id, 'it has neither a filter pattern nor an event pattern');
  }
  // The engines also enforce AWS's size limits (1024 characters per filter, 2048 per event pattern), which
  // long option lists can exceed.
  try {
    if (monitor.filterPattern !== null) compileFilterPattern(monitor.filterPattern);
    if (monitor.eventPattern !== null) compileEventPattern(monitor.eventPattern);
  } catch (error) {
    throw invalid(monitor.id, error instanceof Error ? error.message : String(error), error);
  }
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
