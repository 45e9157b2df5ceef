/**
 * AWS SDK clients, built once per cold start by the handlers and passed in. Each function builds only what its
 * handler needs: a client in the bundle costs cold-start time even when unused (the EC2 client stays out of the
 * alerts and Slack bundles). Endpoints, region and credentials follow the SDK's own settings (AWS_REGION,
 * AWS_ENDPOINT_URL, ...).
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AlertsClients {
  readonly dynamo: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  readonly logs: CloudWatchLogsClient;
}

export function createAlertsClients(): AlertsClients {
  const dynamo = new DynamoDBClient({ maxAttempts: 3 });
  return {
    dynamo,
    // removeUndefinedValues: alert models carry optional fields as undefined; they are simply not stored.
    documents: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }),
    logs: new CloudWatchLogsClient({ maxAttempts: 3 }),
  };
}
