import type { Severity } from '../../catalog/types.js';
import type { MonitorFindings, ReplayReport, Tally } from '../../replay/summary.js';
import type { Style } from './style.js';
import { terminalSafe } from '../../text/terminal-safe.js';

export const SEVERITY_COLOR: Record<Severity, 'red' | 'magenta' | 'yellow' | 'cyan'> = {
  critical: 'red',
  high: 'magenta',
  medium: 'yellow',
  low: 'cyan',
};
const SHOWN = 5;

/** The replay report for a person at a terminal: worst first, each monitor's who, what, where and when. */
export function renderReplayText(report: ReplayReport, style: Style): string {
  const lines: string[] = [];
  const alerted = report.monitors.length;
  lines.push(
    style.bold(
      `${count(report.inputs, 'record')} in ${count(report.files, 'file')}: ` +
        (alerted === 0
          ? 'nothing would have alerted'
          : `${count(report.matchedInputs, 'record')} would have alerted ${count(alerted, 'monitor')}`),
    ) + (report.unreadable > 0 ? style.red(` (${count(report.unreadable, 'unreadable input')})`) : ''),
  );
  // Monitors that matched exactly the same events (an essentials monitor and its CIS twin) are shown once, under the
  // most severe of them.
  const shown = new Set<string>();
  for (const findings of report.monitors) {
    if (findings.alsoMatchedBy.some((id) => shown.has(id))) continue;
    shown.add(findings.id);
    lines.push('', ...renderFindings(findings, style));
  }
  return lines.join('\n');
}

function renderFindings(findings: MonitorFindings, style: Style): string[] {
  const severity = style[SEVERITY_COLOR[findings.severity]](findings.severity.toUpperCase().padEnd(8));
  const lines = [
    `${severity}  ${style.bold(findings.id)}  ${findings.title}  ${style.dim(count(findings.count, 'event'))}`,
    ...(findings.alsoMatchedBy.length > 0 ? [style.dim(`  also   ${findings.alsoMatchedBy.join(', ')} (same events)`)] : []),
    `  when   ${timeRange(findings.firstSeen, findings.lastSeen)}`,
    `  who    ${tallies(findings.actors)}`,
    `  what   ${tallies(findings.actions)}`,
  ];
  if (findings.resources.length > 0) lines.push(`  on     ${tallies(findings.resources)}`);
  const where = [tallies(findings.regions), findings.sourceIPs.length > 0 ? `from ${tallies(findings.sourceIPs)}` : '']
    .filter(Boolean)
    .join('  ');
  if (where) lines.push(`  where  ${where}`);
  lines.push(style.dim(`  events ${terminalSafe(findings.sampleEventIDs.join(' '))}${findings.count > findings.sampleEventIDs.length ? ' ...' : ''}`));
  return lines;
}

function tallies(values: readonly Tally[]): string {
  const shown = values.slice(0, SHOWN).map(({ value, count: n }) => terminalSafe(n > 1 ? `${value} ×${n}` : value));
  const more = values.length - SHOWN;
  return shown.join(', ') + (more > 0 ? `, +${more} more` : '');
}

function timeRange(first: string | null, last: string | null): string {
  if (first === null || last === null) return 'unknown';
  return terminalSafe(first === last ? first : `${first} .. ${last}`);
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
