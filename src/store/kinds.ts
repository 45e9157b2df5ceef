/**
 * Every kind of item in the state table: each partition key is `<kind>#<id>`, so IAM can scope a function to the
 * kinds it touches with `dynamodb:LeadingKeys` (`<kind>#*`). Each concept module names its own kind from this list;
 * `last-seen` and `account` exist in an organization deployment only (src/org/);
 * `escalation` only with escalation configured (src/alerts/escalation.ts).
 */
export const STATE_KINDS = [
  'group',
  'dirty',
  'message',
  'alarm',
  'silence',
  'remediation',
  'last-alert',
  'audit',
  'dedupe',
  'slack-request',
  'threshold',
  'job',
  'open-revert',
  'flood',
  'last-seen',
  'account',
  'finding',
  'escalation',
  'suppression',
] as const;

export type StateKind = (typeof STATE_KINDS)[number];
