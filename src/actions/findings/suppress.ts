/**
 * finding-suppress: a secmon admin suppresses a finding from its alert, with a reason, and the source is told:
 * Security Hub workflow SUPPRESSED with a note naming the Slack user, GuardDuty archived, IAM Access Analyzer archived.
 * Inspector and Macie have no write-back in secmon (src/actions/findings/sources.ts): there the suppression is
 * recorded by secmon only, and the summary says the finding stays open at its source.
 */
import * as z from 'zod/mini';
import { escapeMrkdwn } from '../common.js';
import { alertRef } from '../stored-change.js';
import type { ActionDefinition, ActionResult } from '../types.js';
import { ACCESS_ANALYZER_ARCHIVE, GUARDDUTY_ARCHIVE, SECURITY_HUB_WORKFLOW } from './permissions.js';
import { adminClients, recordFindingAction } from './record.js';
import { FINDING_SOURCE_NAMES, MAX_SUPPRESS_REASON } from './sources.js';
import { storedFinding } from './stored-finding.js';
import { archiveAccessAnalyzerFinding, archiveGuardDutyFinding, noteText, setSecurityHubWorkflow, type WriteOutcome } from './write-back.js';

const suppressParams = z.object({
  ...alertRef,
  reason: z.string().check(z.trim(), z.minLength(3, 'say why the finding is suppressed'), z.maxLength(MAX_SUPPRESS_REASON)),
});
export type SuppressParams = z.infer<typeof suppressParams>;

const RULE = { verb: 'suppressed', sources: ['securityhub', 'guardduty', 'access-analyzer', 'inspector', 'macie'] } as const;

export const findingSuppressAction: ActionDefinition<SuppressParams> = {
  name: 'finding-suppress',
  description: "Suppress a finding with a reason: Security Hub workflow SUPPRESSED, GuardDuty and IAM Access Analyzer archived; Inspector and Macie in secmon only.",
  adminOnly: true,
  writes: true,
  actsIn: 'alert-account',
  params: suppressParams,
  example: {
    deliveryId: '7f2c1e0a-0000-4000-8000-000000000002',
    reason: 'Expected: the scanner probes this host weekly, ticket SEC-7',
    message: { channel: 'C0123456789', ts: '1763632800.000200' },
  },
  permissions: [SECURITY_HUB_WORKFLOW, GUARDDUTY_ARCHIVE, ACCESS_ANALYZER_ARCHIVE],
  async refuse(params, context) {
    const stored = await storedFinding(params, context, RULE);
    return stored.ok ? undefined : stored.result;
  },
  async run(params, context) {
    const stored = await storedFinding(params, context, RULE);
    if (!stored.ok) return stored.result;
    const { finding } = stored;
    const name = FINDING_SOURCE_NAMES[finding.source];
    const detail = { deliveryId: params.deliveryId, source: finding.source, findingId: finding.id, adminAccount: finding.adminAccount, region: finding.adminRegion, reason: params.reason };
    const why = escapeMrkdwn(params.reason);

    if (finding.source === 'inspector' || finding.source === 'macie') {
      await recordFindingAction(params.message, context, { status: 'suppressed', reason: params.reason, atSource: false });
      return { ok: true, summary: `Suppressed in secmon only: ${why}. secmon does not write back to ${name}, so the finding stays open there.`, detail: { ...detail, atSource: false } };
    }

    const reached = await adminClients(finding, context);
    if (!reached.ok) return { ok: false, summary: `Not suppressed: ${reached.reason}.`, detail };
    let written: WriteOutcome;
    switch (finding.source) {
      case 'securityhub':
        written = await setSecurityHubWorkflow(reached.clients, finding, 'SUPPRESSED', noteText(params.reason, context.actor));
        break;
      case 'guardduty':
        written = await archiveGuardDutyFinding(reached.clients, finding);
        break;
      case 'access-analyzer':
        written = await archiveAccessAnalyzerFinding(reached.clients, finding, context.requestId);
        break;
    }
    if (!written.ok) return { ok: false, summary: `Not suppressed at ${name}: ${written.reason}.`, detail, cause: written.cause } satisfies ActionResult;
    await recordFindingAction(params.message, context, { status: 'suppressed', reason: params.reason, atSource: true });
    const how = finding.source === 'securityhub' ? 'workflow status SUPPRESSED' : 'archived';
    return { ok: true, summary: `Suppressed at ${name} (${how}): ${why}`, detail: { ...detail, atSource: true } };
  },
};
