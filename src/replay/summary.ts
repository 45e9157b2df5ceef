import { SEVERITY_RANK, severityFor, thresholdWeight } from '../catalog/record-rules.js';
import type { Monitor, Severity } from '../catalog/types.js';
import { principalOf } from '../alerts/group-key.js';
import { actorOf } from '../cloudtrail/actor.js';
import { isJsonObject, stringAt } from '../cloudtrail/record.js';
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
  /** "name (type)" of the principals, most frequent first. */
  readonly actors: readonly Tally[];
  readonly actions: readonly Tally[];
  readonly resources: readonly Tally[];
  readonly regions: readonly Tally[];
  readonly sourceIPs: readonly Tally[];
  /** The first few event ids, to find the records again. */
  readonly sampleEventIDs: readonly string[];
  /** Other monitors that matched exactly the same inputs (essentials and CIS overlap by design). */
  readonly alsoMatchedBy: readonly string[];
}

export interface ReplayReport {
  readonly files: number;
  readonly inputs: number;
  readonly unreadable: number;
  readonly matchedInputs: number;
  readonly monitors: readonly MonitorFindings[];
}

/** Between equals, an essentials monitor (named for the risk) leads its CIS twin (named for the control). */
const packRank = (id: string): number => (id.startsWith('cis-') ? 1 : 0);
const SAMPLE_IDS = 5;

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
  readonly resources = new Counter();
  readonly regions = new Counter();
  readonly sourceIPs = new Counter();
  readonly sampleEventIDs: string[] = [];
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
    const actor = actorOf(record);
    this.actors.add(`${actor.name} (${actor.type})`);
    this.actions.add(stringAt(record, 'eventName'));
    for (const resource of resourcesOf(record)) this.resources.add(resource);
    this.regions.add(stringAt(record, 'awsRegion'));
    this.sourceIPs.add(stringAt(record, 'sourceIPAddress'));
    const id = stringAt(record, 'eventID');
    if (id && this.sampleEventIDs.length < SAMPLE_IDS) this.sampleEventIDs.push(id);
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
      resources: this.resources.tallies(),
      regions: this.regions.tallies(),
      sourceIPs: this.sourceIPs.tallies(),
      sampleEventIDs: this.sampleEventIDs,
      alsoMatchedBy,
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

/**
 * Accumulates matches as records stream past; memory grows with distinct values, not with records, except for the
 * matches of threshold monitors (secrets read one by one), which are kept until the report: input order is not
 * event-time order (logs come per region and file), and the count must run in event-time order.
 */
export class ReplaySummary {
  private readonly byId = new Map<string, Findings>();
  private inputs = 0;
  private unreadable = 0;
  private matchedInputs = 0;
  private readonly counted: Counted[] = [];

  constructor(private readonly monitors: readonly Monitor[]) {
    for (const monitor of monitors) this.byId.set(monitor.id, new Findings(monitor));
  }

  /** `record` is the CloudTrail record (an envelope's detail); `ids` the monitors that matched the input. */
  add(record: unknown, ids: readonly string[]): void {
    this.inputs++;
    if (ids.length === 0) return;
    const immediate = ids.filter((id) => this.byId.get(id)?.monitor.threshold === undefined);
    if (immediate.length > 0) this.matchedInputs++;
    for (const id of immediate) this.byId.get(id)?.add(record, this.inputs);
    for (const id of ids) {
      const findings = this.byId.get(id);
      if (findings?.monitor.threshold !== undefined) {
        this.counted.push({ monitor: findings.monitor, record, ordinal: this.inputs, matchedOtherwise: immediate.length > 0 });
      }
    }
  }

  addUnreadable(): void {
    this.inputs++;
    this.unreadable++;
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
      if (!entry.matchedOtherwise) newlyMatched.add(entry.ordinal);
    }
    this.matchedInputs += newlyMatched.size;
    this.counted.length = 0;
  }

  async report(files: number): Promise<ReplayReport> {
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
    return { files, inputs: this.inputs, unreadable: this.unreadable, matchedInputs: this.matchedInputs, monitors };
  }
}
