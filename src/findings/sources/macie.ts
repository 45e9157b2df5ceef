/**
 * Macie `Macie Finding` events (source aws.macie): `detail` is the finding (Macie User Guide, "Amazon EventBridge
 * event schema for Macie findings"). Macie sends one for each new finding and for later occurrences of a policy
 * finding (`count`, `updatedAt`), none for findings its suppression rules archive.
 */
import * as z from 'zod/mini';
import type { FindingResource } from '../model.js';
import { consoleUrl, findingTime, nonEmpty, parseFindingPart, type FindingParser } from '../parsed.js';
import { macieSeverity } from '../severity.js';
import { macieTypeInWords } from '../type-words.js';

const detailSchema = z.looseObject({
  id: nonEmpty,
  accountId: nonEmpty,
  region: nonEmpty,
  type: nonEmpty,
  title: z.string(),
  createdAt: findingTime,
  updatedAt: findingTime,
  count: z.optional(z.number().check(z.int(), z.nonnegative())),
  archived: z.optional(z.boolean()),
  severity: z.looseObject({ description: nonEmpty }),
  resourcesAffected: z.optional(
    z.looseObject({
      s3Bucket: z.optional(z.looseObject({ arn: z.optional(z.string()), name: z.optional(z.string()) })),
      s3Object: z.optional(z.looseObject({ path: z.optional(z.string()), key: z.optional(z.string()) })),
    }),
  ),
});

type Affected = z.infer<typeof detailSchema>['resourcesAffected'];

function resourcesOf(affected: Affected): FindingResource[] {
  const resources: FindingResource[] = [];
  const bucket = affected?.s3Bucket?.arn ?? affected?.s3Bucket?.name;
  if (bucket !== undefined && bucket !== '') resources.push({ type: 'AWS::S3::Bucket', id: bucket });
  const object = affected?.s3Object?.path ?? affected?.s3Object?.key;
  if (object !== undefined && object !== '') resources.push({ type: 'AWS::S3::Object', id: object });
  return resources;
}

export const parseMacieFinding: FindingParser = (envelope, input) => {
  const detail = parseFindingPart(detailSchema, input, 'detail');
  const region = envelope.region;
  return [
    {
      severity: macieSeverity(detail.severity.description),
      raw: input,
      info: {
        source: 'macie',
        id: detail.id,
        type: detail.type,
        typeInWords: macieTypeInWords(detail.type),
        title: detail.title,
        sourceSeverity: detail.severity.description,
        state: detail.archived === true ? 'archived' : 'active',
        account: detail.accountId,
        region: detail.region,
        adminAccount: envelope.account,
        adminRegion: region,
        resources: resourcesOf(detail.resourcesAffected),
        firstSeen: detail.createdAt,
        lastSeen: detail.updatedAt,
        count: Math.max(1, detail.count ?? 1),
        updatedAt: detail.updatedAt,
        consoleUrl: consoleUrl(region, `macie/home?region=${encodeURIComponent(region)}#findings?itemId=${encodeURIComponent(detail.id)}`),
      },
    },
  ];
};
