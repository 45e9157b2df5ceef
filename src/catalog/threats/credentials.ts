/** Other ways to mint credentials that outlive a revoked key: federation tokens, IAM Roles Anywhere trust anchors. */
import { callForms } from '../monitors/patterns.js';
import type { Monitor } from '../types.js';

export const federationTokenCreated: Monitor = {
  id: 'federation-token-created',
  title: 'Federation token created',
  description:
    "An IAM user minted a federation token: temporary credentials that keep working after the user's key is " +
    'deactivated, a known persistence trick.',
  severity: 'medium',
  packs: ['threats'],
  ...callForms([{ service: 'sts', eventNames: ['GetFederationToken'] }]),
  // The global STS endpoint records in us-east-1; regional endpoints in their region.
  ruleRegions: ['home', 'us-east-1'],
  remediations: [],
  runbook:
    'Few workloads use GetFederationToken: confirm with the owner of the calling user. If unexpected, deny the ' +
    "user's federated sessions (a Deny on aws:TokenIssueTime) and deactivate the user's keys; deleting the key alone " +
    'does not end the token.',
  attack: ['T1550.001', 'T1098'],
  stratus: ['aws.persistence.sts-federation-token'],
};

export const rolesAnywhereTrust: Monitor = {
  id: 'roles-anywhere-trust',
  title: 'IAM Roles Anywhere trust changed',
  description:
    'A Roles Anywhere trust anchor or profile was created or changed: whoever holds a certificate of that CA can ' +
    "now get the profile's roles from outside AWS.",
  severity: 'high',
  packs: ['threats'],
  ...callForms([{ service: 'rolesanywhere', eventNames: ['CreateTrustAnchor', 'UpdateTrustAnchor', 'CreateProfile'] }]),
  ruleRegions: ['home'],
  remediations: [],
  runbook:
    'Check the trust anchor certificate (requestParameters.source) and the roles of the profile (roleArns) with ' +
    'their owners; disable the anchor or profile if nobody expects it.',
  attack: ['T1098', 'T1556'],
  stratus: ['aws.persistence.rolesanywhere-create-trust-anchor'],
};
