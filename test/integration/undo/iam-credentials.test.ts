/**
 * The undos of IAM credentials through the real Slack function and worker (handlers/), with dynalite, the local
 * Slack Web API and IAM mocked as its API reference documents: an access key made for another user is deactivated
 * (never deleted), a console password made for a user is deleted while it is still the one the event made. Root's
 * own access key and a changed password have no undo: their alerts say why and what to do instead.
 */
import {
  DeleteLoginProfileCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
  UpdateAccessKeyCommand,
  type AccessKeyMetadata,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { normaliseInvocation } from '../../../src/alerts/normalise/index.js';
import { undoTargetOf } from '../../../src/alerts/undo/target.js';
import { toEventBridgeEnvelope } from '../../../src/catalog/envelope.js';
import { buildCatalog } from '../../../src/catalog/index.js';
import { createCatalogMatcher } from '../../../src/catalog/matcher.js';
import { PASSWORD_CHANGE_NO_UNDO } from '../../../src/catalog/threats/iam-keys.js';
import { ROOT_ACCESS_KEY_NO_UNDO } from '../../../src/cloudtrail/root-access-key.js';
import { ACTION_ROLE, ADMIN, MALLORY, OTHER_ADMIN, undoEnvironment } from '../../helpers/undo-environment.js';
import records from '../../fixtures/records/iam-credentials.json' with { type: 'json' };

const { slack, sts, lambda, iam, state, postedAlert, clickUndo, runWorker, submit, lastUpdate, threadReplies, sent } = undoEnvironment('secmon-undo-iam-credentials');

const recorded = (name: string): Record<string, unknown> => {
  const found = records.find((item) => item.name === name);
  if (found === undefined) throw new Error(`no fixture named ${name}`);
  return found.input as Record<string, unknown>;
};

/** As IAM answers a call naming a user, key or login profile that does not exist. */
const noSuchEntity = (message: string) => Object.assign(new Error(message), { name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } });
/** The identity mallory (mapped to ADMIN) calls with: OTHER_ADMIN may then keep the change (four-eyes). */
const AS_MALLORY = { type: 'IAMUser', principalId: 'AIDAEXAMPLEMALLORY01', arn: MALLORY, accountId: '111122223333', accessKeyId: 'AKIAEXAMPLEMALLORY01', userName: 'mallory' };

describe('undo of CreateAccessKey for another user, through the real worker', () => {
  /** dana made key AKIAEXAMPLEBILLING01 for the service user billing-export. */
  const FOR_OTHER = recorded('ops user creates an access key for a service user');
  const KEY = 'AKIAEXAMPLEBILLING01';
  const key = (AccessKeyId: string, Status: AccessKeyMetadata['Status']): AccessKeyMetadata => ({ UserName: 'billing-export', AccessKeyId, Status, CreateDate: new Date('2026-03-09T10:15:42Z') });

  it('the recorded calls give the key and the user IAM answered with; failed calls, root\'s own key and unclear users give none', () => {
    expect(undoTargetOf(FOR_OTHER)).toMatchObject({ kind: 'iam-access-key', userName: 'billing-export', accessKeyId: KEY, region: 'us-east-1', accountId: '111122223333' });
    expect(undoTargetOf(recorded('provisioning role creates an access key for a user'))).toMatchObject({ userName: 'legacy-sftp', accessKeyId: 'AKIAEXAMPLELEGACY002' });
    expect(undoTargetOf(recorded('ops user cannot create a third access key for a service user'))).toBeUndefined();
    expect(undoTargetOf(recorded('root creates an access key for itself from the CLI'))).toBeUndefined();
    expect(undoTargetOf(recorded('root creates an access key for itself in the console'))).toBeUndefined();
    // IAM's answer names another user than the request: nothing says which one is right.
    expect(undoTargetOf({ ...FOR_OTHER, requestParameters: { userName: 'billing-import' } })).toBeUndefined();
    // Without IAM's answer, nothing says which key was made.
    expect(undoTargetOf({ ...FOR_OTHER, responseElements: null })).toBeUndefined();
    // Without userName the key is the caller's own: known exactly for an IAM user, not for a role session.
    const own = { ...FOR_OTHER, requestParameters: null, responseElements: { accessKey: { userName: 'dana', accessKeyId: 'AKIAEXAMPLEDANANEW13', status: 'Active' } } };
    expect(undoTargetOf(own)).toMatchObject({ userName: 'dana', accessKeyId: 'AKIAEXAMPLEDANANEW13' });
    expect(undoTargetOf({ ...own, userIdentity: recorded('provisioning role creates an access key for a user')['userIdentity'] })).toBeUndefined();
  });

  it('lists every page of the user\'s keys, then deactivates exactly that key in us-east-1, as the Slack user', async () => {
    iam
      .on(ListAccessKeysCommand)
      .resolvesOnce({ AccessKeyMetadata: [key('AKIAEXAMPLEBILLING00', 'Active')], IsTruncated: true, Marker: 'page-2' })
      .resolves({ AccessKeyMetadata: [key(KEY, 'Active')], IsTruncated: false });
    iam.on(UpdateAccessKeyCommand).resolves({});
    const { alert, message } = await postedAlert(FOR_OTHER);
    const payload = await clickUndo(alert, message);
    expect(lastUpdate(message)).toContain(`*Undoing…* requested by <@${ADMIN}>`);
    expect(lastUpdate(message)).toContain('not deleted, it can be re-activated');

    await runWorker(payload);

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ACTION_ROLE, SourceIdentity: ADMIN });
    expect(sent(iam)).toEqual([
      ['ListAccessKeysCommand', { UserName: 'billing-export' }],
      ['ListAccessKeysCommand', { UserName: 'billing-export', Marker: 'page-2' }],
      ['UpdateAccessKeyCommand', { UserName: 'billing-export', AccessKeyId: KEY, Status: 'Inactive' }],
    ]);
    expect(await iam.call(2).thisValue.config.region()).toBe('us-east-1');
    expect(lastUpdate(message)).toContain(':white_check_mark: undone');
    expect(lastUpdate(message)).not.toContain(ACTION_IDS.undo);
    expect(threadReplies(message)).toEqual([expect.stringContaining(`Undo of access key ${KEY} of IAM user billing-export: undone.`)]);
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done', startedBy: ADMIN });
  });

  it('the key inactive already: already undone, nothing updated (the other key of the user is not looked at)', async () => {
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [key('AKIAEXAMPLEBILLING00', 'Active'), key(KEY, 'Inactive')], IsTruncated: false });
    const { alert, message } = await postedAlert(FOR_OTHER);
    await runWorker(await clickUndo(alert, message));
    expect(iam).not.toHaveReceivedCommand(UpdateAccessKeyCommand);
    expect(lastUpdate(message)).toContain('already undone, nothing to do (the key is inactive already)');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done' });
  });

  it('the key deleted since: already undone, and the reason says the key no longer exists', async () => {
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [key('AKIAEXAMPLEBILLING00', 'Active')], IsTruncated: false });
    const { alert, message } = await postedAlert(FOR_OTHER);
    await runWorker(await clickUndo(alert, message));
    expect(iam).not.toHaveReceivedCommand(UpdateAccessKeyCommand);
    expect(lastUpdate(message)).toContain('already undone, nothing to do (the key no longer exists)');
  });

  it('the user deleted since (and its keys with it): already undone, saying so', async () => {
    iam.on(ListAccessKeysCommand).rejects(noSuchEntity('The user with name billing-export cannot be found.'));
    const { alert, message } = await postedAlert(FOR_OTHER);
    await runWorker(await clickUndo(alert, message));
    expect(iam).not.toHaveReceivedCommand(UpdateAccessKeyCommand);
    expect(lastUpdate(message)).toContain('already undone, nothing to do (the user and its keys no longer exist)');
    expect(lastUpdate(message)).not.toContain('cannot be found');
  });

  it('a refused deactivation fails with a human reason and offers Retry undo; the retry deactivates the key', async () => {
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [key(KEY, 'Active')], IsTruncated: false });
    iam
      .on(UpdateAccessKeyCommand)
      .rejectsOnce(
        Object.assign(new Error('User: arn:aws:sts::111122223333:assumed-role/secmon-worker-actions/U0ADMIN01 is not authorized to perform: iam:UpdateAccessKey'), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        }),
      )
      .resolves({});
    const { alert, message } = await postedAlert(FOR_OTHER);
    await runWorker(await clickUndo(alert, message));

    expect(lastUpdate(message)).toContain('*Undo failed*');
    expect(lastUpdate(message)).toContain(`secmon's worker role may not deactivate access key ${KEY} of IAM user billing-export (access denied`);
    expect(lastUpdate(message)).toContain('Retry undo');
    expect(lastUpdate(message)).not.toContain('is not authorized');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'failed' });

    lambda.resetHistory();
    await runWorker(await clickUndo(alert, message));
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 2);
    expect(lastUpdate(message)).toContain(':white_check_mark: undone');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a kept key is not deactivated: a job written anyway is refused without an IAM call', async () => {
    const { alert, message } = await postedAlert({ ...FOR_OTHER, userIdentity: AS_MALLORY });
    await runWorker(await submit('keep', alert, message, OTHER_ADMIN, { reason: 'Key for the billing export job, CHG-2201' }));
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'kept', kept: { by: OTHER_ADMIN } });
    expect(lastUpdate(message)).not.toContain(ACTION_IDS.undo);
    slack.reset();
    await runWorker(await submit('undo', alert, message, ADMIN));
    expect(iam.calls()).toHaveLength(0);
    expect(threadReplies(message)[0]).toContain('Not undone: keeping this change was approved');
  });
});

describe('undo of CreateLoginProfile, through the real worker', () => {
  /** The provisioner role gave temp-auditor a console password at 2026-03-09T10:24:05Z. */
  const CREATED = recorded('provisioning role sets a console password for another user');
  const profile = (createDate: string) => ({ LoginProfile: { UserName: 'temp-auditor', CreateDate: new Date(createDate), PasswordResetRequired: false } });

  it('the recorded call gives the user and the event\'s time; failed calls, changed passwords and unclear users give none', () => {
    expect(undoTargetOf(CREATED)).toMatchObject({ kind: 'iam-login-profile', userName: 'temp-auditor', createdAt: '2026-03-09T10:24:05.000Z', region: 'us-east-1' });
    expect(undoTargetOf(recorded('ops user cannot set a second console password for another user'))).toBeUndefined();
    expect(undoTargetOf(recorded("ops user changes another user's console password"))).toBeUndefined();
    // Without userName the password is the caller's own: the IAM user the record names.
    const own = recorded('user sets its own console password without naming itself');
    expect(undoTargetOf(own)).toMatchObject({ kind: 'iam-login-profile', userName: 'erin', createdAt: '2026-03-09T10:29:14.000Z' });
    // A caller that is no IAM user (a role session, root in an AssumeRoot session) names no user to delete it from.
    expect(undoTargetOf({ ...own, userIdentity: CREATED['userIdentity'], responseElements: null })).toBeUndefined();
    expect(undoTargetOf({ ...own, userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' } })).toBeUndefined();
    // IAM's answer names another user than the request.
    expect(undoTargetOf({ ...CREATED, responseElements: { loginProfile: { userName: 'temp-auditor2', createDate: 'Mar 9, 2026 10:24:05 AM', passwordResetRequired: false } } })).toBeUndefined();
  });

  it('checks the password is the one the event made, then deletes exactly that user\'s password in us-east-1', async () => {
    iam.on(GetLoginProfileCommand).resolves(profile('2026-03-09T10:24:06Z'));
    iam.on(DeleteLoginProfileCommand).resolves({});
    const { alert, message } = await postedAlert(CREATED);
    await runWorker(await clickUndo(alert, message));

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ACTION_ROLE, SourceIdentity: ADMIN });
    expect(sent(iam)).toEqual([
      ['GetLoginProfileCommand', { UserName: 'temp-auditor' }],
      ['DeleteLoginProfileCommand', { UserName: 'temp-auditor' }],
    ]);
    expect(await iam.call(1).thisValue.config.region()).toBe('us-east-1');
    expect(lastUpdate(message)).toContain(`*Undone* by <@${ADMIN}>`);
    expect(threadReplies(message)).toEqual([expect.stringContaining('Undo of the console password of IAM user temp-auditor: undone.')]);
  });

  it('no password (or no user) any more: already undone, nothing deleted', async () => {
    iam.on(GetLoginProfileCommand).rejects(noSuchEntity('Login Profile for User temp-auditor cannot be found.'));
    const { alert, message } = await postedAlert(CREATED);
    await runWorker(await clickUndo(alert, message));
    expect(iam).not.toHaveReceivedCommand(DeleteLoginProfileCommand);
    expect(lastUpdate(message)).toContain('already undone, nothing to do');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done' });
  });

  it('a password created after the event (deleted and made again): changed since, left alone', async () => {
    iam.on(GetLoginProfileCommand).resolves(profile('2026-03-09T11:02:40Z'));
    const { alert, message } = await postedAlert(CREATED);
    await runWorker(await clickUndo(alert, message));
    expect(iam).not.toHaveReceivedCommand(DeleteLoginProfileCommand);
    expect(lastUpdate(message)).toContain('changed since the event, left alone (the password was created again at 2026-03-09T11:02:40.000Z, after the event)');
  });

  it('a throttled deletion fails with a human reason and offers Retry undo; the retry deletes the password', async () => {
    iam.on(GetLoginProfileCommand).resolves(profile('2026-03-09T10:24:05Z'));
    iam
      .on(DeleteLoginProfileCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }))
      .resolves({});
    const { alert, message } = await postedAlert(CREATED);
    await runWorker(await clickUndo(alert, message));
    expect(lastUpdate(message)).toContain('*Undo failed*');
    expect(lastUpdate(message)).toContain('AWS throttled the request to delete the console password of IAM user temp-auditor; try again in a minute');
    expect(lastUpdate(message)).toContain('Retry undo');
    expect(lastUpdate(message)).not.toContain('Rate exceeded');

    lambda.resetHistory();
    await runWorker(await clickUndo(alert, message));
    expect(iam).toHaveReceivedCommandTimes(DeleteLoginProfileCommand, 2);
    expect(lastUpdate(message)).toContain(':white_check_mark: undone');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a kept password is not deleted: a job written anyway is refused without an IAM call', async () => {
    const { alert, message } = await postedAlert({ ...CREATED, userIdentity: AS_MALLORY });
    await runWorker(await submit('keep', alert, message, OTHER_ADMIN, { reason: 'Auditor access for this week, CHG-2202' }));
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'kept' });
    slack.reset();
    await runWorker(await submit('undo', alert, message, ADMIN));
    expect(iam.calls()).toHaveLength(0);
    expect(threadReplies(message)[0]).toContain('Not undone: keeping this change was approved');
  });
});

describe('no undo, and the alert says why', () => {
  const catalog = buildCatalog();
  const deps = { catalog, matcher: createCatalogMatcher(catalog), alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:secmon-alarms' };
  const alertOf = (record: unknown) => {
    const [alert] = normaliseInvocation(toEventBridgeEnvelope(record), deps, { now: new Date('2026-03-09T12:00:00Z') });
    return alert!;
  };

  it("root's own access key (console or CLI): no undo, and how to remove it (root sign-in, or AssumeRoot with IAMDeleteRootUserCredentials)", () => {
    const console = alertOf(recorded('root creates an access key for itself in the console'));
    expect(console.monitor?.id).toBe('root-access-key-created');
    expect(console.undo).toBeUndefined();
    expect(console.summary).toBe(`root (Root) created access key AKIAEXAMPLEROOTNEW11. ${ROOT_ACCESS_KEY_NO_UNDO}`);
    expect(ROOT_ACCESS_KEY_NO_UNDO).toContain('Sign in as the root user (Security credentials) and deactivate or delete it');
    expect(ROOT_ACCESS_KEY_NO_UNDO).toContain('sts:AssumeRoot and the IAMDeleteRootUserCredentials task policy');
    // Root's own CLI call is also root activity, which wins the tie: its alert says the same.
    const cli = alertOf(recorded('root creates an access key for itself from the CLI'));
    expect(cli.monitor?.id).toBe('root-activity');
    expect(cli.undo).toBeUndefined();
    expect(cli.summary).toBe(`root (Root) created access key AKIAEXAMPLEROOTNEW10. ${ROOT_ACCESS_KEY_NO_UNDO}`);
  });

  it('root making a key for an IAM user gets the undo, without the note; other root activity keeps its plain sentence', () => {
    const cli = recorded('root creates an access key for itself from the CLI');
    const forUser = alertOf({
      ...cli,
      requestParameters: { userName: 'billing-export' },
      responseElements: { accessKey: { userName: 'billing-export', accessKeyId: 'AKIAEXAMPLEBILLING14', status: 'Active', createDate: 'Mar 9, 2026 10:20:11 AM' } },
    });
    expect(forUser.summary).toBe('root (Root) created access key AKIAEXAMPLEBILLING14 for user billing-export');
    expect(forUser.undo).toMatchObject({ kind: 'iam-access-key', userName: 'billing-export', accessKeyId: 'AKIAEXAMPLEBILLING14' });
    const listing = alertOf({ ...cli, eventName: 'ListUsers', readOnly: true, requestParameters: null, responseElements: null });
    expect(listing.monitor?.id).toBe('root-activity');
    expect(listing.summary).not.toContain('No undo');
  });

  it('a changed console password: no undo (the old password is unknown), said in the alert; a new one offers the undo', () => {
    const changed = alertOf(recorded("ops user changes another user's console password"));
    expect(changed.monitor?.id).toBe('login-profile-changed');
    expect(changed.undo).toBeUndefined();
    expect(changed.summary).toBe(`dana (IAMUser) changed the console password of user temp-auditor. ${PASSWORD_CHANGE_NO_UNDO}`);
    const created = alertOf(recorded('provisioning role sets a console password for another user'));
    expect(created.summary).toBe('provisioner/build-77 (AssumedRole) created a console password for user temp-auditor');
    expect(created.undo).toMatchObject({ kind: 'iam-login-profile', userName: 'temp-auditor' });
  });
});
