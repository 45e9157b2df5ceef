/**
 * The shape of a monitor in the catalog. Monitors are data: the engines and the deploy code interpret them. The few
 * functions a monitor may carry (record conditions, a severity rule, a threshold's weight) are pure, named and
 * described, so `secmon list --json` can say what they do.
 */
import type { JsonObject } from '../cloudtrail/record.js';
import type { FindingSource } from '../findings/model.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export const PACKS = ['essentials', 'threats', 'cis', 'findings'] as const;
export type PackId = (typeof PACKS)[number];

/**
 * Remediations a monitor's event alerts may offer; the actions themselves live in src/actions/. `revert`: the added
 * security-group rules (src/actions/revert.ts); `undo`: what the event's record says exactly how to put back
 * (src/alerts/undo/), offered for a successful call that record shapes allow (a fixture test keeps this list true).
 */
export type RemediationId = 'revert' | 'undo';

/**
 * Where an event rule for this monitor must live. IAM, STS-global and console sign-in events reach EventBridge in
 * us-east-1 only, so their rules are created there (and forwarded to the home region when it differs). A monitor
 * whose events occur in both (root activity: console sign-in in us-east-1, API calls anywhere) lists both.
 */
export type RuleRegion = 'home' | 'us-east-1';

/** An EventBridge event pattern as a JSON object. */
export type EventPattern = { readonly [key: string]: unknown };

/**
 * A test of the CloudTrail record that a pattern cannot say ("the key was made for someone other than the caller").
 * Applied after the monitor's patterns wherever a record is at hand: in the alerts function (event path), in
 * `secmon match` and `secmon replay`. The alarm path cannot apply it: its metric filter counts the pattern's superset,
 * which the monitor's description says.
 */
export interface RecordCondition {
  /** Stable kebab-case name, shown by `secmon list --json` and logged when an event is set aside. */
  readonly name: string;
  /** What the record must show, in one sentence. */
  readonly description: string;
  /** Pure: the same record always gives the same answer; never throws on odd input. */
  readonly test: (record: JsonObject) => boolean;
}

/** A severity that depends on the record (shared with one account: high; made public: critical). */
export interface SeverityRule {
  readonly description: string;
  /** Pure, never throws; the monitor's own severity when the record says nothing more. */
  readonly of: (record: JsonObject) => Severity;
}

/**
 * "N or more within a window, by one principal": a matching event alone is not an alert. Counted per principal (the
 * role of a session, else the identity ARN) over event time: on the event path in the state table (one alert when
 * the count reaches `count`, later events of the burst grouped into it), on the alarm path as the alarm's threshold
 * (Sum >= count over `windowSeconds`), and in `secmon replay` over the records' times.
 */
export interface Threshold {
  readonly count: number;
  readonly windowSeconds: number;
  /** What is counted, plural, as a sentence reads it: "secret values read". */
  readonly unit: string;
  /**
   * How much one matching record counts (a GetParameters call reading four parameters counts 4); at least 1.
   * Pure, never throws. The alarm path counts 1 per record whatever this says (a metric filter has one value).
   */
  readonly weight: (record: JsonObject) => number;
  /** How the weight is worked out, in one sentence. */
  readonly weighting: string;
}

export interface Monitor {
  /** Stable id, also the resource name suffix: `secmon-<id>`. */
  readonly id: string;
  readonly title: string;
  /** One line: the risk this detects. */
  readonly description: string;
  readonly severity: Severity;
  readonly packs: readonly PackId[];
  /** CloudWatch Logs metric filter pattern (alarm path), or null when the monitor is event-only. */
  readonly filterPattern: string | null;
  /** EventBridge pattern (event path), or null when the monitor is alarm-only. */
  readonly eventPattern: EventPattern | null;
  readonly ruleRegions: readonly RuleRegion[];
  readonly remediations: readonly RemediationId[];
  /** What to check first when this fires. */
  readonly runbook: string;
  /**
   * Present when the filter form is knowingly weaker than the event form (the filter language cannot express the
   * whole rule); says what it misses. Agreement tests skip fixtures that exercise exactly that gap.
   */
  readonly filterLimitation?: string;
  /** MITRE ATT&CK (Enterprise, cloud) technique ids this detects: `T1098.001`. */
  readonly attack: readonly string[];
  /** Stratus Red Team technique ids whose detonation this detects: `aws.persistence.iam-backdoor-user`. */
  readonly stratus: readonly string[];
  /** Tests of the record applied after the patterns; all must hold. */
  readonly conditions?: readonly RecordCondition[];
  /** Severity by record; absent: always `severity`. */
  readonly severityRule?: SeverityRule;
  /** Present: a matching event counts toward an alert instead of being one. */
  readonly threshold?: Threshold;
  /**
   * The alert's one sentence, when the call's own sentence (`sentence`, from its event name) does not say what
   * makes it this monitor's business: region-not-allowed adds the region. Pure, never throws.
   */
  readonly summary?: (record: JsonObject, sentence: string) => string;
  /**
   * The event rule must also receive read-only management calls (Get*, Describe*, ...): EventBridge delivers those
   * only to rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
   */
  readonly readOnlyEvents?: true;
  /**
   * Findings pack: the AWS detector whose findings this monitor takes (src/findings/). Its rule's pattern is
   * `eventPattern` with the severity filter of the minimum `enable --min-severity` chose (default: medium).
   */
  readonly findingSource?: FindingSource;
}

/** Deployment-specific settings some monitors are parameterised by. */
export interface CatalogOptions {
  /** Resource name prefix of this deployment; secmon-tampering watches resources named `<prefix>-*`. */
  readonly namePrefix: string;
  /** IAM role names whose sessions may change secmon's own resources (its deployment and worker roles). */
  readonly trustedRoleNames: readonly string[];
  /** When non-empty, sns-topic-deleted fires only for these topic names. */
  readonly snsTopicNames: readonly string[];
  /**
   * The CloudTrail log group the alarm path reads; secmon-tampering watches its deletion, subscription filters and
   * retention. Undefined: no log group is watched (the deployment has no alarm path).
   */
  readonly cloudTrailLogGroup: string | undefined;
  /** Regions the account works in; region-not-allowed exists only when this is non-empty. */
  readonly allowedRegions: readonly string[];
}
