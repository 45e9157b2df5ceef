/**
 * The reply to `/secmon list [pack]`: the catalog with each monitor's state. Compact on purpose: one line per
 * monitor, many lines per section, so the whole catalog (30+ monitors) fits in Slack's 50 blocks with room to grow.
 */
import type { KnownBlock } from '@slack/types';
import { PACKS, type Monitor, type PackId } from '../src/catalog/types.js';
import { type BlockMessage, contextBlock, fitBlocks, headerBlock, sectionsFromLines } from './elements.js';
import { inlineCode, safeText } from './escape.js';
import { SEVERITY_STYLES } from './severity.js';
import { formatDateTime } from './time.js';

export type MonitorPath = 'alarm' | 'event';

export interface MonitorListEntry {
  /** A catalog monitor (only these fields are read). */
  readonly monitor: Pick<Monitor, 'id' | 'title' | 'severity' | 'packs' | 'filterPattern' | 'eventPattern'>;
  /** The paths the monitor is enabled through; empty when it is not enabled. */
  readonly enabledVia: readonly MonitorPath[];
  /** ISO time an active silence ends; absent when the monitor is not silenced. */
  readonly silencedUntil?: string;
}

const PACK_TITLES: Readonly<Record<PackId, string>> = { essentials: 'Essentials', threats: 'Threats', cis: 'CIS', findings: 'Findings' };

/** `pack`: list only that pack's monitors (as `/secmon list cis`). */
export function monitorListMessage(
  entries: readonly MonitorListEntry[],
  options: { readonly pack?: PackId } = {},
): BlockMessage {
  const { pack } = options;
  const shown = pack === undefined ? entries : entries.filter((entry) => entry.monitor.packs.includes(pack));
  const enabled = shown.filter((entry) => entry.enabledVia.length > 0).length;
  const silenced = shown.filter((entry) => entry.silencedUntil !== undefined).length;
  const title = pack === undefined ? 'secmon monitors' : `secmon monitors: ${PACK_TITLES[pack]} pack`;
  const summary = `${shown.length} monitor${shown.length === 1 ? '' : 's'} · ${enabled} enabled · ${silenced} silenced`;

  const body: KnownBlock[] = [headerBlock(title), contextBlock([summary])];
  if (shown.length === 0) {
    body.push(contextBlock(['No monitors to list.']));
  }
  // Grouped by pack, in catalog order; a monitor in two packs is listed under the first (or the one asked for).
  for (const group of PACKS) {
    const members = shown.filter((entry) => (pack ?? entry.monitor.packs[0]) === group);
    if (members.length === 0) continue;
    body.push(...sectionsFromLines(members.map(monitorLine), `*${PACK_TITLES[group]}* (${members.length})`));
  }
  const tail = [
    contextBlock([
      'Enable with `/secmon enable <monitor|pack> [--via alarm|event]`, silence with `/secmon silence <monitor> 2h`.',
    ]),
  ];
  return { text: `${title}: ${summary}`, blocks: fitBlocks(body, tail) };
}

/** ":red_circle: `sg-open-to-world` Security group opened to the internet: enabled via event · silenced until …" */
function monitorLine(entry: MonitorListEntry): string {
  const { monitor } = entry;
  const head = `${SEVERITY_STYLES[monitor.severity].marker} ${inlineCode(monitor.id, 80)} ${safeText(monitor.title)}`;
  const state =
    entry.enabledVia.length > 0
      ? `:white_check_mark: enabled via ${entry.enabledVia.join(', ')}`
      : `not enabled (available via ${availablePaths(monitor).join(', ')})`;
  const silence =
    entry.silencedUntil !== undefined ? ` · :no_bell: silenced until ${safeText(formatDateTime(entry.silencedUntil))}` : '';
  return `${head}: ${state}${silence}`;
}

function availablePaths(monitor: MonitorListEntry['monitor']): MonitorPath[] {
  const paths: MonitorPath[] = [];
  if (monitor.filterPattern !== null) paths.push('alarm');
  if (monitor.eventPattern !== null) paths.push('event');
  return paths;
}
