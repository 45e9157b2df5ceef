/**
 * What secmon keeps in its one DynamoDB table, one module per concept (src/store/<concept>/), each owning its item
 * shape, key layout and conditional writes, written once against the table port (table/table.ts): DynamoDB in the
 * Lambdas, the memory table in `secmon replay` (threshold counts; the whole pipeline with --slack/--preview) and unit
 * tests.
 *
 * Every partition key is `<kind>#<id>` with a fixed kind per concept, so IAM can scope a function to the kinds it
 * touches with `dynamodb:LeadingKeys` (e.g. `audit#*`). Kinds listed as a whole keep one partition, `<kind>#all`.
 * The README's "State table" section has the full layout and which function reads and writes which kind.
 *
 * Callers take the modules they need (`Pick<StateStores, 'groups' | 'messages'>`); a handler builds them once per
 * cold start from its table.
 */
import { OpenAlarms } from './alarms/open-alarms.js';
import { AccountCache } from './accounts/account-cache.js';
import { AuditLog } from './audit/audit-log.js';
import { FindingMessages } from './findings/finding-messages.js';
import { Escalations } from './escalations/escalations.js';
import { PostBudget } from './flood/post-budget.js';
import { AlertGroups } from './groups/alert-groups.js';
import { Jobs } from './jobs/jobs.js';
import { LastAlerts } from './last-alerts/last-alerts.js';
import { LastSeen } from './last-seen/last-seen.js';
import { Messages } from './messages/messages.js';
import { OpenReverts } from './remediations/open-reverts.js';
import { Remediations } from './remediations/remediations.js';
import { Silences } from './silences/silences.js';
import { Suppressions } from './suppressions/suppressions.js';
import type { StateTable } from './table/table.js';
import { ThresholdCounters } from './thresholds/threshold-counters.js';

export interface StateStores {
  readonly groups: AlertGroups;
  readonly messages: Messages;
  readonly alarms: OpenAlarms;
  readonly silences: Silences;
  readonly remediations: Remediations;
  readonly openReverts: OpenReverts;
  readonly lastAlerts: LastAlerts;
  readonly audit: AuditLog;
  readonly thresholds: ThresholdCounters;
  readonly jobs: Jobs;
  readonly postBudget: PostBudget;
  readonly lastSeen: LastSeen;
  readonly accounts: AccountCache;
  readonly findings: FindingMessages;
  readonly escalations: Escalations;
  readonly suppressions: Suppressions;
}

export function createStateStores(table: StateTable): StateStores {
  return {
    groups: new AlertGroups(table),
    messages: new Messages(table),
    alarms: new OpenAlarms(table),
    silences: new Silences(table),
    remediations: new Remediations(table),
    openReverts: new OpenReverts(table),
    lastAlerts: new LastAlerts(table),
    audit: new AuditLog(table),
    thresholds: new ThresholdCounters(table),
    jobs: new Jobs(table),
    postBudget: new PostBudget(table),
    lastSeen: new LastSeen(table),
    accounts: new AccountCache(table),
    findings: new FindingMessages(table),
    escalations: new Escalations(table),
    suppressions: new Suppressions(table),
  };
}

export { STATE_KINDS, type StateKind } from './kinds.js';
