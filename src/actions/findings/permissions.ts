/**
 * The IAM statements of the finding write-backs, narrowest the AWS Service Authorization Reference allows. They act in
 * the account that administers the finding (its `adminAccount`): the home action role there, or in an organization
 * the member role of that account, so each ARN names `${AWS::AccountId}` (the stack's own account) and any region.
 */
import type { IamStatement } from '../types.js';

export const SECURITY_HUB_WORKFLOW: IamStatement = {
  actions: ['securityhub:BatchUpdateFindings'],
  resources: ['arn:${AWS::Partition}:securityhub:*:${AWS::AccountId}:hub/default'],
  reason: "Set the finding's workflow status (and note) at Security Hub; BatchUpdateFindings is authorised on the account's hub.",
};

export const GUARDDUTY_ARCHIVE: IamStatement = {
  actions: ['guardduty:ArchiveFindings'],
  resources: ['arn:${AWS::Partition}:guardduty:*:${AWS::AccountId}:detector/*'],
  reason: "Archive the finding at GuardDuty; ArchiveFindings is authorised on the detector (AWS's own AmazonDetectiveFullAccess grants it on detector/*).",
};

export const ACCESS_ANALYZER_ARCHIVE: IamStatement = {
  actions: ['access-analyzer:UpdateFindings'],
  resources: ['arn:${AWS::Partition}:access-analyzer:*:${AWS::AccountId}:analyzer/*'],
  reason: 'Archive the finding at IAM Access Analyzer; UpdateFindings is authorised on the analyzer that reported it.',
};
