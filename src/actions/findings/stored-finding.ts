/**
 * The finding a Suppress, Resolve or acknowledge write-back acts on: read from the alert stored with the Slack message
 * the job names (as revert reads its change, src/actions/stored-change.ts), never from the job. So a job can only point
 * at an alert; the finding's ids, its source and the account and region the write goes to all come from what the
 * alerts function stored. Everything that needs no AWS call is checked here, so a refused job makes none.
 */
import type { Alert, AlertMessageState } from '../../alerts/model.js';
import type { FindingInfo, FindingSource } from '../../findings/model.js';
import type { ActionContext, ActionResult, DeploymentSettings } from '../types.js';
import { FINDING_SOURCE_NAMES, SUPPRESS_AT_SOURCE } from './sources.js';

export type StoredFinding =
  | { readonly ok: true; readonly alert: Alert; readonly state: AlertMessageState; readonly finding: FindingInfo }
  | { readonly ok: false; readonly result: ActionResult };

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

export async function storedFinding(
  params: { readonly deliveryId: string; readonly message: { readonly channel: string; readonly ts: string } },
  context: Pick<ActionContext, 'state' | 'settings'>,
  rule: { readonly verb: string; readonly sources: readonly FindingSource[] },
): Promise<StoredFinding> {
  const refuse = (why: string, refused: string): StoredFinding => ({
    ok: false,
    result: { ok: false, denied: true, summary: `Not ${rule.verb}: ${why}.`, detail: { deliveryId: params.deliveryId, refused } },
  });
  const content = await context.state.messages.get(params.message);
  if (content === undefined) return refuse('secmon no longer has this alert (older than 30 days, or never posted)', 'no-stored-alert');
  if (content.alert.deliveryId !== params.deliveryId) return refuse('the message shows another alert', 'other-alert');
  const finding = content.alert.finding;
  if (finding === undefined) return refuse('this alert is not a finding of an AWS detector', 'not-a-finding');
  const name = FINDING_SOURCE_NAMES[finding.source];
  if (!rule.sources.includes(finding.source)) return refuse(`secmon cannot do this with a ${name} finding`, 'wrong-source');
  if (finding.state !== 'active') return refuse(`the finding is already ${finding.state} at ${name}`, 'closed-at-source');
  const done = content.state.findingAction;
  if (done !== undefined && done.status !== 'notified') return refuse(`it was already ${done.status} by <@${done.by}>`, `already-${done.status}`);
  if (SUPPRESS_AT_SOURCE[finding.source] !== undefined) {
    const where = placementProblem(finding, context.settings) ?? (await outsideOrganization(finding.adminAccount, context));
    if (where !== undefined) return refuse(where, 'placement');
  }
  return { ok: true, alert: content.alert, state: content.state, finding };
}

/**
 * Why the write-back cannot go where the stored finding says (its administrator account and region), or undefined.
 * Outside an organization the worker acts in its own account only; the ids each API needs must be there, and an
 * analyzer ARN must name the same account and region (a stored alert that disagrees with itself is not acted on).
 */
function placementProblem(finding: FindingInfo, settings: DeploymentSettings): string | undefined {
  const { adminAccount, adminRegion } = finding;
  if (!ACCOUNT.test(adminAccount) || !REGION.test(adminRegion)) return 'the finding names no valid administrator account and region';
  if (settings.organization === undefined && adminAccount !== settings.accountId) {
    return `the finding is administered from account ${adminAccount}, and secmon's worker acts in ${settings.accountId} only (this is not an organization deployment)`;
  }
  switch (finding.source) {
    case 'securityhub':
      return nonEmpty(finding.productArn) ? undefined : 'the finding has no product ARN, which Security Hub needs to update it';
    case 'guardduty':
      return nonEmpty(finding.detectorId) ? undefined : 'the finding has no detector id, which GuardDuty needs to archive it';
    case 'access-analyzer': {
      const [, , service, region, account, resource] = (finding.analyzerArn ?? '').split(':');
      const matches = service === 'access-analyzer' && region === adminRegion && account === adminAccount && (resource ?? '').startsWith('analyzer/');
      return matches ? undefined : `the finding's analyzer is not one of account ${adminAccount} in ${adminRegion}`;
    }
    default:
      return undefined;
  }
}

/**
 * In an organization whose directory secmon has listed (src/store/accounts/), an administrator account the listing
 * does not hold is refused; without a listing, whether the account's member role can be assumed decides.
 */
async function outsideOrganization(adminAccount: string, context: Pick<ActionContext, 'state' | 'settings'>): Promise<string | undefined> {
  if (context.settings.organization === undefined || adminAccount === context.settings.accountId) return undefined;
  const listed = (await context.state.accounts.list()).filter((account) => account.listedAtMs !== undefined);
  if (listed.length === 0 || listed.some((account) => account.accountId === adminAccount)) return undefined;
  return `the finding is administered from account ${adminAccount}, which is not in the organization as secmon last listed it`;
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
