import type { Severity } from '../../catalog/types.js';
import type { FindingLine, MonitorFindings, ReplayReport, Tally, TimelineEntry } from '../../replay/summary.js';
import type { Style } from './style.js';
import { terminalSafe } from '../../text/terminal-safe.js';

export const SEVERITY_COLOR: Record<Severity, 'red' | 'magenta' | 'yellow' | 'cyan'> = {
  critical: 'red',
  high: 'magenta',
  medium: 'yellow',
  low: 'cyan',
};
const SHOWN = 5;

/**
 * The replay report for a person at a terminal: worst first, each monitor's who, what, where and when; with
 * `timeline`, one line per alerting record in time order instead. The headline says "nothing would have alerted"
 * only when every input was read and understood; otherwise it says what was not checked.
 */
export function renderReplayText(report: ReplayReport, style: Style): string {
  const lines = [...headline(report, style)];
  if (report.timeline !== undefined) {
    if (report.timeline.length > 0) lines.push('', ...renderTimeline(report.timeline, style));
    if ((report.timelineOmitted ?? 0) > 0) lines.push(style.dim(`... and ${count(report.timelineOmitted!, 'more alerting record')} (the timeline holds the first ${thousands(report.timeline.length)})`));
    return lines.join('\n');
  }
  if (report.accounts.length > 1 || report.leftOut !== undefined) lines.push('', ...renderAccounts(report, style));
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

function headline(report: ReplayReport, style: Style): string[] {
  const alerted = report.monitors.length;
  const where = `in ${count(report.files, 'file')}`;
  const found = `${count(report.matchedInputs, 'record')} would have alerted ${count(alerted, 'monitor')}`;
  if (report.complete) {
    const lines = [style.bold(`${count(report.inputs, 'record')} ${where}: ${alerted === 0 ? 'nothing would have alerted' : found}`)];
    if (report.skippedDigestFiles > 0) lines.push(style.dim(`  ${digestNote(report.skippedDigestFiles)}`));
    return lines;
  }
  const understood = report.inputs - report.unreadable - report.notCloudTrail;
  const first = `${count(report.inputs, 'input')} ${where}: ${alerted === 0 ? `no alert from the ${count(understood, 'record')} understood` : found}`;
  const missed = [
    ...(report.notCloudTrail > 0 ? [`${count(report.notCloudTrail, 'input')} ${report.notCloudTrail === 1 ? 'is not a CloudTrail record' : 'are not CloudTrail records'}`] : []),
    ...(report.unreadable > 0 ? [`${count(report.unreadable, 'input')} ${report.unreadable === 1 ? 'is' : 'are'} not valid JSON`] : []),
    ...(report.unreadableFiles > 0 ? [`${count(report.unreadableFiles, 'file')} could not be read to the end`] : []),
  ];
  const lines = [style.bold(first), style.red(`  not checked: ${missed.join(', ')} (each is named on stderr)`)];
  if (report.skippedDigestFiles > 0) lines.push(style.dim(`  ${digestNote(report.skippedDigestFiles)}`));
  return lines;
}

/** One line per account, most alerting first: `222233334444  1,204 records  3 alerting: CRITICAL root-activity ×2, ...`. */
function renderAccounts(report: ReplayReport, style: Style): string[] {
  const lines = [style.bold(`By account (${count(report.accounts.length, 'account')})`)];
  for (const account of report.accounts.slice(0, ACCOUNT_LINES)) {
    const monitors = account.monitors
      .slice(0, SHOWN)
      .map((monitor) => `${style[SEVERITY_COLOR[monitor.severity]](monitor.severity.toUpperCase())} ${monitor.value}${monitor.count > 1 ? ` ×${monitor.count}` : ''}`);
    const more = account.monitors.length > SHOWN ? `, +${account.monitors.length - SHOWN} more` : '';
    const alerting = account.alerting === 0 ? style.dim('nothing would have alerted') : `${count(account.alerting, 'alerting record')}: ${monitors.join(', ')}${more}`;
    lines.push(`  ${terminalSafe(account.account).padEnd(12)}  ${count(account.records, 'record').padStart(15)}  ${alerting}`);
  }
  if (report.accounts.length > ACCOUNT_LINES) lines.push(style.dim(`  ... and ${count(report.accounts.length - ACCOUNT_LINES, 'more account')} (--json lists them all)`));
  if (report.leftOut !== undefined) {
    lines.push(style.dim(`  left out by --account: ${count(report.leftOut.records, 'record')} of other accounts, ${count(report.leftOut.files, 'file')} whose path names another account`));
  }
  return lines;
}

const ACCOUNT_LINES = 50;

function digestNote(files: number): string {
  return `${count(files, 'CloudTrail digest file')} skipped (they hold hashes of log files, not records)`;
}

/** `2026-11-20T08:03:11Z  CRITICAL  root-activity  root (Root, 111122223333)  ConsoleLogin  us-east-1 from 203.0.113.5` */
function renderTimeline(entries: readonly TimelineEntry[], style: Style): string[] {
  const width = Math.min(32, Math.max(...entries.map((entry) => entry.monitor.length)));
  return entries.map((entry) => {
    const severity = style[SEVERITY_COLOR[entry.severity]](entry.severity.toUpperCase().padEnd(8));
    const where = [entry.region ?? '', entry.sourceIP !== null ? `from ${entry.sourceIP}` : ''].filter(Boolean).join(' ');
    const parts = [
      terminalSafe(entry.time ?? 'unknown time'),
      severity,
      style.bold(entry.monitor.padEnd(width)),
      terminalSafe(entry.actor),
      terminalSafe(entry.action),
      terminalSafe(where),
    ];
    return parts.filter((part) => part !== '').join('  ') + style.dim(entry.eventID !== null ? `  ${terminalSafe(entry.eventID)}` : '');
  });
}

function renderFindings(findings: MonitorFindings, style: Style): string[] {
  const severity = style[SEVERITY_COLOR[findings.severity]](findings.severity.toUpperCase().padEnd(8));
  const lines = [
    `${severity}  ${style.bold(findings.id)}  ${findings.title}  ${style.dim(count(findings.count, 'event'))}`,
    ...(findings.alsoMatchedBy.length > 0 ? [style.dim(`  also   ${findings.alsoMatchedBy.join(', ')} (same events)`)] : []),
    `  when   ${timeRange(findings.firstSeen, findings.lastSeen)}`,
    // A detector's findings have no principal: each finding gets a line instead.
    ...(findings.findings === undefined ? [`  who    ${tallies(findings.actors)}`] : findings.findings.map((line) => findingLine(line, style))),
    `  what   ${tallies(findings.actions)}`,
  ];
  if (findings.accounts.length > 1) lines.push(`  in     ${tallies(findings.accounts)} (accounts)`);
  if (findings.resources.length > 0) lines.push(`  on     ${tallies(findings.resources)}`);
  const where = [tallies(findings.regions), findings.sourceIPs.length > 0 ? `from ${tallies(findings.sourceIPs)}` : '']
    .filter(Boolean)
    .join('  ');
  if (where) lines.push(`  where  ${where}`);
  lines.push(style.dim(`  events ${terminalSafe(findings.sampleEventIDs.join(' '))}${findings.count > findings.sampleEventIDs.length ? ' ...' : ''}`));
  return lines;
}

/** "  finding  2026-11-20T10:02:00.000Z  MEDIUM (5.0)  SSH brute force ... on i-0a1b  444455556666 eu-west-1  resolved" */
function findingLine(line: FindingLine, style: Style): string {
  const severity = line.severity === 'info' ? 'INFO' : style[SEVERITY_COLOR[line.severity]](line.severity.toUpperCase());
  const on = line.resource === null ? '' : ` on ${line.resource}`;
  const state = line.state === 'active' ? '' : `  ${line.state}`;
  return `  finding  ${terminalSafe(line.lastSeen)}  ${severity} (${terminalSafe(line.sourceSeverity)})  ${terminalSafe(`${line.typeInWords}${on}  ${line.account} ${line.region}${state}`)}`;
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
  return `${thousands(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** 12,345: as toLocaleString('en-US') writes it, without loading the locale data (about 20 ms of every run). */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
