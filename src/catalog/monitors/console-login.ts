import type { Monitor } from '../types.js';
import { eq, filter, ne, SIGN_IN_DETAIL_TYPES } from './patterns.js';

/** Sign-in events on EventBridge: source aws.signin, either spelling of the detail-type. */
function signIn(detail: Record<string, unknown>) {
  return {
    source: ['aws.signin'],
    'detail-type': [...SIGN_IN_DETAIL_TYPES],
    detail: { eventName: ['ConsoleLogin'], ...detail },
  };
}

/*
 * Regions: root sign-ins are recorded in us-east-1; IAM users' in us-east-1 (global endpoint), in the region of a
 * regional sign-in endpoint, or (global endpoint with an account alias cookie) in us-east-2, eu-north-1 or
 * ap-southeast-2 (CloudTrail user guide, "AWS Management Console sign-in events"). Event rules in home and us-east-1
 * see the usual cases; the alarm path, fed by a multi-region trail, sees them all.
 */

export const consoleLoginFailure: Monitor = {
  id: 'console-login-failure',
  title: 'Console sign-in failure',
  description: 'A console sign-in failed: a mistyped password, or someone guessing one.',
  severity: 'medium',
  packs: ['essentials'],
  filterPattern: filter(eq('$.eventName', 'ConsoleLogin'), eq('$.responseElements.ConsoleLogin', 'Failure')),
  eventPattern: signIn({ responseElements: { ConsoleLogin: ['Failure'] } }),
  ruleRegions: ['home', 'us-east-1'],
  remediations: [],
  runbook:
    'Look for repeats from the same sourceIPAddress or against the same user; a burst of failures followed by a ' +
    'success is a compromised password.',
  attack: ['T1110'],
  stratus: [],
};

export const consoleLoginWithoutMfa: Monitor = {
  id: 'console-login-without-mfa',
  title: 'Console sign-in without MFA',
  description: 'An IAM user signed in to the console with a password alone; one leaked password is enough to get in.',
  severity: 'high',
  packs: ['essentials'],
  filterPattern: filter(
    eq('$.eventName', 'ConsoleLogin'),
    ne('$.additionalEventData.MFAUsed', 'Yes'),
    eq('$.userIdentity.type', 'IAMUser'),
    eq('$.responseElements.ConsoleLogin', 'Success'),
  ),
  eventPattern: signIn({
    additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] },
    userIdentity: { type: ['IAMUser'] },
    responseElements: { ConsoleLogin: ['Success'] },
  }),
  ruleRegions: ['home', 'us-east-1'],
  remediations: [],
  runbook:
    'Confirm the sign-in with the user; enforce MFA for the user (or move them to IAM Identity Center) and check ' +
    'what the session did afterwards.',
  attack: ['T1078.004'],
  stratus: ['aws.initial-access.console-login-without-mfa'],
};
