import { SEVERITY_RANK, severityFor, thresholdWeight } from '../catalog/record-rules.js';
import type { Monitor, Severity } from '../catalog/types.js';
import { principalOf } from '../alerts/group-key.js';
import { actorOf } from '../cloudtrail/actor.js';
import { accountOf, callLabel } from '../cloudtrail/outcome.js';
import { isJsonObject, stringAt, type JsonObject } from '../cloudtrail/record.js';
import type { AlertSeverity } from '../alerts/model.js';
import { readFindingEvent } from '../findings/events.js';
import type { FindingState } from '../findings/model.js';
import type { ParsedFinding } from '../findings/parsed.js';
import { resourcesOf } from '../cloudtrail/resources.js';
import { MemoryTable } from '../store/table/memory-table.js';
import { ThresholdCounters } from '../store/thresholds/threshold-counters.js';

/** A value seen in matching events and how often. */
export interface Tally {
  readonly value: string;
  readonly count: number;
}

/** What one monitor would have alerted on over the replayed records. */
export interface MonitorFindings {
  readonly id: string;
  readonly title: string;
  /** The highest severity of its events (some monitors rate a record: shared with an account, or public). */
  readonly severity: Severity;
  readonly count: number;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  /** "name (type, account)" of the principals, most frequent first: same names in two accounts stay apart. */
  readonly actors: readonly Tally[];
  /** The calls, failed ones as `Name (failed: ErrorCode)`. */
  readonly actions: readonly Tally[];
  /** The accounts the calls were made in (recipientAccountId; an organization trail holds many). */
  readonly accounts: readonly Tally[];
  readonly resources: readonly Tally[];
  readonly regions: readonly Tally[];
  readonly sourceIPs: readonly Tally[];
  /** The first few event ids, to find the records again. */
  readonly sampleEventIDs: readonly string[];
  /** Other monitors that matched exactly the same inputs (essentials and CIS overlap by design). */
  readonly alsoMatchedBy: readonly string[];
  /** Finding monitors: each finding (the first FINDING_LINES; `count` counts them all). */
  readonly findings?: readonly FindingLine[];
}

/** One finding of a detector (findings pack), as the replay report lists it. */
export interface FindingLine {
  readonly lastSeen: string;
  readonly severity: AlertSeverity;
  /** As the detector states it (GuardDuty 8.0, HIGH, ...). */
  readonly sourceSeverity: string;
  readonly type: string;
  readonly typeInWords: string;
  readonly resource: string | null;
  readonly account: string;
  readonly region: string;
  readonly state: FindingState;
  readonly id: string;
}

/** One alerting record, for `--timeline`. */
export interface TimelineEntry {
  readonly time: string | null;
  /** The most severe monitor that matched it, and the others. */
  readonly monitor: string;
  readonly severity: Severity;
  readonly alsoMatchedBy: readonly string[];
  readonly actor: string;
  readonly action: string;
  readonly account: string | null;
  readonly region: string | null;
  readonly sourceIP: string | null;
  readonly eventID: string | null;
}

/** One account's part of a replay (an organization trail holds many accounts). */
export interface AccountFindings {
  readonly account: string;
  /** Records of this account that were judged. */
  readonly records: number;
  /** Of them, records some monitor matched. */
  readonly alerting: number;
  /** The monitors that matched its records, most severe first, with how many records each. */
  readonly monitors: readonly (Tally & { readonly severity: Severity })[];
}

export interface ReplayReport {
  readonly files: number;
  /** Per account, most alerting records first (records without an account id under "unknown"). */
  readonly accounts: readonly AccountFindings[];
  /** Records of other accounts that --account left out (not judged, not in `inputs`), and files skipped by their path. */
  readonly leftOut?: { readonly records: number; readonly files: number };
  /** Every input read, whether understood or not. */
  readonly inputs: number;
  /** Inputs that were not JSON. */
  readonly unreadable: number;
  /** JSON inputs that are neither CloudTrail records nor EventBridge events. */
  readonly notCloudTrail: number;
  /** Files (or stdin) that could not be read, or not to the end: permission denied, truncated gzip, ... */
  readonly unreadableFiles: number;
  readonly skippedDigestFiles: number;
  /** True when every input was read and understood: only then may a report say nothing would have alerted. */
  readonly complete: boolean;
  readonly matchedInputs: number;
  readonly monitors: readonly MonitorFindings[];
  /** With --timeline: the alerting records in time order (at most TIMELINE_LIMIT; `timelineOmitted` counts the rest). */
  readonly timeline?: readonly TimelineEntry[];
  readonly timelineOmitted?: number;
}

/** Rejected inputs, as the reader counted them. */
export interface RejectedCounts {
  unreadable: number;
  notCloudTrail: number;
  unreadableFiles: number;
}

/** Between equals, an essentials monitor (named for the risk) leads its CIS twin (named for the control). */
const packRank = (id: string): number => (id.startsWith('cis-') ? 1 : 0);
const SAMPLE_IDS = 5;
/** Findings listed per finding monitor; the tallies cover every one. */
const FINDING_LINES = 50;

class Counter {
  private readonly counts = new Map<string, number>();
  add(value: string | undefined): void {
    if (value) this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }
  tallies(): Tally[] {
    return [...this.counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  }
}

class Findings {
  count = 0;
  severity: Severity;
  firstSeen: string | null = null;
  lastSeen: string | null = null;
  readonly actors = new Counter();
  readonly actions = new Counter();
  readonly accounts = new Counter();
  readonly resources = new Counter();
  readonly regions = new Counter();
  readonly sourceIPs = new Counter();
  readonly sampleEventIDs: string[] = [];
  readonly findingLines: FindingLine[] = [];
  // An order-independent fingerprint of which inputs matched (sums of their ordinals and squares), so monitors that
  // matched exactly the same inputs can be shown together without keeping every ordinal.
  private ordinalSum = 0;
  private ordinalSquareSum = 0;

  constructor(readonly monitor: Monitor) {
    // Raised by the records' own severities as they come; the lowest any record can have to start with.
    this.severity = monitor.severityRule === undefined ? monitor.severity : 'low';
  }

  get fingerprint(): string {
    return `${this.count}:${this.ordinalSum}:${this.ordinalSquareSum}`;
  }

  add(record: unknown, ordinal: number): void {
    this.count++;
    this.ordinalSum += ordinal;
    this.ordinalSquareSum += ordinal * ordinal;
    const severity = severityFor(this.monitor, isJsonObject(record) ? record : undefined);
    if (SEVERITY_RANK[severity] < SEVERITY_RANK[this.severity]) this.severity = severity;
    const time = stringAt(record, 'eventTime');
    // ISO-8601 UTC timestamps order correctly as strings.
    if (time && (this.firstSeen === null || time < this.firstSeen)) this.firstSeen = time;
    if (time && (this.lastSeen === null || time > this.lastSeen)) this.lastSeen = time;
    this.actors.add(actorLabel(record));
    this.actions.add(callLabel(record));
    this.accounts.add(accountOf(record));
    for (const resource of resourcesOf(record)) this.resources.add(resource);
    this.regions.add(stringAt(record, 'awsRegion'));
    this.sourceIPs.add(stringAt(record, 'sourceIPAddress'));
    const id = stringAt(record, 'eventID');
    if (id && this.sampleEventIDs.length < SAMPLE_IDS) this.sampleEventIDs.push(id);
  }

  /** A detector's findings (one event may carry several): tallied by type, account, resource and region. */
  addFindings(parsed: readonly ParsedFinding[], ordinal: number): void {
    this.count++;
    this.ordinalSum += ordinal;
    this.ordinalSquareSum += ordinal * ordinal;
    for (const { info, severity } of parsed) {
      const rated: Severity = severity === 'info' ? 'low' : severity;
      if (SEVERITY_RANK[rated] < SEVERITY_RANK[this.severity]) this.severity = rated;
      if (this.firstSeen === null || info.firstSeen < this.firstSeen) this.firstSeen = info.firstSeen;
      if (this.lastSeen === null || info.lastSeen > this.lastSeen) this.lastSeen = info.lastSeen;
      this.actions.add(info.typeInWords);
      this.accounts.add(info.account);
      for (const resource of info.resources) this.resources.add(resource.id);
      this.regions.add(info.region);
      if (this.sampleEventIDs.length < SAMPLE_IDS) this.sampleEventIDs.push(info.id);
      if (this.findingLines.length < FINDING_LINES) {
        this.findingLines.push({
          lastSeen: info.lastSeen,
          severity,
          sourceSeverity: info.sourceSeverity,
          type: info.type,
          typeInWords: info.typeInWords,
          resource: info.resources[0]?.id ?? null,
          account: info.account,
          region: info.region,
          state: info.state,
          id: info.id,
        });
      }
    }
  }

  report(alsoMatchedBy: readonly string[]): MonitorFindings {
    const { id, title } = this.monitor;
    return {
      id,
      title,
      severity: this.severity,
      count: this.count,
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
      actors: this.actors.tallies(),
      actions: this.actions.tallies(),
      accounts: this.accounts.tallies(),
      resources: this.resources.tallies(),
      regions: this.regions.tallies(),
      sourceIPs: this.sourceIPs.tallies(),
      sampleEventIDs: this.sampleEventIDs,
      alsoMatchedBy,
      ...(this.monitor.findingSource === undefined ? {} : { findings: this.findingLines }),
    };
  }
}

/** A match of a threshold monitor, held until every record is in: the count runs in event-time order. */
interface Counted {
  readonly monitor: Monitor;
  readonly record: unknown;
  readonly ordinal: number;
  /** Another monitor matched the input too (it is a matched input either way). */
  readonly matchedOtherwise: boolean;
}

/** `--timeline` holds at most this many entries (they are sorted at the end); the rest are counted. */
export const TIMELINE_LIMIT = 100_000;

/**
 * Accumulates matches as records stream past; memory grows with distinct values, not with records, except for the
 * alerting records when a timeline is kept, and for the matches of threshold monitors (secrets read one by one),
 * which are kept until the report: input order is not event-time order (logs come per region and file), and the
 * count must run in event-time order.
 */
export class ReplaySummary {
  private readonly byId = new Map<string, Findings>();
  private inputs = 0;
  private matchedInputs = 0;
  private readonly counted: Counted[] = [];
  private readonly rejected: RejectedCounts = { unreadable: 0, notCloudTrail: 0, unreadableFiles: 0 };
  /** By input ordinal: a threshold monitor's match joins its record's entry when the count settles. */
  private readonly timeline: Map<number, TimelineEntry> | undefined;
  private timelineOmitted = 0;
  private readonly accountRecords = new Map<string, number>();
  private readonly accountAlerts = new Map<string, { alerting: number; monitors: Counter }>();
  private leftOutRecords = 0;

  constructor(
    private readonly monitors: readonly Monitor[],
    options: { readonly timeline?: boolean } = {},
  ) {
    for (const monitor of monitors) this.byId.set(monitor.id, new Findings(monitor));
    this.timeline = options.timeline ? new Map() : undefined;
  }

  /**
   * `record` is the CloudTrail record (an envelope's detail); `ids` the monitors that matched the input; `event` the
   * EventBridge envelope, when the input is one (a detector's finding is read from it).
   */
  add(record: unknown, ids: readonly string[], event?: JsonObject): void {
    this.inputs++;
    if (ids.length === 0) return;
    const immediate = ids.filter((id) => this.byId.get(id)?.monitor.threshold === undefined);
    if (immediate.length > 0) {
      this.matchedInputs++;
      const findings = event === undefined ? undefined : readFindingEvent(event);
      for (const id of immediate) {
        const monitor = this.byId.get(id);
        if (monitor?.monitor.findingSource !== undefined && findings !== undefined) monitor.addFindings(findings, this.inputs);
        else monitor?.add(record, this.inputs);
      }
      this.addToTimeline(record, this.inputs, immediate, true);
      this.tallyAccount(record, immediate, true);
    }
    for (const id of ids) {
      const findings = this.byId.get(id);
      if (findings?.monitor.threshold !== undefined) {
        this.counted.push({ monitor: findings.monitor, record, ordinal: this.inputs, matchedOtherwise: immediate.length > 0 });
      }
    }
  }

  /** Records judged per account (matched or not), and records --account left out. */
  addAccounts(records: Readonly<Record<string, number>>, leftOut: number): void {
    for (const [account, n] of Object.entries(records)) this.accountRecords.set(account, (this.accountRecords.get(account) ?? 0) + n);
    this.leftOutRecords += leftOut;
  }

  /** Inputs no monitor matched. */
  addRoutine(count: number): void {
    this.inputs += count;
  }

  /** An input the reader could not read or understand (`unreadableFiles`: a whole file, not an input). */
  addRejected(kind: keyof RejectedCounts): void {
    if (kind !== 'unreadableFiles') this.inputs++;
    this.rejected[kind]++;
  }

  /**
   * Counts the held matches per monitor and principal in event-time order (records without a readable time last,
   * counted at the latest time seen), with the deployed counter on a memory table, and reports those from the
   * moment their window reaches the threshold.
   */
  private async settleThresholds(): Promise<void> {
    const counter = new ThresholdCounters(new MemoryTable());
    const timeOf = (entry: Counted) => Date.parse(stringAt(entry.record, 'eventTime') ?? '');
    const ordered = this.counted
      .map((entry) => ({ entry, at: timeOf(entry) }))
      .sort((a, b) => (Number.isNaN(a.at) ? 1 : 0) - (Number.isNaN(b.at) ? 1 : 0) || a.at - b.at || a.entry.ordinal - b.entry.ordinal);
    const latest = ordered.reduce((max, { at }) => (Number.isNaN(at) ? max : Math.max(max, at)), 0);
    const newlyMatched = new Set<number>();
    for (const { entry, at } of ordered) {
      const threshold = entry.monitor.threshold!;
      const when = new Date(Number.isNaN(at) ? latest : at);
      const result = await counter.count({
        monitorId: entry.monitor.id,
        key: principalOf(actorOf(entry.record)),
        weight: isJsonObject(entry.record) ? thresholdWeight(entry.monitor, entry.record) : 1,
        at: when,
        now: when,
        windowMs: threshold.windowSeconds * 1000,
      });
      if (result.status !== 'counted' || result.total < threshold.count) continue;
      this.byId.get(entry.monitor.id)?.add(entry.record, entry.ordinal);
      const alertsFirstHere = !entry.matchedOtherwise && !newlyMatched.has(entry.ordinal);
      if (!entry.matchedOtherwise) newlyMatched.add(entry.ordinal);
      this.addToTimeline(entry.record, entry.ordinal, [entry.monitor.id], alertsFirstHere);
      this.tallyAccount(entry.record, [entry.monitor.id], alertsFirstHere);
    }
    this.matchedInputs += newlyMatched.size;
    this.counted.length = 0;
  }

  /**
   * Adds monitors to the timeline entry of the record at `ordinal`. A record without one gets one only if this is
   * its first alerting match (`first`); otherwise its entry was left out at the limit, and counted there.
   */
  private addToTimeline(record: unknown, ordinal: number, ids: readonly string[], first: boolean): void {
    if (this.timeline === undefined) return;
    const entry = this.timeline.get(ordinal);
    if (entry !== undefined) this.timeline.set(ordinal, this.timelineEntry(record, [entry.monitor, ...entry.alsoMatchedBy, ...ids]));
    else if (!first) return;
    else if (this.timeline.size < TIMELINE_LIMIT) this.timeline.set(ordinal, this.timelineEntry(record, ids));
    else this.timelineOmitted++;
  }

  /** The account's alerting records (`newRecord`: the record alerts for the first time) and its monitors' matches. */
  private tallyAccount(record: unknown, ids: readonly string[], newRecord: boolean): void {
    const account = accountOf(record) ?? 'unknown';
    const alerts = this.accountAlerts.get(account) ?? { alerting: 0, monitors: new Counter() };
    if (newRecord) alerts.alerting++;
    for (const id of ids) alerts.monitors.add(id);
    this.accountAlerts.set(account, alerts);
  }

  async report(files: number, skippedDigestFiles = 0, leftOutFiles?: number): Promise<ReplayReport> {
    await this.settleThresholds();
    const matched = [...this.byId.values()].filter((findings) => findings.count > 0);
    const idsByFingerprint = new Map<string, string[]>();
    for (const findings of matched) {
      const ids = idsByFingerprint.get(findings.fingerprint) ?? [];
      ids.push(findings.monitor.id);
      idsByFingerprint.set(findings.fingerprint, ids);
    }
    const monitors = matched
      .map((findings) =>
        findings.report(idsByFingerprint.get(findings.fingerprint)!.filter((id) => id !== findings.monitor.id)),
      )
      .sort(
        (a, b) =>
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
          b.count - a.count ||
          packRank(a.id) - packRank(b.id) ||
          (a.id < b.id ? -1 : 1),
      );
    const { unreadable, notCloudTrail, unreadableFiles } = this.rejected;
    const accounts = [...new Set([...this.accountRecords.keys(), ...this.accountAlerts.keys()])]
      .map((account): AccountFindings => {
        const alerts = this.accountAlerts.get(account);
        return {
          account,
          records: this.accountRecords.get(account) ?? alerts?.alerting ?? 0,
          alerting: alerts?.alerting ?? 0,
          monitors: (alerts?.monitors.tallies() ?? [])
            .map((tally) => ({ ...tally, severity: this.byId.get(tally.value)!.monitor.severity }))
            .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.count - a.count || packRank(a.value) - packRank(b.value) || (a.value < b.value ? -1 : 1)),
        };
      })
      .sort((a, b) => b.alerting - a.alerting || (a.account < b.account ? -1 : 1));
    return {
      files,
      accounts,
      ...(leftOutFiles === undefined ? {} : { leftOut: { records: this.leftOutRecords, files: leftOutFiles } }),
      inputs: this.inputs,
      unreadable,
      notCloudTrail,
      unreadableFiles,
      skippedDigestFiles,
      complete: unreadable + notCloudTrail + unreadableFiles === 0,
      matchedInputs: this.matchedInputs,
      monitors,
      ...(this.timeline !== undefined ? { timeline: sortedByTime(inInputOrder(this.timeline)), timelineOmitted: this.timelineOmitted } : {}),
    };
  }

  private timelineEntry(record: unknown, ids: readonly string[]): TimelineEntry {
    const ranked = ids
      .map((id) => {
        const monitor = this.byId.get(id)!.monitor;
        return { monitor, severity: severityFor(monitor, isJsonObject(record) ? record : undefined) };
      })
      .sort(
        (a, b) =>
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
          packRank(a.monitor.id) - packRank(b.monitor.id) ||
          (a.monitor.id < b.monitor.id ? -1 : 1),
      );
    const [best, ...others] = ranked;
    return {
      time: stringAt(record, 'eventTime') ?? null,
      monitor: best!.monitor.id,
      severity: best!.severity,
      alsoMatchedBy: others.map((other) => other.monitor.id),
      actor: actorLabel(record),
      action: callLabel(record) ?? 'unknown call',
      account: accountOf(record) ?? null,
      region: stringAt(record, 'awsRegion') ?? null,
      sourceIP: stringAt(record, 'sourceIPAddress') ?? null,
      eventID: stringAt(record, 'eventID') ?? null,
    };
  }
}

/** The entries by input ordinal (threshold matches settle after the records that come later in the input). */
function inInputOrder(entries: ReadonlyMap<number, TimelineEntry>): TimelineEntry[] {
  return [...entries].sort(([a], [b]) => a - b).map(([, entry]) => entry);
}

/** Stable: records of the same second keep input order; records without a time come last. */
function sortedByTime(entries: readonly TimelineEntry[]): TimelineEntry[] {
  const key = (entry: TimelineEntry) => entry.time ?? '\uffff';
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** "admin (IAMUser, 111122223333)": the principal's own account, so two accounts' admins stay apart. */
function actorLabel(record: unknown): string {
  const actor = actorOf(record);
  const account = stringAt(record, 'userIdentity', 'accountId') ?? accountOf(record);
  return account === undefined ? `${actor.name} (${actor.type})` : `${actor.name} (${actor.type}, ${account})`;
}
