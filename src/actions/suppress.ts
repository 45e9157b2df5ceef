/**
 * suppress / unsuppress / suppressions: suppression rules (src/store/suppressions/), state only, so no IAM
 * permission. A rule holds back the alerts of one monitor that match its matchers until it ends (the pipeline counts
 * them, src/alerts/suppression-match.ts); the sweep posts what it held back when it expires; unsuppress ends it now
 * and says what it held back in its reply.
 */
import * as z from 'zod/mini';
import { safeText, userMention } from '../../blocks/escape.js';
import { truncate } from '../../blocks/limits.js';
import { matchersText } from '../alerts/suppression-match.js';
import { heldText, suppressionSummary } from '../alerts/suppression-summary.js';
import {
  matcherProblem,
  MAX_SUPPRESSION_REASON_LENGTH,
  MAX_SUPPRESSION_SECONDS,
  MIN_SUPPRESSION_SECONDS,
} from '../alerts/suppression-input.js';
import { MAX_ACTIVE_SUPPRESSIONS, SUPPRESSION_ID, type SuppressionMatchers } from '../store/suppressions/suppressions.js';
import { resolveMonitor } from './common.js';
import { message } from './stored-change.js';
import type { ActionDefinition } from './types.js';

const matcher = (field: keyof SuppressionMatchers) =>
  z.optional(z.string().check(z.refine((value) => matcherProblem(field, value) === undefined, matcherProblem(field, '') ?? `invalid ${field}`)));

const suppressParams = z.object({
  monitorId: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a monitor id')),
  matchers: z.object({
    account: matcher('account'),
    principal: matcher('principal'),
    ip: matcher('ip'),
    userAgent: matcher('userAgent'),
    resource: matcher('resource'),
  }),
  durationSeconds: z.number().check(z.int(), z.minimum(MIN_SUPPRESSION_SECONDS), z.maximum(MAX_SUPPRESSION_SECONDS)),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_SUPPRESSION_REASON_LENGTH)),
  /** The alert message it was written from (Suppress similar): the end summary replies in its thread. */
  message: z.optional(message),
});
export type SuppressParams = z.infer<typeof suppressParams>;

const unsuppressParams = z.object({ id: z.string().check(z.regex(SUPPRESSION_ID, 'must be a suppression id (8 letters and digits)')) });
export type UnsuppressParams = z.infer<typeof unsuppressParams>;

const listParams = z.object({});
/** Rules listed one per line by `/secmon suppressions` (each at most about 900 characters: under Slack's 40,000). */
const MAX_LISTED = 40;

export const suppressAction: ActionDefinition<SuppressParams> = {
  name: 'suppress',
  description: "Hold back a monitor's alerts that match the given account, principal, ip, user-agent and resource for a while (1 minute to 30 days): they are counted, not posted, and the count is posted when the rule ends.",
  adminOnly: true,
  // State only (no AWS call, so no role assumed): like keep.
  writes: false,
  params: suppressParams,
  example: {
    monitorId: 'unauthorized-api-calls',
    matchers: { principal: 'arn:aws:iam::111122223333:role/scanner', account: '111122223333' },
    durationSeconds: 7200,
    reason: 'Scanner re-run until noon',
    message: undefined,
  },
  permissions: [],
  async run(params, context) {
    const monitor = resolveMonitor(context.catalog, params.monitorId);
    if ('reason' in monitor) return { ok: false, summary: `Not suppressed: ${monitor.reason}.`, detail: { monitorId: params.monitorId } };
    const now = context.now();
    const until = new Date(now.getTime() + params.durationSeconds * 1000).toISOString();
    const matchers: SuppressionMatchers = Object.fromEntries(Object.entries(params.matchers).filter(([, value]) => value !== undefined));
    const result = await context.state.suppressions.put({ monitorId: monitor.id, matchers, until, by: context.actor.userId, reason: params.reason, message: params.message }, now);
    if (result.status === 'too-many') {
      return {
        ok: false,
        denied: true,
        summary: `Not suppressed: ${MAX_ACTIVE_SUPPRESSIONS} suppressions are in force already, the most secmon keeps. End one with \`/secmon unsuppress <id>\` (see \`/secmon suppressions\`).`,
        detail: { monitorId: monitor.id, active: result.active },
      };
    }
    const { rule } = result;
    return {
      ok: true,
      summary: `Suppression ${rule.id}: ${monitor.id} alerts matching ${safeText(matchersText(rule.matchers))} are held back until ${until}: ${safeText(params.reason)}.`,
      detail: { id: rule.id, monitorId: monitor.id, matchers, until },
    };
  },
};

export const unsuppressAction: ActionDefinition<UnsuppressParams> = {
  name: 'unsuppress',
  description: 'End a suppression rule now, saying what it held back.',
  adminOnly: true,
  // State only (no AWS call, so no role assumed): like keep.
  writes: false,
  params: unsuppressParams,
  example: { id: 'k3v7q2ma' },
  permissions: [],
  async run(params, context) {
    const old = await context.state.suppressions.delete(params.id);
    if (old === undefined) return { ok: false, summary: `No suppression ${params.id} is in force (see \`/secmon suppressions\`).`, detail: { id: params.id } };
    return { ok: true, summary: suppressionSummary(old, 'ended early'), detail: { id: old.id, monitorId: old.monitorId, held: old.held, heldCritical: old.heldCritical } };
  },
};

export const suppressionsAction: ActionDefinition<z.infer<typeof listParams>> = {
  name: 'suppressions',
  description: 'List the suppression rules in force: id, monitor, matchers, end, who wrote them and what they held back so far.',
  adminOnly: false,
  writes: false,
  params: listParams,
  example: {},
  permissions: [],
  async run(_params, context) {
    const rules = await context.state.suppressions.listActive(context.now());
    if (rules.length === 0) return { ok: true, summary: 'No suppression is in force.', detail: { suppressions: [] } };
    // Bounded so the reply stays one Slack message (matchers and reasons can be long): the soonest to end first.
    const lines = rules
      .sort((a, b) => a.untilMs - b.untilMs)
      .slice(0, MAX_LISTED)
      .map((rule) => `• \`${rule.id}\` ${rule.monitorId} (${safeText(truncate(matchersText(rule.matchers), 400))}) until ${rule.until}, by ${userMention(rule.by)}: ${safeText(truncate(rule.reason, 200))}; ${heldText(rule)} so far`);
    if (rules.length > MAX_LISTED) lines.push(`…and ${rules.length - MAX_LISTED} more`);
    return {
      ok: true,
      summary: `${rules.length} ${rules.length === 1 ? 'suppression' : 'suppressions'} in force:\n${lines.join('\n')}`,
      detail: { suppressions: rules.map((rule) => ({ id: rule.id, monitorId: rule.monitorId, until: rule.until, held: rule.held })) },
    };
  },
};
