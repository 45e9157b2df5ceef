/**
 * What secmon keeps in its one DynamoDB table, one module per concept (src/store/<concept>/), each owning its item
 * shape, key layout and conditional writes, written once against the table port (table/table.ts): DynamoDB in the
 * Lambdas, the memory table in `secmon replay --slack/--preview` and unit tests.
 *
 * Every partition key is `<kind>#<id>` with a fixed kind per concept, so IAM can scope a function to the kinds it
 * touches with `dynamodb:LeadingKeys` (e.g. `audit#*`). Kinds listed as a whole keep one partition, `<kind>#all`.
 * The README's "State table" section has the full layout and which function reads and writes which kind.
 *
 * Callers take the modules they need (`Pick<StateStores, 'groups' | 'messages'>`); a handler builds them once per
 * cold start from its table.
 */
import { OpenAlarms, ALARM_KIND } from './alarms/open-alarms.js';
import { AuditLog, AUDIT_KIND } from './audit/audit-log.js';
import { DEDUPE_KIND } from './dedupe/delivery-dedupe.js';
import { DIRTY_KIND } from './groups/dirty-markers.js';
import { AlertGroups } from './groups/alert-groups.js';
import { GROUP_KIND } from './groups/group-item.js';
import { LastAlerts, LAST_ALERT_KIND } from './last-alerts/last-alerts.js';
import { Messages, MESSAGE_KIND } from './messages/messages.js';
import { Remediations, REMEDIATION_KIND } from './remediations/remediations.js';
import { Silences, SILENCE_KIND } from './silences/silences.js';
import { SLACK_REQUEST_KIND } from './slack-requests/request-ledger.js';
import type { StateTable } from './table/table.js';

export interface StateStores {
  readonly groups: AlertGroups;
  readonly messages: Messages;
  readonly alarms: OpenAlarms;
  readonly silences: Silences;
  readonly remediations: Remediations;
  readonly lastAlerts: LastAlerts;
  readonly audit: AuditLog;
}

export function createStateStores(table: StateTable): StateStores {
  return {
    groups: new AlertGroups(table),
    messages: new Messages(table),
    alarms: new OpenAlarms(table),
    silences: new Silences(table),
    remediations: new Remediations(table),
    lastAlerts: new LastAlerts(table),
    audit: new AuditLog(table),
  };
}

/**
 * Every partition-key kind in the table. `threshold` is reserved for the threshold counters (src/store/thresholds/).
 */
export const STATE_KINDS = [
  GROUP_KIND,
  DIRTY_KIND,
  MESSAGE_KIND,
  ALARM_KIND,
  SILENCE_KIND,
  REMEDIATION_KIND,
  LAST_ALERT_KIND,
  AUDIT_KIND,
  DEDUPE_KIND,
  SLACK_REQUEST_KIND,
] as const;
