/**
 * The logging undos through the real Slack function and worker (handlers/), with dynalite, the local Slack Web API and
 * mocked AWS answering as the API references document: StopLogging (start the trail again, in its home region) and
 * StopConfigurationRecorder (start the recorder again): the check first, then exactly the call that puts back what
 * the event changed; already undone, changed since, a refused call and its retry, a kept change, and the events that
 * offer no undo (failed calls, other calls, an organization trail of another account, a service-linked recorder).
 */
import { GetTrailStatusCommand, StartLoggingCommand, type GetTrailStatusCommandOutput } from '@aws-sdk/client-cloudtrail';
import { DescribeConfigurationRecorderStatusCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { renderAlert } from '../../../blocks/alert.js';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { normaliseInvocation } from '../../../src/alerts/normalise/index.js';
import type { UndoTarget } from '../../../src/alerts/undo/model.js';
import { undoTargetOf } from '../../../src/alerts/undo/target.js';
import { toEventBridgeEnvelope } from '../../../src/catalog/envelope.js';
import { buildCatalog } from '../../../src/catalog/index.js';
import { createCatalogMatcher } from '../../../src/catalog/matcher.js';
import { eventAlert, messageState } from '../../helpers/alerts.js';
import { ACTION_ROLE, ADMIN, OTHER_ADMIN, undoEnvironment } from '../../helpers/undo-environment.js';
import { actionIds, button } from '../../unit/blocks/query.js';
import loggingConfig from '../../fixtures/records/logging-config-kms.json' with { type: 'json' };
import loggingUndo from '../../fixtures/records/logging-undo.json' with { type: 'json' };

const { slack, sts, cloudtrail, config, state, postedAlert, clickUndo, runWorker, submit, lastUpdate, threadReplies, sent } = undoEnvironment('secmon-undo-logging');

const recorded = (name: string) => [...loggingUndo, ...loggingConfig].find((item) => item.name === name)!.input;

/** The Undo button's label and its confirm dialog's text, as Slack shows them for an alert offering `undo`. */
function panelOf(undo: UndoTarget): { label: string | undefined; confirm: string | undefined } {
  const undoButton = button(renderAlert(eventAlert({ undo }), messageState()), ACTION_IDS.undo);
  return { label: undoButton?.text.text, confirm: undoButton?.confirm?.text.text };
}

/** A refused call, as the SDK throws it. */
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('undo of StopLogging, through the real worker', () => {
  /** mallory stopped trail management-events by its name in eu-west-1, and trail org-audit by its ARN in us-east-1. */
  const BY_NAME = recorded('trail logging is stopped by its name');
  const BY_ARN = recorded('trail logging is stopped by its ARN');
  const ORG_AUDIT = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit';
  const status = (isLogging: boolean): GetTrailStatusCommandOutput => ({
    $metadata: {},
    IsLogging: isLogging,
    LatestDeliveryTime: new Date('2026-03-04T08:05:12Z'),
    StartLoggingTime: new Date('2025-11-02T09:00:00Z'),
    StopLoggingTime: new Date('2026-03-04T08:12:31Z'),
    TimeLoggingStarted: '2025-11-02T09:00:00Z',
    TimeLoggingStopped: '2026-03-04T08:12:31Z',
    LatestDeliveryAttemptTime: '2026-03-04T08:05:12Z',
    LatestDeliveryAttemptSucceeded: '2026-03-04T08:05:12Z',
  });

  it('the stopped trail, as the call named it, in its home region: the ARN\'s, or the call\'s for a bare name', () => {
    expect(undoTargetOf(BY_NAME)).toMatchObject({ kind: 'cloudtrail-logging', trail: 'management-events', region: 'eu-west-1', accountId: '111122223333', changedBy: 'arn:aws:iam::111122223333:user/mallory' });
    expect(undoTargetOf(BY_ARN)).toMatchObject({ kind: 'cloudtrail-logging', trail: ORG_AUDIT, region: 'us-east-1', accountId: '111122223333' });
    expect(undoTargetOf({ ...BY_ARN, awsRegion: 'eu-west-1' })).toMatchObject({ trail: ORG_AUDIT, region: 'us-east-1' });
  });

  it('no undo for a refused call, another trail call, or a name that is neither a trail name nor a trail ARN', () => {
    expect(undoTargetOf(recorded('stopping trail logging is refused'))).toBeUndefined();
    expect(undoTargetOf(recorded('trail is deleted'))).toBeUndefined();
    expect(undoTargetOf(recorded('trail logging is started'))).toBeUndefined();
    expect(undoTargetOf({ ...BY_NAME, requestParameters: { name: 'arn:aws:s3:::management-events' } })).toBeUndefined();
    expect(undoTargetOf({ ...BY_NAME, requestParameters: {} })).toBeUndefined();
  });

  it('an organization trail another account owns: no Undo button, and the alert says where to start it', () => {
    const record = recorded('organization trail is stopped from the CloudTrail delegated administrator');
    const catalog = buildCatalog();
    const [alert] = normaliseInvocation(toEventBridgeEnvelope(record), { catalog, matcher: createCatalogMatcher(catalog), alarmTopicArn: undefined });
    expect(alert?.monitor?.id).toBe('cloudtrail-tampering');
    expect(alert?.undo).toBeUndefined();
    expect(alert?.summary).toBe(
      'org-audit-admin/eve (AssumedRole) stopped CloudTrail logging on trail org-trail. No undo: the trail belongs to account 111100002222 ' +
        "(an organization trail of the management account); start it again from that account or from CloudTrail's " +
        'delegated administrator: aws cloudtrail start-logging --name arn:aws:cloudtrail:us-east-1:111100002222:trail/org-trail --region us-east-1',
    );
    expect(actionIds(renderAlert(alert!, messageState()))).not.toContain(ACTION_IDS.undo);
    // A trail of the account the call was made in keeps its plain summary.
    const [own] = normaliseInvocation(toEventBridgeEnvelope(BY_ARN), { catalog, matcher: createCatalogMatcher(catalog), alarmTopicArn: undefined });
    expect(own?.summary).toBe('mallory (IAMUser) stopped CloudTrail logging on trail org-audit');
  });

  it('the button says what it starts and that the gap stays unlogged', () => {
    expect(panelOf(undoTargetOf(BY_ARN)!)).toEqual({
      label: 'Start logging',
      confirm:
        'Start logging of CloudTrail trail org-audit in us-east-1 (account 111122223333) again. Events made while it was stopped are ' +
        'not logged afterwards; CloudTrail event history still has the last 90 days of management events in each region.',
    });
  });

  it('a bare name: checks the trail is still stopped, then starts it in the event\'s region as the Slack user, and audits it', async () => {
    cloudtrail.on(GetTrailStatusCommand).resolves(status(false));
    cloudtrail.on(StartLoggingCommand).resolves({});
    const { alert, message } = await postedAlert(BY_NAME);
    await runWorker(await clickUndo(alert, message));

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ACTION_ROLE, SourceIdentity: ADMIN });
    expect(sent(cloudtrail)).toEqual([
      ['GetTrailStatusCommand', { Name: 'management-events' }],
      ['StartLoggingCommand', { Name: 'management-events' }],
    ]);
    for (const call of cloudtrail.calls()) expect(await call.thisValue.config.region()).toBe('eu-west-1');
    expect(lastUpdate(message)).toContain(`*Undone* by <@${ADMIN}>`);
    expect(lastUpdate(message)).not.toContain(ACTION_IDS.undo);
    expect(threadReplies(message)).toEqual([expect.stringContaining('Undo of logging of CloudTrail trail management-events in eu-west-1: undone.')]);
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done', startedBy: ADMIN });
    expect((await state().audit.list({ limit: 1 }))[0]).toMatchObject({ actor: ADMIN, action: 'alert.undo', target: 'cloudtrail-logging in eu-west-1', result: 'succeeded' });
  });

  it('an ARN: names the trail by that ARN, in the ARN\'s home region', async () => {
    cloudtrail.on(GetTrailStatusCommand).resolves(status(false));
    cloudtrail.on(StartLoggingCommand).resolves({});
    const { alert, message } = await postedAlert(BY_ARN);
    await runWorker(await clickUndo(alert, message));

    expect(sent(cloudtrail)).toEqual([
      ['GetTrailStatusCommand', { Name: ORG_AUDIT }],
      ['StartLoggingCommand', { Name: ORG_AUDIT }],
    ]);
    for (const call of cloudtrail.calls()) expect(await call.thisValue.config.region()).toBe('us-east-1');
    expect(threadReplies(message)).toEqual([expect.stringContaining('Undo of logging of CloudTrail trail org-audit in us-east-1: undone.')]);
  });

  it('logging again already: already undone, nothing started', async () => {
    cloudtrail.on(GetTrailStatusCommand).resolves(status(true));
    const { alert, message } = await postedAlert(BY_NAME);
    await runWorker(await clickUndo(alert, message));
    expect(cloudtrail).not.toHaveReceivedCommand(StartLoggingCommand);
    expect(lastUpdate(message)).toContain('already undone, nothing to do');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done' });
  });

  it('the trail deleted since: changed since, left alone (no trail is made)', async () => {
    cloudtrail
      .on(GetTrailStatusCommand)
      .rejects(awsError('TrailNotFoundException', 'Unknown trail: arn:aws:cloudtrail:eu-west-1:111122223333:trail/management-events for the user: 111122223333'));
    const { alert, message } = await postedAlert(BY_NAME);
    await runWorker(await clickUndo(alert, message));
    expect(cloudtrail).not.toHaveReceivedCommand(StartLoggingCommand);
    expect(lastUpdate(message)).toContain('changed since the event, left alone (the trail no longer exists)');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done' });
  });

  it('a refused start fails with a human reason and offers Retry undo; the retry starts it', async () => {
    cloudtrail.on(GetTrailStatusCommand).resolves(status(false));
    cloudtrail
      .on(StartLoggingCommand)
      .rejectsOnce(
        awsError(
          'AccessDeniedException',
          'User: arn:aws:sts::111122223333:assumed-role/secmon-worker-actions/U0ADMIN01 is not authorized to perform: cloudtrail:StartLogging on resource: ' +
            'arn:aws:cloudtrail:eu-west-1:111122223333:trail/management-events because no identity-based policy allows the cloudtrail:StartLogging action',
        ),
      )
      .resolves({});
    const { alert, message } = await postedAlert(BY_NAME);
    await runWorker(await clickUndo(alert, message));

    expect(lastUpdate(message)).toContain('*Undo failed*');
    expect(lastUpdate(message)).toContain('Retry undo');
    expect(lastUpdate(message)).toContain("secmon's worker role may not start logging of CloudTrail trail management-events (access denied");
    expect(lastUpdate(message)).not.toContain('no identity-based policy');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'failed' });

    await runWorker(await clickUndo(alert, message));
    expect(cloudtrail).toHaveReceivedCommandTimes(StartLoggingCommand, 2);
    expect(lastUpdate(message)).toContain(':white_check_mark: undone');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a kept stop is not undone: a job written anyway is refused without a CloudTrail call', async () => {
    // Made by mallory (mapped to ADMIN), so OTHER_ADMIN may keep it.
    const { alert, message } = await postedAlert(BY_NAME);
    await runWorker(await submit('keep', alert, message, OTHER_ADMIN, { reason: 'Trail replaced by the organization trail, CHG-2210' }));
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'kept', kept: { by: OTHER_ADMIN } });
    expect(lastUpdate(message)).not.toContain(ACTION_IDS.undo);
    slack.reset();
    await runWorker(await submit('undo', alert, message, ADMIN));
    expect(cloudtrail.calls()).toHaveLength(0);
    expect(threadReplies(message)[0]).toContain('Not undone: keeping this change was approved');
  });
});

describe('undo of StopConfigurationRecorder, through the real worker', () => {
  /** mallory stopped recorder default in ap-southeast-2. */
  const STOPPED = recorded('Config recorder is stopped by mallory');
  const recorder = (recording: boolean) => ({
    ConfigurationRecordersStatus: [
      {
        arn: 'arn:aws:config:ap-southeast-2:111122223333:configuration-recorder/default/x7kq2m9d4rtw5vbn',
        name: 'default',
        lastStartTime: new Date('2025-11-02T09:00:00Z'),
        lastStopTime: new Date('2026-03-04T08:20:19Z'),
        recording,
        lastStatus: 'Success' as const,
        lastStatusChangeTime: new Date('2026-03-04T08:19:02Z'),
      },
    ],
  });

  it('the stopped recorder in the event\'s region; none for a refused call, deletions, a start or a service-linked recorder', () => {
    expect(undoTargetOf(STOPPED)).toMatchObject({ kind: 'config-recorder', recorderName: 'default', region: 'ap-southeast-2', accountId: '111122223333' });
    expect(undoTargetOf(recorded('stopping a Config recorder that does not exist is refused'))).toBeUndefined();
    expect(undoTargetOf(recorded('Config recorder is deleted'))).toBeUndefined();
    expect(undoTargetOf(recorded('Config delivery channel is deleted'))).toBeUndefined();
    expect(undoTargetOf(recorded('Config recorder is started'))).toBeUndefined();
    expect(undoTargetOf({ ...STOPPED, requestParameters: { configurationRecorderName: 'AWSConfigurationRecorderForSecurityHub' } })).toBeUndefined();
  });

  it('the button says what it starts and that the gap stays unrecorded', () => {
    expect(panelOf(undoTargetOf(STOPPED)!)).toEqual({
      label: 'Start recording',
      confirm:
        'Start AWS Config recorder default in ap-southeast-2 (account 111122223333) again. Configuration changes made while it was stopped ' +
        'are not recorded afterwards; Config records resources as it finds them on restart.',
    });
  });

  it('checks the recorder is still stopped, then starts exactly it in the event\'s region', async () => {
    config.on(DescribeConfigurationRecorderStatusCommand).resolves(recorder(false));
    config.on(StartConfigurationRecorderCommand).resolves({});
    const { alert, message } = await postedAlert(STOPPED);
    await runWorker(await clickUndo(alert, message));

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ACTION_ROLE, SourceIdentity: ADMIN });
    expect(sent(config)).toEqual([
      ['DescribeConfigurationRecorderStatusCommand', { ConfigurationRecorderNames: ['default'] }],
      ['StartConfigurationRecorderCommand', { ConfigurationRecorderName: 'default' }],
    ]);
    for (const call of config.calls()) expect(await call.thisValue.config.region()).toBe('ap-southeast-2');
    expect(lastUpdate(message)).toContain(`*Undone* by <@${ADMIN}>`);
    expect(threadReplies(message)).toEqual([expect.stringContaining('Undo of AWS Config recorder default in ap-southeast-2: undone.')]);
    expect((await state().audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'alert.undo', target: 'config-recorder in ap-southeast-2', result: 'succeeded' });
  });

  it('recording again already: already undone, nothing started', async () => {
    config.on(DescribeConfigurationRecorderStatusCommand).resolves(recorder(true));
    const { alert, message } = await postedAlert(STOPPED);
    await runWorker(await clickUndo(alert, message));
    expect(config).not.toHaveReceivedCommand(StartConfigurationRecorderCommand);
    expect(lastUpdate(message)).toContain('already undone, nothing to do');
  });

  it('the recorder deleted since: changed since, left alone', async () => {
    config
      .on(DescribeConfigurationRecorderStatusCommand)
      .rejects(awsError('NoSuchConfigurationRecorderException', "Cannot find configuration recorder with the specified name 'default'."));
    const { alert, message } = await postedAlert(STOPPED);
    await runWorker(await clickUndo(alert, message));
    expect(config).not.toHaveReceivedCommand(StartConfigurationRecorderCommand);
    expect(lastUpdate(message)).toContain('changed since the event, left alone (the recorder no longer exists)');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done' });
  });

  it('no delivery channel left: fails saying so and offers Retry undo; the retry starts it once one exists', async () => {
    config.on(DescribeConfigurationRecorderStatusCommand).resolves(recorder(false));
    config
      .on(StartConfigurationRecorderCommand)
      .rejectsOnce(awsError('NoAvailableDeliveryChannelException', 'Delivery channel is not available to start configuration recorder.'))
      .resolves({});
    const { alert, message } = await postedAlert(STOPPED);
    await runWorker(await clickUndo(alert, message));

    expect(lastUpdate(message)).toContain('*Undo failed*');
    expect(lastUpdate(message)).toContain('Retry undo');
    expect(lastUpdate(message)).toContain('AWS Config recorder default has no delivery channel any more: create one, then retry');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'failed' });

    await runWorker(await clickUndo(alert, message));
    expect(config).toHaveReceivedCommandTimes(StartConfigurationRecorderCommand, 2);
    expect(lastUpdate(message)).toContain(':white_check_mark: undone');
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a kept stop is not undone: a job written anyway is refused without a Config call', async () => {
    const { alert, message } = await postedAlert(STOPPED);
    await runWorker(await submit('keep', alert, message, OTHER_ADMIN, { reason: 'Recording moved to the aggregator account, CHG-2211' }));
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'kept' });
    slack.reset();
    await runWorker(await submit('undo', alert, message, ADMIN));
    expect(config.calls()).toHaveLength(0);
    expect(threadReplies(message)[0]).toContain('Not undone: keeping this change was approved');
  });
});
