/** Small CloudTrail records for tests: a routine call and a few incidents, with only the fields that matter. */
export function cloudTrailRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.10',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEALICE0001',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      userName: 'alice',
    },
    eventTime: '2026-11-20T10:00:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'aws-cli/2.22.4',
    requestParameters: { instancesSet: {}, filterSet: {} },
    responseElements: null,
    eventID: 'e0000000-0000-4000-8000-000000000001',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
    ...overrides,
  };
}

export function stopLoggingRecord(eventID = 'e0000000-0000-4000-8000-0000000000a1'): Record<string, unknown> {
  return cloudTrailRecord({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main' },
    readOnly: false,
    eventID,
  });
}

export function rootConsoleLogin(eventID = 'e0000000-0000-4000-8000-0000000000b1'): Record<string, unknown> {
  return cloudTrailRecord({
    userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { MFAUsed: 'Yes', MobileVersion: 'No' },
    readOnly: false,
    eventID,
  });
}
