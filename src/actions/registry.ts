/**
 * Every action, by name, and the worker's IAM policy: the union of what they declare, merged by resource list, so
 * template.yaml can be checked to grant exactly this. Registration is this list, not import side effects.
 */
import { disableAction } from './disable.js';
import { enableAction } from './enable.js';
import { findingNotifyAction } from './findings/notify.js';
import { findingResolveAction } from './findings/resolve.js';
import { findingSuppressAction } from './findings/suppress.js';
import { keepAction } from './keep.js';
import { revertAction } from './revert.js';
import { silenceAction, unsilenceAction } from './silence.js';
import { statusAction } from './status.js';
import { suppressAction, suppressionsAction, unsuppressAction } from './suppress.js';
import { testAction } from './test-monitor.js';
import { undoAction } from './undo/undo.js';
import type { ActionDefinition, ActionName, IamStatement } from './types.js';

// Each definition's `run` takes its own params; the registry holds them behind a common type. Callers parse with
// `params` first (`findAction(name).params.safeParse(input)`) and pass only the parsed value to `run`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyActionDefinition = ActionDefinition<any>;

export const ACTIONS: readonly AnyActionDefinition[] = Object.freeze([
  enableAction,
  disableAction,
  revertAction,
  undoAction,
  keepAction,
  silenceAction,
  unsilenceAction,
  testAction,
  statusAction,
  findingSuppressAction,
  findingResolveAction,
  findingNotifyAction,
  suppressAction,
  unsuppressAction,
  suppressionsAction,
]);

export function findAction(name: string): AnyActionDefinition | undefined {
  return ACTIONS.find((action) => action.name === (name as ActionName));
}

/**
 * What `<prefix>-member-actions` (member.yaml) holds in every member account: exactly the permissions of the actions
 * that act in an alert's account (`actsIn: 'alert-account'`), merged as workerPolicy() merges.
 */
export function memberPolicy(actions: readonly AnyActionDefinition[] = ACTIONS): IamStatement[] {
  return workerPolicy(actions.filter((action) => action.actsIn === 'alert-account'));
}

/** Services whose calls go to the organization trail's account in an organization (the alarm path lives there). */
export const TRAIL_SERVICES = ['cloudwatch', 'logs'] as const;

/**
 * What `<prefix>-member-actions` also holds in the organization trail's account: every CloudWatch and CloudWatch Logs
 * permission the actions declare (secmon's metric filters, alarms and mute rules live there; the worker sends those
 * calls there and nothing else, see handlers/worker.ts), with the same resources, which in that stack name that
 * account and its trail's log group.
 */
export function trailPolicy(actions: readonly AnyActionDefinition[] = ACTIONS): IamStatement[] {
  const trailOnly = actions.map((action) => ({
    ...action,
    actsIn: undefined,
    permissions: action.permissions
      .map((statement) => ({ ...statement, actions: statement.actions.filter((name) => (TRAIL_SERVICES as readonly string[]).includes(name.split(':')[0] ?? '')) }))
      .filter((statement) => statement.actions.length > 0),
  }));
  return workerPolicy(trailOnly);
}

/**
 * The union of every action's statements, one statement per distinct resource list (actions sorted and
 * deduplicated, reasons joined), in a stable order.
 */
export function workerPolicy(actions: readonly AnyActionDefinition[] = ACTIONS): IamStatement[] {
  const merged = new Map<string, { actions: Set<string>; resources: string[]; reasons: string[] }>();
  for (const action of actions) {
    for (const statement of action.permissions) {
      const resources = [...new Set(statement.resources)].sort();
      const key = JSON.stringify(resources);
      const entry = merged.get(key) ?? { actions: new Set<string>(), resources, reasons: [] };
      for (const name of statement.actions) entry.actions.add(name);
      const reason = `${action.name}: ${statement.reason}`;
      if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
      merged.set(key, entry);
    }
  }
  return [...merged.values()]
    .map((entry) => ({ actions: [...entry.actions].sort(), resources: entry.resources, reason: entry.reasons.join(' ') }))
    .sort((a, b) => (a.resources.join() < b.resources.join() ? -1 : a.resources.join() > b.resources.join() ? 1 : 0));
}
