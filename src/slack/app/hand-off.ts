/**
 * Handing work to the worker: the job goes to the state table first (a conditional put), then the worker is invoked
 * with its id alone (src/slack/app/job.ts says why). Refusals and acknowledgements go the same way, for the worker
 * to write their audit records.
 */
import type { SlackAppDeps } from './deps.js';
import { JOB_REFERENCE_VERSION, type JobPayload } from './job.js';

/** Writes the job and invokes the worker with its id; resolves with the id once Lambda accepted it, throws otherwise. */
export async function handOff(deps: SlackAppDeps, payload: JobPayload, id: string = deps.newId()): Promise<string> {
  await deps.state.jobs.create(id, payload, deps.now());
  await deps.invokeWorker({ v: JOB_REFERENCE_VERSION, jobId: id });
  deps.logger.info('job handed to the worker', {
    requestId: id,
    kind: payload.kind,
    actor: payload.actor.userId,
    ...(payload.kind === 'acknowledge' ? {} : { action: payload.action }),
    target: payload.target,
  });
  return id;
}

/**
 * Hands a refusal or an acknowledgement to the worker for the audit trail. The user already has their answer, so a
 * failure here is logged (with the whole record) rather than shown to them.
 */
export async function handOffRecord(deps: SlackAppDeps, payload: Exclude<JobPayload, { kind: 'action' }>): Promise<void> {
  try {
    await handOff(deps, payload);
  } catch (error) {
    deps.logger.error('the audit record could not be handed to the worker', { record: payload, error: error as Error });
  }
}
