/**
 * Console links for alerts. Every link is built only from a validated region code, so a forged region (an alarm
 * ARN published to the topic by someone else, say) cannot turn a link into one to another host; the other parts
 * are URL-encoded.
 */
import type { AlertLink } from './model.js';

/** AWS region codes: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `ap-southeast-7`, ... */
const REGION_CODE = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

export function isRegionCode(value: unknown): value is string {
  return typeof value === 'string' && REGION_CODE.test(value);
}

/** The console origin for a region; the China and GovCloud partitions have their own domains. */
export function consoleOrigin(region: string): string {
  if (region.startsWith('cn-')) return `https://${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return 'https://console.amazonaws-us-gov.com';
  return `https://${region}.console.aws.amazon.com`;
}

/** CloudTrail event history, one event: `…/cloudtrailv2/home?region=<r>#/events/<eventId>`. */
export function cloudTrailEventLink(region: string | undefined, eventId: string | undefined): AlertLink | undefined {
  if (!isRegionCode(region) || eventId === undefined || eventId === '') return undefined;
  return {
    label: 'CloudTrail event',
    url: `${consoleOrigin(region)}/cloudtrailv2/home?region=${region}#/events/${encodeURIComponent(eventId)}`,
  };
}

/** CloudWatch alarm page: `…/cloudwatch/home?region=<r>#alarmsV2:alarm/<name>`. */
export function alarmLink(region: string | undefined, alarmName: string): AlertLink | undefined {
  if (!isRegionCode(region) || alarmName === '') return undefined;
  return {
    label: 'CloudWatch alarm',
    url: `${consoleOrigin(region)}/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`,
  };
}

/** AWS Config rule details: `…/config/home?region=<r>#/rules/details?configRuleName=<name>`. */
export function configRuleLink(region: string | undefined, ruleName: string): AlertLink | undefined {
  if (!isRegionCode(region) || ruleName === '') return undefined;
  return {
    label: 'AWS Config rule',
    url: `${consoleOrigin(region)}/config/home?region=${region}#/rules/details?configRuleName=${encodeURIComponent(ruleName)}`,
  };
}

/** The links that could be built, in order. */
export function linksOf(...links: (AlertLink | undefined)[]): AlertLink[] {
  return links.filter((link): link is AlertLink => link !== undefined);
}

/**
 * The links of an alert opened through the organization's AWS access portal (IAM Identity Center), so each signs
 * the responder in to the alert's account first: `<start URL>/#/console?account_id=<id>&destination=<console URL>`
 * (IAM Identity Center User Guide, "Create shortcut links to AWS Management Console pages"; without `role_name` the
 * portal lets the responder pick one of their permission sets). Unchanged without a start URL or an account id.
 */
export function throughAccessPortal(links: readonly AlertLink[], startUrl: string | undefined, accountId: string | undefined): AlertLink[] {
  if (startUrl === undefined || accountId === undefined || !/^\d{12}$/.test(accountId)) return [...links];
  const base = startUrl.replace(/\/+$/, '');
  return links.map((link) => ({
    label: link.label,
    url: `${base}/#/console?account_id=${accountId}&destination=${encodeURIComponent(link.url)}`,
  }));
}
