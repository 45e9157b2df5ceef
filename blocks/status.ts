/**
 * The reply to `/secmon status`: what is watching, what is firing, what is muted and when each monitor last spoke.
 * Problems first (alarms in ALARM, then silences, since a forgotten silence is how an incident goes unseen), then
 * the full list. One line per monitor, many per section, so any catalog fits in Slack's 50 blocks.
 */
import type { KnownBlock } from '@slack/types';
import type { AlarmState } from '../src/alerts/model.js';
import type { Monitor } from '../src/catalog/types.js';
import type { AccountReport } from '../src/org/reporting.js';
import { type BlockMessage, contextBlock, fitBlocks, headerBlock, sectionBlock, sectionsFromLines } from './elements.js';
import { inlineCode, safeText } from './escape.js';
import { truncate } from './limits.js';
import type { MonitorPath } from './monitor-list.js';
import { SEVERITY_STYLES } from './severity.js';
import { formatDateTime } from './time.js';

export interface MonitorStatus {
  readonly monitor: Pick<Monitor, 'id' | 'title' | 'severity'>;
  /** Empty when the monitor is not enabled (it is then listed only if silenced). */
  readonly enabledVia: readonly MonitorPath[];
  /** The alarm's current state, for monitors enabled via alarm; undefined when unknown. */
  readonly alarmState?: AlarmState;
  /** ISO time an active silence ends. */
  readonly silencedUntil?: string;
  readonly silenceReason?: string;
  readonly lastAlert?: { readonly at: string; readonly summary?: string };
}

export interface StatusInput {
  readonly monitors: readonly MonitorStatus[];
  /** Organization deployments: every account and region with its last event, silent ones first. */
  readonly accounts?: readonly AccountReport[];
  /** When the state was read; shown, so an old message says how old it is. */
  readonly asOf: string;
  /** Suppression rules in force, soonest end first. */
  readonly suppressions?: readonly SuppressionStatus[];
}

export interface SuppressionStatus {
  readonly id: string;
  readonly monitorId: string;
  /** What it matches, in words. */
  readonly matches: string;
  readonly until: string;
  readonly held: number;
}

export function statusMessage(input: StatusInput): BlockMessage {
  const enabled = input.monitors.filter((entry) => entry.enabledVia.length > 0);
  const alarming = enabled.filter((entry) => entry.alarmState === 'ALARM');
  const silenced = input.monitors.filter((entry) => entry.silencedUntil !== undefined);
  const summary =
    `${enabled.length} enabled · ${alarming.length} in ALARM · ${silenced.length} silenced · ` +
    `as of ${safeText(formatDateTime(input.asOf))}`;

  const body: KnownBlock[] = [headerBlock('secmon status'), contextBlock([summary])];
  if (enabled.length === 0) {
    body.push(sectionBlock('No monitors are enabled. Start with `/secmon enable essentials`.'));
  }
  if (alarming.length > 0) {
    body.push(...sectionsFromLines(alarming.map(alarmLine), `:rotating_light: *In ALARM* (${alarming.length})`));
  }
  if (silenced.length > 0) {
    body.push(...sectionsFromLines(silenced.map(silenceLine), `:no_bell: *Silenced* (${silenced.length})`));
  }
  const suppressions = input.suppressions ?? [];
  if (suppressions.length > 0) {
    body.push(...sectionsFromLines(suppressions.map(suppressionLine), `:mute: *Suppression rules* (${suppressions.length})`));
  }
  if (input.accounts !== undefined) body.push(...accountBlocks(input.accounts));
  if (enabled.length > 0) {
    body.push(...sectionsFromLines(enabled.map(monitorLine), `*Enabled monitors* (${enabled.length})`));
  }
  const text =
    `secmon status: ${enabled.length} enabled, ${alarming.length} in ALARM, ${silenced.length} silenced` +
    (suppressions.length > 0 ? `, ${suppressions.length} suppression ${suppressions.length === 1 ? 'rule' : 'rules'}` : '');
  return { text, blocks: fitBlocks(body) };
}

/** Silent accounts and regions listed one per line (at most SILENT_LINES), then a count of those reporting. */
const SILENT_LINES = 30;

function accountBlocks(accounts: readonly AccountReport[]): KnownBlock[] {
  const silent = accounts.filter((account) => account.silent || account.regions.some((region) => region.silent));
  const reporting = accounts.length - silent.length;
  const regions = new Set(accounts.flatMap((account) => account.regions.map((region) => region.region)));
  const blocks: KnownBlock[] = [];
  if (silent.length > 0) {
    const lines = silent.slice(0, SILENT_LINES).map(silentLine);
    if (silent.length > SILENT_LINES) lines.push(`…and ${silent.length - SILENT_LINES} more`);
    blocks.push(...sectionsFromLines(lines, `:mute: *Silent accounts and regions* (${silent.length})`));
  }
  blocks.push(
    contextBlock([
      `${reporting} of ${accounts.length} accounts reporting in every region they were seen in (${regions.size} regions)` +
        (silent.length > 0 ? ` · silent: no event for longer than the threshold, or none at all (member stack missing?)` : ''),
    ]),
  );
  return blocks;
}

/** "`222233334444` payments-prod · Workloads/Prod: us-east-1 silent since 2026-11-20 10:00 UTC" */
function silentLine(account: AccountReport): string {
  const about = [account.name, account.ou].filter((part): part is string => part !== undefined && part !== '');
  const who = `${inlineCode(account.accountId, 20)}${about.length > 0 ? ` ${safeText(truncate(about.join(' · '), 120))}` : ''}`;
  if (account.neverSeen) return `${who}: no event seen (is the member stack deployed?)`;
  const quiet = account.regions.filter((region) => region.silent);
  const what = quiet.map((region) => `${safeText(region.region)} since ${safeText(formatDateTime(region.lastSeen))}`).join(', ');
  return `${who}: ${account.silent ? 'silent everywhere: ' : ''}${what}`;
}

function name(entry: MonitorStatus): string {
  return `${SEVERITY_STYLES[entry.monitor.severity].marker} ${inlineCode(entry.monitor.id, 80)}`;
}

function alarmLine(entry: MonitorStatus): string {
  return `${name(entry)} ${safeText(entry.monitor.title)}`;
}

function silenceLine(entry: MonitorStatus): string {
  const until = safeText(formatDateTime(entry.silencedUntil ?? ''));
  const reason =
    entry.silenceReason !== undefined && entry.silenceReason.trim() !== ''
      ? `: ${safeText(truncate(entry.silenceReason, 200))}`
      : '';
  return `${name(entry)} until ${until}${reason}`;
}

/** "`k3v7q2ma` `unauthorized-api-calls` (principal=…) until 2026-11-20 12:00 UTC · 3 held back" */
function suppressionLine(entry: SuppressionStatus): string {
  return `${inlineCode(entry.id, 20)} ${inlineCode(entry.monitorId, 80)} (${safeText(truncate(entry.matches, 300))}) until ${safeText(formatDateTime(entry.until))} · ${entry.held} held back`;
}

/** "`id` via alarm (OK), event · last alert 2026-11-20 10:02 UTC: alice opened sg-1 to the internet" */
function monitorLine(entry: MonitorStatus): string {
  const paths = entry.enabledVia
    .map((path) => (path === 'alarm' && entry.alarmState !== undefined ? `alarm (${entry.alarmState})` : path))
    .join(', ');
  const last = entry.lastAlert
    ? `last alert ${safeText(formatDateTime(entry.lastAlert.at))}` +
      (entry.lastAlert.summary !== undefined && entry.lastAlert.summary.trim() !== ''
        ? `: ${safeText(truncate(entry.lastAlert.summary, 200))}`
        : '')
    : 'no alerts yet';
  return `${name(entry)} via ${paths} · ${last}`;
}
