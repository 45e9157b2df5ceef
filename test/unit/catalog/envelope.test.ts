import { describe, expect, it } from 'vitest';
import {
  CLOUDTRAIL_DETAIL_TYPES,
  cloudTrailRecordOf,
  detailTypeOf,
  isEventBridgeEnvelope,
  toEventBridgeEnvelope,
} from '../../../src/catalog/envelope.js';
import { loadFixtureCases } from './support.js';

const record = {
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', accountId: '111122223333', userName: 'ops-admin' },
  eventTime: '2026-03-02T09:14:07Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'AuthorizeSecurityGroupIngress',
  awsRegion: 'eu-west-1',
  eventID: '0d7f4a52-54a4-4bd2-9d0e-2a4f8f0e9c11',
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
};

describe('isEventBridgeEnvelope', () => {
  it('is true for an object with a string detail-type', () => {
    expect(isEventBridgeEnvelope({ 'detail-type': 'Config Rules Compliance Change', detail: {} })).toBe(true);
  });

  it.each([
    ['a CloudTrail record', record],
    ['a numeric detail-type', { 'detail-type': 3, detail: {} }],
    ['null', null],
    ['an array', [{ 'detail-type': 'x' }]],
    ['a string', 'AWS API Call via CloudTrail'],
  ])('is false for %s', (_, input) => {
    expect(isEventBridgeEnvelope(input)).toBe(false);
  });
});

describe('toEventBridgeEnvelope', () => {
  it('builds the envelope AWS delivers for an API call', () => {
    const envelope = toEventBridgeEnvelope(record);
    expect(envelope).toEqual({
      version: '0',
      id: '0d7f4a52-54a4-4bd2-9d0e-2a4f8f0e9c11',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.ec2',
      account: '111122223333',
      time: '2026-03-02T09:14:07Z',
      region: 'eu-west-1',
      resources: [],
      detail: record,
    });
    expect(envelope?.detail).toBe(record);
  });

  it.each([
    ['AwsConsoleSignIn', 'signin.amazonaws.com', 'AWS Console Sign In via CloudTrail', 'aws.signin'],
    ['AwsServiceEvent', 'kms.amazonaws.com', 'AWS Service Event via CloudTrail', 'aws.kms'],
    ['AwsConsoleAction', 'ec2.amazonaws.com', 'AWS Console Action via CloudTrail', 'aws.ec2'],
    ['AwsApiCall', 'ec2-instance-connect.amazonaws.com', 'AWS API Call via CloudTrail', 'aws.ec2-instance-connect'],
  ])('gives %s from %s the detail-type %s and source %s', (eventType, eventSource, detailType, source) => {
    const envelope = toEventBridgeEnvelope({ ...record, eventType, eventSource });
    expect(envelope?.['detail-type']).toBe(detailType);
    expect(envelope?.source).toBe(source);
  });

  it.each([
    ['an Insights event', { ...record, eventType: 'AwsCloudTrailInsight' }],
    ['a VPC endpoint event', { ...record, eventType: 'AwsVpceEvent' }],
    ['a record without eventType', { ...record, eventType: undefined }],
    ['an inherited eventType name', { ...record, eventType: 'toString' }],
    ['a record without eventSource', { ...record, eventSource: undefined }],
    ['null', null],
    ['an array', [record]],
  ])('is undefined for %s', (_, input) => {
    expect(toEventBridgeEnvelope(input)).toBeUndefined();
  });

  it('reads missing or mistyped string fields as empty strings', () => {
    const envelope = toEventBridgeEnvelope({ eventType: 'AwsApiCall', eventSource: 'iam.amazonaws.com', eventID: 42 });
    expect(envelope).toMatchObject({ id: '', account: '', time: '', region: '', source: 'aws.iam' });
  });

  it('reproduces every CloudTrail envelope in the record fixtures (except its id and the Signin spelling)', () => {
    const envelopes = loadFixtureCases()
      .map((c) => c.input)
      .filter(isEventBridgeEnvelope)
      .filter((e) => cloudTrailRecordOf(e) !== undefined);
    expect(envelopes.length).toBeGreaterThanOrEqual(3);
    for (const envelope of envelopes) {
      const built = toEventBridgeEnvelope(envelope['detail']);
      const detailType =
        envelope['detail-type'] === 'AWS Console Signin via CloudTrail' ? 'AWS Console Sign In via CloudTrail' : envelope['detail-type'];
      expect({ ...envelope, id: built?.id, 'detail-type': detailType }).toEqual(built);
    }
  });
});

describe('cloudTrailRecordOf and detailTypeOf', () => {
  it('gives the detail of an envelope that came via CloudTrail', () => {
    const envelope = toEventBridgeEnvelope(record)!;
    expect(cloudTrailRecordOf(envelope)).toBe(record);
    expect(cloudTrailRecordOf({ ...envelope, 'detail-type': 'AWS Console Signin via CloudTrail' })).toBe(record);
  });

  it('gives nothing for other envelopes or a detail that is not an object', () => {
    expect(cloudTrailRecordOf({ 'detail-type': 'Config Rules Compliance Change', detail: record })).toBeUndefined();
    expect(cloudTrailRecordOf({ 'detail-type': 'AWS API Call via CloudTrail', detail: 'text' })).toBeUndefined();
    expect(cloudTrailRecordOf({ 'detail-type': 'AWS API Call via CloudTrail', detail: [record] })).toBeUndefined();
  });

  it('maps exactly the record types CloudTrail sends to EventBridge', () => {
    expect(Object.keys(CLOUDTRAIL_DETAIL_TYPES).sort()).toEqual(['AwsApiCall', 'AwsConsoleAction', 'AwsConsoleSignIn', 'AwsServiceEvent']);
    expect(detailTypeOf({ eventType: 'AwsServiceEvent' })).toBe('AWS Service Event via CloudTrail');
    expect(detailTypeOf({ eventType: 'hasOwnProperty' })).toBeUndefined();
  });
});
