/**
 * The undos through the real Slack function and worker (handlers/), with dynalite, the local Slack Web API and mocked
 * AWS answering as the API references document: the Undo button of an alert built from a recorded CloudTrail event,
 * the check first, then exactly the call that puts back what the event changed; already undone, changed since, a
 * kept change, four-eyes, another account, and a refused call. (Cross-account: organization-worker.test.ts.)
 */
import {
  DescribeImageAttributeCommand,
  DescribeSnapshotAttributeCommand,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsEncryptionByDefaultCommand,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import { GetDetectorCommand, UpdateDetectorCommand } from '@aws-sdk/client-guardduty';
import { DetachGroupPolicyCommand, DetachRolePolicyCommand, DetachUserPolicyCommand, ListAttachedGroupPoliciesCommand, ListAttachedRolePoliciesCommand, ListAttachedUserPoliciesCommand } from '@aws-sdk/client-iam';
import { GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { undoTargetOf } from '../../../src/alerts/undo/target.js';
import { ACTION_ROLE, ADMIN, OTHER_ADMIN, undoEnvironment } from '../../helpers/undo-environment.js';
import iamRecords from '../../fixtures/records/iam.json' with { type: 'json' };
import defenseEvasion from '../../fixtures/records/threats-defense-evasion.json' with { type: 'json' };
import publicAccess from '../../fixtures/records/threats-public.json' with { type: 'json' };
import sharing from '../../fixtures/records/threats-sharing.json' with { type: 'json' };

const { slack, sts, lambda, ec2, guardduty, iam, state, postedAlert, clickUndo, runWorker, submit, lastUpdate, threadReplies, sent } = undoEnvironment('secmon-undo-state');

/** The recorded event: mallory turned EBS encryption by default off in eu-west-1 of 111122223333. */
const RECORD = defenseEvasion.find((item) => item.name === 'EBS encryption by default turned off')!.input;
/** The recorded event: mallory suspended GuardDuty detector 12abc34d567e8fa901bc2d34eexample in eu-west-1. */
const SUSPEND = defenseEvasion.find((item) => item.input.eventName === 'UpdateDetector' && item.input.requestParameters?.['enable'] === false)!.input;

describe('undo of DisableEbsEncryptionByDefault, through the real worker', () => {
  it('the recorded event gives an undo target in its region and account, naming mallory', () => {
    expect(undoTargetOf(RECORD)).toMatchObject({
      kind: 'ebs-encryption-default',
      region: 'eu-west-1',
      accountId: '111122223333',
      eventId: '42df5874-122e-498d-8b37-a3fed1eee31a',
      changedBy: 'arn:aws:iam::111122223333:user/mallory',
    });
  });

  it('checks the setting is still off, turns it back on in the event\'s region as the Slack user, shows and audits it', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false, SseType: 'sse-ebs' });
    ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    const { alert, message } = await postedAlert(RECORD);
    const payload = await clickUndo(alert, message);
    expect(lastUpdate(message)).toContain(`*Undoing…* requested by <@${ADMIN}>`);
    slack.reset();

    await runWorker(payload);

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ACTION_ROLE, SourceIdentity: ADMIN });
    expect(sent(ec2)).toEqual([
      ['GetEbsEncryptionByDefaultCommand', {}],
      ['EnableEbsEncryptionByDefaultCommand', {}],
    ]);
    expect(await ec2.call(1).thisValue.config.region()).toBe('eu-west-1');
    expect(lastUpdate(message)).toContain(`*Undone* by <@${ADMIN}>`);
    expect(lastUpdate(message)).toContain(':white_check_mark: undone');
    expect(lastUpdate(message)).not.toContain(ACTION_IDS.undo);
    expect(threadReplies(message)).toEqual([expect.stringContaining('Undo of EBS encryption by default in eu-west-1: undone.')]);
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done', startedBy: ADMIN });
    expect((await state().audit.list({ limit: 2 })).map(({ actor, action, target, result }) => ({ actor, action, target, result }))).toEqual([
      { actor: ADMIN, action: 'alert.undo', target: 'ebs-encryption-default in eu-west-1', result: 'succeeded' },
      { actor: ADMIN, action: 'alert.undo', target: 'ebs-encryption-default in eu-west-1', result: 'started' },
    ]);
  });

  it('already on: reports already undone and changes nothing; a second job for the same alert runs nothing', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true, SseType: 'sse-ebs' });
    const { alert, message } = await postedAlert(RECORD);
    await runWorker(await clickUndo(alert, message));

    expect(ec2).not.toHaveReceivedCommand(EnableEbsEncryptionByDefaultCommand);
    expect(lastUpdate(message)).toContain('already undone, nothing to do');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done' });

    ec2.resetHistory();
    slack.reset();
    await runWorker(await submit('undo', alert, message, OTHER_ADMIN));
    expect(ec2.calls()).toHaveLength(0);
    expect(threadReplies(message)).toEqual([expect.stringContaining('already undone')]);
  });

  it('a kept change is not undone: the Undo button is gone, and a job written anyway is refused without an AWS call', async () => {
    const { alert, message } = await postedAlert(RECORD);
    await runWorker(await submit('keep', alert, message, OTHER_ADMIN, { reason: 'Test account, volumes hold no data' }));
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'kept', kept: { by: OTHER_ADMIN } });
    expect(lastUpdate(message)).toContain('*Change kept*');
    expect(lastUpdate(message)).not.toContain(ACTION_IDS.undo);

    lambda.resetHistory();
    expect(await clickUndo(alert, message)).toBeUndefined();
    expect(slack.callsOf('chat.postEphemeral').at(-1)?.body['text']).toContain(`This change was kept by <@${OTHER_ADMIN}>`);

    slack.reset();
    await runWorker(await submit('undo', alert, message, ADMIN));
    expect(ec2.calls()).toHaveLength(0);
    expect(threadReplies(message)[0]).toContain('Not undone: keeping this change was approved');
    expect((await state().audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'alert.undo', result: 'denied' });
  });

  it('keep is refused to the person who made the change (four-eyes), as for a revert; the undo stays offered', async () => {
    const { alert, message } = await postedAlert(RECORD);
    await runWorker(await submit('keep', alert, message, ADMIN, { reason: 'It was me, and it is fine' }));
    expect(await state().remediations.get(alert.deliveryId)).toBeUndefined();
    expect(threadReplies(message)[0]).toContain('Not kept: the change was made by you');
    expect((await state().audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'alert.keep', result: 'denied' });
  });

  it('outside an organization, a change in another account is refused before any role is assumed', async () => {
    const { alert, message } = await postedAlert({ ...RECORD, recipientAccountId: '999988887777' }, { account: '999988887777' });
    await runWorker(await submit('undo', alert, message, ADMIN));
    expect(sts).not.toHaveReceivedAnyCommand();
    expect(ec2.calls()).toHaveLength(0);
    expect(threadReplies(message)[0]).toContain("Not undone: the change was made in account 999988887777, and secmon's worker acts in 111122223333 only.");
  });

  it('a refused call fails with a human reason, offers Retry undo, and a retry turns it on', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false, SseType: 'sse-ebs' });
    ec2
      .on(EnableEbsEncryptionByDefaultCommand)
      .rejectsOnce(Object.assign(new Error('You are not authorized to perform this operation. Encoded authorization failure message: xyz'), { name: 'UnauthorizedOperation' }))
      .resolves({ EbsEncryptionByDefault: true });
    const { alert, message } = await postedAlert(RECORD);
    await runWorker(await clickUndo(alert, message));

    expect(lastUpdate(message)).toContain('*Undo failed*');
    expect(lastUpdate(message)).toContain('Retry undo');
    expect(lastUpdate(message)).not.toContain('Encoded authorization failure');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'failed' });

    lambda.resetHistory();
    await runWorker(await clickUndo(alert, message));
    expect(ec2).toHaveReceivedCommandTimes(EnableEbsEncryptionByDefaultCommand, 2);
    expect(lastUpdate(message)).toContain(':white_check_mark: undone');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done', attempts: 2 });
  });
});

describe('undo of UpdateDetector enable=false, through the real worker', () => {
  const DETECTOR = '12abc34d567e8fa901bc2d34eexample';
  const detector = (status: 'ENABLED' | 'DISABLED') => ({
    ServiceRole: 'arn:aws:iam::111122223333:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
    Status: status,
    CreatedAt: '2025-06-01T08:00:00.000Z',
    UpdatedAt: '2026-03-02T11:30:21.000Z',
    FindingPublishingFrequency: 'SIX_HOURS' as const,
  });

  it('only the call that suspended a detector offers an undo: a call enabling one offers none', () => {
    expect(undoTargetOf(SUSPEND)).toMatchObject({ kind: 'guardduty-detector', detectorId: DETECTOR, region: 'eu-west-1', accountId: '111122223333' });
    expect(undoTargetOf({ ...SUSPEND, requestParameters: { detectorId: DETECTOR, enable: true } })).toBeUndefined();
    expect(undoTargetOf({ ...SUSPEND, errorCode: 'AccessDenied' })).toBeUndefined();
  });

  it('checks the detector is still suspended, then enables exactly it, sending nothing but Enable', async () => {
    guardduty.on(GetDetectorCommand).resolves(detector('DISABLED'));
    guardduty.on(UpdateDetectorCommand).resolves({});
    const { alert, message } = await postedAlert(SUSPEND);
    await runWorker(await clickUndo(alert, message));

    expect(sent(guardduty)).toEqual([
      ['GetDetectorCommand', { DetectorId: DETECTOR }],
      ['UpdateDetectorCommand', { DetectorId: DETECTOR, Enable: true }],
    ]);
    expect(await guardduty.call(1).thisValue.config.region()).toBe('eu-west-1');
    expect(lastUpdate(message)).toContain(`*Undone* by <@${ADMIN}>`);
    expect(threadReplies(message)).toEqual([expect.stringContaining(`Undo of GuardDuty detector ${DETECTOR} in eu-west-1: undone.`)]);
  });

  it('enabled already: already undone, nothing written', async () => {
    guardduty.on(GetDetectorCommand).resolves(detector('ENABLED'));
    const { alert, message } = await postedAlert(SUSPEND);
    await runWorker(await clickUndo(alert, message));
    expect(guardduty).not.toHaveReceivedCommand(UpdateDetectorCommand);
    expect(lastUpdate(message)).toContain('already undone, nothing to do');
  });

  it('the detector deleted since: changed since, left alone (no new detector is made)', async () => {
    guardduty
      .on(GetDetectorCommand)
      .rejects(Object.assign(new Error('The request is rejected because the input detectorId is not owned by the current account.'), { name: 'BadRequestException' }));
    const { alert, message } = await postedAlert(SUSPEND);
    await runWorker(await clickUndo(alert, message));
    expect(guardduty).not.toHaveReceivedCommand(UpdateDetectorCommand);
    expect(lastUpdate(message)).toContain('changed since the event, left alone (the detector no longer exists)');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done' });
  });
});

describe('undo of Lambda AddPermission, through the real worker', () => {
  /** The recorded event: statement "public" let anyone invoke orders-api. */
  const PUBLIC = publicAccess.find((item) => item.name === 'Lambda permission lets anyone invoke a function')!.input;
  const ADDED = PUBLIC.responseElements!.statement as string;
  const OTHER = { Sid: 'from-api-gateway', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:eu-west-1:111122223333:function:orders-api' };
  const policy = (...statements: unknown[]) => ({ Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }), RevisionId: 'e4f5a6b7-0000-4000-8000-000000000001' });
  /** The alerts of this section name Lambda calls: the Slack function invokes the worker through the same mock. */
  const lambdaCalls = () => sent(lambda).filter(([name]) => name !== 'InvokeCommand');

  it('the recorded call gives the statement to remove; a call whose answer Lambda did not log offers none', () => {
    expect(undoTargetOf(PUBLIC)).toMatchObject({ kind: 'lambda-permission', functionName: 'orders-api', statementId: 'public', qualifier: undefined, statement: ADDED });
    expect(undoTargetOf({ ...PUBLIC, responseElements: null })).toBeUndefined();
  });

  it('removes exactly that statement, naming the policy revision it checked, and leaves the others', async () => {
    lambda.on(GetPolicyCommand).resolves(policy(OTHER, JSON.parse(ADDED)));
    lambda.on(RemovePermissionCommand).resolves({});
    const { alert, message } = await postedAlert(PUBLIC);
    await runWorker(await clickUndo(alert, message));

    expect(lambdaCalls()).toEqual([
      ['GetPolicyCommand', { FunctionName: 'orders-api' }],
      ['RemovePermissionCommand', { FunctionName: 'orders-api', StatementId: 'public', RevisionId: 'e4f5a6b7-0000-4000-8000-000000000001' }],
    ]);
    expect(threadReplies(message)).toEqual([expect.stringContaining('Undo of statement public of Lambda function orders-api: undone.')]);
  });

  it('the statement gone (or no policy left): already undone, nothing removed', async () => {
    lambda.on(GetPolicyCommand).rejects(Object.assign(new Error('The resource you requested does not exist.'), { name: 'ResourceNotFoundException' }));
    const { alert, message } = await postedAlert(PUBLIC);
    await runWorker(await clickUndo(alert, message));
    expect(lambda).not.toHaveReceivedCommand(RemovePermissionCommand);
    expect(lastUpdate(message)).toContain('already undone, nothing to do');
  });

  it('a statement with the same id but another content: changed since, left alone', async () => {
    lambda.on(GetPolicyCommand).resolves(policy(OTHER, { ...JSON.parse(ADDED), Principal: { AWS: 'arn:aws:iam::444455556666:root' } }));
    const { alert, message } = await postedAlert(PUBLIC);
    await runWorker(await clickUndo(alert, message));
    expect(lambda).not.toHaveReceivedCommand(RemovePermissionCommand);
    expect(lastUpdate(message)).toContain('changed since the event, left alone (statement public was replaced since the event)');
  });

  it('the policy changed between the check and the removal: left alone', async () => {
    lambda.on(GetPolicyCommand).resolves(policy(JSON.parse(ADDED)));
    lambda.on(RemovePermissionCommand).rejects(Object.assign(new Error('The RevisionId provided does not match the latest RevisionId.'), { name: 'PreconditionFailedException' }));
    const { alert, message } = await postedAlert(PUBLIC);
    await runWorker(await clickUndo(alert, message));
    expect(lastUpdate(message)).toContain('the policy changed while secmon checked it');
    expect(lastUpdate(message)).not.toContain('RevisionId provided');
  });
});

describe('undo of sharing a snapshot or an AMI, through the real worker', () => {
  const recorded = (name: string) => sharing.find((item) => item.name === name)!.input;
  const SNAPSHOT_PUBLIC = recorded('EBS snapshot made public');
  const SNAPSHOT_SHARED = recorded('EBS snapshot shared with another account');
  const AMI_PUBLIC_AND_ACCOUNT = recorded('AMI made public and shared with an account');

  it('only a successful call that added permissions offers an undo', () => {
    expect(undoTargetOf(SNAPSHOT_PUBLIC)).toMatchObject({ kind: 'ec2-sharing', resource: 'snapshot', resourceId: 'snap-0a1b2c3d4e5f60719', added: { public: true, userIds: [] } });
    expect(undoTargetOf(recorded('EBS snapshot permission removed'))).toBeUndefined();
    expect(undoTargetOf(recorded('EBS snapshot share is refused'))).toBeUndefined();
    expect(undoTargetOf(recorded('AMI description changed'))).toBeUndefined();
  });

  it('a public snapshot: removes group all only, leaving the accounts it was shared with before', async () => {
    ec2.on(DescribeSnapshotAttributeCommand).resolves({ SnapshotId: 'snap-0a1b2c3d4e5f60719', CreateVolumePermissions: [{ UserId: '111100002222' }, { Group: 'all' }] });
    ec2.on(ModifySnapshotAttributeCommand).resolves({});
    const { alert, message } = await postedAlert(SNAPSHOT_PUBLIC);
    await runWorker(await clickUndo(alert, message));
    expect(sent(ec2)).toEqual([
      ['DescribeSnapshotAttributeCommand', { SnapshotId: 'snap-0a1b2c3d4e5f60719', Attribute: 'createVolumePermission' }],
      ['ModifySnapshotAttributeCommand', { SnapshotId: 'snap-0a1b2c3d4e5f60719', Attribute: 'createVolumePermission', OperationType: 'remove', GroupNames: ['all'] }],
    ]);
    expect(threadReplies(message)).toEqual([expect.stringContaining('Undo of the sharing of snapshot snap-0a1b2c3d4e5f60719: undone.')]);
  });

  it('an AMI made public and shared with an account, public removed since: removes the account only', async () => {
    ec2.on(DescribeImageAttributeCommand).resolves({ ImageId: 'ami-0a1b2c3d4e5f60719', LaunchPermissions: [{ UserId: '777788889999' }, { UserId: '222233334444' }] });
    ec2.on(ModifyImageAttributeCommand).resolves({});
    const { alert, message } = await postedAlert(AMI_PUBLIC_AND_ACCOUNT);
    await runWorker(await clickUndo(alert, message));
    expect(sent(ec2)).toEqual([
      ['DescribeImageAttributeCommand', { ImageId: 'ami-0a1b2c3d4e5f60719', Attribute: 'launchPermission' }],
      ['ModifyImageAttributeCommand', { ImageId: 'ami-0a1b2c3d4e5f60719', Attribute: 'launchPermission', OperationType: 'remove', UserIds: ['777788889999'] }],
    ]);
  });

  it('the account no longer has access: already undone, nothing written', async () => {
    ec2.on(DescribeSnapshotAttributeCommand).resolves({ SnapshotId: 'snap-0a1b2c3d4e5f60718', CreateVolumePermissions: [] });
    const { alert, message } = await postedAlert(SNAPSHOT_SHARED);
    await runWorker(await clickUndo(alert, message));
    expect(ec2).not.toHaveReceivedCommand(ModifySnapshotAttributeCommand);
    expect(lastUpdate(message)).toContain('already undone, nothing to do');
  });

  it('the snapshot deleted since: changed since, left alone', async () => {
    ec2.on(DescribeSnapshotAttributeCommand).rejects(Object.assign(new Error("The snapshot 'snap-0a1b2c3d4e5f60718' does not exist."), { name: 'InvalidSnapshot.NotFound' }));
    const { alert, message } = await postedAlert(SNAPSHOT_SHARED);
    await runWorker(await clickUndo(alert, message));
    expect(ec2).not.toHaveReceivedCommand(ModifySnapshotAttributeCommand);
    expect(lastUpdate(message)).toContain('changed since the event, left alone (the snapshot no longer exists)');
  });
});

describe('undo of attaching AdministratorAccess, through the real worker', () => {
  const recorded = (name: string) => iamRecords.find((item) => item.name === name)!.input;
  const TO_USER = recorded('IAM user attaches AdministratorAccess to a user');
  const TO_ROLE = recorded('role session attaches AdministratorAccess to a role');
  const TO_GROUP = recorded('console user attaches AdministratorAccess to a group');
  const ADMIN_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
  const attached = (...names: string[]) => names.map((name) => ({ PolicyName: name, PolicyArn: `arn:aws:iam::aws:policy/${name}` }));

  it('only a successful attach of AdministratorAccess offers an undo, and never on an Identity Center role', () => {
    expect(undoTargetOf(TO_USER)).toMatchObject({ kind: 'iam-policy-attachment', principal: 'user', principalName: 'backup-operator', policyArn: ADMIN_ACCESS, region: 'us-east-1' });
    expect(undoTargetOf(TO_GROUP)).toMatchObject({ principal: 'group', principalName: 'contractors' });
    expect(undoTargetOf(recorded('attaching AdministratorAccess is refused'))).toBeUndefined();
    expect(undoTargetOf(recorded('role session attaches ReadOnlyAccess to a role'))).toBeUndefined();
    expect(undoTargetOf({ ...TO_ROLE, requestParameters: { roleName: 'AWSReservedSSO_AdminAccess_4e1d2b7c9a0f3e61', policyArn: ADMIN_ACCESS } })).toBeUndefined();
  });

  it('a role: reads every page of its attached policies, then detaches exactly that policy from exactly that role', async () => {
    iam
      .on(ListAttachedRolePoliciesCommand)
      .resolvesOnce({ AttachedPolicies: attached('ReadOnlyAccess'), IsTruncated: true, Marker: 'page-2' })
      .resolves({ AttachedPolicies: attached('AdministratorAccess'), IsTruncated: false });
    iam.on(DetachRolePolicyCommand).resolves({});
    const { alert, message } = await postedAlert(TO_ROLE);
    await runWorker(await clickUndo(alert, message));

    expect(sent(iam)).toEqual([
      ['ListAttachedRolePoliciesCommand', { RoleName: 'ec2-data-import' }],
      ['ListAttachedRolePoliciesCommand', { RoleName: 'ec2-data-import', Marker: 'page-2' }],
      ['DetachRolePolicyCommand', { RoleName: 'ec2-data-import', PolicyArn: ADMIN_ACCESS }],
    ]);
    expect(await iam.call(2).thisValue.config.region()).toBe('us-east-1');
    expect(threadReplies(message)).toEqual([expect.stringContaining('Undo of the attachment of AdministratorAccess to IAM role ec2-data-import: undone.')]);
  });

  it('a user and a group: detached with their own calls', async () => {
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: attached('AdministratorAccess'), IsTruncated: false });
    iam.on(DetachUserPolicyCommand).resolves({});
    iam.on(ListAttachedGroupPoliciesCommand).resolves({ AttachedPolicies: attached('AdministratorAccess', 'IAMUserChangePassword'), IsTruncated: false });
    iam.on(DetachGroupPolicyCommand).resolves({});
    const user = await postedAlert(TO_USER);
    await runWorker(await clickUndo(user.alert, user.message));
    lambda.resetHistory();
    const group = await postedAlert(TO_GROUP);
    await runWorker(await clickUndo(group.alert, group.message));

    expect(sent(iam)).toEqual([
      ['ListAttachedUserPoliciesCommand', { UserName: 'backup-operator' }],
      ['DetachUserPolicyCommand', { UserName: 'backup-operator', PolicyArn: ADMIN_ACCESS }],
      ['ListAttachedGroupPoliciesCommand', { GroupName: 'contractors' }],
      ['DetachGroupPolicyCommand', { GroupName: 'contractors', PolicyArn: ADMIN_ACCESS }],
    ]);
  });

  it('no longer attached: already undone, nothing detached', async () => {
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: attached('ReadOnlyAccess'), IsTruncated: false });
    const { alert, message } = await postedAlert(TO_ROLE);
    await runWorker(await clickUndo(alert, message));
    expect(iam).not.toHaveReceivedCommand(DetachRolePolicyCommand);
    expect(lastUpdate(message)).toContain('already undone, nothing to do');
  });

  it('the role deleted since: changed since, left alone', async () => {
    iam.on(ListAttachedRolePoliciesCommand).rejects(Object.assign(new Error('The role with name ec2-data-import cannot be found.'), { name: 'NoSuchEntityException' }));
    const { alert, message } = await postedAlert(TO_ROLE);
    await runWorker(await clickUndo(alert, message));
    expect(iam).not.toHaveReceivedCommand(DetachRolePolicyCommand);
    expect(lastUpdate(message)).toContain('changed since the event, left alone (the role no longer exists)');
  });

  it('a kept attachment is not detached: a job written anyway is refused without an IAM call', async () => {
    // Made by mallory (mapped to ADMIN), so OTHER_ADMIN may keep it: keeping an unmapped author's change is refused.
    const { alert, message } = await postedAlert({ ...TO_USER, userIdentity: RECORD.userIdentity });
    await runWorker(await submit('keep', alert, message, OTHER_ADMIN, { reason: 'Break-glass role, approved in CHG-1234' }));
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'kept' });
    slack.reset();
    await runWorker(await submit('undo', alert, message, ADMIN));
    expect(iam.calls()).toHaveLength(0);
    expect(threadReplies(message)[0]).toContain('Not undone: keeping this change was approved');
  });
});
