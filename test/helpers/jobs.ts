/**
 * Jobs as the Slack function hands them to the worker: written to the state table by the jobs module, and the
 * worker invoked with the reference `{ v: 2, jobId }` (src/slack/app/hand-off.ts does the same in the handler).
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { JOB_REFERENCE_VERSION, type JobPayload, type JobReference } from '../../src/slack/app/job.js';
import { jobKey, type Jobs } from '../../src/store/jobs/jobs.js';

export async function submitJob(jobs: Jobs, payload: JobPayload, now = new Date()): Promise<JobReference> {
  const jobId = randomUUID();
  await jobs.create(jobId, payload, now);
  return { v: JOB_REFERENCE_VERSION, jobId };
}

type InvokeCalls = readonly { args: readonly [{ input: { Payload?: unknown } }] }[];

/** The references the Slack handler invoked the worker with (aws-sdk-client-mock's Invoke calls), in order. */
export function invokedReferences(calls: InvokeCalls): JobReference[] {
  return calls.map((call) => {
    const payload = call.args[0].input.Payload;
    if (!(payload instanceof Uint8Array)) throw new Error('an Invoke without a payload');
    return JSON.parse(new TextDecoder().decode(payload)) as JobReference;
  });
}

/** The reference of the last Invoke. */
export function invokedReference(calls: InvokeCalls): JobReference {
  const reference = invokedReferences(calls).at(-1);
  if (reference === undefined) throw new Error('the worker was not invoked');
  return reference;
}

/** The jobs the Slack handler handed over, as stored in the table each invoke names (read as the worker would). */
export async function handedJobs(calls: InvokeCalls, table: { readonly documentClient: DynamoDBDocumentClient; readonly tableName: string }): Promise<(JobPayload & { id: string })[]> {
  return Promise.all(
    invokedReferences(calls).map(async ({ jobId }) => {
      const { Item } = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: jobKey(jobId), ConsistentRead: true }));
      if (Item === undefined) throw new Error(`the worker was invoked with job ${jobId}, which is not in the table`);
      return { ...(Item['payload'] as JobPayload), id: jobId };
    }),
  );
}
