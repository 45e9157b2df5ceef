/**
 * finding-resolve: a secmon admin marks a Security Hub finding RESOLVED from its alert (the only source with a
 * resolved workflow status), with a note naming the Slack user.
 */
import * as z from 'zod/mini';
import { alertRef } from '../stored-change.js';
import type { ActionDefinition } from '../types.js';
import { SECURITY_HUB_WORKFLOW } from './permissions.js';
import { adminClients, recordFindingAction } from './record.js';
import { RESOLVABLE_SOURCES } from './sources.js';
import { storedFinding } from './stored-finding.js';
import { noteText, setSecurityHubWorkflow } from './write-back.js';

const resolveParams = z.object(alertRef);
export type ResolveParams = z.infer<typeof resolveParams>;

const RULE = { verb: 'resolved', sources: RESOLVABLE_SOURCES } as const;

export const findingResolveAction: ActionDefinition<ResolveParams> = {
  name: 'finding-resolve',
  description: 'Mark a Security Hub finding RESOLVED (workflow status, with a note naming you).',
  adminOnly: true,
  writes: true,
  actsIn: 'alert-account',
  params: resolveParams,
  example: { deliveryId: '7f2c1e0a-0000-4000-8000-000000000003', message: { channel: 'C0123456789', ts: '1763632800.000300' } },
  permissions: [SECURITY_HUB_WORKFLOW],
  async refuse(params, context) {
    const stored = await storedFinding(params, context, RULE);
    return stored.ok ? undefined : stored.result;
  },
  async run(params, context) {
    const stored = await storedFinding(params, context, RULE);
    if (!stored.ok) return stored.result;
    const { finding } = stored;
    const detail = { deliveryId: params.deliveryId, source: finding.source, findingId: finding.id, adminAccount: finding.adminAccount, region: finding.adminRegion };
    const reached = await adminClients(finding, context);
    if (!reached.ok) return { ok: false, summary: `Not resolved: ${reached.reason}.`, detail };
    const written = await setSecurityHubWorkflow(reached.clients, finding, 'RESOLVED', noteText('Resolved from Slack', context.actor));
    if (!written.ok) return { ok: false, summary: `Not resolved at Security Hub: ${written.reason}.`, detail, cause: written.cause };
    await recordFindingAction(params.message, context, { status: 'resolved', reason: undefined, atSource: true });
    return { ok: true, summary: 'Resolved at Security Hub (workflow status RESOLVED).', detail };
  },
};
