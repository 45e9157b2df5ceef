/** The shape of a monitor in the catalog. Monitors are data: the engines and the deploy code interpret them. */

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export const PACKS = ['essentials', 'cis'] as const;
export type PackId = (typeof PACKS)[number];

/** Remediations a monitor's alerts may offer; the actions themselves live in src/actions/. */
export type RemediationId = 'revert';

/**
 * Where an event rule for this monitor must live. IAM, STS-global and console sign-in events reach EventBridge in
 * us-east-1 only, so their rules are created there (and forwarded to the home region when it differs). A monitor
 * whose events occur in both (root activity: console sign-in in us-east-1, API calls anywhere) lists both.
 */
export type RuleRegion = 'home' | 'us-east-1';

/** An EventBridge event pattern as a JSON object. */
export type EventPattern = { readonly [key: string]: unknown };

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
}

/** Deployment-specific settings some monitors are parameterised by. */
export interface CatalogOptions {
  /** Resource name prefix of this deployment; secmon-tampering watches resources named `<prefix>-*`. */
  readonly namePrefix: string;
  /** IAM role names whose sessions may change secmon's own resources (its deployment and worker roles). */
  readonly trustedRoleNames: readonly string[];
  /** When non-empty, sns-topic-deleted fires only for these topic names. */
  readonly snsTopicNames: readonly string[];
}
