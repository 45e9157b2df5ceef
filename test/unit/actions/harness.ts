/** A context for action tests: the real catalog, the state modules on a memory table, and the real client factory (mocked per client). */
import { buildCatalog, type CatalogOptions } from '../../../src/catalog/index.js';
import { actionClients, type ActionClients } from '../../../src/aws/action-clients.js';
import { createAccountReach, type AccountReach } from '../../../src/aws/account-reach.js';
import type { ActionContext, DeploymentSettings, IdentityLookup, SlackActor } from '../../../src/actions/types.js';
import { EMPTY_IDENTITY_MAP, type IdentityMap } from '../../../src/identity/identity-map.js';
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

/** Slack users' profile e-mails as users.info would give them; a user not listed has none Slack gives. */
export function identities(emails: Readonly<Record<string, string>> = {}, map: IdentityMap = EMPTY_IDENTITY_MAP): IdentityLookup {
  return {
    approver: async (userId) =>
      emails[userId] !== undefined
        ? { userId, email: emails[userId].toLowerCase(), emailProblem: undefined }
        : { userId, email: undefined, emailProblem: 'Slack would not say who you are (user_not_found)' },
    map,
  };
}

export interface Harness {
  readonly context: ActionContext;
  readonly clients: ActionClients;
  readonly state: StateStores;
}

export function harness(
  options: {
    settings?: Partial<DeploymentSettings>;
    actor?: SlackActor;
    state?: StateStores;
    clients?: ActionClients;
    catalogOptions?: Partial<CatalogOptions>;
    identities?: IdentityLookup;
    accounts?: AccountReach;
  } = {},
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
      requestId: 'job-0000',
      actor: options.actor ?? ALICE,
      catalog: buildCatalog(options.catalogOptions),
      state,
      settings: deployment,
      now: () => NOW,
      credentials: undefined,
      clients,
      identities: options.identities ?? identities(),
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
