/**
 * The alerts a replay would have raised, built the way the deployed stack builds them: for every input that some
 * selected monitor matches, the EventBridge envelope AWS would deliver (an input that already is an envelope is taken
 * as is), normalised by the alerts Lambda's own `normaliseInvocation`.
 *
 * Which monitor an alert names: the one `normaliseInvocation` picks by matching the catalog (bestMatchingMonitor:
 * the most severe match for the record; among equals one with an event pattern, then catalog order). A record's
 * envelope also gets `resources: [<ARN of rule secmon-<id>>]` of that monitor, as if its rule had delivered it;
 * normalisation ignores resources (whoever sends an event chooses them), so envelopes taken as is get the same pick.
 *
 * Deliveries are deduplicated by delivery id (the envelope id, i.e. the eventID), as the Lambda's dedupe does:
 * CloudTrail can deliver a record twice, and the same logs are easily named twice on a command line.
 */
import type { Alert } from '../alerts/model.js';
import { normaliseInvocation } from '../alerts/normalise/index.js';
import { bestMatchingMonitor, type NormaliseDeps } from '../alerts/normalise/monitors.js';
import { isEventBridgeEnvelope, toEventBridgeEnvelope, type EventBridgeEnvelope } from '../catalog/envelope.js';
import { createCatalogMatcher } from '../catalog/matcher.js';
import type { Monitor } from '../catalog/types.js';
import type { JsonObject } from '../cloudtrail/record.js';
import { isSecmonError } from '../errors.js';

/** The name prefix of the rules a replayed alert names (the deployment default). */
export const REPLAY_NAME_PREFIX = 'secmon';

export type ReplayInput =
  /** No selected monitor matches it. */
  | { readonly kind: 'routine' }
  | { readonly kind: 'alert'; readonly alert: Alert }
  /** Same delivery id as an earlier input: the Lambda's dedupe would drop it. */
  | { readonly kind: 'duplicate'; readonly deliveryId: string }
  /**
   * Matched (by a filter pattern) but of a record type CloudTrail sends to no EventBridge bus (or without an
   * eventSource), so no event alert exists for it.
   */
  | { readonly kind: 'no-envelope' }
  /** An envelope (given or built) that normalisation rejects, e.g. one without an id; `reason` says why. */
  | { readonly kind: 'invalid'; readonly reason: string };

export interface ReplayAlertCounts {
  readonly inputs: number;
  readonly matched: number;
  readonly alerts: number;
  readonly duplicates: number;
  readonly withoutEnvelope: number;
  readonly invalid: number;
}

/** Collects the alerts of many inputs; `alerts()` gives them in event-time order, as they would have arrived. */
export class ReplayAlertCollector {
  readonly #deps: NormaliseDeps;
  readonly #now: Date;
  readonly #alerts: { readonly alert: Alert; readonly at: number }[] = [];
  readonly #seen = new Set<string>();
  readonly #counts = { inputs: 0, matched: 0, duplicates: 0, withoutEnvelope: 0, invalid: 0 };

  /** `now` stands in for the time of inputs that carry none (normaliseInvocation's default). */
  constructor(monitors: readonly Monitor[], options: { readonly now?: Date } = {}) {
    this.#deps = { catalog: monitors, matcher: createCatalogMatcher(monitors) };
    this.#now = options.now ?? new Date();
  }

  add(input: JsonObject): ReplayInput {
    this.#counts.inputs++;
    if (this.#deps.matcher.match(input).length === 0) return { kind: 'routine' };
    this.#counts.matched++;
    const envelope = isEventBridgeEnvelope(input) ? input : this.#envelopeOf(input);
    if (envelope === undefined) {
      this.#counts.withoutEnvelope++;
      return { kind: 'no-envelope' };
    }
    let alerts: Alert[];
    try {
      alerts = normaliseInvocation(envelope, this.#deps, { now: this.#now });
    } catch (error) {
      if (!isSecmonError(error, 'INPUT_INVALID')) throw error;
      this.#counts.invalid++;
      return { kind: 'invalid', reason: error.message };
    }
    // One envelope is one alert; an SNS event could hold several, but no catalog monitor matches one.
    const alert = alerts[0]!;
    if (this.#seen.has(alert.deliveryId)) {
      this.#counts.duplicates++;
      return { kind: 'duplicate', deliveryId: alert.deliveryId };
    }
    this.#seen.add(alert.deliveryId);
    this.#alerts.push({ alert, at: Date.parse(alert.time) });
    return { kind: 'alert', alert };
  }

  counts(): ReplayAlertCounts {
    return { ...this.#counts, alerts: this.#alerts.length };
  }

  /**
   * The alerts by event time (stable: equal times keep input order). Logs arrive per region and per file, so input
   * order is not time order; grouping windows need time order. Alerts with an unreadable time come last.
   */
  alerts(): Alert[] {
    const key = (at: number) => (Number.isNaN(at) ? Number.POSITIVE_INFINITY : at);
    return [...this.#alerts].sort((a, b) => key(a.at) - key(b.at) || 0).map((entry) => entry.alert);
  }

  #envelopeOf(record: JsonObject): EventBridgeEnvelope | undefined {
    const envelope = toEventBridgeEnvelope(record);
    if (envelope === undefined) return undefined;
    const { monitor } = bestMatchingMonitor(envelope, this.#deps, record);
    return monitor === undefined ? envelope : { ...envelope, resources: [ruleArn(envelope.region, envelope.account, monitor.id)] };
  }
}

/** The ARN of the EventBridge rule `secmon-<id>` on the default bus of a region and account. */
export function ruleArn(region: string, account: string, monitorId: string): string {
  return `arn:${partitionOf(region)}:events:${region}:${account}:rule/${REPLAY_NAME_PREFIX}-${monitorId}`;
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
