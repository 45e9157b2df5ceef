/**
 * Does a suppression rule hold an alert back? The rule's monitor must be the alert's, and every matcher the rule gives
 * must match:
 * - account: the alert's account (any alert that names one: events, alarms, Config, findings);
 * - principal: the caller's ARN, or for a role session its role (as group keys do: each session has a new name);
 * - ip: the source IP address, exactly or within a CIDR block;
 * - user-agent: a substring of the user agent, ignoring case;
 * - resource: one of the resources the call named, exactly.
 * Principal, ip, user-agent and resource describe a CloudTrail call: only alerts with an activity (the event path)
 * can match them; an alarm alert matches only a rule that gives none of them. Severity plays no part: an admin wrote
 * the rule deliberately, and the summary at its end names the critical alerts it held first.
 */
import type { SuppressionMatchers, SuppressionRule } from '../store/suppressions/suppressions.js';
import { cidrContains, parseCidr, parseIp, sameAddress } from '../patterns/event/ip.js';
import type { Alert } from './model.js';

export function suppressionMatches(rule: Pick<SuppressionRule, 'monitorId' | 'matchers'>, alert: Alert): boolean {
  if (alert.monitor === null || alert.monitor.id !== rule.monitorId) return false;
  const { account, principal, ip, userAgent, resource } = rule.matchers;
  if (account !== undefined && alert.account !== account) return false;
  if (principal === undefined && ip === undefined && userAgent === undefined && resource === undefined) return true;
  const activity = alert.activity;
  if (activity === undefined) return false;
  if (principal !== undefined && principal !== activity.actor.arn && principal !== activity.actor.sessionIssuerArn) return false;
  if (ip !== undefined && !ipMatches(ip, activity.sourceIp)) return false;
  if (userAgent !== undefined && !(activity.userAgent ?? '').toLowerCase().includes(userAgent.toLowerCase())) return false;
  if (resource !== undefined && !activity.resources.includes(resource)) return false;
  return true;
}

/** The first rule that holds the alert back, in the order given. */
export function matchingSuppression<Rule extends Pick<SuppressionRule, 'monitorId' | 'matchers'>>(rules: readonly Rule[], alert: Alert): Rule | undefined {
  return rules.find((rule) => suppressionMatches(rule, alert));
}

/** `10.0.0.0/8` or `203.0.113.7` (compared as addresses, so IPv6 spellings agree); undefined source: no match. */
function ipMatches(wanted: string, sourceIp: string | undefined): boolean {
  if (sourceIp === undefined) return false;
  const address = new Uint8Array(16);
  const version = parseIp(sourceIp, address);
  if (wanted.includes('/')) {
    try {
      return cidrContains(parseCidr(wanted), version, address);
    } catch {
      return false;
    }
  }
  const exact = new Uint8Array(16);
  const wantedVersion = parseIp(wanted, exact);
  if (version === 0 || wantedVersion === 0) return wanted === sourceIp;
  return version === wantedVersion && sameAddress(version, address, exact);
}

/** "principal=…, account=…" for replies and summaries; "every alert" when the rule gives no matcher. */
export function matchersText(matchers: SuppressionMatchers): string {
  const parts = [
    matchers.account === undefined ? undefined : `account=${matchers.account}`,
    matchers.principal === undefined ? undefined : `principal=${matchers.principal}`,
    matchers.ip === undefined ? undefined : `ip=${matchers.ip}`,
    matchers.userAgent === undefined ? undefined : `user-agent="${matchers.userAgent}"`,
    matchers.resource === undefined ? undefined : `resource=${matchers.resource}`,
  ].filter((part): part is string => part !== undefined);
  return parts.length === 0 ? 'every alert' : parts.join(', ');
}
