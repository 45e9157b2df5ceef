import { findMonitor, monitorsInPack } from '../catalog/index.js';
import { PACKS, type Monitor, type PackId } from '../catalog/types.js';
import { SecmonError } from '../errors.js';
import { didYouMean } from '../text/closest.js';

export function parsePack(name: string): PackId {
  if ((PACKS as readonly string[]).includes(name)) return name as PackId;
  throw new SecmonError('UNKNOWN_PACK', `unknown pack '${name}' (packs: ${PACKS.join(', ')})${didYouMean(name, PACKS)}`);
}

/** The monitors named by --monitor and --pack (their union), or the whole catalog when neither is given. */
export function selectMonitors(
  catalog: readonly Monitor[],
  ids: readonly string[],
  pack: string | undefined,
): readonly Monitor[] {
  if (ids.length === 0 && pack === undefined) return catalog;
  const chosen = new Set<Monitor>();
  if (pack !== undefined) for (const monitor of monitorsInPack(catalog, parsePack(pack))) chosen.add(monitor);
  for (const id of ids) {
    const monitor = findMonitor(catalog, id);
    if (!monitor) {
      const names = catalog.map((m) => m.id);
      throw new SecmonError('UNKNOWN_MONITOR', `unknown monitor '${id}'${didYouMean(id, names)} (see: secmon list)`);
    }
    chosen.add(monitor);
  }
  return catalog.filter((monitor) => chosen.has(monitor));
}
