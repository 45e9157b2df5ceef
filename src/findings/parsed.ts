/**
 * What a source parser makes of one finding event: each finding as FindingInfo, its severity on secmon's scale, and
 * the finding as received (posted as the message's first thread reply). A finding that breaks the documented shape
 * is a FindingInvalid naming the field: the normaliser posts it as a notification, never drops it.
 */
import * as z from 'zod/mini';
import type { AlertSeverity } from '../alerts/model.js';
import { describeIssues } from '../alerts/normalise/schemas.js';
import { consoleOrigin, isRegionCode } from '../alerts/links.js';
import type { FindingInfo } from './model.js';

export interface ParsedFinding {
  readonly info: FindingInfo;
  readonly severity: AlertSeverity;
  /** The finding object as the event carried it. */
  readonly raw: unknown;
}

/** The EventBridge envelope fields the parsers read (the administrator's account and region: where it arrived). */
export interface FindingEnvelope {
  readonly account: string;
  readonly region: string;
  readonly resources: readonly unknown[];
}

export type FindingParser = (envelope: FindingEnvelope, detail: unknown) => ParsedFinding[];

export class FindingInvalid extends Error {
  override readonly name = 'FindingInvalid';
}

/** `schema.parse`, or FindingInvalid saying which fields are wrong (`missing detail.severity`). */
export function parseFindingPart<T extends z.ZodMiniType>(schema: T, input: unknown, pathPrefix: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new FindingInvalid(describeIssues(result.error, input, pathPrefix));
}

export const nonEmpty = z.string().check(z.minLength(1));

/**
 * A timestamp as ISO 8601. The detectors write ISO 8601, except Inspector's EventBridge events, which AWS documents
 * as `Apr 13, 2022, 12:32:33 AM` (UTC): both are read.
 */
export const findingTime = z.pipe(
  z.string().check(z.refine((text) => !Number.isNaN(Date.parse(text)), { error: 'is not a timestamp' })),
  z.transform(isoTime),
);

/** A time without a zone is UTC (as AWS writes them), never the local time of whoever runs secmon. */
function isoTime(text: string): string {
  const zoned = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(text) || /^\d{4}-\d{2}-\d{2}$/.test(text);
  const utc = zoned ? Number.NaN : Date.parse(/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(text) ? `${text}Z` : `${text} UTC`);
  // The refinement above parsed the text itself: it is the fallback.
  return new Date(Number.isNaN(utc) ? Date.parse(text) : utc).toISOString();
}

/** The console page of a finding: `<origin>/<path>`, for a validated region (else the global console). */
export function consoleUrl(region: string, path: string): string {
  const origin = isRegionCode(region) ? consoleOrigin(region) : 'https://console.aws.amazon.com';
  return `${origin}/${path}`;
}
