/**
 * What the actions share: resource names and tags, which monitors a target names, where a monitor's event rules
 * live, and the ARNs of the IAM statements (CloudFormation `Fn::Sub` text).
 */
import { findMonitor, monitorsInPack, PACKS, type Monitor, type PackId } from '../catalog/index.js';
import type { DeploymentSettings } from './types.js';

/** CloudWatch metric namespace of every secmon metric filter. */
export const METRIC_NAMESPACE = 'SecMon';
export const MONITOR_TAG = 'secmon:monitor';
/** Target ids secmon gives its rule targets (one per rule). */
export const TARGET_IDS = { alerts: 'secmon-alerts', forward: 'secmon-forward', queue: 'secmon-org-queue' } as const;

export type MonitorPath = 'alarm' | 'event';

/** `${namePrefix}-<id>`: the metric filter, alarm, rule and mute rule of a monitor all carry this name. */
export function resourceName(settings: DeploymentSettings, monitorId: string): string {
  return `${settings.namePrefix}-${monitorId}`;
}

export function monitorTags(monitorId: string): { Key: string; Value: string }[] {
  return [{ Key: MONITOR_TAG, Value: monitorId }];
}

/**
 * The state of a monitor's rules. Monitors that must also see read-only management calls (Describe*, Get*, List*:
 * root reading anything, refused reads, secrets read in bulk) say so (`readOnlyEvents`): EventBridge delivers
 * read-only CloudTrail management events only to rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS;
 * state ENABLED skips them (EventBridge User Guide, "Receiving read-only management events from AWS services").
 */
export function ruleState(monitor: Monitor): 'ENABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' {
  return monitor.readOnlyEvents === true ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED';
}

/** The path `enable` takes by default: event where the monitor has an event pattern (real time), else alarm. */
export function defaultPath(monitor: Monitor): MonitorPath {
  return monitor.eventPattern !== null ? 'event' : 'alarm';
}

export function hasPath(monitor: Monitor, path: MonitorPath): boolean {
  return path === 'event' ? monitor.eventPattern !== null : monitor.filterPattern !== null;
}

/** One event rule of a monitor: in which region and on which bus, and whether it targets the alerts function, forwards, or queues. */
export interface RulePlacement {
  readonly region: string;
  readonly target: 'alerts' | 'forward' | 'queue';
  /** The event bus; undefined: the region's default bus. */
  readonly bus?: string;
}

/**
 * Where a monitor's rules live. Home region: a rule targeting the alerts function. A monitor that needs us-east-1
 * (IAM, STS-global and sign-in events reach EventBridge there only): when home is us-east-1, that one rule; else a
 * us-east-1 rule forwarding to the home region's default bus, plus the home rule, which matches the forwarded
 * events (cross-region delivery keeps the event as it was, and the home rule's pattern does not filter on region).
 * Order: the home rule first, so forwarded events always find their receiver. Finding monitors: the home rule
 * only, to the alerts function, in an organization too.
 */
export function rulePlacements(monitor: Monitor, settings: DeploymentSettings): RulePlacement[] {
  // Findings reach the detectors' (delegated) administrator, this account, on its own default bus, organization or
  // not; member stacks do not forward them (src/org/member-patterns.ts). Home region only: Security Hub aggregates.
  if (monitor.findingSource !== undefined) return [{ region: settings.homeRegion, target: 'alerts' }];
  // An organization: every account's member stack forwards its events (us-east-1's included, in one hop) to the
  // central bus, so one rule there, delivering to the organization's queue, sees them all.
  if (settings.organization !== undefined) return [{ region: settings.homeRegion, target: 'queue', bus: settings.organization.eventBusName }];
  const home: RulePlacement = { region: settings.homeRegion, target: 'alerts' };
  const needsUsEast1 = monitor.ruleRegions.includes('us-east-1');
  if (!needsUsEast1 || settings.homeRegion === 'us-east-1') return [home];
  return [home, { region: 'us-east-1', target: 'forward' }];
}

export type TargetResolution =
  | { readonly ok: true; readonly monitors: readonly Monitor[]; readonly pack: PackId | undefined }
  | { readonly ok: false; readonly reason: string };

/** A monitor id or a pack id. */
export function resolveTarget(catalog: readonly Monitor[], target: string): TargetResolution {
  const monitor = findMonitor(catalog, target);
  if (monitor !== undefined) return { ok: true, monitors: [monitor], pack: undefined };
  if ((PACKS as readonly string[]).includes(target)) {
    return { ok: true, monitors: monitorsInPack(catalog, target as PackId), pack: target as PackId };
  }
  return { ok: false, reason: `no monitor or pack is called "${target}" (see /secmon list)` };
}

export function resolveMonitor(catalog: readonly Monitor[], monitorId: string): Monitor | { readonly reason: string } {
  return findMonitor(catalog, monitorId) ?? { reason: `no monitor is called "${monitorId}" (see /secmon list)` };
}

// -- IAM resource ARNs (Fn::Sub text) ---------------------------------------------------------------------------

/** Alarms live in the stack's (home) region only. */
export const ALARM_ARN = 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${NamePrefix}-*';
export const MUTE_RULE_ARN = 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm-mute-rule:${NamePrefix}-*';
/**
 * Rules live in the home region and, for IAM/sign-in monitors, in us-east-1; in an organization, on the central bus
 * `<prefix>-org` (a rule on a custom bus is `rule/<bus>/<name>`).
 */
export const RULE_ARNS = [
  'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${NamePrefix}-*',
  'arn:${AWS::Partition}:events:us-east-1:${AWS::AccountId}:rule/${NamePrefix}-*',
  'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${NamePrefix}-org/${NamePrefix}-*',
] as const;
/** The trail's log group; both ARN forms, since the Logs API authorises some calls on `log-group:<name>:*`. */
export const LOG_GROUP_ARNS = [
  'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${CloudTrailLogGroup}',
  'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${CloudTrailLogGroup}:*',
] as const;
/** The role EventBridge assumes to forward us-east-1 events (the template must name it so). */
export const FORWARDING_ROLE_ARN = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${NamePrefix}-event-forwarding';
/** The alerts function (the template must name it so). */
export const ALERTS_FUNCTION_ARN = 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${NamePrefix}-alerts';
export const SECURITY_GROUP_ARN = 'arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:security-group/*';

/** "a" / "a and b" / "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** Text from a user, safe inside Slack mrkdwn (no mentions, links or formatting injected). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
