/**
 * The threats pack: what attackers do once inside an account, as the public rule sets (Elastic, Sigma, Panther,
 * Datadog, Stratus Red Team) describe it. Successful calls only unless a monitor says otherwise.
 */
import type { CatalogOptions, Monitor } from '../types.js';
import { federationTokenCreated, rolesAnywhereTrust } from './credentials.js';
import { passwordDataRead, secretsBulkRead } from './credential-access.js';
import { ebsEncryptionDisabled, guarddutyDisabled, leaveOrganization, loggingDisabled, securityToolingDisabled } from './defense-evasion.js';
import { ec2UserDataModified, instanceRemoteAccess, lambdaLayerAdded, ssmRemoteCommand } from './execution.js';
import { accessKeyCreatedForOther, loginProfileChanged, rootAccessKeyCreated } from './iam-keys.js';
import { adminPolicyInline, keyQuarantinePolicyAttached, roleTrustOpened } from './iam-policies.js';
import { lambdaUrlPublic, resourceMadePublic, s3PublicAccessUnblocked } from './public-access.js';
import { regionNotAllowed } from './regions.js';
import { amiShared, rdsSnapshotShared, snapshotShared } from './sharing.js';

/** region-not-allowed exists only when the deployment names its allowed regions. */
export function threatsMonitors(options: CatalogOptions): Monitor[] {
  return [
    rootAccessKeyCreated,
    accessKeyCreatedForOther,
    loginProfileChanged,
    roleTrustOpened,
    adminPolicyInline,
    keyQuarantinePolicyAttached,
    snapshotShared,
    amiShared,
    rdsSnapshotShared,
    resourceMadePublic,
    s3PublicAccessUnblocked,
    lambdaUrlPublic,
    lambdaLayerAdded,
    guarddutyDisabled,
    securityToolingDisabled,
    loggingDisabled,
    ebsEncryptionDisabled,
    leaveOrganization,
    ec2UserDataModified,
    instanceRemoteAccess,
    ssmRemoteCommand,
    federationTokenCreated,
    rolesAnywhereTrust,
    secretsBulkRead,
    passwordDataRead,
    ...(options.allowedRegions.length > 0 ? [regionNotAllowed(options.allowedRegions)] : []),
  ];
}
