/**
 * The one AWS call each source takes to change a finding, with the exact ids the stored finding holds:
 * - Security Hub: BatchUpdateFindings (Workflow.Status, and a Note naming the Slack user). It answers 200 even when
 *   it updated nothing: per-finding failures come back in UnprocessedFindings and are failures here.
 * - GuardDuty: ArchiveFindings (only the administrator account may archive).
 * - IAM Access Analyzer: UpdateFindings status ARCHIVED, with the job id as client token (a repeat is idempotent).
 * Errors come back as readable reasons (src/actions/errors.ts); the error itself goes to the log only.
 */
import { UpdateFindingsCommand } from '@aws-sdk/client-accessanalyzer';
import { ArchiveFindingsCommand } from '@aws-sdk/client-guardduty';
import { BatchUpdateFindingsCommand, type WorkflowStatus } from '@aws-sdk/client-securityhub';
import type { ActionClients } from '../../aws/action-clients.js';
import type { FindingInfo } from '../../findings/model.js';
import { humanReason } from '../errors.js';
import type { SlackActor } from '../types.js';

/** Security Hub's limit on Note.Text and Note.UpdatedBy (API reference, NoteUpdate). */
export const NOTE_MAX = 512;
export const NOTE_UPDATED_BY = 'secmon';

export type WriteOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly cause: unknown };

/**
 * `<reason> (secmon, Slack user <name> <id>)` on one line (Security Hub's NonEmptyString matches within a line), the
 * reason shortened so the whole fits NOTE_MAX and the user is always named.
 */
export function noteText(reason: string, actor: SlackActor): string {
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
  const suffix = ` (secmon, Slack user ${actor.userName === undefined ? '' : `${oneLine(actor.userName).slice(0, 100)} `}${actor.userId})`;
  const room = NOTE_MAX - suffix.length;
  const text = oneLine(reason);
  return `${text.length > room ? `${text.slice(0, room - 1)}…` : text}${suffix}`;
}

export async function setSecurityHubWorkflow(
  clients: ActionClients,
  finding: FindingInfo,
  status: Extract<WorkflowStatus, 'SUPPRESSED' | 'RESOLVED' | 'NOTIFIED'>,
  note: string | undefined,
): Promise<WriteOutcome> {
  const what = `set the workflow status of the Security Hub finding to ${status}`;
  try {
    const output = await clients.securityhub(finding.adminRegion).send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: finding.id, ProductArn: finding.productArn }],
        Workflow: { Status: status },
        ...(note === undefined ? {} : { Note: { Text: note, UpdatedBy: NOTE_UPDATED_BY } }),
      }),
    );
    const unprocessed = output.UnprocessedFindings ?? [];
    if (unprocessed.length === 0) return { ok: true };
    return { ok: false, reason: unprocessedReason(unprocessed[0]?.ErrorCode), cause: unprocessed };
  } catch (error) {
    return { ok: false, reason: humanReason(error, what), cause: error };
  }
}

/** The documented ErrorCode values of an unprocessed finding, in words (the raw ErrorMessage is never shown). */
function unprocessedReason(code: string | undefined): string {
  switch (code) {
    case 'FindingNotFound':
      return 'Security Hub has no such finding in the administrator account and region (it may have been deleted or aggregated elsewhere)';
    case 'ConcurrentUpdateError':
      return 'Security Hub was updating the finding at the same time; try again';
    case 'InvalidInput':
      return 'Security Hub rejected the update as invalid';
    case 'FindingSizeExceeded':
      return 'the finding is larger than Security Hub accepts for an update (240 KB)';
    default:
      return 'Security Hub did not update the finding (it reported it unprocessed)';
  }
}

export async function archiveGuardDutyFinding(clients: ActionClients, finding: FindingInfo): Promise<WriteOutcome> {
  try {
    await clients.guardduty(finding.adminRegion).send(new ArchiveFindingsCommand({ DetectorId: finding.detectorId, FindingIds: [finding.id] }));
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: humanReason(error, 'archive the GuardDuty finding'), cause: error };
  }
}

export async function archiveAccessAnalyzerFinding(clients: ActionClients, finding: FindingInfo, clientToken: string): Promise<WriteOutcome> {
  try {
    await clients.accessAnalyzer(finding.adminRegion).send(
      new UpdateFindingsCommand({ analyzerArn: finding.analyzerArn, ids: [finding.id], status: 'ARCHIVED', clientToken }),
    );
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: humanReason(error, 'archive the IAM Access Analyzer finding'), cause: error };
  }
}
