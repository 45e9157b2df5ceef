/**
 * The alerts function's environment in the tests that load the real handler (handlers/alerts.ts): the variables the
 * template gives it, pointing at the local Slack API and dynalite. Tests add what their deployment shape needs.
 */
export function alertsEnvironment(options: {
  readonly slackApiUrl: string;
  readonly tableName: string;
  readonly dynamoEndpoint: string;
  readonly botToken?: string;
  readonly region?: string;
  readonly alarmTopicArn?: string;
}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: options.botToken ?? 'xoxb-integration-token',
    SLACK_CHANNEL_ID: 'C0SECMON01',
    SLACK_API_URL: options.slackApiUrl,
    STATE_TABLE: options.tableName,
    ALARM_TOPIC_ARN: options.alarmTopicArn ?? 'arn:aws:sns:eu-west-1:111122223333:secmon-alarms',
    AWS_REGION: options.region ?? 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
}
