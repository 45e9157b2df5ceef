/**
 * The alerts a replay would have raised, built the way the deployed stack builds them, with every selected monitor
 * enabled on its default path (`enable`: the event path where the monitor has an event form, else the alarm path):
 *
 * - Event path: for every input that the event form of such a monitor matches, the EventBridge envelope AWS would
 *   deliver (an input that already is an envelope is taken as is), normalised by the alerts Lambda's own
 *   `normaliseInvocation`. It names the rule `secmon-<id>` of the most severe of those monitors for the record (then
 *   catalog order), as if that rule had delivered it; the alert's monitor is still normalisation's own pick by
 *   matching the catalog (resources are never trusted), the same monitor for envelopes taken as is. Deliveries
 *   are deduplicated by delivery id (the envelope id, i.e. the eventID), as the Lambda's dedupe does: CloudTrail
 *   can deliver a record twice, and the same logs are easily named twice on a command line.
 * - Alarm path (monitors without an event form, such as the CIS pack): the matches of each monitor's metric filter
 *   become its alarm's notifications, one ALARM and one OK per run of 5-minute periods with matches
 *   (alarm-episodes.ts), not an alert per record.
 */
import type { Alert } from '../alerts/model.js';
import { activityOf } from '../alerts/activity.js';
import { normaliseInvocation } from '../alerts/normalise/index.js';
import type { NormaliseDeps } from '../alerts/normalise/monitors.js';
import { compiledForms } from '../catalog/index.js';
import { isEventBridgeEnvelope, toEventBridgeEnvelope, type EventBridgeEnvelope } from '../catalog/envelope.js';
import { createCatalogMatcher } from '../catalog/matcher.js';
import { SEVERITY_RANK, severityFor } from '../catalog/record-rules.js';
import type { Monitor } from '../catalog/types.js';
import { accountOf } from '../cloudtrail/outcome.js';
import { isJsonObject, stringAt, type JsonObject } from '../cloudtrail/record.js';
import { isSecmonError } from '../errors.js';
import { alarmAlerts, alarmEpisodes, type AlarmHit } from './alarm-episodes.js';
import { ruleArn } from './names.js';

export type ReplayInput =
  /** No selected monitor matches it. */
  | { readonly kind: 'routine' }
  /** It became an event alert and/or counts into alarms. */
  | { readonly kind: 'alert'; readonly alert: Alert | undefined }
  /** Same delivery id as an earlier input: the Lambda's dedupe would drop it. */
  | { readonly kind: 'duplicate'; readonly deliveryId: string }
  /**
   * Matched, but nothing deployed would alert on it: a record type CloudTrail sends to no EventBridge bus, or a
   * match of the metric filter of a monitor deployed on the event path (whose rule does not match it).
   */
  | { readonly kind: 'no-envelope' }
  /** An envelope (given or built) that normalisation rejects, e.g. one without an id; `reason` says why. */
  | { readonly kind: 'invalid'; readonly reason: string };

export interface ReplayAlertCounts {
  readonly inputs: number;
  readonly matched: number;
  /** Event alerts (one per distinct matching record on the event path). */
  readonly alerts: number;
  /** Records matched by monitors on the alarm path, and the alarm episodes they make. */
  readonly alarmRecords: number;
  readonly alarmEpisodes: number;
  readonly duplicates: number;
  readonly withoutEnvelope: number;
  readonly invalid: number;
}

/** Collects the alerts of many inputs; `alerts()` gives them in event-time order, as they would have arrived. */
export class ReplayAlertCollector {
  readonly #deps: NormaliseDeps;
  readonly #monitors: readonly Monitor[];
  readonly #now: Date;
  readonly #alerts: { readonly alert: Alert; readonly at: number }[] = [];
  readonly #seen = new Set<string>();
  readonly #alarmHits = new Map<Monitor, AlarmHit[]>();
  readonly #counts = { inputs: 0, matched: 0, alarmRecords: 0, duplicates: 0, withoutEnvelope: 0, invalid: 0 };

  /** `now` stands in for the time of inputs that carry none (normaliseInvocation's default). */
  constructor(monitors: readonly Monitor[], options: { readonly now?: Date } = {}) {
    this.#deps = { catalog: monitors, matcher: createCatalogMatcher(monitors) };
    this.#monitors = monitors;
    this.#now = options.now ?? new Date();
  }

  add(input: JsonObject): ReplayInput {
    this.#counts.inputs++;
    const ids = this.#deps.matcher.match(input);
    if (ids.length === 0) return { kind: 'routine' };
    this.#counts.matched++;
    const matched = this.#monitors.filter((monitor) => ids.includes(monitor.id));
    const record = isEventBridgeEnvelope(input) ? input['detail'] : input;
    const alarmed = matched.filter((monitor) => monitor.eventPattern === null);
    if (alarmed.length > 0) {
      this.#counts.alarmRecords++;
      const hit: AlarmHit = {
        at: Date.parse(stringAt(record, 'eventTime') ?? ''),
        activity: activityOf(record),
        region: stringAt(record, 'awsRegion') ?? 'us-east-1',
        account: accountOf(record) ?? '000000000000',
      };
      for (const monitor of alarmed) {
        const hits = this.#alarmHits.get(monitor);
        if (hits === undefined) this.#alarmHits.set(monitor, [hit]);
        else hits.push(hit);
      }
    }
    const envelope = isEventBridgeEnvelope(input) ? (input as unknown as EventBridgeEnvelope) : toEventBridgeEnvelope(input);
    const rule = envelope === undefined ? undefined : mostSevere(matched.filter((monitor) => compiledForms(monitor).event?.matches(envelope) === true), record);
    if (envelope === undefined || rule === undefined) {
      if (alarmed.length > 0) return { kind: 'alert', alert: undefined };
      this.#counts.withoutEnvelope++;
      return { kind: 'no-envelope' };
    }
    const delivered = isEventBridgeEnvelope(input) ? input : { ...envelope, resources: [ruleArn(envelope.region, envelope.account, rule.id)] };
    let alerts: Alert[];
    try {
      alerts = normaliseInvocation(delivered, this.#deps, { now: this.#now });
    } catch (error) {
      if (!isSecmonError(error, 'INPUT_INVALID')) throw error;
      this.#counts.invalid++;
      return { kind: 'invalid', reason: error.message };
    }
    // One envelope is one alert, except a Security Hub event, which may carry several findings (one alert each).
    const fresh = alerts.filter((alert) => !this.#seen.has(alert.deliveryId));
    const first = alerts[0]!;
    if (fresh.length === 0) {
      this.#counts.duplicates++;
      return { kind: 'duplicate', deliveryId: first.deliveryId };
    }
    for (const alert of fresh) {
      this.#seen.add(alert.deliveryId);
      this.#alerts.push({ alert, at: Date.parse(alert.time) });
    }
    return { kind: 'alert', alert: fresh[0] };
  }

  /** Inputs no monitor matched, counted without being looked at again. */
  addRoutine(count: number): void {
    this.#counts.inputs += count;
  }

  counts(): ReplayAlertCounts {
    const episodes = [...this.#alarmHits.values()].reduce((sum, hits) => sum + alarmEpisodes(hits).length, 0);
    return { ...this.#counts, alerts: this.#alerts.length, alarmEpisodes: episodes };
  }

  /**
   * Event alerts and alarm notifications by event time (stable: equal times keep input order). Logs arrive per
   * region and per file, so input order is not time order; grouping windows need time order. Alerts with an
   * unreadable time come last.
   */
  alerts(): Alert[] {
    const alarms = [...this.#alarmHits].flatMap(([monitor, hits]) => alarmAlerts(monitor, hits, this.#deps)).map((alert) => ({ alert, at: Date.parse(alert.time) }));
    const key = (at: number) => (Number.isNaN(at) ? Number.POSITIVE_INFINITY : at);
    return [...this.#alerts, ...alarms].sort((a, b) => key(a.at) - key(b.at) || 0).map((entry) => entry.alert);
  }
}

/** The most severe monitor for the record (severity rules included; catalog order among equals). */
function mostSevere(monitors: readonly Monitor[], record: unknown): Monitor | undefined {
  const rank = (monitor: Monitor) => SEVERITY_RANK[severityFor(monitor, isJsonObject(record) ? record : undefined)];
  return [...monitors].sort((a, b) => rank(a) - rank(b))[0];
}
