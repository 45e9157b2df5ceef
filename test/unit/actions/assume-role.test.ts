import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { AssumeRoleError, assumeRoleForActor } from '../../../src/aws/assume-role.js';
import { isSecmonError } from '../../../src/errors.js';
import { awsError } from './harness.js';

const ROLE = 'arn:aws:iam::111122223333:role/secmon-actions';

describe('assumeRoleForActor', () => {
  const sts = new STSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const mock = mockClient(sts);
  afterEach(() => mock.reset());

  it('assumes the role with SourceIdentity = the Slack user id and returns the credentials', async () => {
    const expiration = new Date('2026-11-20T11:00:00Z');
    mock.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: expiration } });
    const credentials = await assumeRoleForActor(sts, { roleArn: ROLE, actor: { userId: 'U0123ABCD', userName: 'alice' }, sessionSeconds: 900 });
    expect(mock).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: ROLE,
      RoleSessionName: 'secmon-U0123ABCD',
      SourceIdentity: 'U0123ABCD',
      DurationSeconds: 900,
    });
    expect(credentials).toEqual({ accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 't', expiration });
  });

  it('rejects ids STS would reject, before calling it', async () => {
    for (const userId of ['U', 'U 1', 'aws:U1', 'U'.repeat(60), 'Ü123']) {
      const error = await assumeRoleForActor(sts, { roleArn: ROLE, actor: { userId, userName: undefined }, sessionSeconds: 900 }).catch((e: unknown) => e);
      expect(isSecmonError(error, 'INPUT_INVALID'), userId).toBe(true);
    }
    const error = await assumeRoleForActor(sts, { roleArn: ROLE, actor: { userId: 'U1', userName: undefined }, sessionSeconds: 60 }).catch((e: unknown) => e);
    expect(isSecmonError(error, 'INPUT_INVALID')).toBe(true);
    expect(mock).not.toHaveReceivedAnyCommand();
  });

  it('turns an STS failure into a safe message, keeping the cause', async () => {
    const denied = awsError('AccessDenied');
    mock.on(AssumeRoleCommand).rejects(denied);
    const error = await assumeRoleForActor(sts, { roleArn: ROLE, actor: { userId: 'U1', userName: undefined }, sessionSeconds: 900 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssumeRoleError);
    expect((error as Error).message).toBe("secmon may not assume its action role (access denied: check the worker's IAM policy)");
    expect((error as Error).cause).toBe(denied);
  });
});
