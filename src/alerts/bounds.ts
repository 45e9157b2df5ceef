/**
 * Size bounds on what an input can make secmon store and post. Inputs are hostile until proven otherwise: an SNS
 * message may be 256 KB, nested thousands deep; pretty-printed, a 24 KB message nested 3,000 deep became an 18 MB
 * alert, and 5,000 deep overflowed the stack. Every alert is bounded before it is posted, so the Slack post and the
 * state item that records it (DynamoDB items: 400 KB) both fit, and a retry never posts again for want of a write
 * that could not succeed.
 */
import { createHash } from 'node:crypto';
import type { Alert } from './model.js';

/** What Slack shows of raw text (one section); the rest is never seen. */
export const RAW_TEXT_LIMIT = 3000;
/** The raw finding a finding alert's first thread reply shows (a GuardDuty finding is typically 3–6 KB). */
export const RAW_FINDING_LIMIT = 12_000;
/** Any other string of an alert (summaries, CloudTrail fields such as user agents and resource names). */
export const STRING_LIMIT = 2000;
/** Deeper JSON is not pretty-printed (indentation alone would grow quadratically). */
export const PRETTY_DEPTH_LIMIT = 32;

/** `text` cut to `limit` characters, saying how long it was. */
export function clipText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = `… (${text.length.toLocaleString('en-US')} characters in all)`;
  return `${text.slice(0, Math.max(0, limit - note.length))}${note}`;
}

/**
 * The raw text of a message secmon does not recognise, as shown: pretty-printed when it is JSON of reasonable depth
 * and size, else as received; at most RAW_TEXT_LIMIT characters. `parsed` is the message as JSON, when it is JSON.
 */
export function rawTextOf(original: string, parsed: unknown): string {
  if (parsed === undefined || original.length > RAW_TEXT_LIMIT * 4 || depthExceeds(parsed, PRETTY_DEPTH_LIMIT)) {
    return clipText(original, RAW_TEXT_LIMIT);
  }
  return clipText(JSON.stringify(parsed, null, 2), RAW_TEXT_LIMIT);
}

/** The same for a value that arrived parsed (an EventBridge event): its JSON text, bounded without recursion. */
export function rawTextOfValue(value: unknown): string {
  if (depthExceeds(value, PRETTY_DEPTH_LIMIT)) return `(a JSON value nested deeper than ${PRETTY_DEPTH_LIMIT} levels, not shown)`;
  return rawTextOf(JSON.stringify(value), value);
}

/**
 * A content hash of a JSON value, computed without recursion (JSON.stringify overflows the stack at a few thousand
 * levels): what identifies a redelivery of an input that carries no id.
 */
export function fingerprintOf(value: unknown): string {
  const hash = createHash('sha256');
  // Structure marks and values in one stack; a mark is hashed as is, a value by its JSON text (or as an object).
  const stack: ({ mark: string } | { value: unknown })[] = [{ value }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('mark' in item) {
      hash.update(item.mark);
      continue;
    }
    const current = item.value;
    if (typeof current !== 'object' || current === null) {
      hash.update(JSON.stringify(current) ?? 'undefined');
      continue;
    }
    const array = Array.isArray(current);
    const entries = Object.entries(current);
    hash.update(array ? '[' : '{');
    stack.push({ mark: array ? ']' : '}' });
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      stack.push({ value: child });
      if (!array) stack.push({ mark: `${JSON.stringify(key)}:` });
    }
  }
  return `sha256:${hash.digest('base64url').slice(0, 32)}`;
}

/** True when `value` nests objects or arrays deeper than `limit` (iterative: any depth is safe to ask about). */
export function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The alert with every string bounded (raw text to what Slack shows, the raw finding to its reply, others to STRING_LIMIT). */
export function boundAlert(alert: Alert): Alert {
  const { rawText, rawFinding, ...rest } = alert;
  return {
    ...(bound(rest) as Omit<Alert, 'rawText' | 'rawFinding'>),
    rawText: rawText === undefined ? undefined : clipText(rawText, RAW_TEXT_LIMIT),
    ...(rawFinding === undefined ? {} : { rawFinding: clipText(rawFinding, RAW_FINDING_LIMIT) }),
  };
}

// The Alert model is a fixed, shallow shape (a handful of levels at most), so this recursion is bounded.
function bound(value: unknown): unknown {
  if (typeof value === 'string') return clipText(value, STRING_LIMIT);
  if (Array.isArray(value)) return value.map(bound);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, bound(item)]));
  return value;
}
