/**
 * The worker's environment in the tests that load the real handler (handlers/worker.ts): the variables the template
 * gives it, pointing at the local stand-ins; and STS answering AssumeRole as the API reference documents.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsClientStub } from 'aws-sdk-client-mock';

export function workerEnvironment(options: {
  readonly slackApiUrl: string;
  readonly tableName: string;
  readonly dynamoEndpoint: string;
  readonly admins: string;
  readonly identityMap?: string;
}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-worker-token',
    SLACK_API_URL: options.slackApiUrl,
    SECMON_ADMINS: options.admins,
    ...(options.identityMap === undefined ? {} : { SECMON_IDENTITY_MAP: options.identityMap }),
    STATE_TABLE: options.tableName,
    SECMON_NAME_PREFIX: 'secmon',
    HOME_REGION: 'us-east-1',
    ACCOUNT_ID: '111122223333',
    CLOUDTRAIL_LOG_GROUP: 'aws-cloudtrail-logs-111122223333',
    ALARM_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:secmon-alarms',
    ALERTS_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:111122223333:function:secmon-alerts',
    HOME_EVENT_BUS_ARN: 'arn:aws:events:us-east-1:111122223333:event-bus/default',
    FORWARDING_ROLE_ARN: 'arn:aws:iam::111122223333:role/secmon-event-forwarding',
    ACTION_ROLE_ARN: 'arn:aws:iam::111122223333:role/secmon-worker-actions',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
}

/** STS grants the action role: temporary credentials valid for 15 minutes. */
export function grantActionRole(sts: AwsClientStub<STSClient>): void {
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'ASIAACTION', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 900_000) },
  });
}
