/**
 * Inspector `Inspector2 Finding` events (source aws.inspector2): `detail` is the finding (Inspector User Guide,
 * "Amazon EventBridge event schema for Amazon Inspector events"). Inspector sends one for a new finding and for any
 * change of it, status included (ACTIVE, SUPPRESSED, CLOSED); the finding keeps its ARN.
 */
import * as z from 'zod/mini';
import type { FindingState } from '../model.js';
import { consoleUrl, findingTime, nonEmpty, parseFindingPart, type FindingParser } from '../parsed.js';
import { inspectorSeverity } from '../severity.js';
import { inspectorTypeInWords } from '../type-words.js';

const detailSchema = z.looseObject({
  findingArn: nonEmpty,
  awsAccountId: nonEmpty,
  type: nonEmpty,
  severity: nonEmpty,
  status: z.enum(['ACTIVE', 'SUPPRESSED', 'CLOSED']),
  title: z.optional(z.string()),
  description: z.optional(z.string()),
  firstObservedAt: findingTime,
  lastObservedAt: findingTime,
  updatedAt: z.optional(findingTime),
  resources: z.array(z.looseObject({ id: z.string(), type: z.string(), region: z.optional(z.string()) })),
  packageVulnerabilityDetails: z.optional(z.looseObject({ vulnerabilityId: z.optional(z.string()) })),
});

const STATES: Readonly<Record<'ACTIVE' | 'SUPPRESSED' | 'CLOSED', FindingState>> = { ACTIVE: 'active', SUPPRESSED: 'suppressed', CLOSED: 'resolved' };

export const parseInspectorFinding: FindingParser = (envelope, input) => {
  const detail = parseFindingPart(detailSchema, input, 'detail');
  const region = envelope.region;
  const typeInWords = inspectorTypeInWords(detail.type, detail.packageVulnerabilityDetails?.vulnerabilityId);
  return [
    {
      severity: inspectorSeverity(detail.severity),
      raw: input,
      info: {
        source: 'inspector',
        id: detail.findingArn,
        type: detail.type,
        typeInWords,
        title: detail.title !== undefined && detail.title !== '' ? detail.title : typeInWords,
        sourceSeverity: detail.severity,
        state: STATES[detail.status],
        account: detail.awsAccountId,
        region: detail.resources[0]?.region ?? region,
        adminAccount: envelope.account,
        adminRegion: region,
        resources: detail.resources.map((resource) => ({ type: resource.type, id: resource.id })),
        firstSeen: detail.firstObservedAt,
        lastSeen: detail.lastObservedAt,
        count: 1,
        // updatedAt is optional in Inspector's finding: the last observation stands in for it.
        updatedAt: detail.updatedAt ?? detail.lastObservedAt,
        consoleUrl: consoleUrl(
          region,
          `inspector/v2/home?region=${encodeURIComponent(region)}#/findings/all?${new URLSearchParams({ findingArn: detail.findingArn }).toString()}`,
        ),
      },
    },
  ];
};
