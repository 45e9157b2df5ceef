/**
 * Small builders for the two pattern languages, so a monitor states each list of names once and both forms are
 * generated from it. Filter text is CloudWatch Logs JSON filter syntax; event patterns are EventBridge JSON.
 */
import { CLOUDTRAIL_DETAIL_TYPES, SIGNIN_DETAIL_TYPE_AS_DOCUMENTED } from '../envelope.js';
import type { EventPattern } from '../types.js';

/** `detail-type` of every CloudTrail API call on EventBridge. */
export const API_CALL = CLOUDTRAIL_DETAIL_TYPES.AwsApiCall;

/**
 * `detail-type` of console sign-in events. Real events carry the first spelling; the EventBridge user guide page
 * "AWS service events delivered via AWS CloudTrail" spells it the second way, so patterns accept both.
 */
export const SIGN_IN_DETAIL_TYPES = [CLOUDTRAIL_DETAIL_TYPES.AwsConsoleSignIn, SIGNIN_DETAIL_TYPE_AS_DOCUMENTED] as const;

/** Every `detail-type` a CloudTrail record arrives with, for patterns that concern records of any kind. */
export const FROM_CLOUDTRAIL = [...Object.values(CLOUDTRAIL_DETAIL_TYPES), SIGNIN_DETAIL_TYPE_AS_DOCUMENTED];

/**
 * A quoted filter value. Callers pass names from a restricted character set (see options.ts); JSON quoting escapes
 * `"` and `\` anyway.
 */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** `$.selector = "value"` (a leading or trailing `*` in value is a filter wildcard). */
export function eq(selector: string, value: string): string {
  return `${selector} = ${quote(value)}`;
}

/** `$.selector != "value"` (false when the field is absent). */
export function ne(selector: string, value: string): string {
  return `${selector} != ${quote(value)}`;
}

/** One value: `$.s = "a"`; several: `($.s = "a" || $.s = "b")`. */
export function anyOf(selector: string, values: readonly string[]): string {
  if (values.length === 0) throw new Error(`anyOf(${selector}) needs at least one value`);
  const terms = values.map((value) => eq(selector, value));
  return terms.length === 1 ? terms[0]! : `(${terms.join(' || ')})`;
}

/** `(a || b || ...)`; a single term is returned as is. */
export function or(...terms: string[]): string {
  return terms.length === 1 ? terms[0]! : `(${terms.join(' || ')})`;
}

/** `a && b && ...`: `&&` binds tighter than `||`, so a conjunction needs no parentheses wherever it is used. */
export function and(...terms: string[]): string {
  return terms.join(' && ');
}

/** A whole filter pattern: `{ a && b && ... }`. */
export function filter(...conditions: string[]): string {
  return `{ ${conditions.join(' && ')} }`;
}

/** `$.eventSource = "<service>.amazonaws.com"`. */
export function fromService(service: string): string {
  return eq('$.eventSource', `${service}.amazonaws.com`);
}

/**
 * An event pattern for CloudTrail API calls to one service: source `aws.<service>`, detail-type "AWS API Call via
 * CloudTrail", detail.eventSource `<service>.amazonaws.com`, plus the given detail fields.
 */
export function apiCall(service: string, detail: Record<string, unknown>): EventPattern {
  return {
    source: [`aws.${service}`],
    'detail-type': [API_CALL],
    detail: { eventSource: [`${service}.amazonaws.com`], ...detail },
  };
}

/** Characters next to which a space in a filter pattern carries no meaning. */
const FILTER_PUNCTUATION = new Set(['(', ')', '{', '}', '=', '!', '<', '>', '&', '|', '"']);

/**
 * The same filter pattern without the spaces that only aid reading (around operators, parentheses and quoted
 * values), for patterns that must fit CloudWatch Logs' 1024 characters. Quoted values are copied as they are, and
 * a space between two words (`$.x NOT EXISTS`) is kept.
 */
export function compactFilter(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') {
      // Copy the quoted value through its closing quote, escapes included.
      let j = i + 1;
      while (j < text.length && text.charAt(j) !== '"') j += text.charAt(j) === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === ' ') {
      while (text.charAt(i + 1) === ' ') i++;
      const next = text.charAt(i + 1);
      const prev = out.charAt(out.length - 1);
      if (prev !== '' && next !== '' && !FILTER_PUNCTUATION.has(prev) && !FILTER_PUNCTUATION.has(next)) out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Calls of one service: exact event names and/or name prefixes (Lambda names carry API versions:
 * `AddPermission20150331v2`), with optional further fields written once per language.
 */
export interface ServiceCalls {
  readonly service: string;
  readonly eventNames?: readonly string[];
  readonly prefixes?: readonly string[];
  /** More `detail` fields of the event pattern for these calls. */
  readonly detail?: Readonly<Record<string, unknown>>;
  /** The same requirements as filter conditions (omit what the filter language cannot say; say so in filterLimitation). */
  readonly filter?: readonly string[];
}

/**
 * Both forms of "one of these calls": successful ones only (no errorCode), unless `attempts` (a refused attempt is
 * worth an alert too). One service gives `apiCall`'s shape; several give one `$or` branch each, every branch
 * naming its eventSource and the pattern listing every source. The filter is compacted (1024 characters at most).
 */
export function callForms(
  calls: readonly ServiceCalls[],
  options: { readonly attempts?: boolean } = {},
): { readonly filterPattern: string; readonly eventPattern: EventPattern } {
  if (calls.length === 0) throw new Error('callForms needs at least one group of calls');
  const success = options.attempts === true ? {} : { errorCode: [{ exists: false }] };
  const branches = calls.map((call) => ({
    eventSource: [`${call.service}.amazonaws.com`],
    eventName: [...(call.eventNames ?? []), ...(call.prefixes ?? []).map((prefix) => ({ prefix }))],
    ...call.detail,
  }));
  const sources = [...new Set(calls.map((call) => `aws.${call.service}`))];
  const eventPattern: EventPattern =
    branches.length === 1
      ? { source: sources, 'detail-type': [API_CALL], detail: { ...branches[0], ...success } }
      : { source: sources, 'detail-type': [API_CALL], detail: { ...success, $or: branches } };
  const filterCalls = calls.map((call) =>
    and(
      fromService(call.service),
      anyOf('$.eventName', [...(call.eventNames ?? []), ...(call.prefixes ?? []).map((prefix) => `${prefix}*`)]),
      ...(call.filter ?? []),
    ),
  );
  const filterPattern = compactFilter(
    filter(or(...filterCalls), ...(options.attempts === true ? [] : ['$.errorCode NOT EXISTS'])),
  );
  return { filterPattern, eventPattern };
}

/** Every CloudTrail source: for patterns that concern any service (root activity, refused calls). */
export const ANY_AWS_SOURCE = [{ prefix: 'aws.' }] as const;
