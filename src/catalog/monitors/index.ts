import type { CatalogOptions, Monitor } from '../types.js';
import { configDisabled, configNoncompliant } from './config.js';
import { consoleLoginFailure, consoleLoginWithoutMfa } from './console-login.js';
import { adminPolicyAttached, mfaDeactivated } from './iam.js';
import { lambdaCodeChanged } from './lambda-code-changed.js';
import { cloudtrailTampering, kmsKeyDeletion } from './logging-tampering.js';
import { rootActivity } from './root-activity.js';
import { s3BucketPolicyChanged } from './s3-bucket-policy-changed.js';
import { secmonTampering } from './secmon-tampering.js';
import { sgOpenToWorld } from './sg-open-to-world.js';
import { snsTopicDeleted } from './sns-topic-deleted.js';
import { unauthorizedApiCalls } from './unauthorized-api-calls.js';

/** The essentials pack: secmon's own monitors, both forms where the filter language allows. */
export function essentialsMonitors(options: CatalogOptions): Monitor[] {
  return [
    rootActivity,
    unauthorizedApiCalls,
    consoleLoginFailure,
    consoleLoginWithoutMfa,
    mfaDeactivated,
    adminPolicyAttached,
    configDisabled,
    configNoncompliant,
    snsTopicDeleted(options),
    s3BucketPolicyChanged,
    sgOpenToWorld,
    lambdaCodeChanged,
    cloudtrailTampering,
    kmsKeyDeletion,
    secmonTampering(options),
  ];
}
