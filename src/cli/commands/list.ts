import { buildCatalog, monitorsInPack } from '../../catalog/index.js';
import type { Monitor } from '../../catalog/types.js';
import type { CliSettings } from '../../config.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, writeLine, type CliIO } from '../io.js';
import { parsePack } from '../selection.js';

export const LIST_HELP = `Usage: secmon list [--pack P] [--json]

Lists the monitor catalog: id, severity, packs, delivery paths (alarm: CloudWatch Logs metric filter; event:
EventBridge rule) and title. region-not-allowed is listed when SECMON_ALLOWED_REGIONS names the regions the
account works in (comma-separated), as in the deployed functions.

Options:
  --pack P     only the monitors of pack P (essentials, threats, cis, findings)
  --json       print a JSON array with every field: patterns, ATT&CK technique ids (attack), Stratus Red Team
               technique ids (stratus), and when a monitor has them its record conditions (conditions), its
               record-dependent severity (severityRule) and its threshold
  -h, --help   show this help`;

export function listCommand(argv: readonly string[], io: CliIO, settings: CliSettings): number {
  const { values, positionals } = parseCommandArgs(argv, {
    pack: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    writeLine(io.stdout, LIST_HELP);
    return EXIT.ok;
  }
  const pack = values.pack ?? positionals[0];
  const catalog = buildCatalog(settings.catalog());
  const monitors = pack === undefined ? catalog : monitorsInPack(catalog, parsePack(pack));
  writeLine(io.stdout, values.json ? JSON.stringify(monitors.map(toJson), null, 2) : table(monitors));
  return EXIT.ok;
}

function toJson(monitor: Monitor): Record<string, unknown> {
  return {
    id: monitor.id,
    title: monitor.title,
    description: monitor.description,
    severity: monitor.severity,
    packs: monitor.packs,
    filterPattern: monitor.filterPattern,
    eventPattern: monitor.eventPattern,
    ruleRegions: monitor.ruleRegions,
    remediations: monitor.remediations,
    runbook: monitor.runbook,
    filterLimitation: monitor.filterLimitation ?? null,
    readOnlyEvents: monitor.readOnlyEvents === true,
    attack: monitor.attack,
    stratus: monitor.stratus,
    ...(monitor.conditions === undefined
      ? {}
      : { conditions: monitor.conditions.map(({ name, description }) => ({ name, description })) }),
    ...(monitor.severityRule === undefined ? {} : { severityRule: monitor.severityRule.description }),
    ...(monitor.threshold === undefined
      ? {}
      : {
          threshold: {
            count: monitor.threshold.count,
            windowSeconds: monitor.threshold.windowSeconds,
            per: 'principal',
            unit: monitor.threshold.unit,
            weighting: monitor.threshold.weighting,
          },
        }),
  };
}

function table(monitors: readonly Monitor[]): string {
  const rows = monitors.map((m) => [
    m.id,
    m.severity,
    m.packs.join(','),
    [m.filterPattern !== null ? 'alarm' : '', m.eventPattern !== null ? 'event' : ''].filter(Boolean).join('+'),
    m.title,
  ]);
  const header = ['MONITOR', 'SEVERITY', 'PACKS', 'PATHS', 'TITLE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const format = (row: string[]): string => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  return [format(header), ...rows.map(format)].join('\n');
}
