/**
 * Security Hub `Security Hub Findings - Imported` events (source aws.securityhub): `detail.findings` holds findings
 * in the AWS Security Finding Format (ASFF; Security Hub User Guide, "EventBridge event formats"; AWS documents one
 * finding per event, every one is read). Security Hub sends an event whenever a finding is imported or updated,
 * workflow changes (BatchUpdateFindings) included: a finding moved to RESOLVED or SUPPRESSED arrives like any other.
 */
import * as z from 'zod/mini';
import type { FindingState } from '../model.js';
import { consoleUrl, findingTime, nonEmpty, parseFindingPart, type FindingParser } from '../parsed.js';
import { securityHubSeverity } from '../severity.js';
import { asffTypeInWords } from '../type-words.js';

const findingSchema = z.looseObject({
  Id: nonEmpty,
  ProductArn: nonEmpty,
  AwsAccountId: nonEmpty,
  Title: z.string(),
  Types: z.optional(z.array(z.string())),
  Region: z.optional(z.string()),
  CreatedAt: findingTime,
  UpdatedAt: findingTime,
  FirstObservedAt: z.optional(findingTime),
  LastObservedAt: z.optional(findingTime),
  Severity: z.looseObject({ Label: nonEmpty }),
  Resources: z.array(z.looseObject({ Type: z.string(), Id: z.string(), Region: z.optional(z.string()) })),
  RecordState: z.optional(z.string()),
  Workflow: z.optional(z.looseObject({ Status: z.optional(z.string()) })),
  ProductName: z.optional(z.string()),
});

const detailSchema = z.looseObject({ findings: z.array(z.unknown()).check(z.minLength(1)) });

/** ARCHIVED records (the resource or control is gone) first; then the workflow: RESOLVED, SUPPRESSED; else open. */
function stateOf(recordState: string | undefined, workflow: string | undefined): FindingState {
  if (recordState === 'ARCHIVED') return 'archived';
  if (workflow === 'RESOLVED') return 'resolved';
  if (workflow === 'SUPPRESSED') return 'suppressed';
  return 'active';
}

export const parseSecurityHubFindings: FindingParser = (envelope, input) => {
  const detail = parseFindingPart(detailSchema, input, 'detail');
  return detail.findings.map((raw, index) => {
    const finding = parseFindingPart(findingSchema, raw, `detail.findings[${index}]`);
    const type = finding.Types?.[0] ?? 'Unclassified';
    const region = envelope.region;
    const workflowStatus = finding.Workflow?.Status;
    const search = `Id=\\operator\\:EQUALS\\:${finding.Id}`;
    return {
      severity: securityHubSeverity(finding.Severity.Label),
      raw,
      info: {
        source: 'securityhub' as const,
        id: finding.Id,
        type,
        typeInWords: asffTypeInWords(type),
        title: finding.Title,
        sourceSeverity: finding.Severity.Label,
        state: stateOf(finding.RecordState, workflowStatus),
        account: finding.AwsAccountId,
        region: finding.Region ?? finding.Resources[0]?.Region ?? region,
        adminAccount: envelope.account,
        adminRegion: region,
        resources: finding.Resources.map((resource) => ({ type: resource.Type, id: resource.Id })),
        firstSeen: finding.FirstObservedAt ?? finding.CreatedAt,
        lastSeen: finding.LastObservedAt ?? finding.UpdatedAt,
        count: 1,
        updatedAt: finding.UpdatedAt,
        productArn: finding.ProductArn,
        ...(workflowStatus === undefined ? {} : { workflowStatus }),
        consoleUrl: consoleUrl(region, `securityhub/home?region=${encodeURIComponent(region)}#/findings?search=${encodeURIComponent(search)}`),
      },
    };
  });
};
