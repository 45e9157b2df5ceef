/**
 * AWS clients for the actions, built per region from the credentials of the role assumed for the Slack user
 * (SourceIdentity = the user's id, so CloudTrail names who acted). One factory per action run: each client is
 * built on first use and memoised per region, so an action touching two regions builds exactly two clients.
 * Business logic receives the factory through `ActionContext.clients` and never builds a client itself.
 *
 * Note for bundling: importing this module pulls in the EC2 client. The Slack Lambda runs only `status`, which
 * needs no EC2; keep this factory out of the Slack bundle if its cold start matters (build the worker's only).
 */
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface ActionClients {
  cloudwatch(region: string): CloudWatchClient;
  logs(region: string): CloudWatchLogsClient;
  events(region: string): EventBridgeClient;
  ec2(region: string): EC2Client;
  lambda(region: string): LambdaClient;
  /** The finding write-backs (src/actions/findings/). */
  securityhub(region: string): SecurityHubClient;
  guardduty(region: string): GuardDutyClient;
  accessAnalyzer(region: string): AccessAnalyzerClient;
  /** IAM is global: one client, in us-east-1, whatever the event's region. */
  iam(): IAMClient;
  /** The undos of src/actions/undo/ (StartLogging, StartConfigurationRecorder, CancelKeyDeletion, RDS snapshot sharing). */
  cloudtrail(region: string): CloudTrailClient;
  config(region: string): ConfigServiceClient;
  kms(region: string): KMSClient;
  rds(region: string): RDSClient;
}

export interface ActionClientOptions {
  /** SDK retry attempts per call (default 3): the worker has a time limit, so keep it small. */
  readonly maxAttempts?: number;
}

/**
 * The clients for one action run. `credentials` undefined: the SDK's default chain (local runs, tests with
 * aws-sdk-client-mock, which intercepts `send` whatever the credentials); a provider: a session the SDK resolves on
 * a client's first call (a role of another account, see account-reach.ts).
 */
export function actionClients(credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined, options: ActionClientOptions = {}): ActionClients {
  const config = (region: string) => ({
    region,
    maxAttempts: options.maxAttempts ?? 3,
    ...(credentials === undefined ? {} : { credentials }),
  });
  const memo = <T>(build: (region: string) => T): ((region: string) => T) => {
    const built = new Map<string, T>();
    return (region) => {
      let client = built.get(region);
      if (client === undefined) {
        client = build(region);
        built.set(region, client);
      }
      return client;
    };
  };
  const iam = memo((region) => new IAMClient(config(region)));
  return {
    cloudwatch: memo((region) => new CloudWatchClient(config(region))),
    logs: memo((region) => new CloudWatchLogsClient(config(region))),
    events: memo((region) => new EventBridgeClient(config(region))),
    ec2: memo((region) => new EC2Client(config(region))),
    lambda: memo((region) => new LambdaClient(config(region))),
    securityhub: memo((region) => new SecurityHubClient(config(region))),
    guardduty: memo((region) => new GuardDutyClient(config(region))),
    accessAnalyzer: memo((region) => new AccessAnalyzerClient(config(region))),
    iam: () => iam('us-east-1'),
    cloudtrail: memo((region) => new CloudTrailClient(config(region))),
    config: memo((region) => new ConfigServiceClient(config(region))),
    kms: memo((region) => new KMSClient(config(region))),
    rds: memo((region) => new RDSClient(config(region))),
  };
}
