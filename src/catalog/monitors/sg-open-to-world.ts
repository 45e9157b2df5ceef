import type { Monitor } from '../types.js';
import { anyOf, apiCall, compactFilter, eq, filter, fromService, or } from './patterns.js';

/**
 * A CIDR with prefix length 0 is the whole address space, however its address is written (`0.0.0.0/0`, `::/0`,
 * `0:0::/0`), so the patterns test the `/0` suffix rather than two spellings.
 */
const WORLD = '/0';

/** How many rules of the response's securityGroupRuleSet the filter form checks (it cannot say "any element"). */
const FILTER_RESPONSE_RULES = 3;

/**
 * Where a CloudTrail AuthorizeSecurityGroupIngress record names the CIDRs it opened (CloudTrail writes empty
 * collections as `{}`, so any of these may be absent):
 * - requestParameters.cidrIp: the older single-rule form of the request;
 * - requestParameters.ipPermissions.items[].ipRanges.items[].cidrIp and .ipv6Ranges.items[].cidrIpv6;
 * - responseElements.securityGroupRuleSet.items[].cidrIpv4 / cidrIpv6: one item per rule created (recent records).
 * A ModifySecurityGroupRules record wraps its request: requestParameters.ModifySecurityGroupRulesRequest.
 * SecurityGroupRule (one object, or a list of them for several rules) holds the rule id and, again under
 * SecurityGroupRule, its new CidrIpv4 / CidrIpv6. The record does not say whether the rule is ingress or egress.
 */
const AUTHORIZE = 'AuthorizeSecurityGroupIngress';
const MODIFY = 'ModifySecurityGroupRules';
const MODIFIED_RULE = ['requestParameters', 'ModifySecurityGroupRulesRequest', 'SecurityGroupRule', 'SecurityGroupRule'];

/** `{a: {b: {c: leaf}}}` for the path a.b.c. */
function nested(path: readonly string[], leaf: unknown): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), leaf as Record<string, unknown>);
}

const eventOpened = [
  { requestParameters: { cidrIp: [{ suffix: WORLD }] } },
  { requestParameters: { ipPermissions: { items: { ipRanges: { items: { cidrIp: [{ suffix: WORLD }] } } } } } },
  { requestParameters: { ipPermissions: { items: { ipv6Ranges: { items: { cidrIpv6: [{ suffix: WORLD }] } } } } } },
  { responseElements: { securityGroupRuleSet: { items: { cidrIpv4: [{ suffix: WORLD }] } } } },
  { responseElements: { securityGroupRuleSet: { items: { cidrIpv6: [{ suffix: WORLD }] } } } },
  nested([...MODIFIED_RULE, 'CidrIpv4'], [{ suffix: WORLD }]),
  nested([...MODIFIED_RULE, 'CidrIpv6'], [{ suffix: WORLD }]),
];

const ruleIndexes = Array.from({ length: FILTER_RESPONSE_RULES }, (_, i) => i);
const filterOpened = or(
  eq('$.requestParameters.cidrIp', `*${WORLD}`),
  eq('$.requestParameters.ipPermissions.items[0].ipRanges.items[0].cidrIp', `*${WORLD}`),
  eq('$.requestParameters.ipPermissions.items[0].ipv6Ranges.items[0].cidrIpv6', `*${WORLD}`),
  ...ruleIndexes.flatMap((i) => [
    eq(`$.responseElements.securityGroupRuleSet.items[${i}].cidrIpv4`, `*${WORLD}`),
    eq(`$.responseElements.securityGroupRuleSet.items[${i}].cidrIpv6`, `*${WORLD}`),
  ]),
  eq(`$.${MODIFIED_RULE.join('.')}.CidrIpv4`, `*${WORLD}`),
  eq(`$.${MODIFIED_RULE.join('.')}.CidrIpv6`, `*${WORLD}`),
);

export const sgOpenToWorld: Monitor = {
  id: 'sg-open-to-world',
  title: 'Security group opened to the internet',
  description:
    'A security group rule was added or changed to admit 0.0.0.0/0 or ::/0 (the metric filter checks only the first ' +
    `permission's first range, the first ${FILTER_RESPONSE_RULES} rules created and a single modified rule; the event rule checks all).`,
  severity: 'critical',
  packs: ['essentials'],
  filterPattern: compactFilter(filter(fromService('ec2'), anyOf('$.eventName', [AUTHORIZE, MODIFY]), '$.errorCode NOT EXISTS', filterOpened)),
  eventPattern: apiCall('ec2', {
    eventName: [AUTHORIZE, MODIFY],
    errorCode: [{ exists: false }],
    $or: eventOpened,
  }),
  ruleRegions: ['home'],
  remediations: ['revert', 'undo'],
  runbook:
    'Check groupId, ports and what the group is attached to; revert (revoke exactly the rules this call added) ' +
    'unless the opening is intended, such as a public load balancer on 443. A modified rule (ModifySecurityGroupRules) ' +
    'cannot be put back, its record has the new values only: the alert offers containment (revoke the rule while it is ' +
    'still world-open and inbound); re-add its previous range by hand if it was needed.',
  filterLimitation:
    'Filter patterns cannot test every element of an array, so the metric filter sees a world-open range only ' +
    "in requestParameters.cidrIp, the first IP permission's first IPv4 or IPv6 range, or the first " +
    `${FILTER_RESPONSE_RULES} rules of responseElements.securityGroupRuleSet, or a ModifySecurityGroupRules request ` +
    'changing one rule; a world range later in a multi-rule request is caught by the event rule only.',
  attack: ['T1562.007'],
  stratus: ['aws.exfiltration.ec2-security-group-open-port-22-ingress'],
};
