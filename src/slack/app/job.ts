/**
 * Jobs: what the Slack request function hands to the worker. The Slack function writes the job to the state table
 * (src/store/jobs/) and invokes the worker (asynchronously) with a reference holding the job's id and nothing else;
 * the worker claims the job and reads what to do from the table. So only what the Slack function wrote runs, once.
 *
 * Three kinds:
 * - `action`: run an action for a Slack user (everything slow: AWS writes, reads of alarms and rules);
 * - `refusal`: the Slack function refused a user (not an admin): the worker writes the audit record;
 * - `acknowledge`: a user acknowledged an alert (done in the Slack function): the worker writes the audit record.
 * The worker alone writes audit records, so the internet-facing function cannot rewrite or fake history.
 *
 * The worker validates an action's `params` with the action's own schema (src/actions/), not here: this module stays
 * free of the action implementations so the Slack function's bundle does not pull in their AWS clients.
 */
import * as z from 'zod/mini';
import type { ActionName } from '../../actions/types.js';
import { SecmonError } from '../../errors.js';

export const JOB_REFERENCE_VERSION = 2 as const;

export const ACTION_NAMES = [
  'enable',
  'disable',
  'silence',
  'unsilence',
  'test',
  'status',
  'revert',
  'undo',
  'keep',
  'finding-suppress',
  'finding-resolve',
  // Run by the worker after an acknowledgement (FINDINGS_ACK_NOTIFIED); the Slack function never asks for it.
  'finding-notify',
  'suppress',
  'unsuppress',
  'suppressions',
] as const satisfies readonly ActionName[];

/**
 * How the worker renders a read-only result (`/secmon list` and `/secmon status` both run the status action;
 * `/secmon suppressions` answers with its summary, to the user alone).
 */
export const JOB_VIEWS = ['list', 'status', 'suppressions'] as const;
export type JobView = (typeof JOB_VIEWS)[number];

/** Job ids are random UUIDs (crypto.randomUUID): unguessable, so knowing one means having been told it. */
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What the worker is invoked with: the id of a job the Slack function wrote. Nothing else is accepted. */
export const jobReferenceSchema = z.strictObject({
  v: z.literal(JOB_REFERENCE_VERSION),
  jobId: z.string().check(z.regex(JOB_ID, 'must be a job id (a UUID)')),
});
export type JobReference = z.infer<typeof jobReferenceSchema>;

const slackId = z.string().check(z.regex(/^[A-Z][A-Z0-9]{2,}$/, 'must be a Slack id'));
export const postedMessageSchema = z.object({ channel: slackId, ts: z.string().check(z.regex(/^\d+\.\d+$/, 'must be a message ts')) });
const actor = z.object({ userId: slackId, userName: z.optional(z.string().check(z.maxLength(256))) });
/** ISO time the request reached secmon. */
const requestedAt = z.iso.datetime();
/** What the audit record names as the target (a monitor, a pack, a security group). */
const target = z.string().check(z.minLength(1), z.maxLength(512));

const actionJob = z.object({
  kind: z.literal('action'),
  action: z.enum(ACTION_NAMES),
  /** The action's parameters; validated by the worker with the action's schema. */
  params: z.unknown(),
  actor,
  requestedAt,
  /** Where the result goes: a slash command's response_url, and/or the alert message the action came from. */
  reply: z.object({
    responseUrl: z.optional(z.url({ protocol: /^https?$/ })),
    message: z.optional(postedMessageSchema),
    /** Channel for ephemeral answers to a button (the message's channel). */
    channel: z.optional(slackId),
  }),
  view: z.optional(z.enum(JOB_VIEWS)),
  target,
});

const refusalJob = z.object({
  kind: z.literal('refusal'),
  action: z.enum(ACTION_NAMES),
  actor,
  requestedAt,
  target,
  reason: z.string().check(z.minLength(1), z.maxLength(500)),
});

const acknowledgeJob = z.object({
  kind: z.literal('acknowledge'),
  actor,
  requestedAt,
  message: postedMessageSchema,
  /** The alert's monitor (the audit target). */
  target,
});

export const jobPayloadSchema = z.discriminatedUnion('kind', [actionJob, refusalJob, acknowledgeJob]);

/** What the Slack function writes. */
export type JobPayload = z.infer<typeof jobPayloadSchema>;
export type ActionJobPayload = Extract<JobPayload, { kind: 'action' }>;
/** A job as the worker runs it: the payload and its id. */
export type WorkerJob = JobPayload & { readonly id: string };
export type ActionJob = Extract<WorkerJob, { kind: 'action' }>;

function problemsOf(error: z.core.$ZodError, root: string): string {
  return error.issues.map((issue) => `${issue.path.join('.') || root}: ${issue.message}`).join('; ');
}

/** Parses the worker's invocation payload; throws SecmonError INPUT_INVALID naming the offending fields. */
export function parseJobReference(value: unknown): JobReference {
  const parsed = jobReferenceSchema.safeParse(value);
  if (!parsed.success) throw new SecmonError('INPUT_INVALID', `invalid worker job reference: ${problemsOf(parsed.error, 'payload')}`);
  return parsed.data;
}

/** Parses a job as read from the state table; throws SecmonError INPUT_INVALID naming the offending fields. */
export function parseJobPayload(id: string, value: unknown): WorkerJob {
  const parsed = jobPayloadSchema.safeParse(value);
  if (!parsed.success) throw new SecmonError('INPUT_INVALID', `invalid worker job ${id}: ${problemsOf(parsed.error, 'job')}`);
  return { ...parsed.data, id };
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
    case 'undo':
      return 'alert.undo';
    case 'keep':
      return 'alert.keep';
    case 'finding-suppress':
      return 'finding.suppress';
    case 'finding-resolve':
      return 'finding.resolve';
    case 'finding-notify':
      return 'finding.notify';
    case 'suppress':
      return 'suppression.set';
    case 'unsuppress':
      return 'suppression.remove';
    case 'suppressions':
      return 'suppression.list';
  }
}
