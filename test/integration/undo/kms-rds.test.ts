/**
 * The undos of a KMS key deletion (ScheduleKeyDeletion) and of sharing an RDS snapshot (Modify{DB,DBCluster}
 * SnapshotAttribute restore), through the real Slack function and worker (handlers/), with dynalite, the local Slack
 * Web API and mocked AWS answering as the API references document: the check first, then exactly the calls that put
 * back what the event changed, in the key's or snapshot's region; already undone, changed since, a refused call and
 * its Retry, a kept change, the records that offer no undo, and, for KMS, the admin's one choice (also enable the
 * key), which travels from the button to the job and cannot be turned into anything else.
 */
import { EnableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import {
  CancelKeyDeletionCommand,
  DescribeKeyCommand,
  EnableKeyCommand,
  KMSInvalidStateException,
  NotFoundException,
  type KeyMetadata,
  type KeyState,
} from '@aws-sdk/client-kms';
import {
  DBClusterSnapshotNotFoundFault,
  DBSnapshotNotFoundFault,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
} from '@aws-sdk/client-rds';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { undoTargetOf } from '../../../src/alerts/undo/target.js';
import { ADMIN, OTHER_ADMIN, undoEnvironment } from '../../helpers/undo-environment.js';
import defenseEvasion from '../../fixtures/records/threats-defense-evasion.json' with { type: 'json' };
import kmsRecords from '../../fixtures/records/logging-config-kms.json' with { type: 'json' };
import sharing from '../../fixtures/records/threats-sharing.json' with { type: 'json' };
import records from '../../fixtures/records/undo-kms-rds.json' with { type: 'json' };

const { slack, sts, lambda, ec2, kms, rds, state, postedAlert, clickUndo, runWorker, submit, lastUpdate, threadReplies, sent } = undoEnvironment('secmon-undo-kms-rds');

const recorded = (name: string) => records.find((item) => item.name === name)!.input;

describe('undo of ScheduleKeyDeletion, through the real worker', () => {
  const BY_ID = recorded('KMS key scheduled for deletion by its key id');
  const REPLICA = recorded('multi-Region replica key scheduled for deletion by its ARN');
  const PRIMARY = recorded('multi-Region primary key with replicas scheduled for deletion');
  const KEY_ID = '5e2c8a14-7b3d-4f09-9c61-2a8d0e4b7f35';
  const KEY_ARN = `arn:aws:kms:eu-west-1:111122223333:key/${KEY_ID}`;
  const REPLICA_ARN = 'arn:aws:kms:ap-southeast-2:111122223333:key/mrk-8f1e2d3c4b5a69788796a5b4c3d2e1f0';
  /** DescribeKey's answer for the key in `keyState`, as KMS documents KeyMetadata. */
  const described = (keyState: KeyState, arn = KEY_ARN): { KeyMetadata: KeyMetadata } => ({
    KeyMetadata: {
      AWSAccountId: '111122223333',
      KeyId: arn.slice(arn.lastIndexOf('/') + 1),
      Arn: arn,
      CreationDate: new Date('2025-11-03T10:00:00Z'),
      Enabled: keyState === 'Enabled',
      Description: 'billing database',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: keyState,
      // DeletionDate only while PendingDeletion; PendingDeletionWindowInDays only while PendingReplicaDeletion.
      ...(keyState === 'PendingDeletion' ? { DeletionDate: new Date('2026-05-14T00:00:00Z') } : {}),
      ...(keyState === 'PendingReplicaDeletion' ? { PendingDeletionWindowInDays: 7 } : {}),
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: arn.includes(':key/mrk-'),
    },
  });
  const keyDeleted = () => new NotFoundException({ message: `Key '${KEY_ARN}' does not exist`, $metadata: { httpStatusCode: 400 } });
  const accessDenied = (action: string) =>
    Object.assign(
      new Error(`User: arn:aws:sts::111122223333:assumed-role/secmon-worker-actions/${ADMIN} is not authorized to perform: ${action} on resource: ${KEY_ARN} because no resource-based policy allows the ${action} action`),
      { name: 'AccessDeniedException' },
    );

  it('the call gives the key ARN KMS answered with, in its own region; calls that are not a successful scheduled deletion offer none', () => {
    expect(undoTargetOf(BY_ID)).toEqual(expect.objectContaining({ kind: 'kms-key-deletion', keyArn: KEY_ARN, keyId: KEY_ID, region: 'eu-west-1', accountId: '111122223333' }));
    expect(undoTargetOf(REPLICA)).toMatchObject({ keyArn: REPLICA_ARN, region: 'ap-southeast-2' });
    expect(undoTargetOf(PRIMARY)).toMatchObject({ keyArn: 'arn:aws:kms:us-east-1:111122223333:key/mrk-8f1e2d3c4b5a69788796a5b4c3d2e1f0', region: 'us-east-1' });
    expect(undoTargetOf(recorded('KMS key deletion refused: the key is already pending deletion'))).toBeUndefined();
    expect(undoTargetOf(kmsRecords.find((item) => item.name === 'KMS key is disabled')!.input)).toBeUndefined();
    // An ARN of another account than the event's, an answer about another key, no answer, or no pending state.
    const otherAccount = 'arn:aws:kms:eu-west-1:444455556666:key/5e2c8a14-7b3d-4f09-9c61-2a8d0e4b7f35';
    expect(undoTargetOf({ ...BY_ID, requestParameters: { keyId: otherAccount }, responseElements: { ...BY_ID.responseElements, keyId: otherAccount } })).toBeUndefined();
    expect(undoTargetOf({ ...BY_ID, requestParameters: { keyId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9' } })).toBeUndefined();
    expect(undoTargetOf({ ...BY_ID, responseElements: null })).toBeUndefined();
    expect(undoTargetOf({ ...BY_ID, responseElements: { ...BY_ID.responseElements, keyState: 'Disabled' } })).toBeUndefined();
  });

  it('"Cancel deletion": checks the key is still pending deletion, cancels it in its region, and enables nothing', async () => {
    kms.on(DescribeKeyCommand).resolves(described('PendingDeletion'));
    kms.on(CancelKeyDeletionCommand).resolves({ KeyId: KEY_ARN });
    const { alert, message } = await postedAlert(BY_ID);
    const payload = await clickUndo(alert, message);
    expect(lastUpdate(message)).toContain(`*Undoing…* requested by <@${ADMIN}>`);
    slack.reset();

    await runWorker(payload);

    expect(sent(kms)).toEqual([
      ['DescribeKeyCommand', { KeyId: KEY_ARN }],
      ['CancelKeyDeletionCommand', { KeyId: KEY_ARN }],
    ]);
    expect(await kms.call(1).thisValue.config.region()).toBe('eu-west-1');
    expect(lastUpdate(message)).toContain(':white_check_mark: undone (deletion cancelled; the key stays disabled)');
    expect(lastUpdate(message)).not.toContain(ACTION_IDS.undoEnable);
    expect(threadReplies(message)).toEqual([expect.stringContaining(`Undo of the deletion of KMS key ${KEY_ID} in eu-west-1: undone (deletion cancelled; the key stays disabled).`)]);
    expect((await state().audit.list({ limit: 2 })).map(({ actor, action, target, result }) => ({ actor, action, target, result }))).toEqual([
      { actor: ADMIN, action: 'alert.undo', target: 'kms-key-deletion in eu-west-1', result: 'succeeded' },
      { actor: ADMIN, action: 'alert.undo', target: 'kms-key-deletion in eu-west-1', result: 'started' },
    ]);
  });

  it('"Cancel deletion and enable key": cancels, then enables the same key', async () => {
    kms.on(DescribeKeyCommand).resolves(described('PendingDeletion'));
    kms.on(CancelKeyDeletionCommand).resolves({ KeyId: KEY_ARN });
    kms.on(EnableKeyCommand).resolves({});
    const { alert, message } = await postedAlert(BY_ID);
    await runWorker(await clickUndo(alert, message, ADMIN, { enableKey: true }));

    expect(sent(kms)).toEqual([
      ['DescribeKeyCommand', { KeyId: KEY_ARN }],
      ['CancelKeyDeletionCommand', { KeyId: KEY_ARN }],
      ['EnableKeyCommand', { KeyId: KEY_ARN }],
    ]);
    expect(threadReplies(message)).toEqual([expect.stringContaining('undone (deletion cancelled and the key enabled).')]);
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done', startedBy: ADMIN });
  });

  it('a multi-Region replica key is undone in its own region, named by its ARN', async () => {
    kms.on(DescribeKeyCommand).resolves(described('PendingDeletion', REPLICA_ARN));
    kms.on(CancelKeyDeletionCommand).resolves({ KeyId: REPLICA_ARN });
    const { alert, message } = await postedAlert(REPLICA);
    await runWorker(await clickUndo(alert, message));

    expect(sent(kms)).toEqual([
      ['DescribeKeyCommand', { KeyId: REPLICA_ARN }],
      ['CancelKeyDeletionCommand', { KeyId: REPLICA_ARN }],
    ]);
    expect(await kms.call(0).thisValue.config.region()).toBe('ap-southeast-2');
    expect(await kms.call(1).thisValue.config.region()).toBe('ap-southeast-2');
  });

  it('a multi-Region primary key waiting for its replicas is cancelled too; a state KMS refuses fails readably, and a retry cancels it', async () => {
    const PRIMARY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/mrk-8f1e2d3c4b5a69788796a5b4c3d2e1f0';
    kms.on(DescribeKeyCommand).resolves(described('PendingReplicaDeletion', PRIMARY_ARN));
    kms
      .on(CancelKeyDeletionCommand)
      .rejectsOnce(new KMSInvalidStateException({ message: `${PRIMARY_ARN} is pending replica deletion.`, $metadata: { httpStatusCode: 400 } }))
      .resolves({ KeyId: PRIMARY_ARN });
    const { alert, message } = await postedAlert(PRIMARY);
    await runWorker(await clickUndo(alert, message));

    expect(sent(kms)).toEqual([
      ['DescribeKeyCommand', { KeyId: PRIMARY_ARN }],
      ['CancelKeyDeletionCommand', { KeyId: PRIMARY_ARN }],
    ]);
    expect(await kms.call(1).thisValue.config.region()).toBe('us-east-1');
    expect(threadReplies(message)).toEqual([
      expect.stringContaining("failed (KMS refused to cancel the deletion of KMS key mrk-8f1e2d3c4b5a69788796a5b4c3d2e1f0 in the key's current state"),
    ]);
    expect(threadReplies(message)[0]).not.toContain('is pending replica deletion');

    lambda.resetHistory();
    await runWorker(await clickUndo(alert, message));
    expect(kms).toHaveReceivedCommandTimes(CancelKeyDeletionCommand, 2);
    expect(lastUpdate(message)).toContain(':white_check_mark: undone (deletion cancelled; the key stays disabled)');
  });

  it('no longer pending deletion: already undone, and even "and enable key" leaves a disabled key as it is', async () => {
    kms.on(DescribeKeyCommand).resolves(described('Enabled'));
    const enabled = await postedAlert(BY_ID);
    await runWorker(await clickUndo(enabled.alert, enabled.message));
    expect(lastUpdate(enabled.message)).toContain('already undone, nothing to do');

    kms.on(DescribeKeyCommand).resolves(described('Disabled'));
    lambda.resetHistory();
    const disabled = await postedAlert(BY_ID);
    await runWorker(await clickUndo(disabled.alert, disabled.message, ADMIN, { enableKey: true }));
    expect(kms).not.toHaveReceivedCommand(CancelKeyDeletionCommand);
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(lastUpdate(disabled.message)).toContain('already undone, nothing to do (its deletion was cancelled before; the key is disabled and was left so: enable it by hand if it is in use)');
  });

  it('the key deleted already: changed since, with the reason, and no Retry (a deleted key cannot come back)', async () => {
    kms.on(DescribeKeyCommand).rejects(keyDeleted());
    const { alert, message } = await postedAlert(BY_ID);
    await runWorker(await clickUndo(alert, message, ADMIN, { enableKey: true }));

    expect(sent(kms)).toEqual([['DescribeKeyCommand', { KeyId: KEY_ARN }]]);
    expect(lastUpdate(message)).toContain('changed since the event, left alone (the key was already deleted; a deleted KMS key cannot be recovered)');
    expect(lastUpdate(message)).not.toContain('Retry');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done' });
  });

  it('a key policy that refuses the role: failed, saying so in words, with Retry on both buttons; a retry cancels it', async () => {
    kms.on(DescribeKeyCommand).resolves(described('PendingDeletion'));
    kms.on(CancelKeyDeletionCommand).rejectsOnce(accessDenied('kms:CancelKeyDeletion')).resolves({ KeyId: KEY_ARN });
    const { alert, message } = await postedAlert(BY_ID);
    await runWorker(await clickUndo(alert, message));

    expect(lastUpdate(message)).toContain('*Undo failed*');
    expect(threadReplies(message)).toEqual([
      expect.stringContaining(
        `failed (secmon's worker role may not cancel the deletion of KMS key ${KEY_ID} (access denied: the key policy must allow the role too, ` +
          'and a key policy that does not delegate to IAM refuses it whatever its IAM policy allows))',
      ),
    ]);
    expect(lastUpdate(message)).toContain('a key policy that does not delegate to IAM refuses it');
    expect(lastUpdate(message)).not.toContain('no resource-based policy');
    expect(lastUpdate(message)).toContain('Retry: Cancel deletion');
    expect(lastUpdate(message)).toContain('Retry: Cancel deletion and enable key');
    expect(kms).not.toHaveReceivedCommand(EnableKeyCommand);
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'failed' });

    lambda.resetHistory();
    await runWorker(await clickUndo(alert, message));
    expect(kms).toHaveReceivedCommandTimes(CancelKeyDeletionCommand, 2);
    expect(lastUpdate(message)).toContain(':white_check_mark: undone');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('cancelled but refused enabling: failed, saying the deletion is cancelled and the key disabled; a retry enables nothing', async () => {
    kms.on(DescribeKeyCommand).resolvesOnce(described('PendingDeletion')).resolves(described('Disabled'));
    kms.on(CancelKeyDeletionCommand).resolves({ KeyId: KEY_ARN });
    kms.on(EnableKeyCommand).rejects(accessDenied('kms:EnableKey'));
    const { alert, message } = await postedAlert(BY_ID);
    await runWorker(await clickUndo(alert, message, ADMIN, { enableKey: true }));

    expect(threadReplies(message)).toEqual([
      expect.stringContaining(`failed (the deletion was cancelled, but secmon's worker role may not enable KMS key ${KEY_ID} (access denied: the key policy must allow the role too`),
    ]);
    expect(threadReplies(message)[0]).toContain('; the key is disabled: enable it by hand)');

    lambda.resetHistory();
    await runWorker(await clickUndo(alert, message, ADMIN, { enableKey: true }));
    // (kms.resetHistory() would restart resolvesOnce: the retry's calls are those after the first three.)
    expect(sent(kms).slice(3)).toEqual([['DescribeKeyCommand', { KeyId: KEY_ARN }]]);
    expect(lastUpdate(message)).toContain('already undone, nothing to do (its deletion was cancelled before');
  });

  it('a kept deletion is not cancelled: both buttons are gone, and a job written anyway is refused without a KMS call', async () => {
    const { alert, message } = await postedAlert(BY_ID);
    await runWorker(await submit('keep', alert, message, OTHER_ADMIN, { reason: 'Key retired with the old billing database' }));
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'kept', kept: { by: OTHER_ADMIN } });
    expect(lastUpdate(message)).not.toContain(ACTION_IDS.undo);

    lambda.resetHistory();
    expect(await clickUndo(alert, message, ADMIN, { enableKey: true })).toBeUndefined();
    expect(slack.callsOf('chat.postEphemeral').at(-1)?.body['text']).toContain(`This change was kept by <@${OTHER_ADMIN}>`);

    slack.reset();
    await runWorker(await submit('undo', alert, message, ADMIN, { enableKey: true }));
    expect(kms.calls()).toHaveLength(0);
    expect(threadReplies(message)[0]).toContain('Not undone: keeping this change was approved');
  });

  describe('the enable choice cannot be forged into something else', () => {
    it('a job whose choice is not a boolean is refused before any role is assumed or key read', async () => {
      const { alert, message } = await postedAlert(BY_ID);
      await runWorker(await submit('undo', alert, message, ADMIN, { enableKey: 'yes' }));
      expect(sts).not.toHaveReceivedAnyCommand();
      expect(kms.calls()).toHaveLength(0);
      expect(threadReplies(message)[0]).toContain('The request was not valid (enableKey:');
      expect((await state().audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'alert.undo', result: 'denied' });
    });

    it('a job naming another key acts on the stored alert\'s key only', async () => {
      kms.on(DescribeKeyCommand).resolves(described('PendingDeletion'));
      kms.on(CancelKeyDeletionCommand).resolves({ KeyId: KEY_ARN });
      kms.on(EnableKeyCommand).resolves({});
      const { alert, message } = await postedAlert(BY_ID);
      const other = 'arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
      await runWorker(await submit('undo', alert, message, ADMIN, { enableKey: true, keyId: other, keyArn: other, target: { keyArn: other } }));
      expect(sent(kms).map(([, input]) => input)).toEqual([{ KeyId: KEY_ARN }, { KeyId: KEY_ARN }, { KeyId: KEY_ARN }]);
    });

    it('"enable" on another kind of undo: a job is refused without an AWS call, and a button claiming it is not read', async () => {
      const RECORD = defenseEvasion.find((item) => item.name === 'EBS encryption by default turned off')!.input;
      ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false, SseType: 'sse-ebs' });
      ec2.on(EnableEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
      const { alert, message } = await postedAlert(RECORD);
      await runWorker(await submit('undo', alert, message, ADMIN, { enableKey: true }));
      expect(sts).not.toHaveReceivedAnyCommand();
      expect(ec2.calls()).toHaveLength(0);
      expect(threadReplies(message)[0]).toContain('Not undone: this alert\'s undo (EBS encryption by default in eu-west-1) has no key to enable.');

      lambda.resetHistory();
      const forged = JSON.stringify({ v: 1, a: alert.deliveryId, k: 'ebs-encryption-default', r: 'eu-west-1', e: alert.undo!.eventId, en: true });
      expect(await clickUndo(alert, message, ADMIN, { enableKey: true, value: forged })).toBeUndefined();
      expect(slack.callsOf('chat.postEphemeral').at(-1)?.body['text']).toContain('This button is from a message secmon can no longer act on.');
      expect(await state().remediations.get(alert.deliveryId)).toBeUndefined();
    });
  });
});

describe('undo of sharing an RDS snapshot, through the real worker', () => {
  const PUBLIC_AND_ACCOUNT = recorded('RDS snapshot shared with an account and made public');
  const CLUSTER = recorded('DB cluster snapshot shared with another account');
  const SNAPSHOT = 'billing-2026-04-13';
  const restore = (...values: string[]) => [{ AttributeName: 'restore', AttributeValues: values }];
  const dbAttributes = (...values: string[]) => ({ DBSnapshotAttributesResult: { DBSnapshotIdentifier: SNAPSHOT, DBSnapshotAttributes: restore(...values) } });
  const clusterAttributes = (...values: string[]) => ({ DBClusterSnapshotAttributesResult: { DBClusterSnapshotIdentifier: 'ledger-weekly-15', DBClusterSnapshotAttributes: restore(...values) } });

  it('only a successful call that added restore values, and removed none, offers an undo', () => {
    expect(undoTargetOf(PUBLIC_AND_ACCOUNT)).toEqual(expect.objectContaining({ kind: 'rds-snapshot-sharing', snapshot: 'db', snapshotId: SNAPSHOT, added: ['444455556666', 'all'], region: 'eu-west-1' }));
    expect(undoTargetOf(CLUSTER)).toMatchObject({ snapshot: 'cluster', snapshotId: 'ledger-weekly-15', added: ['777788889999'], region: 'eu-central-1' });
    expect(undoTargetOf(sharing.find((item) => item.name === 'Aurora cluster snapshot made public')!.input)).toMatchObject({ snapshot: 'cluster', added: ['all'] });
    expect(undoTargetOf(recorded('RDS snapshot share that also removes an account'))).toBeUndefined();
    expect(undoTargetOf(sharing.find((item) => item.name === 'RDS snapshot share removed')!.input)).toBeUndefined();
    expect(undoTargetOf(sharing.find((item) => item.name === 'RDS snapshot share of a missing snapshot fails')!.input)).toBeUndefined();
    const request = PUBLIC_AND_ACCOUNT.requestParameters;
    expect(undoTargetOf({ ...PUBLIC_AND_ACCOUNT, requestParameters: { ...request, attributeName: 'other' } })).toBeUndefined();
    expect(undoTargetOf({ ...PUBLIC_AND_ACCOUNT, requestParameters: { ...request, valuesToAdd: ['444455556666', 'arn:aws:iam::444455556666:root'] } })).toBeUndefined();
  });

  it('removes exactly the event\'s additions still there, in one call, leaving the account shared with before', async () => {
    rds.on(DescribeDBSnapshotAttributesCommand).resolves(dbAttributes('222233334444', '444455556666', 'all'));
    rds.on(ModifyDBSnapshotAttributeCommand).resolves(dbAttributes('222233334444'));
    const { alert, message } = await postedAlert(PUBLIC_AND_ACCOUNT);
    await runWorker(await clickUndo(alert, message));

    expect(sent(rds)).toEqual([
      ['DescribeDBSnapshotAttributesCommand', { DBSnapshotIdentifier: SNAPSHOT }],
      ['ModifyDBSnapshotAttributeCommand', { DBSnapshotIdentifier: SNAPSHOT, AttributeName: 'restore', ValuesToRemove: ['444455556666', 'all'] }],
    ]);
    expect(await rds.call(1).thisValue.config.region()).toBe('eu-west-1');
    expect(threadReplies(message)).toEqual([expect.stringContaining(`Undo of the sharing of RDS snapshot ${SNAPSHOT}: undone.`)]);
  });

  it('a cluster snapshot, public removed since: its own calls, in its region, for the account alone', async () => {
    rds.on(DescribeDBClusterSnapshotAttributesCommand).resolves(clusterAttributes('777788889999'));
    rds.on(ModifyDBClusterSnapshotAttributeCommand).resolves(clusterAttributes());
    const { alert, message } = await postedAlert(CLUSTER);
    await runWorker(await clickUndo(alert, message));

    expect(sent(rds)).toEqual([
      ['DescribeDBClusterSnapshotAttributesCommand', { DBClusterSnapshotIdentifier: 'ledger-weekly-15' }],
      ['ModifyDBClusterSnapshotAttributeCommand', { DBClusterSnapshotIdentifier: 'ledger-weekly-15', AttributeName: 'restore', ValuesToRemove: ['777788889999'] }],
    ]);
    expect(await rds.call(1).thisValue.config.region()).toBe('eu-central-1');
    expect(threadReplies(message)).toEqual([expect.stringContaining('Undo of the sharing of RDS cluster snapshot ledger-weekly-15: undone.')]);

    rds.reset();
    lambda.resetHistory();
    rds.on(DescribeDBSnapshotAttributesCommand).resolves(dbAttributes('444455556666'));
    rds.on(ModifyDBSnapshotAttributeCommand).resolves(dbAttributes());
    const partly = await postedAlert(PUBLIC_AND_ACCOUNT);
    await runWorker(await clickUndo(partly.alert, partly.message));
    expect(rds).toHaveReceivedCommandWith(ModifyDBSnapshotAttributeCommand, { DBSnapshotIdentifier: SNAPSHOT, AttributeName: 'restore', ValuesToRemove: ['444455556666'] });
  });

  it('none of the additions left: already undone, nothing written', async () => {
    rds.on(DescribeDBSnapshotAttributesCommand).resolves(dbAttributes('222233334444'));
    const { alert, message } = await postedAlert(PUBLIC_AND_ACCOUNT);
    await runWorker(await clickUndo(alert, message));
    expect(rds).not.toHaveReceivedCommand(ModifyDBSnapshotAttributeCommand);
    expect(lastUpdate(message)).toContain('already undone, nothing to do');
  });

  it('the snapshot or cluster snapshot deleted since: changed since, left alone', async () => {
    rds.on(DescribeDBSnapshotAttributesCommand).rejects(new DBSnapshotNotFoundFault({ message: `DBSnapshot ${SNAPSHOT} not found.`, $metadata: { httpStatusCode: 404 } }));
    const db = await postedAlert(PUBLIC_AND_ACCOUNT);
    await runWorker(await clickUndo(db.alert, db.message));
    expect(rds).not.toHaveReceivedCommand(ModifyDBSnapshotAttributeCommand);
    expect(lastUpdate(db.message)).toContain('changed since the event, left alone (the RDS snapshot no longer exists)');

    lambda.resetHistory();
    rds.on(DescribeDBClusterSnapshotAttributesCommand).rejects(new DBClusterSnapshotNotFoundFault({ message: 'DBClusterSnapshot ledger-weekly-15 not found.', $metadata: { httpStatusCode: 404 } }));
    const cluster = await postedAlert(CLUSTER);
    await runWorker(await clickUndo(cluster.alert, cluster.message));
    expect(rds).not.toHaveReceivedCommand(ModifyDBClusterSnapshotAttributeCommand);
    expect(lastUpdate(cluster.message)).toContain('changed since the event, left alone (the RDS cluster snapshot no longer exists)');
  });

  it('a throttled call fails with a human reason and Retry undo; a retry removes the sharing', async () => {
    rds.on(DescribeDBSnapshotAttributesCommand).resolves(dbAttributes('444455556666', 'all'));
    rds.on(ModifyDBSnapshotAttributeCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' })).resolves(dbAttributes());
    const { alert, message } = await postedAlert(PUBLIC_AND_ACCOUNT);
    await runWorker(await clickUndo(alert, message));

    expect(lastUpdate(message)).toContain(`*Undo failed*`);
    expect(lastUpdate(message)).toContain(`AWS throttled the request to remove the sharing of ${SNAPSHOT}; try again in a minute`);
    expect(lastUpdate(message)).toContain('Retry undo');
    expect(lastUpdate(message)).not.toContain('Rate exceeded');

    lambda.resetHistory();
    await runWorker(await clickUndo(alert, message));
    expect(rds).toHaveReceivedCommandTimes(ModifyDBSnapshotAttributeCommand, 2);
    expect(lastUpdate(message)).toContain(':white_check_mark: undone');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a kept sharing is not removed: a job written anyway is refused without an RDS call', async () => {
    const { alert, message } = await postedAlert(PUBLIC_AND_ACCOUNT);
    await runWorker(await submit('keep', alert, message, OTHER_ADMIN, { reason: 'Shared with the auditors, ticket AUD-77' }));
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'kept' });
    slack.reset();
    await runWorker(await submit('undo', alert, message, ADMIN));
    expect(rds.calls()).toHaveLength(0);
    expect(threadReplies(message)[0]).toContain('Not undone: keeping this change was approved');
  });
});
