import { SecmonError } from '../errors.js';
import { DEFAULT_NAME_PREFIX, NAME_PREFIX_PATTERN, NAME_PREFIX_RULE } from '../name-prefix.js';
import type { CatalogOptions } from './types.js';

/**
 * The names options may hold. They are written into filter and event patterns, so they are held to the characters
 * AWS allows in the resources they name (which also keeps them free of quotes, wildcards and backslashes):
 * - the prefix: the deployment's one rule (src/name-prefix.ts);
 * - IAM role names: letters, digits and `+=,.@_-`, up to 64;
 * - SNS topic names: letters, digits, `_` and `-`, up to 256, plus `.fifo` for FIFO topics;
 * - CloudWatch Logs group names: letters, digits and `._-/#`, up to 512;
 * - region codes: `eu-west-1`, `us-gov-west-1`, `ap-southeast-4`.
 */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/;
const LOG_GROUP_NAME = /^[A-Za-z0-9._/#-]{1,512}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

const KEYS: readonly (keyof CatalogOptions)[] = ['namePrefix', 'trustedRoleNames', 'snsTopicNames', 'cloudTrailLogGroup', 'allowedRegions'];

/** Fills in defaults and validates; throws SecmonError CONFIG_INVALID naming the offending option. */
export function resolveCatalogOptions(options: Partial<CatalogOptions> = {}): CatalogOptions {
  for (const key of Object.keys(options)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw invalid(`unknown catalog option '${key}' (options: ${KEYS.join(', ')})`);
    }
  }
  const namePrefix = options.namePrefix ?? DEFAULT_NAME_PREFIX;
  if (typeof namePrefix !== 'string' || !NAME_PREFIX_PATTERN.test(namePrefix)) {
    throw invalid(`namePrefix ${JSON.stringify(namePrefix)} must be ${NAME_PREFIX_RULE}`);
  }
  const trustedRoleNames = names('trustedRoleNames', options.trustedRoleNames ?? [`${namePrefix}-worker-actions`], ROLE_NAME);
  const snsTopicNames = names('snsTopicNames', options.snsTopicNames ?? [], TOPIC_NAME);
  const cloudTrailLogGroup = options.cloudTrailLogGroup;
  if (cloudTrailLogGroup !== undefined && (typeof cloudTrailLogGroup !== 'string' || !LOG_GROUP_NAME.test(cloudTrailLogGroup))) {
    throw invalid(`cloudTrailLogGroup ${JSON.stringify(cloudTrailLogGroup)} is not a log group name (${LOG_GROUP_NAME.source})`);
  }
  const allowedRegions = names('allowedRegions', options.allowedRegions ?? [], REGION);
  return Object.freeze({
    namePrefix,
    trustedRoleNames: Object.freeze(trustedRoleNames),
    snsTopicNames: Object.freeze(snsTopicNames),
    cloudTrailLogGroup,
    allowedRegions: Object.freeze(allowedRegions),
  });
}

function names(option: string, value: unknown, pattern: RegExp): string[] {
  if (!Array.isArray(value)) throw invalid(`${option} must be an array of names`);
  for (const name of value) {
    if (typeof name !== 'string' || !pattern.test(name)) {
      throw invalid(`${option} holds ${JSON.stringify(name)}, which is not a valid name (${pattern.source})`);
    }
  }
  return [...new Set(value as string[])];
}

function invalid(message: string): SecmonError {
  return new SecmonError('CONFIG_INVALID', message);
}
