/**
 * IAM Access Analyzer `Access Analyzer Finding` events (source aws.access-analyzer): `detail` is the finding (IAM
 * User Guide, "Monitoring AWS Identity and Access Management Access Analyzer with Amazon EventBridge"). Access
 * Analyzer sends one when a finding is created and when its status changes (ACTIVE, ARCHIVED, RESOLVED). The event
 * names the analyzer in its `resources` (the analyzer ARN), not in `detail`: it is taken from there when it is an
 * analyzer ARN, else left undefined.
 */
import * as z from 'zod/mini';
import type { FindingState } from '../model.js';
import { consoleUrl, findingTime, nonEmpty, parseFindingPart, type FindingParser } from '../parsed.js';
import { accessAnalyzerSeverity } from '../severity.js';
import { accessAnalyzerTypeInWords, resourceTypeInWords } from '../type-words.js';

const detailSchema = z.looseObject({
  id: nonEmpty,
  accountId: nonEmpty,
  resource: nonEmpty,
  resourceType: nonEmpty,
  isPublic: z.boolean(),
  status: z.enum(['ACTIVE', 'ARCHIVED', 'RESOLVED']),
  createdAt: findingTime,
  updatedAt: findingTime,
  analyzedAt: z.optional(findingTime),
  principal: z.optional(z.record(z.string(), z.unknown())),
});

const ANALYZER_ARN = /^arn:aws[a-z-]*:access-analyzer:[a-z0-9-]+:\d{12}:analyzer\/([A-Za-z0-9_.-]+)$/;

const STATES: Readonly<Record<'ACTIVE' | 'ARCHIVED' | 'RESOLVED', FindingState>> = { ACTIVE: 'active', ARCHIVED: 'archived', RESOLVED: 'resolved' };

export const parseAccessAnalyzerFinding: FindingParser = (envelope, input) => {
  const detail = parseFindingPart(detailSchema, input, 'detail');
  const analyzerArn = envelope.resources.find((resource): resource is string => typeof resource === 'string' && ANALYZER_ARN.test(resource));
  const analyzerName = analyzerArn === undefined ? undefined : ANALYZER_ARN.exec(analyzerArn)?.[1];
  const region = envelope.region;
  const what = resourceTypeInWords(detail.resourceType);
  const page = analyzerName === undefined ? '#/findings' : `#/findings/details/${encodeURIComponent(analyzerName)}/${encodeURIComponent(detail.id)}`;
  return [
    {
      severity: accessAnalyzerSeverity(detail.isPublic),
      raw: input,
      info: {
        source: 'access-analyzer',
        id: detail.id,
        type: `${detail.resourceType}/${detail.isPublic ? 'Public' : 'CrossAccount'}`,
        typeInWords: accessAnalyzerTypeInWords(detail.resourceType, detail.isPublic),
        title: detail.isPublic ? `Public access to ${what}` : `Access to ${what} from outside the zone of trust`,
        sourceSeverity: detail.isPublic ? 'public access' : 'cross-account access',
        state: STATES[detail.status],
        account: detail.accountId,
        region,
        adminAccount: envelope.account,
        adminRegion: region,
        resources: [{ type: detail.resourceType, id: detail.resource }],
        firstSeen: detail.createdAt,
        lastSeen: detail.analyzedAt ?? detail.updatedAt,
        count: 1,
        updatedAt: detail.updatedAt,
        ...(analyzerArn === undefined ? {} : { analyzerArn }),
        consoleUrl: consoleUrl(region, `access-analyzer/home?region=${encodeURIComponent(region)}${page}`),
      },
    },
  ];
};
