/** The record conditions' building blocks: policy documents, who the caller is, what makes a resource public. */
import { describe, expect, it } from 'vitest';
import { isAnotherUser, ownAccountOf } from '../../../src/catalog/conditions/identity.js';
import { statementsOf } from '../../../src/catalog/conditions/policy-document.js';
import { grantsEverything, isPublicPolicy, limitsCaller, trustsOutsideAccount } from '../../../src/catalog/conditions/policy-grants.js';
import { madePublic } from '../../../src/catalog/conditions/public-resource.js';

const OWN = '111122223333';
const OTHER = '777788889999';
const doc = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allowAnyone = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', ...extra });

describe('statementsOf', () => {
  it('reads a JSON string, a URL-encoded JSON string (IAM responses) and an object, with one statement or a list', () => {
    const statement = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sts:AssumeRole' };
    const text = JSON.stringify({ Statement: statement });
    for (const form of [text, encodeURIComponent(text), { Statement: [statement] }]) {
      const [read] = statementsOf(form)!;
      expect(read).toMatchObject({ effect: 'Allow', actions: ['sts:AssumeRole'], resources: [], notPrincipal: false });
      expect(read!.principals.get('AWS')).toEqual([`arn:aws:iam::${OTHER}:root`]);
    }
  });

  it.each([
    ['not JSON', '{"Statement": ['],
    ['a JSON list', '[]'],
    ['no Statement', '{"Version":"2012-10-17"}'],
    ['a number', 42],
    ['a broken URL encoding', '%7B%E0%A4%A'],
    ['nothing', undefined],
  ])('reads %s as no policy', (_, value) => {
    expect(statementsOf(value)).toBeUndefined();
  });

  it('keeps condition values of any JSON type as text', () => {
    const [read] = statementsOf(doc({ Effect: 'Allow', Principal: '*', Action: '*', Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': 10 } } }))!;
    expect(read!.conditions.get('Bool')!.get('aws:SecureTransport')).toEqual(['false']);
    expect(read!.conditions.get('NumericLessThan')!.get('s3:max-keys')).toEqual(['10']);
  });
});

describe('limitsCaller and isPublicPolicy', () => {
  it.each([
    ['an organization condition', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3' } }],
    ['a source account, key written in another case', { StringEquals: { 'AWS:SourceAccount': OWN } }],
    ['a source address range', { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } }],
    ['the KMS caller account', { StringEquals: { 'kms:CallerAccount': OWN } }],
    ['a source ARN with a partial wildcard', { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::reports-*` } }],
  ])('a `*` principal limited by %s is not public', (_, condition) => {
    expect(limitsCaller(statementsOf(doc(allowAnyone({ Condition: condition })))![0]!)).toBe(true);
    expect(isPublicPolicy(doc(allowAnyone({ Condition: condition })))).toBe(false);
  });

  it.each([
    ['no condition', undefined],
    ['a negated condition', { StringNotEquals: { 'aws:SourceAccount': OTHER } }],
    ['a condition that holds when the key is absent', { StringEqualsIfExists: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:t' } }],
    ['a key that must only be present', { Null: { 'aws:SourceArn': 'false' } }],
    ['a wildcard-only value', { StringLike: { 'aws:PrincipalArn': ['*'] } }],
    ['a condition on something else', { Bool: { 'aws:SecureTransport': 'true' } }],
  ])('a `*` principal with %s is public', (_, condition) => {
    expect(isPublicPolicy(doc(allowAnyone(condition === undefined ? {} : { Condition: condition })))).toBe(true);
  });

  it('counts {"AWS": "*"}, "*" among AWS principals and an Allow with NotPrincipal as anyone, never a Deny', () => {
    expect(isPublicPolicy(doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sqs:*' }))).toBe(true);
    expect(isPublicPolicy(doc({ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${OWN}:root`, '*'] }, Action: 'sqs:*' }))).toBe(true);
    expect(isPublicPolicy(doc({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: 's3:*' }))).toBe(true);
    expect(isPublicPolicy(doc({ Effect: 'Deny', Principal: '*', Action: 's3:*' }))).toBe(false);
    expect(isPublicPolicy(doc({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject' }))).toBe(false);
    expect(isPublicPolicy('not a policy')).toBe(false);
  });
});

describe('trustsOutsideAccount', () => {
  const trust = (principal: unknown, extra: Record<string, unknown> = {}) => doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });

  it('finds another account as an ARN or an id, and anyone whatever the conditions', () => {
    expect(trustsOutsideAccount(trust({ AWS: `arn:aws:iam::${OTHER}:role/x` }), OWN)).toBe(true);
    expect(trustsOutsideAccount(trust({ AWS: [OTHER] }), OWN)).toBe(true);
    expect(trustsOutsideAccount(trust({ AWS: `arn:aws:sts::${OTHER}:assumed-role/x/y` }), OWN)).toBe(true);
    expect(trustsOutsideAccount(trust('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': OTHER } } }), OWN)).toBe(true);
  });

  it('leaves the own account, services, identity providers, unique ids and Deny statements alone', () => {
    expect(trustsOutsideAccount(trust({ AWS: `arn:aws:iam::${OWN}:root` }), OWN)).toBe(false);
    expect(trustsOutsideAccount(trust({ Service: 'ec2.amazonaws.com' }), OWN)).toBe(false);
    expect(trustsOutsideAccount(trust({ Federated: `arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com` }), OWN)).toBe(false);
    expect(trustsOutsideAccount(trust({ AWS: 'AROAEXAMPLEROLEID0001' }), OWN)).toBe(false);
    expect(trustsOutsideAccount(doc({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'sts:AssumeRole' }), OWN)).toBe(false);
  });

  it('treats every account as foreign when the own account is unknown (fail closed)', () => {
    expect(trustsOutsideAccount(trust({ AWS: `arn:aws:iam::${OWN}:root` }), undefined)).toBe(true);
  });
});

describe('grantsEverything', () => {
  it('needs Action * (or *:*) and Resource * in one Allow statement', () => {
    expect(grantsEverything(doc({ Effect: 'Allow', Action: '*', Resource: '*' }))).toBe(true);
    expect(grantsEverything(doc({ Effect: 'Allow', Action: ['s3:GetObject', '*:*'], Resource: ['arn:aws:s3:::x', '*'] }))).toBe(true);
    expect(grantsEverything(doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::x' }, { Effect: 'Allow', Action: 's3:*', Resource: '*' }))).toBe(false);
    expect(grantsEverything(doc({ Effect: 'Deny', Action: '*', Resource: '*' }))).toBe(false);
    expect(grantsEverything(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))).toBe(false);
  });
});

describe('isAnotherUser', () => {
  const record = (identity: Record<string, unknown>) => ({ userIdentity: identity });
  const alice = { type: 'IAMUser', userName: 'alice', arn: `arn:aws:iam::${OWN}:user/alice` };

  it('is the caller itself by user name or by the end of its ARN after a path', () => {
    expect(isAnotherUser(record(alice), 'alice')).toBe(false);
    expect(isAnotherUser(record({ type: 'IAMUser', arn: `arn:aws:iam::${OWN}:user/ops/bob` }), 'bob')).toBe(false);
  });

  it('is someone else for another name, a name the caller only ends with, or a caller that is not an IAM user', () => {
    expect(isAnotherUser(record(alice), 'bob')).toBe(true);
    expect(isAnotherUser(record({ type: 'IAMUser', arn: `arn:aws:iam::${OWN}:user/jo-smith` }), 'smith')).toBe(true);
    expect(isAnotherUser(record({ type: 'Root', arn: `arn:aws:iam::${OWN}:root` }), 'alice')).toBe(true);
    expect(isAnotherUser(record({ type: 'AssumedRole', arn: `arn:aws:sts::${OWN}:assumed-role/alice/alice` }), 'alice')).toBe(true);
  });

  it('is nobody else without a target (IAM acts on the caller)', () => {
    expect(isAnotherUser(record({ type: 'Root' }), undefined)).toBe(false);
    expect(isAnotherUser(record(alice), '')).toBe(false);
  });

  it('takes the own account from recipientAccountId, else the caller', () => {
    expect(ownAccountOf({ recipientAccountId: OWN, userIdentity: { accountId: OTHER } })).toBe(OWN);
    expect(ownAccountOf({ userIdentity: { accountId: OTHER } })).toBe(OTHER);
  });
});

describe('madePublic', () => {
  const call = (eventSource: string, eventName: string, requestParameters: unknown) => ({ eventSource, eventName, requestParameters });

  it('reads each service where it puts its policy', () => {
    expect(madePublic(call('glacier.amazonaws.com', 'SetVaultAccessPolicy', { policy: { policy: doc(allowAnyone()) } }))).toBe(true);
    expect(madePublic(call('sns.amazonaws.com', 'SetTopicAttributes', { attributeName: 'Policy', attributeValue: doc(allowAnyone()) }))).toBe(true);
    expect(madePublic(call('sns.amazonaws.com', 'SetTopicAttributes', { attributeName: 'DeliveryPolicy', attributeValue: doc(allowAnyone()) }))).toBe(false);
    expect(madePublic(call('s3.amazonaws.com', 'PutBucketPolicy', { bucketPolicy: JSON.parse(doc(allowAnyone())) }))).toBe(true);
  });

  it('does not read a policy of another service under the same call name', () => {
    expect(madePublic(call('logs.amazonaws.com', 'PutResourcePolicy', { policyDocument: doc(allowAnyone()) }))).toBe(false);
    expect(madePublic(call('codeartifact.amazonaws.com', 'CreateDomain', { accessPolicies: doc(allowAnyone()) }))).toBe(false);
  });

  it('takes a Lambda permission for `*` as public unless a source or organization limits it', () => {
    const lambda = (extra: Record<string, unknown>) => call('lambda.amazonaws.com', 'AddPermission20150331v2', { functionName: 'f', principal: '*', ...extra });
    expect(madePublic(lambda({}))).toBe(true);
    expect(madePublic(lambda({ sourceArn: 'arn:aws:s3:::uploads' }))).toBe(false);
    expect(madePublic(lambda({ principalOrgID: 'o-a1b2c3' }))).toBe(false);
    expect(madePublic(lambda({ principal: OTHER }))).toBe(false);
  });

  it('finds public S3 ACLs in canned headers, grant headers and request bodies', () => {
    const acl = (params: Record<string, unknown>) => call('s3.amazonaws.com', 'PutBucketAcl', { bucketName: 'b', ...params });
    expect(madePublic(acl({ 'x-amz-acl': ['authenticated-read'] }))).toBe(true);
    expect(madePublic(acl({ 'x-amz-acl': 'public-read-write' }))).toBe(true);
    expect(madePublic(acl({ 'x-amz-grant-read': 'uri="http://acs.amazonaws.com/groups/global/AuthenticatedUsers"' }))).toBe(true);
    expect(madePublic(acl({ 'x-amz-acl': ['private'] }))).toBe(false);
    expect(madePublic(call('s3.amazonaws.com', 'PutBucketAcl', null))).toBe(false);
  });
});
