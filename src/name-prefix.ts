/**
 * The one rule for the deployment's name prefix, which starts every resource secmon creates (`<prefix>-alerts`,
 * `<prefix>-state`, `<prefix>-worker-actions`, rules and alarms `<prefix>-<monitor>`). template.yaml's NamePrefix
 * AllowedPattern is this pattern's source (test/unit/deploy/name-prefix.test.ts keeps them equal), and every
 * loader (src/config.ts) and the catalog (src/catalog/options.ts) check it, so a prefix CloudFormation accepts is
 * one every function starts with.
 *
 * - a lowercase letter first, then lowercase letters, digits and hyphens, not ending with a hyphen: the strictest
 *   of the names it starts (CloudFormation stack names, DynamoDB tables, SQS queues, IAM roles, Lambda functions),
 *   and free of quotes, wildcards and backslashes, since it is written into filter and event patterns;
 * - 1 to 20 characters: secmon-tampering repeats it some 15 times in one pattern (EventBridge allows 2048
 *   characters per pattern, CloudWatch Logs 1024 per filter), and `<prefix>-member-actions` stays far below IAM's
 *   64-character role names.
 */
export const NAME_PREFIX_PATTERN = /^[a-z](?:[a-z0-9-]{0,18}[a-z0-9])?$/;

export const NAME_PREFIX_RULE = '1-20 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen';

export const DEFAULT_NAME_PREFIX = 'secmon';
