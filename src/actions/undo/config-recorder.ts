/**
 * Undo of StopConfigurationRecorder: StartConfigurationRecorder of that recorder in the event's region, after
 * DescribeConfigurationRecorderStatus says it is still not recording (recording: already undone; the recorder gone:
 * changed since, left alone). Configuration changes made while it was stopped are not recorded afterwards: Config
 * records the resources as it finds them once it runs again.
 */
import { DescribeConfigurationRecorderStatusCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import type { ConfigRecorderUndo } from '../../alerts/undo/model.js';
import { awsErrorName, humanReason } from '../errors.js';
import type { IamStatement } from '../types.js';
import type { UndoKindDefinition } from './kind.js';

const RECORDER_GONE = 'the recorder no longer exists';

export const configRecorderUndo: UndoKindDefinition<ConfigRecorderUndo> = {
  kind: 'config-recorder',
  subject: (target) => `AWS Config recorder ${target.recorderName} in ${target.region}`,
  async run(target, clients) {
    const config = clients.config(target.region);
    let recording: boolean | undefined;
    try {
      const answer = await config.send(new DescribeConfigurationRecorderStatusCommand({ ConfigurationRecorderNames: [target.recorderName] }));
      const status = (answer.ConfigurationRecordersStatus ?? []).find((recorder) => recorder.name === target.recorderName);
      if (status === undefined) return { result: { outcome: 'changed', reason: RECORDER_GONE } };
      recording = status.recording;
    } catch (error) {
      if (awsErrorName(error) === 'NoSuchConfigurationRecorderException') return { result: { outcome: 'changed', reason: RECORDER_GONE } };
      return { result: { outcome: 'failed', reason: humanReason(error, `read the status of AWS Config recorder ${target.recorderName}`) }, cause: error };
    }
    if (recording === true) return { result: { outcome: 'already_undone', reason: undefined } };
    try {
      await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: target.recorderName }));
      return { result: { outcome: 'undone', reason: undefined } };
    } catch (error) {
      const name = awsErrorName(error);
      // Deleted between the check and the start.
      if (name === 'NoSuchConfigurationRecorderException') return { result: { outcome: 'changed', reason: RECORDER_GONE } };
      // Its delivery channel was deleted (DeleteDeliveryChannel has no undo): a person restores it, then retries.
      if (name === 'NoAvailableDeliveryChannelException') {
        return { result: { outcome: 'failed', reason: `AWS Config recorder ${target.recorderName} has no delivery channel any more: create one, then retry` }, cause: error };
      }
      return { result: { outcome: 'failed', reason: humanReason(error, `start AWS Config recorder ${target.recorderName}`) }, cause: error };
    }
  },
};

export const CONFIG_RECORDER_PERMISSIONS: readonly IamStatement[] = [
  {
    actions: ['config:DescribeConfigurationRecorderStatus', 'config:StartConfigurationRecorder'],
    resources: ['arn:${AWS::Partition}:config:*:${AWS::AccountId}:configuration-recorder/*'],
    reason:
      'Undo StopConfigurationRecorder: check the recorder is still stopped, then start it (both authorised on the ' +
      'ConfigurationRecorder resource type, arn …:configuration-recorder/<name>/<id>; recorders carry no secmon name).',
  },
];
