/** Activity in regions the account does not use: where attackers mine, hide resources or stage data. */
import { stringAt } from '../../cloudtrail/record.js';
import { and, API_CALL, compactFilter, eq, filter, ne, or, ANY_AWS_SOURCE } from '../monitors/patterns.js';
import type { Monitor } from '../types.js';

/**
 * Global services record their calls in us-east-1 whatever region the caller works in, so in us-east-1 their calls
 * say nothing about where someone works: they are left out there when us-east-1 is not an allowed region.
 */
const GLOBAL_SERVICES = [
  'iam',
  'sts',
  'organizations',
  'account',
  'cloudfront',
  'route53',
  'route53domains',
  'globalaccelerator',
  'waf',
  'shield',
  'support',
  'health',
  'ce',
  'budgets',
  'billingconsole',
].map((service) => `${service}.amazonaws.com`);

const US_EAST_1 = 'us-east-1';

/** region-not-allowed for these allowed regions (at least one). */
export function regionNotAllowed(allowedRegions: readonly string[]): Monitor {
  if (allowedRegions.length === 0) throw new Error('region-not-allowed needs at least one allowed region');
  const allowed = [...allowedRegions];
  const outside = allowed.includes(US_EAST_1) ? allowed : [...allowed, US_EAST_1];
  const watchUsEast1 = !allowed.includes(US_EAST_1);
  const enableRegion = { eventSource: ['account.amazonaws.com'], eventName: ['EnableRegion'] };
  const writeCall = [eq('$.eventType', 'AwsApiCall'), '$.readOnly IS FALSE'];
  return {
    id: 'region-not-allowed',
    title: 'Activity in a region the account does not use',
    description:
      `A change was made in a region other than ${allowed.join(', ')}, or a region was enabled (the event rules see ` +
      'only the home region and us-east-1; the alarm path, fed by a multi-region trail, sees every region).',
    severity: 'high',
    packs: ['threats'],
    filterPattern: compactFilter(
      filter(
        or(
          and(...writeCall, ...outside.map((region) => ne('$.awsRegion', region))),
          ...(watchUsEast1 ? [and(...writeCall, eq('$.awsRegion', US_EAST_1), ...GLOBAL_SERVICES.map((s) => ne('$.eventSource', s)))] : []),
          and(eq('$.eventSource', 'account.amazonaws.com'), eq('$.eventName', 'EnableRegion')),
        ),
      ),
    ),
    eventPattern: {
      source: [...ANY_AWS_SOURCE],
      'detail-type': [API_CALL],
      detail: {
        $or: [
          { readOnly: [false], awsRegion: [{ 'anything-but': outside }] },
          ...(watchUsEast1 ? [{ readOnly: [false], awsRegion: [US_EAST_1], eventSource: [{ 'anything-but': GLOBAL_SERVICES }] }] : []),
          enableRegion,
        ],
      },
    },
    summary: (record, sentence) => {
      const region = stringAt(record, 'awsRegion');
      return stringAt(record, 'eventName') === 'EnableRegion' || region === undefined ? sentence : `${sentence} in ${region}`;
    },
    // EnableRegion (an Account Management call) and global-service calls are recorded in us-east-1.
    ruleRegions: ['home', 'us-east-1'],
    remediations: [],
    runbook:
      'Find what was created in that region (the call and its resources) and by whom; delete it unless it belongs to ' +
      'a known project, and consider an SCP that denies the region.',
    attack: ['T1535'],
    stratus: [],
  };
}
