/**
 * AWS SDK clients, built once per cold start by the handlers and passed in. Each function builds only what its
 * handler needs: a client in the bundle costs cold-start time even when unused (the EC2 client stays out of the
 * alerts and Slack bundles). Endpoints, region and credentials follow the SDK's own settings (AWS_REGION,
 * AWS_ENDPOINT_URL, ...).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The state table's clients: the low-level one (Powertools idempotency needs it) and the document client. */
export interface StateTableClients {
  readonly dynamo: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
}

export function createStateTableClients(maxAttempts = 3): StateTableClients {
  const dynamo = new DynamoDBClient({ maxAttempts });
  return {
    dynamo,
    // removeUndefinedValues: alert models carry optional fields as undefined; they are simply not stored.
    documents: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }),
  };
}

export interface AlertsClients extends StateTableClients {
  readonly logs: CloudWatchLogsClient;
  /** Confirms an alarm's state before its OK resolves anything. */
  readonly cloudwatch: CloudWatchClient;
}

export function createAlertsClients(): AlertsClients {
  return { ...createStateTableClients(), logs: new CloudWatchLogsClient({ maxAttempts: 3 }), cloudwatch: new CloudWatchClient({ maxAttempts: 3 }) };
}
