/**
 * GuardDuty `GuardDuty Finding` events (source aws.guardduty): the finding is `detail` (GuardDuty User Guide,
 * "Processing GuardDuty findings with Amazon EventBridge"; the finding format of GetFindings). GuardDuty sends an
 * event for a new finding and again when later occurrences update it (`service.count`, `updatedAt`); it sends none
 * for findings its suppression rules archive.
 */
import * as z from 'zod/mini';
import type { FindingResource } from '../model.js';
import { consoleUrl, findingTime, nonEmpty, parseFindingPart, type FindingParser } from '../parsed.js';
import { guardDutySeverity } from '../severity.js';
import { guardDutyTypeInWords } from '../type-words.js';

const detailSchema = z.looseObject({
  id: nonEmpty,
  type: nonEmpty,
  accountId: nonEmpty,
  region: nonEmpty,
  severity: z.number(),
  title: z.string(),
  createdAt: findingTime,
  updatedAt: findingTime,
  resource: z.optional(z.looseObject({ resourceType: z.optional(z.string()) })),
  service: z.looseObject({
    detectorId: z.optional(z.string()),
    archived: z.optional(z.boolean()),
    count: z.optional(z.number().check(z.int(), z.nonnegative())),
    eventFirstSeen: z.optional(findingTime),
    eventLastSeen: z.optional(findingTime),
  }),
});

type Resource = Record<string, unknown>;

/** The affected resource: its type, and the ARN or id each resource kind's details carry. */
function resourcesOf(resource: Resource | undefined): FindingResource[] {
  if (resource === undefined) return [];
  const type = typeof resource['resourceType'] === 'string' ? resource['resourceType'] : 'Unknown';
  const read = (part: string, ...keys: string[]): string | undefined => {
    const holder = resource[part];
    const first = Array.isArray(holder) ? holder[0] : holder;
    if (typeof first !== 'object' || first === null) return undefined;
    for (const key of keys) {
      const value = (first as Record<string, unknown>)[key];
      if (typeof value === 'string' && value !== '') return value;
    }
    return undefined;
  };
  const id =
    read('instanceDetails', 'instanceId') ??
    read('accessKeyDetails', 'userName', 'accessKeyId', 'principalId') ??
    read('s3BucketDetails', 'arn', 'name') ??
    read('eksClusterDetails', 'arn', 'name') ??
    read('ecsClusterDetails', 'arn', 'name') ??
    read('rdsDbInstanceDetails', 'dbInstanceArn', 'dbInstanceIdentifier') ??
    read('lambdaDetails', 'functionArn', 'functionName') ??
    read('containerDetails', 'id', 'name');
  return id === undefined ? [] : [{ type, id }];
}

export const parseGuardDutyFinding: FindingParser = (envelope, input) => {
  const detail = parseFindingPart(detailSchema, input, 'detail');
  const { service } = detail;
  const id = detail.id;
  const region = envelope.region;
  return [
    {
      severity: guardDutySeverity(detail.severity),
      raw: input,
      info: {
        source: 'guardduty',
        id,
        type: detail.type,
        typeInWords: guardDutyTypeInWords(detail.type),
        title: detail.title,
        sourceSeverity: detail.severity.toFixed(1),
        state: service.archived === true ? 'archived' : 'active',
        account: detail.accountId,
        region: detail.region,
        adminAccount: envelope.account,
        adminRegion: region,
        resources: resourcesOf(detail.resource as Resource | undefined),
        firstSeen: service.eventFirstSeen ?? detail.createdAt,
        lastSeen: service.eventLastSeen ?? detail.updatedAt,
        count: Math.max(1, service.count ?? 1),
        updatedAt: detail.updatedAt,
        ...(service.detectorId === undefined || service.detectorId === '' ? {} : { detectorId: service.detectorId }),
        consoleUrl: consoleUrl(region, `guardduty/home?region=${encodeURIComponent(region)}#/findings?macros=current&fId=${encodeURIComponent(id)}`),
      },
    },
  ];
};
