/**
 * Which Slack channel an alert goes to: the first route of the routing document (src/org/routing-config.ts) whose
 * every condition holds, else the default channel. Pure.
 */
import type { Alert } from '../alerts/model.js';
import type { AccountInfo } from './account-directory.js';
import type { Route, RoutingConfig } from './routing-config.js';

export function channelFor(alert: Pick<Alert, 'account' | 'monitor' | 'severity'>, account: AccountInfo | undefined, routing: RoutingConfig, fallback: string): string {
  const route = routing.routes.find((candidate) => matches(candidate, alert, account));
  return route?.channel ?? routing.defaultChannel ?? fallback;
}

/** Every channel an alert can be routed to: the routes', the default, the fallback (each once). */
export function routedChannels(routing: RoutingConfig, fallback: string): string[] {
  return [...new Set([fallback, ...(routing.defaultChannel === undefined ? [] : [routing.defaultChannel]), ...routing.routes.map((route) => route.channel)])];
}

function matches(route: Route, alert: Pick<Alert, 'account' | 'monitor' | 'severity'>, account: AccountInfo | undefined): boolean {
  if (route.accounts !== undefined && (alert.account === undefined || !route.accounts.includes(alert.account))) return false;
  if (route.ous !== undefined && !route.ous.some((ou) => inOu(account, ou))) return false;
  if (route.monitors !== undefined && (alert.monitor === null || !route.monitors.includes(alert.monitor.id))) return false;
  if (route.severities !== undefined && !route.severities.includes(alert.severity)) return false;
  return true;
}

/** An OU or root id above the account, or its OU path or one of the path's leading parts ("Workloads" holds "Workloads/Prod"). */
function inOu(account: AccountInfo | undefined, ou: string): boolean {
  if (account === undefined) return false;
  if (account.ouIds.includes(ou)) return true;
  const path = account.ou;
  return path !== undefined && path !== '' && (path === ou || path.startsWith(`${ou}/`));
}
