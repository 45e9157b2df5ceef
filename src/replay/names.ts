/** Names of the AWS resources a replayed alert refers to, as a deployment with the default prefix has them. */

/** The name prefix of the rules and alarms a replayed alert names (the deployment default). */
export const REPLAY_NAME_PREFIX = 'secmon';

/** The ARN of the EventBridge rule `secmon-<id>` on the default bus of a region and account. */
export function ruleArn(region: string, account: string, monitorId: string): string {
  return `arn:${partitionOf(region)}:events:${region}:${account}:rule/${REPLAY_NAME_PREFIX}-${monitorId}`;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
