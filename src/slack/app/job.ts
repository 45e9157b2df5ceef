/**
 * The job the Slack request function hands to the worker (an asynchronous Lambda invoke). Everything slow (AWS
 * writes, reads of alarms and rules) happens in the worker; the job says what to run, for whom, and where to answer.
 * The worker validates `params` with the action's own schema (src/actions/), not here: this module stays free of the
 * action implementations so the Slack function's bundle does not pull in their AWS clients.
 */
import * as z from 'zod/mini';
import type { ActionName } from '../../actions/types.js';
import { SecmonError } from '../../errors.js';

export const JOB_VERSION = 1 as const;

export const ACTION_NAMES = [
  'enable',
  'disable',
  'silence',
  'unsilence',
  'test',
  'status',
  'revert',
  'keep',
] as const satisfies readonly ActionName[];

/** How the worker renders a read-only result (`/secmon list` and `/secmon status` both run the status action). */
export const JOB_VIEWS = ['list', 'status'] as const;
export type JobView = (typeof JOB_VIEWS)[number];

const slackId = z.string().check(z.regex(/^[A-Z][A-Z0-9]{2,}$/, 'must be a Slack id'));
const postedMessage = z.object({ channel: slackId, ts: z.string().check(z.regex(/^\d+\.\d+$/, 'must be a message ts')) });

export const workerJobSchema = z.object({
  v: z.literal(JOB_VERSION),
  /** Request id: ties the audit record, the logs of both functions and the Slack replies together. */
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  action: z.enum(ACTION_NAMES),
  /** The action's parameters; validated by the worker with the action's schema. */
  params: z.unknown(),
  actor: z.object({ userId: slackId, userName: z.optional(z.string()) }),
  /** ISO time the request reached secmon. */
  requestedAt: z.iso.datetime(),
  /** Where the result goes: a slash command's response_url, and/or the alert message the action came from. */
  reply: z.object({
    responseUrl: z.optional(z.url({ protocol: /^https?$/ })),
    message: z.optional(postedMessage),
    /** Channel for ephemeral answers to a button (the message's channel). */
    channel: z.optional(slackId),
  }),
  view: z.optional(z.enum(JOB_VIEWS)),
  /** What the audit record names as the target (a monitor, a pack, a security group). */
  target: z.string().check(z.minLength(1), z.maxLength(512)),
});

export type WorkerJob = z.infer<typeof workerJobSchema>;

/** Parses a job; throws SecmonError INPUT_INVALID naming the offending fields. */
export function parseWorkerJob(value: unknown): WorkerJob {
  const parsed = workerJobSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'job'}: ${issue.message}`);
    throw new SecmonError('INPUT_INVALID', `invalid worker job: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** The audit `action` name of a job's action (`monitor.enable`, `alert.revert`, ...). */
export function auditActionName(action: ActionName): string {
  switch (action) {
    case 'enable':
    case 'disable':
    case 'test':
    case 'status':
      return `monitor.${action}`;
    case 'silence':
      return 'silence.set';
    case 'unsilence':
      return 'silence.remove';
    case 'revert':
      return 'alert.revert';
    case 'keep':
      return 'alert.keep';
  }
}
