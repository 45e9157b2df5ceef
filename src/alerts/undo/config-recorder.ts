/**
 * StopConfigurationRecorder stops the customer managed configuration recorder it names
 * (`requestParameters.configurationRecorderName`) in the call's region; AWS Config answers with an empty body, so
 * success is the absence of an errorCode (checked by the caller). Starting that recorder again restores what the call
 * changed. Service-linked recorders (names starting "AWSConfigurationRecorderFor") always record: Config refuses to
 * stop or start them, so such a name offers no undo. DeleteConfigurationRecorder and DeleteDeliveryChannel remove
 * what a start would need: they have no builder.
 */
import { stringAt } from '../../cloudtrail/record.js';
import type { ConfigRecorderUndo, UndoCommon } from './model.js';

const SERVICE_LINKED_PREFIX = 'AWSConfigurationRecorderFor';
/** The API's length limit of a recorder name. */
const MAX_NAME = 256;

export function configRecorderUndoOf(record: unknown, common: UndoCommon): ConfigRecorderUndo | undefined {
  const recorderName = stringAt(record, 'requestParameters', 'configurationRecorderName');
  if (!recorderName || recorderName.length > MAX_NAME || recorderName.startsWith(SERVICE_LINKED_PREFIX)) return undefined;
  return { kind: 'config-recorder', ...common, recorderName };
}
