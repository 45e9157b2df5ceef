/**
 * The one place an operator edits to say where alerts go and what accounts are called: a JSON document (the stack
 * parameter `AlertRouting`, given to the functions as ALERT_ROUTING), validated when a function starts, with an
 * error naming every offending field:
 *
 * ```json
 * {
 *   "defaultChannel": "C0SECURITY1",
 *   "routes": [
 *     { "channel": "C0PROD00001", "ous": ["ou-ab12-prod0001"], "severities": ["critical", "high"] },
 *     { "channel": "C0IAM000001", "monitors": ["admin-policy-attached", "mfa-deactivated"] },
 *     { "channel": "C0SANDBOX01", "accounts": ["444455556666"] }
 *   ],
 *   "accounts": { "444455556666": { "name": "sandbox", "ou": "Sandbox" } }
 * }
 * ```
 *
 * A route matches when every condition it sets matches (any listed value); the first matching route wins, and an
 * alert no route matches goes to `defaultChannel` (else the stack's SlackChannelId). `accounts` names accounts
 * where Organizations is not read (or overrides it).
 */
import * as z from 'zod/mini';
import { SecmonError } from '../errors.js';
import { didYouMean } from '../text/closest.js';

export const ROUTE_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type RouteSeverity = (typeof ROUTE_SEVERITIES)[number];

const channelId = z.string().check(z.regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123456789'));
const accountId = z.string().check(z.regex(/^\d{12}$/, 'must be a 12-digit AWS account id'));
/** An OU id (ou-xxxx-xxxxxxxx), a root id (r-xxxx), or an OU name path as the directory shows it ("Workloads/Prod"). */
const ouRef = z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(512, 'must be at most 512 characters'));
const nonEmptyList = <T extends z.ZodMiniType>(item: T) => z.optional(z.array(item).check(z.minLength(1, 'must list at least one value')));

const routeSchema = z.strictObject({
  channel: channelId,
  accounts: nonEmptyList(accountId),
  ous: nonEmptyList(ouRef),
  monitors: nonEmptyList(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a monitor id'))),
  severities: nonEmptyList(z.enum(ROUTE_SEVERITIES, { error: `must be one of ${ROUTE_SEVERITIES.join(', ')}` })),
});

const accountNameSchema = z.strictObject({
  name: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(128, 'must be at most 128 characters')),
  ou: z.optional(ouRef),
});

const routingSchema = z.strictObject({
  defaultChannel: z.optional(channelId),
  routes: z._default(z.array(routeSchema).check(z.maxLength(100, 'at most 100 routes')), []),
  accounts: z._default(z.record(accountId, accountNameSchema), {}),
});

export type Route = z.infer<typeof routeSchema>;
export interface RoutingConfig {
  readonly defaultChannel: string | undefined;
  readonly routes: readonly Route[];
  /** Configured names, by account id. */
  readonly accounts: Readonly<Record<string, { readonly name: string; readonly ou?: string | undefined }>>;
}

export const EMPTY_ROUTING: RoutingConfig = { defaultChannel: undefined, routes: [], accounts: {} };

/**
 * Parses the routing document; throws SecmonError CONFIG_INVALID naming each problem by its path
 * (`ALERT_ROUTING: routes[1].severities[0] must be one of ...`). Empty text: no routes.
 */
export function parseRoutingConfig(text: string | undefined, variable = 'ALERT_ROUTING'): RoutingConfig {
  if (text === undefined || text.trim() === '') return EMPTY_ROUTING;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SecmonError('CONFIG_INVALID', `${variable}: not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const parsed = routingSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${pathText(issue.path) || 'the document'} ${issueText(issue)}`);
    throw new SecmonError('CONFIG_INVALID', `${variable}: ${problems.join('; ')}`);
  }
  const routes = parsed.data.routes;
  return { defaultChannel: parsed.data.defaultChannel, routes, accounts: parsed.data.accounts };
}

/** Monitor ids the routes name that the catalog does not have: a typo would route nothing, silently. */
export function checkRouteMonitors(routing: RoutingConfig, monitorIds: readonly string[], variable = 'ALERT_ROUTING'): void {
  const known = new Set(monitorIds);
  const problems: string[] = [];
  routing.routes.forEach((route, index) =>
    (route.monitors ?? []).forEach((id, position) => {
      if (!known.has(id)) problems.push(`routes[${index}].monitors[${position}] "${id}" is not a monitor${didYouMean(id, monitorIds)}`);
    }),
  );
  if (problems.length > 0) throw new SecmonError('CONFIG_INVALID', `${variable}: ${problems.join('; ')}`);
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`)).join('');
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `has unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'array' ? 'list' : issue.expected === 'record' ? 'object' : issue.expected;
    return `must be ${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
  }
  if (issue.code === 'invalid_key') return 'is not a 12-digit AWS account id';
  return issue.message;
}
