/**
 * What a suppression rule held back, said once when it ends: by the sweep when it expires (a reply in the thread of
 * the alert it was written from, else in the channel), or in the reply to `/secmon unsuppress`. Critical alerts are
 * named first: they are what a reader must not miss.
 */
import { safeText, userMention } from '../../blocks/escape.js';
import type { SuppressionRule } from '../store/suppressions/suppressions.js';
import { matchersText } from './suppression-match.js';

export function suppressionSummary(rule: SuppressionRule, ended: 'expired' | 'ended early'): string {
  return `Suppression ${rule.id} of ${rule.monitorId} (${safeText(matchersText(rule.matchers))}) by ${userMention(rule.by)} ${ended === 'expired' ? 'ended' : 'ended early'}: ${heldText(rule)}`;
}

/** "nothing held back", "1 alert held back", "2 critical and 5 other alerts held back". */
export function heldText(rule: Pick<SuppressionRule, 'held' | 'heldCritical'>): string {
  if (rule.held === 0) return 'nothing held back';
  const plural = (n: number) => (n === 1 ? 'alert' : 'alerts');
  if (rule.heldCritical === 0) return `${rule.held} ${plural(rule.held)} held back`;
  const others = rule.held - rule.heldCritical;
  if (others === 0) return `${rule.heldCritical} critical ${plural(rule.heldCritical)} held back`;
  return `${rule.heldCritical} critical and ${others} other ${plural(others)} held back`;
}
