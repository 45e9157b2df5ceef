/**
 * finding-notify: when an admin acknowledges a Security Hub finding's alert and the deployment says so
 * (FINDINGS_ACK_NOTIFIED, template parameter FindingsAckNotified; off by default), the worker also sets the finding's
 * workflow status to NOTIFIED ("someone is on it"). No note: an acknowledgement should not replace an analyst's note.
 * Never requested by the Slack function directly: the worker runs it after it audited the acknowledgement.
 */
import * as z from 'zod/mini';
import { alertRef } from '../stored-change.js';
import type { ActionDefinition } from '../types.js';
import { SECURITY_HUB_WORKFLOW } from './permissions.js';
import { adminClients, recordFindingAction } from './record.js';
import { storedFinding } from './stored-finding.js';
import { setSecurityHubWorkflow } from './write-back.js';

const notifyParams = z.object(alertRef);
export type NotifyParams = z.infer<typeof notifyParams>;

const RULE = { verb: 'set to NOTIFIED', sources: ['securityhub'] } as const;

export const findingNotifyAction: ActionDefinition<NotifyParams> = {
  name: 'finding-notify',
  description: "On acknowledge (when configured): set the Security Hub finding's workflow status to NOTIFIED.",
  adminOnly: true,
  writes: true,
  actsIn: 'alert-account',
  params: notifyParams,
  example: { deliveryId: '7f2c1e0a-0000-4000-8000-000000000004', message: { channel: 'C0123456789', ts: '1763632800.000400' } },
  permissions: [SECURITY_HUB_WORKFLOW],
  async refuse(params, context) {
    const stored = await storedFinding(params, context, RULE);
    if (!stored.ok) return stored.result;
    const { finding, state } = stored;
    const already = state.findingAction?.status === 'notified' ? 'NOTIFIED' : finding.workflowStatus !== 'NEW' ? (finding.workflowStatus ?? 'past NEW') : undefined;
    if (already !== undefined) {
      return { ok: false, denied: true, summary: `Security Hub not changed: the finding's workflow status is already ${already}.`, detail: { deliveryId: params.deliveryId, refused: 'not-new' } };
    }
    return undefined;
  },
  async run(params, context) {
    const stored = await storedFinding(params, context, RULE);
    if (!stored.ok) return stored.result;
    const { finding } = stored;
    const detail = { deliveryId: params.deliveryId, source: finding.source, findingId: finding.id, adminAccount: finding.adminAccount, region: finding.adminRegion };
    const reached = await adminClients(finding, context);
    if (!reached.ok) return { ok: false, summary: `Security Hub not notified: ${reached.reason}.`, detail };
    const written = await setSecurityHubWorkflow(reached.clients, finding, 'NOTIFIED', undefined);
    if (!written.ok) return { ok: false, summary: `Security Hub not notified: ${written.reason}.`, detail, cause: written.cause };
    await recordFindingAction(params.message, context, { status: 'notified', reason: undefined, atSource: true });
    return { ok: true, summary: 'Security Hub workflow status set to NOTIFIED.', detail };
  },
};
