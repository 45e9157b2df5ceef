/**
 * What reverting an AuthorizeSecurityGroupIngress call means: revoking exactly the rules that call added.
 *
 * The rules come from, in order of preference:
 * 1. `responseElements.securityGroupRuleSet.items[]`: one item per rule created, with its securityGroupRuleId
 *    (recent records), so the revoke can name the rules by id;
 * 2. the request: `requestParameters.ipPermissions.items[]` with `ipRanges.items[].cidrIp` and
 *    `ipv6Ranges.items[].cidrIpv6`, and the older single-rule form `cidrIp` / `ipProtocol` / `fromPort` / `toPort`.
 * CloudTrail writes empty collections as `{}`, so any `items` may be missing.
 *
 * Every rule the call added is listed, not only the world-open ones: the revert undoes the call. Rules that name
 * a security group or prefix list instead of a CIDR can be listed only from the response (with their rule id);
 * the request form has no place for them in AddedRule, so a request-only record yields just its CIDR rules.
 */
import { actorOf } from '../cloudtrail/actor.js';
import { authorOf } from '../cloudtrail/author.js';
import { itemsAt, objectAt, stringAt, type JsonObject } from '../cloudtrail/record.js';
import type { AddedRule, RevertTarget } from './model.js';

/** A CIDR with prefix length 0 (0.0.0.0/0, ::/0, or any address written with /0) admits every address. */
export function isWorldCidr(cidr: string | undefined): boolean {
  return cidr !== undefined && /\/0$/.test(cidr.trim());
}

export function opensWorld(rule: AddedRule): boolean {
  return isWorldCidr(rule.cidrIpv4) || isWorldCidr(rule.cidrIpv6);
}

/** Every ingress rule an AuthorizeSecurityGroupIngress record says it added (see the module comment). */
export function addedRulesOf(record: unknown): AddedRule[] {
  const created = itemsAt(record, 'responseElements', 'securityGroupRuleSet').filter((item) => item['isEgress'] !== true);
  if (created.length > 0) {
    return created.flatMap((item) => {
      const protocol = protocolOf(item['ipProtocol']);
      if (protocol === undefined) return [];
      return [
        {
          ruleId: stringAt(item, 'securityGroupRuleId'),
          protocol,
          fromPort: portOf(item['fromPort']),
          toPort: portOf(item['toPort']),
          cidrIpv4: stringAt(item, 'cidrIpv4'),
          cidrIpv6: stringAt(item, 'cidrIpv6'),
        },
      ];
    });
  }

  const params = objectAt(record, 'requestParameters');
  const rules: AddedRule[] = [];
  for (const permission of itemsAt(params, 'ipPermissions')) {
    const protocol = protocolOf(permission['ipProtocol']);
    if (protocol === undefined) continue;
    const ports = { fromPort: portOf(permission['fromPort']), toPort: portOf(permission['toPort']) };
    for (const range of itemsAt(permission, 'ipRanges')) {
      const cidr = stringAt(range, 'cidrIp');
      if (cidr) rules.push({ ruleId: undefined, protocol, ...ports, cidrIpv4: cidr, cidrIpv6: undefined });
    }
    for (const range of itemsAt(permission, 'ipv6Ranges')) {
      const cidr = stringAt(range, 'cidrIpv6');
      if (cidr) rules.push({ ruleId: undefined, protocol, ...ports, cidrIpv4: undefined, cidrIpv6: cidr });
    }
  }
  const cidrIp = stringAt(params, 'cidrIp');
  const protocol = protocolOf(params?.['ipProtocol']);
  if (cidrIp && protocol !== undefined) {
    rules.push({
      ruleId: undefined,
      protocol,
      fromPort: portOf(params?.['fromPort']),
      toPort: portOf(params?.['toPort']),
      cidrIpv4: cidrIp,
      cidrIpv6: undefined,
    });
  }
  return rules;
}

/**
 * The revert target of a record, or undefined when there is nothing to revert: not a successful
 * AuthorizeSecurityGroupIngress (an errorCode, or `_return: false`), no rule opening a world range, or no group
 * id, region or event id to act on.
 */
export function revertTargetOf(record: unknown): RevertTarget | undefined {
  if (stringAt(record, 'eventSource') !== 'ec2.amazonaws.com') return undefined;
  if (stringAt(record, 'eventName') !== 'AuthorizeSecurityGroupIngress') return undefined;
  if (stringAt(record, 'errorCode') !== undefined) return undefined;
  if (objectAt(record, 'responseElements')?.['_return'] === false) return undefined;

  const rules = addedRulesOf(record);
  if (!rules.some(opensWorld)) return undefined;

  const groupId =
    stringAt(record, 'requestParameters', 'groupId') ??
    itemsAt(record, 'responseElements', 'securityGroupRuleSet')
      .map((item: JsonObject) => stringAt(item, 'groupId'))
      .find((id) => id !== undefined);
  const region = stringAt(record, 'awsRegion');
  const eventId = stringAt(record, 'eventID');
  if (!groupId || !region || !eventId) return undefined;

  const actor = actorOf(record);
  return {
    region,
    accountId: stringAt(record, 'recipientAccountId') ?? stringAt(record, 'userIdentity', 'accountId'),
    groupId,
    eventId,
    changedBy: actor.arn ?? actor.name,
    author: authorOf(record),
    rules,
  };
}

/** `tcp`, `udp`, `icmp`, `-1` (all), or a protocol number; numbers are kept as their decimal text. */
function protocolOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return undefined;
}

function portOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}
