/**
 * How a security-group rule reads in a message (the revert and containment panels and their confirm dialogs).
 */
import type { AddedRule } from '../src/alerts/model.js';
import { singleLine } from './escape.js';
import { truncate } from './limits.js';

/** "sgr-0abc (tcp 22 from 0.0.0.0/0)" as plain text, for the confirm dialog. */
export function rulePlain(rule: AddedRule): string {
  const what = `${trafficText(rule)} from ${ruleSource(rule)}`;
  return singleLine(rule.ruleId !== undefined ? `${rule.ruleId} (${what})` : what);
}

export function ruleSource(rule: AddedRule): string {
  return rule.cidrIpv4 ?? rule.cidrIpv6 ?? 'another source';
}

/** "all traffic", "tcp 22", "udp 1000-2000", "icmp", "tcp all ports". */
export function trafficText(rule: AddedRule): string {
  const protocol = truncate(rule.protocol, 20);
  if (protocol === '-1' || protocol.toLowerCase() === 'all') return 'all traffic';
  const { fromPort, toPort } = rule;
  if (fromPort === undefined && toPort === undefined) return protocol;
  if (fromPort === -1 || (fromPort === 0 && toPort === 65535)) return `${protocol} all ports`;
  if (fromPort === toPort || toPort === undefined) return `${protocol} ${fromPort}`;
  return `${protocol} ${fromPort ?? '?'}-${toPort}`;
}

