/**
 * The action registry's contract. Every action the Slack app can trigger declares its parameter schema, the IAM
 * permissions the worker needs for it, and an example; a test walks the registry to enforce that, and the
 * template's worker policy is checked to grant exactly the union of the declared permissions.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import type * as z from 'zod/mini';
import type { ActionClients } from '../aws/action-clients.js';
import type { AccountReach } from '../aws/account-reach.js';
import type { Monitor } from '../catalog/types.js';
import type { Approver } from '../identity/four-eyes.js';
import type { IdentityMap } from '../identity/identity-map.js';
import type { StateStores } from '../store/index.js';

export type ActionName =
  | 'enable'
  | 'disable'
  | 'silence'
  | 'unsilence'
  | 'test'
  | 'status'
  | 'revert'
  | 'undo'
  | 'keep'
  | 'finding-suppress'
  | 'finding-resolve'
  | 'finding-notify'
  | 'suppress'
  | 'unsuppress'
  | 'suppressions';

/** The Slack user an action runs for. Writes to AWS carry the id as STS SourceIdentity, so CloudTrail names them. */
export interface SlackActor {
  readonly userId: string;
  readonly userName: string | undefined;
}

/**
 * One IAM statement an action needs. Resource ARNs use CloudFormation `Fn::Sub` placeholders (`${AWS::Partition}`,
 * `${AWS::Region}`, `${AWS::AccountId}`, `${NamePrefix}`, `${CloudTrailLogGroup}`) so the template can grant them
 * verbatim; `*` only where the AWS service authorization reference allows no narrower resource.
 */
export interface IamStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** Why this is needed, and why it cannot be narrower when `resources` is `*`. */
  readonly reason: string;
}

/** Settings of this deployment the actions need (from the worker's configuration). */
export interface DeploymentSettings {
  readonly namePrefix: string;
  /** The region the stack lives in; rules for IAM and sign-in events also go to us-east-1. */
  readonly homeRegion: string;
  readonly accountId: string;
  readonly cloudTrailLogGroup: string;
  readonly alarmTopicArn: string;
  readonly alertsFunctionArn: string;
  /** The bus in the home region that us-east-1 forwarding rules deliver to (default bus ARN). */
  readonly homeEventBusArn: string;
  /** Role EventBridge assumes to forward us-east-1 events to the home region's bus. */
  readonly forwardingRoleArn: string;
  /** Organization deployments (OrganizationId set); undefined for one account. */
  readonly organization?: OrganizationSettings | undefined;
}

/**
 * An organization deployment: member stacks forward every account's events to the central bus `<prefix>-org`, whose
 * rules deliver to the organization's queue; the alarm path lives in the organization trail's account.
 */
export interface OrganizationSettings {
  readonly organizationId: string;
  /** `<prefix>-org` in the home region. */
  readonly eventBusName: string;
  /** The queue in front of the alerts function: the target of every monitor rule on the bus. */
  readonly queueArn: string;
  /** The account that owns the organization trail (its log group holds the metric filters and alarms). */
  readonly trailAccountId: string;
  /** `/secmon status` calls an account and region silent after this long without an event. */
  readonly silentAfterMs: number;
  /** Account names the routing document configures (they win over Organizations' names). */
  readonly configuredAccounts: Readonly<Record<string, { readonly name: string; readonly ou?: string | undefined }>>;
}

/** AWS clients for one region, built with the credentials of the role assumed for the Slack user. */
export interface RegionClients {
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | undefined;
}

/** The state the actions read and write. */
export type ActionState = Pick<StateStores, 'silences' | 'remediations' | 'messages' | 'audit' | 'lastAlerts' | 'lastSeen' | 'accounts' | 'suppressions'>;

/** Who Slack users are in AWS terms, for the keep action's four-eyes check (src/identity/four-eyes.ts). */
export interface IdentityLookup {
  /** The approver as Slack describes them (their e-mail), asked at the time of the approval. */
  approver(userId: string): Promise<Approver>;
  /** The operator's map of Slack users to AWS principals (SecmonIdentityMap). */
  readonly map: IdentityMap;
}

export interface ActionContext {
  /** The job this run belongs to (the worker's job id): the revert claims its remediation under it. */
  readonly requestId: string;
  readonly actor: SlackActor;
  readonly catalog: readonly Monitor[];
  readonly state: ActionState;
  readonly settings: DeploymentSettings;
  readonly now: () => Date;
  /** Credentials of the role assumed with SourceIdentity = actor.userId (undefined in tests using mocks). */
  readonly credentials: AwsCredentialIdentity | undefined;
  /**
   * Per-region AWS clients built from `credentials` (`actionClients(credentials)` from src/aws/action-clients.ts;
   * tests pass the same factory with aws-sdk-client-mock intercepting). Actions never build clients themselves.
   */
  readonly clients: ActionClients;
  readonly identities: IdentityLookup;
  /**
   * Clients in another account of the organization (the member role, assumed for the actor): remediations act in
   * the account the stored alert names (src/actions/alert-account.ts).
   */
  readonly accounts: AccountReach;
}

/** What an action did, for the Slack reply, the audit record and the structured log. Never raw AWS errors. */
export interface ActionResult {
  readonly ok: boolean;
  /** True when secmon refused to act (a rule of secmon, such as four-eyes), as opposed to failing: audited `denied`. */
  readonly denied?: boolean;
  /** One or a few lines of mrkdwn-safe plain text for Slack. */
  readonly summary: string;
  /** Structured facts for the audit record (resource names created/removed, per-rule outcomes, ...). */
  readonly detail: Readonly<Record<string, unknown>>;
  /** The underlying error(s) of a failure, for the structured log only (never shown in Slack). */
  readonly cause?: unknown;
}

export interface ActionDefinition<Params> {
  readonly name: ActionName;
  readonly description: string;
  /** Only configured admins may run it (everything but acknowledge, status, list, help). */
  readonly adminOnly: boolean;
  /** True when it writes to AWS: it runs in the worker, never inside Slack's 3-second window. */
  readonly writes: boolean;
  /**
   * `alert-account`: it acts in the account of the alert it came from, which in an organization may be any member
   * account (through `<prefix>-member-actions`, whose policy is exactly these actions' permissions: memberPolicy()).
   * Default: secmon's own account only.
   */
  readonly actsIn?: 'alert-account';
  readonly params: z.ZodMiniType<Params>;
  readonly permissions: readonly IamStatement[];
  readonly example: Params;
  run(params: Params, context: ActionContext): Promise<ActionResult>;
  /**
   * A refusal decided without AWS (the alert the job names is not there, ...), or undefined to go on. The worker asks
   * before it assumes the action role, so a refused job makes no AWS call at all. `run` must still hold on its own.
   */
  refuse?(params: Params, context: Pick<ActionContext, 'state' | 'settings'>): Promise<ActionResult | undefined>;
  /**
   * Ends what the job's request holds when the action did not run to its end (refused by the worker, failed before
   * or while running), so nothing stays "in progress". Safe to call after a normal end: it then changes nothing.
   */
  release?(params: Params, context: Pick<ActionContext, 'requestId' | 'actor' | 'state' | 'now'>): Promise<void>;
}
