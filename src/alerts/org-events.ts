/**
 * What the alerts function does with events of an organization besides alerting: heartbeats and the last event seen
 * per account and region, and naming the account of an organization trail's alarm by the calls behind it.
 */
import type { JsonObject } from '../cloudtrail/record.js';
import type { LastSeen, SeenSource } from '../store/last-seen/last-seen.js';
import type { Alert } from './model.js';

/**
 * An organization trail's alarm counts calls of every account: when every call the enrichment found was made in one
 * account (recipientAccountId), the alert names that account rather than the trail owner's.
 */
export function accountFromMatches(alert: Alert): Alert {
  if (alert.matches?.status !== 'found') return alert;
  const accounts = new Set(alert.matches.activities.map((activity) => activity.account));
  const [only] = accounts;
  return accounts.size === 1 && only !== undefined ? { ...alert, account: only } : alert;
}

/** A member stack's scheduled heartbeat (source aws.events, its rule `<prefix>-heartbeat` in `resources`). */
export function isHeartbeat(event: JsonObject, ruleName: string): boolean {
  const resources = Array.isArray(event['resources']) ? event['resources'] : [];
  return (
    event['source'] === 'aws.events' &&
    event['detail-type'] === 'Scheduled Event' &&
    resources.some((resource) => typeof resource === 'string' && resource.endsWith(`:rule/${ruleName}`))
  );
}

/** At most one last-seen write per account and region per minute of event time and container: status needs hours. */
const SEEN_WRITE_INTERVAL_MS = 60_000;

export function lastSeenRecorder(lastSeen: Pick<LastSeen, 'record'> | undefined, now: () => Date) {
  // Event time last written per account and region by this container.
  const written = new Map<string, number>();
  return async (account: string | undefined, region: string | undefined, time: string | undefined, source: SeenSource) => {
    if (lastSeen === undefined || account === undefined || region === undefined) return;
    if (!/^\d{12}$/.test(account) || !/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(region)) return;
    const nowMs = now().getTime();
    const key = `${account}#${region}`;
    const atMs = time === undefined || Number.isNaN(Date.parse(time)) ? nowMs : Math.min(Date.parse(time), nowMs);
    const last = written.get(key);
    if (last !== undefined && atMs < last + SEEN_WRITE_INTERVAL_MS) return;
    await lastSeen.record({ accountId: account, region, atMs, source });
    written.set(key, atMs);
  };
}
