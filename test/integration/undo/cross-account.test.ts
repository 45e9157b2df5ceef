/**
 * Every kind of undo in an organization deployment, through the real Slack function and worker: the change was made
 * in a member account (the recorded event moved into PROD), so the worker assumes that account's member role for the
 * Slack user and makes every call there, in the event's region (IAM: us-east-1); the account comes from the stored
 * alert only. One row per kind: what AWS answers (the resource still as the event left it) and the call that undoes.
 */
import { DescribeSecurityGroupRulesCommand, EnableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand, DescribeSnapshotAttributeCommand, ModifySnapshotAttributeCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { GetTrailStatusCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeConfigurationRecorderStatusCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { GetDetectorCommand, UpdateDetectorCommand } from '@aws-sdk/client-guardduty';
import { DeleteLoginProfileCommand, DetachUserPolicyCommand, GetLoginProfileCommand, ListAccessKeysCommand, ListAttachedUserPoliciesCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { CancelKeyDeletionCommand, DescribeKeyCommand, EnableKeyCommand } from '@aws-sdk/client-kms';
import { GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { DescribeDBClusterSnapshotAttributesCommand, ModifyDBClusterSnapshotAttributeCommand } from '@aws-sdk/client-rds';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { UNDO_KINDS, type UndoKind } from '../../../src/alerts/undo/model.js';
import { ADMIN, memberRole, sessionKeyOf, undoEnvironment } from '../../helpers/undo-environment.js';
import { PROD } from '../../helpers/organization.js';
import defenseEvasion from '../../fixtures/records/threats-defense-evasion.json' with { type: 'json' };
import iamRecords from '../../fixtures/records/iam.json' with { type: 'json' };
import iamCredentials from '../../fixtures/records/iam-credentials.json' with { type: 'json' };
import loggingUndo from '../../fixtures/records/logging-undo.json' with { type: 'json' };
import publicAccess from '../../fixtures/records/threats-public.json' with { type: 'json' };
import securityGroups from '../../fixtures/records/ec2-security-groups.json' with { type: 'json' };
import sharing from '../../fixtures/records/threats-sharing.json' with { type: 'json' };
import kmsRds from '../../fixtures/records/undo-kms-rds.json' with { type: 'json' };

const env = undoEnvironment('secmon-undo-org', { organization: true });
const { sts, postedAlert, clickUndo, runWorker, threadReplies } = env;

type Mocks = Omit<typeof env, 'slack' | 'state' | 'postedAlert' | 'clickUndo' | 'runWorker' | 'submit' | 'lastUpdate' | 'threadReplies' | 'sent'>;
type MockName = keyof Mocks;

interface Row {
  readonly kind: UndoKind;
  /** The recorded event, as made in the organization's account 111122223333 (moved into PROD by the test). */
  readonly record: unknown;
  readonly service: MockName;
  readonly region: string;
  /** AWS answers as the resource is after the event, and accepts the undoing call. */
  readonly answer: (mocks: Mocks) => void;
  /** The command that undoes, by its class name. */
  readonly undoes: string;
  /** The admin also chose to enable the key (the second button of a KMS key deletion). */
  readonly enableKey?: boolean;
}

const named = (fixtures: readonly { name: string; input: unknown }[], name: string) => fixtures.find((item) => item.name === name)!.input;
const LAMBDA_PUBLIC = named(publicAccess, 'Lambda permission lets anyone invoke a function') as { responseElements: { statement: string } };

const ROWS: readonly Row[] = [
  {
    kind: 'ebs-encryption-default',
    record: named(defenseEvasion, 'EBS encryption by default turned off'),
    service: 'ec2',
    region: 'eu-west-1',
    answer: ({ ec2 }) => {
      ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
      ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    },
    undoes: 'EnableEbsEncryptionByDefaultCommand',
  },
  {
    kind: 'guardduty-detector',
    record: defenseEvasion.find((item) => item.input.eventName === 'UpdateDetector' && item.input.requestParameters?.['enable'] === false)!.input,
    service: 'guardduty',
    region: 'eu-west-1',
    answer: ({ guardduty }) => {
      guardduty.on(GetDetectorCommand).resolves({ ServiceRole: 'arn:aws:iam::222233334444:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty', Status: 'DISABLED' });
      guardduty.on(UpdateDetectorCommand).resolves({});
    },
    undoes: 'UpdateDetectorCommand',
  },
  {
    kind: 'lambda-permission',
    record: LAMBDA_PUBLIC,
    service: 'lambda',
    region: 'eu-west-1',
    answer: ({ lambda }) => {
      const statement = JSON.parse(LAMBDA_PUBLIC.responseElements.statement.replaceAll('111122223333', PROD)) as unknown;
      lambda.on(GetPolicyCommand).resolves({ Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [statement] }), RevisionId: 'e4f5a6b7-0000-4000-8000-000000000001' });
      lambda.on(RemovePermissionCommand).resolves({});
    },
    undoes: 'RemovePermissionCommand',
  },
  {
    kind: 'ec2-sharing',
    record: named(sharing, 'EBS snapshot made public'),
    service: 'ec2',
    region: 'eu-west-1',
    answer: ({ ec2 }) => {
      ec2.on(DescribeSnapshotAttributeCommand).resolves({ SnapshotId: 'snap-0a1b2c3d4e5f60719', CreateVolumePermissions: [{ Group: 'all' }] });
      ec2.on(ModifySnapshotAttributeCommand).resolves({});
    },
    undoes: 'ModifySnapshotAttributeCommand',
  },
  {
    kind: 'iam-policy-attachment',
    record: named(iamRecords, 'IAM user attaches AdministratorAccess to a user'),
    service: 'iam',
    region: 'us-east-1',
    answer: ({ iam }) => {
      iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }], IsTruncated: false });
      iam.on(DetachUserPolicyCommand).resolves({});
    },
    undoes: 'DetachUserPolicyCommand',
  },
  {
    kind: 'sg-rule-containment',
    record: named(securityGroups, 'existing rule changed to admit SSH from anywhere'),
    service: 'ec2',
    region: 'eu-west-1',
    answer: ({ ec2 }) => {
      ec2.on(DescribeSecurityGroupRulesCommand).resolves({
        SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-0a1b2c3d4e5f60718', GroupId: 'sg-0a1b2c3d4e5f60718', GroupOwnerId: PROD, IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' }],
      });
      ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    },
    undoes: 'RevokeSecurityGroupIngressCommand',
  },
  {
    kind: 'cloudtrail-logging',
    record: named(loggingUndo, 'trail logging is stopped by its ARN'),
    service: 'cloudtrail',
    region: 'us-east-1',
    answer: ({ cloudtrail }) => {
      cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
      cloudtrail.on(StartLoggingCommand).resolves({});
    },
    undoes: 'StartLoggingCommand',
  },
  {
    kind: 'config-recorder',
    record: named(loggingUndo, 'Config recorder is stopped by mallory'),
    service: 'config',
    region: 'ap-southeast-2',
    answer: ({ config }) => {
      config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: false, lastStatus: 'Success' }] });
      config.on(StartConfigurationRecorderCommand).resolves({});
    },
    undoes: 'StartConfigurationRecorderCommand',
  },
  {
    kind: 'kms-key-deletion',
    record: named(kmsRds, 'multi-Region replica key scheduled for deletion by its ARN'),
    service: 'kms',
    region: 'ap-southeast-2',
    answer: ({ kms }) => {
      const keyArn = `arn:aws:kms:ap-southeast-2:${PROD}:key/mrk-8f1e2d3c4b5a69788796a5b4c3d2e1f0`;
      kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'mrk-8f1e2d3c4b5a69788796a5b4c3d2e1f0', Arn: keyArn, AWSAccountId: PROD, KeyState: 'PendingDeletion', Enabled: false } });
      kms.on(CancelKeyDeletionCommand).resolves({ KeyId: keyArn });
      kms.on(EnableKeyCommand).resolves({});
    },
    undoes: 'EnableKeyCommand',
    enableKey: true,
  },
  {
    kind: 'rds-snapshot-sharing',
    record: named(kmsRds, 'DB cluster snapshot shared with another account'),
    service: 'rds',
    region: 'eu-central-1',
    answer: ({ rds }) => {
      rds.on(DescribeDBClusterSnapshotAttributesCommand).resolves({
        DBClusterSnapshotAttributesResult: { DBClusterSnapshotIdentifier: 'ledger-weekly-15', DBClusterSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['777788889999'] }] },
      });
      rds.on(ModifyDBClusterSnapshotAttributeCommand).resolves({});
    },
    undoes: 'ModifyDBClusterSnapshotAttributeCommand',
  },
  {
    kind: 'iam-access-key',
    record: named(iamCredentials, 'ops user creates an access key for a service user'),
    service: 'iam',
    region: 'us-east-1',
    answer: ({ iam }) => {
      iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [{ UserName: 'billing-export', AccessKeyId: 'AKIAEXAMPLEBILLING01', Status: 'Active', CreateDate: new Date('2026-03-09T10:15:42Z') }], IsTruncated: false });
      iam.on(UpdateAccessKeyCommand).resolves({});
    },
    undoes: 'UpdateAccessKeyCommand',
  },
  {
    kind: 'iam-login-profile',
    record: named(iamCredentials, 'provisioning role sets a console password for another user'),
    service: 'iam',
    region: 'us-east-1',
    answer: ({ iam }) => {
      iam.on(GetLoginProfileCommand).resolves({ LoginProfile: { UserName: 'temp-auditor', CreateDate: new Date('2026-03-09T10:24:05Z'), PasswordResetRequired: false } });
      iam.on(DeleteLoginProfileCommand).resolves({});
    },
    undoes: 'DeleteLoginProfileCommand',
  },
];

/** The record as the same call made in PROD would be logged. */
const inProd = (record: unknown) => JSON.parse(JSON.stringify(record).replaceAll('111122223333', PROD)) as unknown;

describe('every undo in an organization acts in the account of the stored alert, through its member role', () => {
  it('every kind has a row here', () => {
    expect(ROWS.map((row) => row.kind).sort()).toEqual([...UNDO_KINDS].sort());
  });

  it.each(ROWS)('$kind: as the Slack user in the member account, in $region', async (row) => {
    row.answer(env);
    const { alert, message } = await postedAlert(inProd(row.record), { account: PROD });
    expect(alert.undo).toMatchObject({ kind: row.kind, accountId: PROD });
    await runWorker(await clickUndo(alert, message, ADMIN, { enableKey: row.enableKey === true }));

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: memberRole(PROD), SourceIdentity: ADMIN });
    const calls = env[row.service].calls().filter((call) => call.args[0].constructor.name !== 'InvokeCommand');
    expect(calls.map((call) => call.args[0].constructor.name)).toContain(row.undoes);
    for (const call of calls) {
      const client = call.thisValue as { config: { credentials: () => Promise<{ accessKeyId: string }>; region: () => Promise<string> } };
      expect((await client.config.credentials()).accessKeyId).toBe(sessionKeyOf(memberRole(PROD)));
      expect(await client.config.region()).toBe(row.region);
    }
    expect(threadReplies(message)).toEqual([expect.stringMatching(/: undone[ .]/)]);
  });
});
