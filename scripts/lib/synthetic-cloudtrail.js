// Deterministic synthetic CloudTrail records: routine traffic plus security incidents, shaped like real records
// (management events, userIdentity with session context for roles, CloudTrail's `{}` for empty collections).
// Used to write examples/cloudtrail and the benchmark corpus; never reads or ships real account data.

export const ACCOUNT = '111122223333';

/** Seeded PRNG (mulberry32) so every run writes the same files. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join('');
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    hex,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`,
  };
}

const CONSOLE_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const CLI_AGENT = 'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#';
const SDK_AGENT = 'aws-sdk-js/3.700.0 ua/2.1 os/linux#5.10.228 lang/js md/nodejs#22.11.0 api/';
const TERRAFORM_AGENT = 'APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.80.0';

export const PEOPLE = {
  alice: { type: 'IAMUser', name: 'alice', ip: '198.51.100.23' },
  bob: { type: 'IAMUser', name: 'bob', ip: '203.0.113.77' },
  carol: { type: 'IAMUser', name: 'carol', ip: '198.51.100.61' },
};

export const ROLES = {
  ciDeploy: { role: 'ci-deploy', session: 'github-actions-8841', ip: '192.0.2.44', agent: TERRAFORM_AGENT },
  appServer: { role: 'app-server', session: 'i-0f3a2b1c4d5e6f789', ip: '10.0.12.34', agent: SDK_AGENT },
  auditor: { role: 'SecurityAudit', session: 'dave@example.com', ip: '198.51.100.90', agent: CONSOLE_AGENT },
  lambdaExec: { role: 'orders-api-exec', session: 'orders-api', ip: '10.0.40.7', agent: SDK_AGENT },
};

export function iamUser(name, { mfa = false } = {}) {
  return {
    type: 'IAMUser',
    principalId: `AIDA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    accountId: ACCOUNT,
    accessKeyId: `AKIA${name.toUpperCase().padEnd(16, 'Q').slice(0, 16)}`,
    userName: name,
    ...(mfa
      ? { sessionContext: { attributes: { creationDate: '2026-11-20T08:00:00Z', mfaAuthenticated: 'true' } } }
      : {}),
  };
}

export function assumedRole({ role, session }, { mfa = false, creationDate = '2026-11-20T07:55:00Z' } = {}) {
  const roleId = `AROA${role.toUpperCase().replace(/[^A-Z]/g, 'R').padEnd(17, 'R').slice(0, 17)}`;
  return {
    type: 'AssumedRole',
    principalId: `${roleId}:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
    accountId: ACCOUNT,
    accessKeyId: `ASIA${session.toUpperCase().replace(/[^A-Z0-9]/g, 'S').padEnd(16, 'S').slice(0, 16)}`,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: roleId,
        arn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
        accountId: ACCOUNT,
        userName: role,
      },
      attributes: { creationDate, mfaAuthenticated: mfa ? 'true' : 'false' },
    },
  };
}

export function root() {
  return { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT };
}

export function awsService(service) {
  return { type: 'AWSService', invokedBy: service };
}

/** One record. `time` is a Date; the rest are the parts that vary between calls. */
export function record(random, { time, identity, source, name, region = 'us-east-1', ip, agent = CLI_AGENT, request = null, response = null, readOnly = true, error, type = 'AwsApiCall', extra = {} }) {
  return {
    eventVersion: '1.10',
    userIdentity: identity,
    eventTime: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: source,
    eventName: name,
    awsRegion: region,
    sourceIPAddress: ip,
    userAgent: agent,
    ...(error ? { errorCode: error.code, errorMessage: error.message } : {}),
    requestParameters: request,
    responseElements: response,
    requestID: random.uuid(),
    eventID: random.uuid(),
    readOnly,
    eventType: type,
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...(type === 'AwsApiCall' && ip && !ip.endsWith('amazonaws.com')
      ? {
          tlsDetails: {
            tlsVersion: 'TLSv1.3',
            cipherSuite: 'TLS_AES_128_GCM_SHA256',
            clientProvidedHostHeader: `${source.split('.')[0]}.${region}.amazonaws.com`,
          },
        }
      : {}),
    ...extra,
  };
}

/** Everyday calls that should alert nothing. */
export function routineRecord(random, time) {
  const kind = random.int(0, 11);
  const region = random.pick(['us-east-1', 'us-east-1', 'eu-west-1']);
  const actor = random.pick([ROLES.appServer, ROLES.ciDeploy, ROLES.auditor, ROLES.lambdaExec]);
  const base = { time, identity: assumedRole(actor), region, ip: actor.ip, agent: actor.agent };
  switch (kind) {
    case 0:
      return record(random, { ...base, source: 'ec2.amazonaws.com', name: 'DescribeInstances', request: { instancesSet: {}, filterSet: {} } });
    case 1:
      return record(random, { ...base, source: 'sts.amazonaws.com', name: 'GetCallerIdentity' });
    case 2:
      return record(random, { ...base, source: 'ec2.amazonaws.com', name: 'DescribeSecurityGroups', request: { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} } });
    case 3:
      return record(random, { ...base, source: 's3.amazonaws.com', name: 'ListBuckets', request: { Host: 's3.amazonaws.com' } });
    case 4:
      return record(random, { ...base, source: 'kms.amazonaws.com', name: 'Decrypt', request: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }, extra: { resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:${region}:${ACCOUNT}:key/${random.uuid()}` }] } });
    case 5:
      return record(random, { ...base, source: 'logs.amazonaws.com', name: 'DescribeLogGroups', request: { limit: 50 } });
    case 6:
      return record(random, { ...base, source: 'lambda.amazonaws.com', name: 'ListFunctions20150331', request: null });
    case 7:
      return record(random, { ...base, source: 'iam.amazonaws.com', name: 'GetRole', region: 'us-east-1', request: { roleName: random.pick(['ci-deploy', 'app-server', 'orders-api-exec']) } });
    case 8:
      return record(random, { ...base, source: 'cloudwatch.amazonaws.com', name: 'DescribeAlarms', readOnly: true, request: { maxRecords: 100 } });
    case 9:
      return record(random, { time, identity: awsService('ec2.amazonaws.com'), source: 'sts.amazonaws.com', name: 'AssumeRole', region, ip: 'ec2.amazonaws.com', agent: 'ec2.amazonaws.com', request: { roleArn: `arn:aws:iam::${ACCOUNT}:role/app-server`, roleSessionName: `i-0${random.hex(16)}` }, response: { credentials: { accessKeyId: `ASIA${random.hex(16).toUpperCase()}`, sessionToken: 'redacted', expiration: 'Nov 20, 2026, 3:00:00 PM' } } });
    case 10:
      return record(random, { ...base, source: 'secretsmanager.amazonaws.com', name: 'GetSecretValue', request: { secretId: `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:orders/db-${random.hex(6)}` } });
    default:
      return record(random, { ...base, source: 'ssm.amazonaws.com', name: 'GetParameters', request: { names: ['/orders/feature-flags'], withDecryption: false } });
  }
}
