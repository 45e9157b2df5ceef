/** A context for action tests: the real catalog, the state modules on a memory table, and the real client factory (mocked per client). */
import { buildCatalog } from '../../../src/catalog/index.js';
import { actionClients, type ActionClients } from '../../../src/aws/action-clients.js';
import { createAccountReach, type AccountReach } from '../../../src/aws/account-reach.js';
import type { ActionContext, DeploymentSettings, SlackActor } from '../../../src/actions/types.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { MemoryTable } from '../../../src/store/table/memory-table.js';

export const NOW = new Date('2026-11-20T10:00:30.000Z');

export function settings(overrides: Partial<DeploymentSettings> = {}): DeploymentSettings {
  return {
    namePrefix: 'secmon',
    homeRegion: 'eu-west-1',
    accountId: '111122223333',
    cloudTrailLogGroup: 'org-trail',
    alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:secmon-alarms',
    alertsFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:secmon-alerts',
    homeEventBusArn: 'arn:aws:events:eu-west-1:111122223333:event-bus/default',
    forwardingRoleArn: 'arn:aws:iam::111122223333:role/secmon-event-forwarding',
    ...overrides,
  };
}

export const ALICE: SlackActor = { userId: 'U0ALICE', userName: 'alice' };
export const BOB: SlackActor = { userId: 'U0BOB', userName: 'bob' };

export interface Harness {
  readonly context: ActionContext;
  readonly clients: ActionClients;
  readonly state: StateStores;
}

export function harness(
  options: { settings?: Partial<DeploymentSettings>; actor?: SlackActor; state?: StateStores; clients?: ActionClients; accounts?: AccountReach } = {},
): Harness {
  const state = options.state ?? createStateStores(new MemoryTable());
  const clients = options.clients ?? actionClients({ accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, { maxAttempts: 1 });
  const deployment = settings(options.settings);
  // One account unless a test gives an organization's reach.
  const accounts =
    options.accounts ??
    createAccountReach({
      homeAccountId: deployment.accountId,
      homeClients: clients,
      organization: undefined,
      assume: () => Promise.reject(new Error('no organization')),
      clients: () => clients,
    });
  return {
    state,
    clients,
    context: {
      actor: options.actor ?? ALICE,
      catalog: buildCatalog(),
      state,
      settings: deployment,
      now: () => NOW,
      credentials: undefined,
      clients,
      accounts,
    },
  };
}

/** An AWS SDK-style error with a name, as a rejected `send` gives. */
export function awsError(name: string, message = `${name}: raw AWS text arn:aws:iam::111122223333:role/x`): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
