// Security incidents as sequences of CloudTrail records, built on the synthetic record shapes.
import { ACCOUNT, PEOPLE, ROLES, assumedRole, iamUser, record, root } from './synthetic-cloudtrail.js';

const CONSOLE_AGENT = ROLES.auditor.agent;
const later = (time, seconds) => new Date(time.getTime() + seconds * 1000);

function consoleLogin(random, time, { identity, ip, success, mfa }) {
  return record(random, {
    time,
    identity,
    source: 'signin.amazonaws.com',
    name: 'ConsoleLogin',
    ip,
    agent: CONSOLE_AGENT,
    readOnly: false,
    type: 'AwsConsoleSignIn',
    error: success ? undefined : { code: undefined, message: 'Failed authentication' },
    response: { ConsoleLogin: success ? 'Success' : 'Failure' },
    extra: {
      additionalEventData: {
        LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
        MobileVersion: 'No',
        MFAUsed: mfa ? 'Yes' : 'No',
      },
    },
  });
}

/** Root signs in to the console and creates an access key. */
export function rootActivity(random, time) {
  return [
    consoleLogin(random, time, { identity: root(), ip: '203.0.113.200', success: true, mfa: true }),
    record(random, {
      time: later(time, 95),
      identity: { ...root(), accessKeyId: 'ASIAROOTSESSION00001' },
      source: 'iam.amazonaws.com',
      name: 'CreateAccessKey',
      ip: '203.0.113.200',
      agent: CONSOLE_AGENT,
      readOnly: false,
      request: null,
      response: { accessKey: { accessKeyId: 'AKIAROOTNEWKEY000001', status: 'Active', createDate: 'Nov 20, 2026, 9:03:10 AM' } },
    }),
  ];
}

/** Password guessing against bob, then a login without MFA. */
export function bruteForceLogin(random, time) {
  const identity = { type: 'IAMUser', principalId: 'AIDABOBXXXXXXXXXXXXX', accountId: ACCOUNT, accessKeyId: '', userName: 'bob' };
  const failures = [0, 7, 15].map((s) =>
    consoleLogin(random, later(time, s), { identity, ip: '185.220.101.4', success: false, mfa: false }),
  );
  return [
    ...failures,
    consoleLogin(random, later(time, 41), { identity: { ...iamUser('bob'), accessKeyId: '' }, ip: '185.220.101.4', success: true, mfa: false }),
  ];
}

/** alice grants AdministratorAccess to the CI role. */
export function adminPolicyAttached(random, time) {
  return [
    record(random, {
      time,
      identity: iamUser(PEOPLE.alice.name, { mfa: true }),
      source: 'iam.amazonaws.com',
      name: 'AttachRolePolicy',
      ip: PEOPLE.alice.ip,
      readOnly: false,
      request: { roleName: 'ci-deploy', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    }),
  ];
}

/** The CI role opens SSH to the world on a security group. */
export function securityGroupOpened(random, time, region = 'eu-west-1') {
  const groupId = 'sg-0a1b2c3d4e5f67890';
  return [
    record(random, {
      time,
      identity: assumedRole(ROLES.ciDeploy),
      source: 'ec2.amazonaws.com',
      name: 'AuthorizeSecurityGroupIngress',
      region,
      ip: ROLES.ciDeploy.ip,
      agent: ROLES.ciDeploy.agent,
      readOnly: false,
      request: {
        groupId,
        ipPermissions: {
          items: [
            {
              ipProtocol: 'tcp',
              fromPort: 22,
              toPort: 22,
              groups: {},
              ipRanges: { items: [{ cidrIp: '0.0.0.0/0', description: 'temp debug' }] },
              ipv6Ranges: {},
              prefixListIds: {},
            },
          ],
        },
      },
      response: {
        requestId: random.uuid(),
        _return: true,
        securityGroupRuleSet: {
          items: [
            {
              groupOwnerId: ACCOUNT,
              groupId,
              securityGroupRuleId: `sgr-0${random.hex(16)}`,
              isEgress: false,
              ipProtocol: 'tcp',
              fromPort: 22,
              toPort: 22,
              cidrIpv4: '0.0.0.0/0',
              description: 'temp debug',
            },
          ],
        },
      },
    }),
  ];
}

/** A stolen key probes the account: denied calls, then logging is stopped. */
export function stolenKeyRecon(random, time) {
  const identity = iamUser('svc-backup');
  const ip = '45.155.205.18';
  const agent = 'Boto3/1.35.70 md/Botocore#1.35.70 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.3';
  const denied = (offset, source, name, code, message, request) =>
    record(random, { time: later(time, offset), identity, source, name, ip, agent, request, error: { code, message } });
  return [
    record(random, { time, identity, source: 'sts.amazonaws.com', name: 'GetCallerIdentity', ip, agent }),
    denied(4, 'iam.amazonaws.com', 'ListUsers', 'AccessDenied', `User: arn:aws:iam::${ACCOUNT}:user/svc-backup is not authorized to perform: iam:ListUsers`, { maxItems: 100 }),
    denied(6, 'ec2.amazonaws.com', 'DescribeInstances', 'Client.UnauthorizedOperation', 'You are not authorized to perform this operation.', { instancesSet: {}, filterSet: {} }),
    denied(9, 'secretsmanager.amazonaws.com', 'ListSecrets', 'AccessDenied', `User: arn:aws:iam::${ACCOUNT}:user/svc-backup is not authorized to perform: secretsmanager:ListSecrets`, null),
    record(random, {
      time: later(time, 30),
      identity,
      source: 'cloudtrail.amazonaws.com',
      name: 'StopLogging',
      ip,
      agent,
      readOnly: false,
      request: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events` },
    }),
  ];
}

/** A key is scheduled for deletion and a bucket policy replaced. */
export function dataExposure(random, time) {
  const identity = assumedRole(ROLES.auditor, { mfa: true });
  const keyId = 'arn:aws:kms:us-east-1:111122223333:key/7f3c2a1e-5b6d-4c8e-9f0a-1b2c3d4e5f60';
  return [
    record(random, {
      time,
      identity,
      source: 'kms.amazonaws.com',
      name: 'ScheduleKeyDeletion',
      ip: ROLES.auditor.ip,
      agent: CONSOLE_AGENT,
      readOnly: false,
      request: { keyId, pendingWindowInDays: 7 },
      response: { keyId, deletionDate: 'Nov 27, 2026, 12:00:00 AM', keyState: 'PendingDeletion', pendingWindowInDays: 7 },
    }),
    record(random, {
      time: later(time, 180),
      identity,
      source: 's3.amazonaws.com',
      name: 'PutBucketPolicy',
      ip: ROLES.auditor.ip,
      agent: CONSOLE_AGENT,
      readOnly: false,
      request: {
        bucketName: 'orders-exports',
        Host: 'orders-exports.s3.amazonaws.com',
        policy: '',
        bucketPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::orders-exports/*' }] },
      },
      extra: { resources: [{ accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::orders-exports' }] },
    }),
  ];
}

/** New code is pushed to a production function outside the pipeline. */
export function lambdaCodeChanged(random, time) {
  return [
    record(random, {
      time,
      identity: iamUser(PEOPLE.carol.name),
      source: 'lambda.amazonaws.com',
      name: 'UpdateFunctionCode20150331v2',
      ip: PEOPLE.carol.ip,
      readOnly: false,
      request: { functionName: 'orders-api', publish: true, dryRun: false, zipFile: '****' },
      response: { functionName: 'orders-api', functionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders-api`, runtime: 'nodejs22.x', codeSha256: 'qcOlJ0q9mJbF1bq2yT3L4n8sbmJc0kq2m1yZ8n0Xv2U=', version: '14' },
    }),
  ];
}

export const INCIDENTS = [
  rootActivity,
  bruteForceLogin,
  adminPolicyAttached,
  securityGroupOpened,
  stolenKeyRecon,
  dataExposure,
  lambdaCodeChanged,
];
