/**
 * Reading attributes back: items come from a table other principals can write to, so every attribute a concept
 * module returns is checked; a wrong one is a STATE_STORE error naming the item and attribute.
 */
import type { PostedMessage } from '../../alerts/ports.js';
import { SecmonError } from '../../errors.js';
import type { Item } from './table.js';

export function malformed(item: Item, attribute: string): SecmonError {
  return new SecmonError('STATE_STORE', `malformed state item ${item.pk} / ${item.sk}: attribute ${attribute}`);
}

export function str(item: Item, attribute: string): string {
  const value = item[attribute];
  if (typeof value !== 'string') throw malformed(item, attribute);
  return value;
}

export function optStr(item: Item, attribute: string): string | undefined {
  return item[attribute] === undefined ? undefined : str(item, attribute);
}

export function num(item: Item, attribute: string): number {
  const value = item[attribute];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw malformed(item, attribute);
  return value;
}

export function optNum(item: Item, attribute: string): number | undefined {
  return item[attribute] === undefined ? undefined : num(item, attribute);
}

export function bool(item: Item, attribute: string): boolean {
  const value = item[attribute];
  if (typeof value !== 'boolean') throw malformed(item, attribute);
  return value;
}

export function obj<T>(item: Item, attribute: string): T {
  const value = item[attribute];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(item, attribute);
  return value as T;
}

export function oneOf<T extends string>(item: Item, attribute: string, allowed: readonly T[]): T {
  const value = str(item, attribute);
  if (!(allowed as readonly string[]).includes(value)) throw malformed(item, attribute);
  return value as T;
}

export function optMessage(item: Item, attribute: string): PostedMessage | undefined {
  if (item[attribute] === undefined) return undefined;
  const value = obj<Record<string, unknown>>(item, attribute);
  if (typeof value.channel !== 'string' || typeof value.ts !== 'string') throw malformed(item, attribute);
  return { channel: value.channel, ts: value.ts };
}

/** A Slack message reference as stored: exactly channel and ts. */
export function messageRef(message: PostedMessage): PostedMessage {
  return { channel: message.channel, ts: message.ts };
}

/**
 * A deep copy as DynamoDB stores it: plain JSON, `undefined` properties dropped (items are written without undefined
 * values, so the document client needs no `removeUndefinedValues`).
 */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function requireKey(what: string, value: string): void {
  if (value === '') throw new SecmonError('INPUT_INVALID', `${what} must not be empty`);
}

/** Parses an ISO time into epoch ms; `undefined` when it is not a time. */
export function parseTime(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Zero-padded epoch ms, so string order is numeric order. */
export function msKey(epochMs: number): string {
  return String(Math.max(0, Math.trunc(epochMs))).padStart(15, '0');
}
