/**
 * The one Alert model every input becomes (SNS alarm notifications, EventBridge CloudTrail events, Config
 * compliance changes, test events, anything else), and the state of the Slack message that shows it.
 * Plain data: JSON-serialisable, so it can be stored with the message and rendered again when its state changes.
 */
import type { Severity } from '../catalog/types.js';
import type { Actor } from '../cloudtrail/actor.js';
import type { ChangeAuthor } from '../cloudtrail/author.js';
import type { FindingInfo } from '../findings/model.js';
import type { UndoResult, UndoTarget } from './undo/model.js';

export type AlertSeverity = Severity | 'info';

/**
 * Where the alert came from. `finding`: a finding of one of AWS's detectors (src/findings/). `notification`:
 * something unrecognised, posted as is rather than dropped.
 */
export type AlertSource = 'event' | 'alarm' | 'config' | 'finding' | 'test' | 'notification';

export interface AlertMonitorRef {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
}

/** One CloudTrail call, as a responder reads it. */
export interface AlertActivity {
  readonly actor: Actor;
  /** eventName, e.g. AttachRolePolicy. */
  readonly action: string;
  /** eventSource, e.g. iam.amazonaws.com. */
  readonly service: string;
  readonly time: string;
  readonly resources: readonly string[];
  readonly region: string | undefined;
  readonly sourceIp: string | undefined;
  readonly userAgent: string | undefined;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly eventId: string | undefined;
  /** recipientAccountId: the account the call was made in (an organization trail's log group holds every account's). */
  readonly account?: string | undefined;
}

export type AlarmState = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';

export interface AlarmInfo {
  readonly name: string;
  readonly arn: string;
  readonly state: AlarmState;
  readonly previousState: AlarmState | undefined;
  readonly reason: string;
  /** Region code taken from the alarm ARN (the notification's `Region` is a display name). */
  readonly region: string;
  readonly changedAt: string;
  /** The time span the alarm evaluated, used to look up the log events that tripped it. */
  readonly window: { readonly start: string; readonly end: string } | undefined;
}

/** What the alarm-path lookup of matching log events found. */
export type MatchLookup =
  | { readonly status: 'found'; readonly activities: readonly AlertActivity[]; readonly truncated: boolean }
  | { readonly status: 'none' }
  | { readonly status: 'unavailable'; readonly reason: string };

export interface ComplianceInfo {
  readonly ruleName: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly complianceType: string;
  readonly previousComplianceType: string | undefined;
  readonly annotation: string | undefined;
}

/** One ingress rule the event added; the revert revokes exactly these. */
export interface AddedRule {
  /** securityGroupRuleId from the response, when the record has it. */
  readonly ruleId: string | undefined;
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  readonly cidrIpv4: string | undefined;
  readonly cidrIpv6: string | undefined;
}

/**
 * The most rules one revert covers. The worker revokes them in chunks well within its time, but it keeps every rule's
 * outcome with the alert's message and its remediation, and a DynamoDB item holds 400 KB: 500 rules stay far inside
 * that. (EC2 allows 60 inbound rules per group by default, 1,000 at most.) An alert with more gets no Revert button.
 */
export const MAX_REVERT_RULES = 500;

/** What a security-group revert needs, taken from the AuthorizeSecurityGroupIngress record. */
export interface RevertTarget {
  readonly region: string;
  readonly accountId: string | undefined;
  readonly groupId: string;
  readonly eventId: string;
  /** The principal who made the change, for display. */
  readonly changedBy: string | undefined;
  /** Who made the change, as CloudTrail names them: the keep action's four-eyes check compares it (absent in alerts stored before it was kept). */
  readonly author?: ChangeAuthor;
  readonly rules: readonly AddedRule[];
}

/** A threshold monitor's event: counted per principal before it may become an alert (see Threshold in the catalog). */
export interface AlertThreshold {
  readonly count: number;
  readonly windowSeconds: number;
  readonly unit: string;
  /** The hashed principal the count is kept for. */
  readonly key: string;
  /** How much this event counts. */
  readonly weight: number;
  /** Set by the pipeline once counted: the window's total when this alert was let through (at least `count`). */
  readonly reached: number | undefined;
}

/** A monitor whose patterns matched the event but whose record condition did not hold. */
export interface SetAside {
  readonly monitorId: string;
  readonly condition: string;
}

export interface AlertLink {
  readonly label: string;
  readonly url: string;
}

export interface Alert {
  /** EventBridge `id` or SNS `MessageId`: a redelivery carries the same one. */
  readonly deliveryId: string;
  readonly source: AlertSource;
  /** The catalog monitor, or null when none is known (plain notifications, unknown alarms). */
  readonly monitor: AlertMonitorRef | null;
  readonly severity: AlertSeverity;
  /** Headline: the monitor title, or the notification's subject. */
  readonly title: string;
  /** One sentence of what happened: "alice (IAMUser) attached AdministratorAccess to role ci-deploy". */
  readonly summary: string;
  readonly time: string;
  readonly account: string | undefined;
  /** The account's name and OU path, when the account directory knows them (src/org/account-directory.ts). */
  readonly accountName?: string | undefined;
  readonly accountOu?: string | undefined;
  /** The Slack channel routing chose (src/org/route.ts); absent: the deployment's default channel. */
  readonly channel?: string | undefined;
  readonly region: string | undefined;
  /** Event and test alerts: the call itself. */
  readonly activity: AlertActivity | undefined;
  readonly alarm: AlarmInfo | undefined;
  /** Alarm alerts: the log events behind the alarm (up to 10). */
  readonly matches: MatchLookup | undefined;
  readonly compliance: ComplianceInfo | undefined;
  /** Finding alerts: the finding as its source gave it (the write-backs act on this stored copy). */
  readonly finding?: FindingInfo | undefined;
  /**
   * Finding alerts: the finding as received (JSON, clipped to RAW_FINDING_LIMIT). Never rendered in the message: the
   * pipeline posts it as the new message's first thread reply, one click away.
   */
  readonly rawFinding?: string | undefined;
  readonly revert: RevertTarget | undefined;
  /** A change other than security-group ingress that the event lets secmon undo exactly (src/alerts/undo/). */
  readonly undo?: UndoTarget | undefined;
  readonly links: readonly AlertLink[];
  /** monitor + principal + resource: alerts with the same key within the window update one message. */
  readonly groupKey: string | undefined;
  /** Plain notifications: the message as received (truncated by the renderer). */
  readonly rawText: string | undefined;
  /** Event alerts of a threshold monitor. */
  readonly threshold: AlertThreshold | undefined;
  /**
   * Event alerts that no monitor matched only because a record condition did not hold (a key a user made for
   * itself): the pipeline records them as ignored instead of posting them. Undefined otherwise.
   */
  readonly setAside: readonly SetAside[] | undefined;
}

export interface RuleOutcome {
  readonly rule: AddedRule;
  readonly outcome: 'revoked' | 'already_gone' | 'changed' | 'failed';
  /** Human reason for `changed`/`failed`; never a raw AWS error. */
  readonly reason: string | undefined;
}

/** How the Slack message of an alert currently looks, beyond the alert itself. */
export interface AlertMessageState {
  /** Present once a second alert joined the group. */
  readonly group: { readonly count: number; readonly firstSeen: string; readonly lastSeen: string } | undefined;
  readonly acknowledged: { readonly by: string; readonly at: string } | undefined;
  readonly silenced: { readonly by: string; readonly until: string; readonly reason: string | undefined } | undefined;
  readonly resolvedAt: string | undefined;
  readonly remediation:
    | {
        readonly status: 'in_progress' | 'done' | 'failed';
        readonly by: string;
        readonly at: string;
        readonly outcomes: readonly RuleOutcome[];
        /** An undo's result (alert.undo); a revert's are its rule outcomes. */
        readonly undone?: UndoResult | undefined;
      }
    | undefined;
  readonly kept: { readonly by: string; readonly at: string; readonly reason: string } | undefined;
  /** Finding alerts: what a secmon admin did with the finding (src/actions/findings/), and whether it synced back. */
  readonly findingAction: FindingAction | undefined;
}

/**
 * A finding suppressed, resolved or (on acknowledge) set to NOTIFIED from Slack. `atSource` false: the source has no
 * write-back in secmon (Inspector, Macie), so only secmon's message records it and the finding stays open there.
 */
export interface FindingAction {
  readonly status: 'suppressed' | 'resolved' | 'notified';
  readonly by: string;
  readonly at: string;
  readonly reason: string | undefined;
  readonly atSource: boolean;
}

export const NEW_MESSAGE_STATE: AlertMessageState = {
  group: undefined,
  acknowledged: undefined,
  silenced: undefined,
  resolvedAt: undefined,
  remediation: undefined,
  kept: undefined,
  findingAction: undefined,
};
