/**
 * Checks and conversions both store implementations share, so they accept and return exactly the same things.
 */
import { NEW_MESSAGE_STATE, type AlertMessageState } from '../alerts/model.js';
import { SecmonError } from '../errors.js';
import {
  MAX_LAST_ALERT_SUMMARY,
  parseTime,
  type AuditRecord,
  type LastAlertRecord,
  type MessageStatePatch,
  type NewSilence,
} from './state-store.js';

/**
 * A deep copy as DynamoDB stores it: plain JSON, `undefined` properties dropped. The memory store stores these
 * too, so it cannot accept what DynamoDB would not round-trip.
 */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A stored message state with the fields DynamoDB dropped (undefined) restored. */
export function messageState(stored: Partial<AlertMessageState> | undefined): AlertMessageState {
  return { ...NEW_MESSAGE_STATE, ...(stored ?? {}) };
}

/** Applies a state patch (a key present with `undefined` clears the field). */
export function patchState(state: AlertMessageState, patch: MessageStatePatch): AlertMessageState {
  return messageState(plain({ ...state, ...patch }));
}

export function patchKeys(patch: MessageStatePatch): (keyof AlertMessageState)[] {
  const known = Object.keys(NEW_MESSAGE_STATE);
  return Object.keys(patch).filter((key): key is keyof AlertMessageState => known.includes(key));
}

export function requireKey(what: string, value: string): void {
  if (value === '') throw new SecmonError('INPUT_INVALID', `${what} must not be empty`);
}

/** Validates a silence and returns its end in epoch ms. */
export function silenceEnd(silence: NewSilence): number {
  requireKey('silence monitorId', silence.monitorId);
  const until = parseTime(silence.until);
  if (until === undefined) throw new SecmonError('INPUT_INVALID', `silence until is not a time: ${silence.until}`);
  return until;
}

/** Validates an audit record and returns its time in epoch ms. */
export function auditTime(record: AuditRecord): number {
  const at = parseTime(record.at);
  if (at === undefined) throw new SecmonError('INPUT_INVALID', `audit time is not a time: ${record.at}`);
  requireKey('audit actor', record.actor);
  requireKey('audit action', record.action);
  return at;
}

/** Validates a last-alert record; returns it with its summary cut to size, and its time in epoch ms. */
export function lastAlertInput(record: LastAlertRecord): { record: LastAlertRecord; atMs: number } {
  requireKey('last alert monitorId', record.monitorId);
  const atMs = parseTime(record.at);
  if (atMs === undefined) throw new SecmonError('INPUT_INVALID', `last alert time is not a time: ${record.at}`);
  let summary = record.summary;
  if (summary.length > MAX_LAST_ALERT_SUMMARY) {
    let cut = summary.slice(0, MAX_LAST_ALERT_SUMMARY - 1);
    // Never keep half of a surrogate pair (an invalid string to Slack).
    if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
    summary = `${cut}…`;
  }
  return { record: { ...record, summary }, atMs };
}

/** The audit sort-key bound for "at or after `since`". */
export function auditSinceKey(since: string): string {
  const ms = parseTime(since);
  if (ms === undefined) throw new SecmonError('INPUT_INVALID', `audit since is not a time: ${since}`);
  return timeKey(ms);
}

/** Sort key part for a time: fixed width, so string order is time order. */
export function timeKey(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Zero-padded epoch ms, so string order is numeric order. */
export function msKey(epochMs: number): string {
  return String(Math.max(0, Math.trunc(epochMs))).padStart(15, '0');
}

export function validLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1) throw new SecmonError('INPUT_INVALID', `limit must be a positive integer: ${limit}`);
  return limit;
}
