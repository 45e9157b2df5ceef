/**
 * The test event `/secmon test <monitor>` sends to the alerts Lambda, so that a test travels the real path
 * (normalise, dedupe, render, post). It is an EventBridge-like envelope with its own source and detail-type, which
 * no AWS service uses:
 *
 *   { "version": "0", "id": "secmon-test-<hash>", "detail-type": "secmon test", "source": "secmon.test",
 *     "account": "", "time": "<ISO>", "region": "", "resources": [],
 *     "detail": { "monitorId": "root-activity", "requestedBy": "U0123ABCD", "record": { ...optional CloudTrail record } } }
 *
 * The alert says plainly that it is a test: title "Test: <monitor title>", info severity (a test must not look
 * like an incident), no group key (each test posts its own message), no links and never a revert, even when a
 * sample record describes a world-open security group.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { findMonitor } from '../../catalog/index.js';
import type { JsonObject } from '../../cloudtrail/record.js';
import { activityOf } from '../activity.js';
import type { Alert } from '../model.js';
import { summariseRecord } from '../summary.js';
import { alertOf, present } from './alert.js';
import { monitorRef, type NormaliseDeps } from './monitors.js';
import type { Envelope } from './schemas.js';

export const TEST_SOURCE = 'secmon.test';
export const TEST_DETAIL_TYPE = 'secmon test';

export interface SecmonTestEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': typeof TEST_DETAIL_TYPE;
  readonly source: typeof TEST_SOURCE;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: {
    readonly monitorId: string;
    /** Who asked for the test (a Slack user id, shown as given). */
    readonly requestedBy: string;
    /** A sample CloudTrail record, so the test alert shows what a real one would. */
    readonly record?: JsonObject;
  };
}

export const testDetailSchema = z.looseObject({
  monitorId: z.string().check(z.minLength(1)),
  requestedBy: z.string().check(z.minLength(1)),
  record: z.optional(z.record(z.string(), z.unknown())),
});
export type TestDetail = z.infer<typeof testDetailSchema>;

export function isTestEnvelope(envelope: Envelope): boolean {
  return envelope.source === TEST_SOURCE && envelope['detail-type'] === TEST_DETAIL_TYPE;
}

/**
 * The test event for a monitor. The id is derived from its inputs, so building it twice for one request gives the
 * same delivery id (and dedupe posts it once), while any other request differs by time or requester.
 */
export function buildTestEvent(
  monitorId: string,
  requestedBy: string,
  now: Date,
  options: { readonly record?: JsonObject; readonly account?: string; readonly region?: string } = {},
): SecmonTestEvent {
  const time = now.toISOString();
  const hash = createHash('sha256').update(JSON.stringify([monitorId, requestedBy, time])).digest('hex').slice(0, 24);
  return {
    version: '0',
    id: `secmon-test-${hash}`,
    'detail-type': TEST_DETAIL_TYPE,
    source: TEST_SOURCE,
    account: options.account ?? '',
    time,
    region: options.region ?? '',
    resources: [],
    detail: { monitorId, requestedBy, ...(options.record === undefined ? {} : { record: options.record }) },
  };
}

export function normaliseTestEvent(envelope: Envelope, detail: TestDetail, deps: NormaliseDeps, now: Date): Alert {
  const monitor = findMonitor(deps.catalog, detail.monitorId);
  const name = monitor?.title ?? detail.monitorId;
  const record = detail.record;
  const sample = record === undefined ? '' : ` Sample event: ${summariseRecord(record)}.`;
  return alertOf({
    deliveryId: envelope.id,
    source: 'test',
    monitor: monitorRef(monitor),
    severity: 'info',
    title: `Test: ${name}`,
    summary: `Test alert for ${name}, requested by ${detail.requestedBy}; nothing happened in AWS.${sample}`,
    time: present(envelope.time) ?? now.toISOString(),
    account: present(envelope.account),
    region: present(envelope.region),
    activity: record === undefined ? undefined : activityOf(record),
  });
}
