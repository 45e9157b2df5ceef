/**
 * The pieces summary sentences are built from: what a template reads of a call, and the helpers every group of
 * templates uses (summary.ts, summary-threats.ts).
 */
import type { JsonObject } from '../cloudtrail/record.js';
import type { AddedRule } from './model.js';

/** What a template reads. */
export interface Call {
  readonly name: string;
  readonly params: JsonObject;
  readonly response: JsonObject;
  readonly record: unknown;
}

/** The rest of the sentence after the actor, or undefined when the record lacks what the template needs. */
export type Template = (call: Call) => string | undefined;

const MAX_LISTED = 3;

/** `<sentence with {}>` filled with one request parameter, after an optional reshaping of the value. */
export function withParam(sentence: string, parameter: string, shape: (value: string) => string = (value) => value): Template {
  return (call) => {
    const value = str(call.params, parameter);
    return value === undefined ? undefined : sentence.replace('{}', shape(value));
  };
}

export function withNames(sentence: string, parameter: string): Template {
  return (call) => {
    const value = call.params[parameter];
    const names = Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : [];
    if (names.length === 0) return undefined;
    return sentence.replace('{s}', names.length === 1 ? '' : 's').replace('{}', list(names));
  };
}

export function str(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function afterLast(value: string, separator: string): string {
  const at = value.lastIndexOf(separator);
  const tail = at === -1 ? value : value.slice(at + 1);
  return tail === '' ? value : tail;
}

/** `arn:…:function:orders-api[:qualifier]`, `<account>:function:orders-api` or `orders-api`. */
export function functionName(value: string): string {
  const match = /(?:^|:)function:([^:]+)/.exec(value);
  return match?.[1] ?? value;
}

/** Key ARN → key id; alias ARN → alias/name; ids and alias names as given. */
export function keyName(value: string): string {
  const key = /^arn:[^:]+:kms:[^:]*:[^:]*:key\/(.+)$/.exec(value);
  if (key) return key[1]!;
  const alias = /^arn:[^:]+:kms:[^:]*:[^:]*:(alias\/.+)$/.exec(value);
  return alias ? alias[1]! : value;
}

export function list(values: readonly string[]): string {
  if (values.length <= MAX_LISTED) return values.join(', ');
  return `${values.slice(0, MAX_LISTED).join(', ')} and ${values.length - MAX_LISTED} more`;
}

export function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "tcp 22", "tcp 8000-8080", "udp (all ports)", "all traffic", "icmp". */
export function portSpec(rule: AddedRule): string {
  if (rule.protocol === '-1') return 'all traffic';
  const protocol = rule.protocol;
  if (protocol === 'icmp' || protocol === 'icmpv6' || protocol === '1' || protocol === '58') return protocol;
  const { fromPort, toPort } = rule;
  if (fromPort === undefined || fromPort === -1) return `${protocol} (all ports)`;
  if (toPort === undefined || toPort === fromPort) return `${protocol} ${fromPort}`;
  if (fromPort === 0 && toPort === 65535) return `${protocol} (all ports)`;
  return `${protocol} ${fromPort}-${toPort}`;
}
