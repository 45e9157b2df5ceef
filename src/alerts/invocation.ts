/**
 * One invocation of the alerts function: a scheduled sweep, inputs (SNS, EventBridge) that become alerts, or, in an
 * organization, a batch from the organization's queue (src/alerts/queue-batch.ts). Each alert is enriched (alarms),
 * named (account directory, access-portal links), routed to its channel, de-duplicated by delivery id and run
 * through the pipeline. Errors of a direct invocation propagate: the invocation fails, and Lambda's retries and
 * on-failure destination keep the event; a queued record that fails is reported back alone and retried by SQS.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { Context } from 'aws-lambda';
import { findMonitor } from '../catalog/index.js';
import type { CatalogMatcher } from '../catalog/matcher.js';
import type { Monitor } from '../catalog/types.js';
import { isJsonObject, type JsonObject } from '../cloudtrail/record.js';
import type { AccountDirectory } from '../org/account-directory.js';
import { channelFor, routedChannels } from '../org/route.js';
import type { RoutingConfig } from '../org/routing-config.js';
import type { LastSeen } from '../store/last-seen/last-seen.js';
import type { SuppressionRule } from '../store/suppressions/suppressions.js';
import { confirmAlarmResolution, type AlarmStateLookup } from './alarm-state.js';
import { enrichAlarmAlert } from './enrich.js';
import { throughAccessPortal } from './links.js';
import { accountFromMatches, isHeartbeat, lastSeenRecorder } from './org-events.js';
import type { Alert } from './model.js';
import { isAlarmStateChange, normaliseAlarmStateChange, type AlarmEventTrust } from './normalise/alarm-event.js';
import { normaliseInvocation } from './normalise/index.js';
import { envelopeSchema, parseOrThrow } from './normalise/schemas.js';
import { isQueueBatch, processQueueBatch, type BatchResponse } from './queue-batch.js';
import { processAlert, type PipelineOutcome, type PipelineState } from './pipeline.js';
import { redriveFailedInvocations, type FailedInvocationQueue, type RedriveReport } from './redrive.js';
import type { AlertRenderer, RawFindingRenderer, SlackMessenger } from './ports.js';
import { sweep, SweepError, type SweepReport, type SweepState } from './sweep.js';
import { escalateDue, startEscalation, type EscalationSettings, type EscalationState, type SweptEscalation } from './escalation.js';
import type { IncidentClient } from '../incidents/incident.js';

export interface AlertsLogger {
  info(message: string, details: Record<string, unknown>): void;
  warn(message: string, details: Record<string, unknown>): void;
}

export interface AlertsDeps {
  readonly catalog: readonly Monitor[];
  readonly matcher: CatalogMatcher;
  readonly state: PipelineState & SweepState & EscalationState;
  /** Resolved on first use: the bot token may come from Secrets Manager. */
  readonly slack: () => Promise<SlackMessenger>;
  readonly render: AlertRenderer;
  /** The raw finding's thread reply under a new finding message (blocks/finding.ts); absent: no reply. */
  readonly renderRawFinding?: RawFindingRenderer;
  readonly channel: string;
  readonly now: () => Date;
  readonly groupWindowMs: number;
  /** New messages per channel and minute before non-critical alerts are held for the flood summary. */
  readonly postsPerMinute: number;
  /** The stack's alarm topic: alarm notifications are trusted only from it. */
  readonly alarmTopicArn: string;
  /** Reads an alarm's current state, so an OK resolves only what CloudWatch confirms. */
  readonly alarmState: AlarmStateLookup;
  /** Alarm enrichment; absent when no CloudTrail log group is configured. */
  readonly logs: { readonly client: Pick<CloudWatchLogsClient, 'send'>; readonly logGroupName: string } | undefined;
  /** Runs `process` at most once per delivery id (Powertools idempotency on the state table). */
  readonly dedupe: (
    process: (alert: Alert) => Promise<PipelineOutcome>,
  ) => (alert: Alert, context?: Context) => Promise<PipelineOutcome>;
  readonly logger: AlertsLogger;
  /** The dead-letter queue the sweep redrives (src/alerts/redrive.ts); absent in local runs. */
  readonly failedInvocations: FailedInvocationQueue | undefined;
  /** Where alerts go by account, OU, monitor and severity; `channel` when no route matches. */
  readonly routing: RoutingConfig;
  /** Account names and OUs (configured, and from Organizations in an organization). */
  readonly accounts: AccountDirectory;
  /** The organization's AWS access portal: console links sign in to the alert's account through it. */
  readonly ssoStartUrl: string | undefined;
  /** Present in an organization deployment (the stack's OrganizationId is set). */
  readonly organization: OrganizationAlertsDeps | undefined;
  /** Present when escalation is configured (ESCALATE_AFTER_MINUTES): src/alerts/escalation.ts. */
  readonly escalation?: EscalationAlertsDeps | undefined;
}

export interface EscalationAlertsDeps extends EscalationSettings {
  /** The incident services whose keys are in the Slack secret (none: Slack only). */
  readonly incidents: () => Promise<readonly IncidentClient[]>;
}

export interface OrganizationAlertsDeps {
  /** The last event seen per account and region (`/secmon status` calls out silent ones). */
  readonly lastSeen: Pick<LastSeen, 'record'>;
  /** Alarm state changes are trusted only from secmon's alarms in the organization trail's account. */
  readonly alarmTrust: AlarmEventTrust;
  /** The member stacks' scheduled rule (`<prefix>-heartbeat`): its events only say the account and region report. */
  readonly heartbeatRuleName: string;
  /** The organization queue's dead-letter queue, which the sweep drains; absent in local runs. */
  readonly deadLetters?: FailedInvocationQueue | undefined;
}

export type InvocationResult =
  | {
      readonly kind: 'sweep';
      readonly report: SweepReport;
      readonly redrive: RedriveReport | undefined;
      /** With escalation configured: what became of each due escalation. */
      readonly escalations?: readonly SweptEscalation[];
    }
  | { readonly kind: 'alerts'; readonly outcomes: readonly { readonly deliveryId: string; readonly outcome: PipelineOutcome }[] }
  /** A batch of the organization's queue: Lambda deletes every record not listed as failed. */
  | ({ readonly kind: 'queue' } & BatchResponse);

/** EventBridge Scheduler/rule events that ask for the periodic sweep (exact group counts, ended silences). */
export function isSweepRequest(event: unknown): boolean {
  return isJsonObject(event) && event['source'] === 'aws.events' && event['detail-type'] === 'Scheduled Event';
}

export function createAlertsInvocation(deps: AlertsDeps): (event: unknown, context?: Context) => Promise<InvocationResult> {
  // The suppression rules in force, read at most once per invocation (a batch of alerts shares one Query). Lambda
  // runs one invocation at a time per instance; each invocation starts with a fresh read.
  let suppressionRules = rulesOnce(deps);
  const deliver = deps.dedupe(async (alert) => {
    const slack = await deps.slack();
    const enriched = await decorate(accountFromMatches(await enrich(alert, deps)), deps);
    const outcome = await processAlert(enriched, {
      state: deps.state,
      slack,
      render: deps.render,
      channel: deps.channel,
      now: deps.now,
      groupWindowMs: deps.groupWindowMs,
      postsPerMinute: deps.postsPerMinute,
      suppressionRules,
      ...(deps.renderRawFinding === undefined ? {} : { renderRawFinding: deps.renderRawFinding }),
    });
    // Inside the de-duplicated delivery: a retry after a failure here starts it then (it never overwrites).
    if (deps.escalation !== undefined) await startEscalation(deps.state, enriched, outcome, { now: deps.now(), afterMs: deps.escalation.afterMs });
    return outcome;
  });

  const handleAlerts = async (event: unknown, context: Context | undefined) => {
    const alerts = normaliseInvocation(event, { catalog: deps.catalog, matcher: deps.matcher, alarmTopicArn: deps.alarmTopicArn }, { now: deps.now() });
    const outcomes = [];
    // One at a time: an SNS batch is small, and order keeps an alarm's ALARM before its OK.
    for (const alert of alerts) {
      // An OK by SNS (or a direct invocation) resolves only what CloudWatch confirms.
      const outcome = await deliver(await confirmAlarmResolution(alert, deps.alarmState), context);
      deps.logger.info('alert handled', {
        deliveryId: alert.deliveryId,
        source: alert.source,
        monitor: alert.monitor?.id ?? null,
        outcome: outcome.kind,
        // Why an event was not posted: the conditions that set it aside, or how far its threshold count got.
        ...(outcome.kind === 'ignored' && outcome.setAside !== undefined ? { setAside: outcome.setAside } : {}),
        ...(outcome.kind === 'counted' ? { total: outcome.total ?? null, threshold: outcome.threshold } : {}),
      });
      outcomes.push({ deliveryId: alert.deliveryId, outcome });
    }
    return { kind: 'alerts' as const, outcomes };
  };

  const seen = lastSeenRecorder(deps.organization?.lastSeen, deps.now);
  /** One event of the organization's queue: a heartbeat only updates last-seen; anything else becomes an alert. */
  const handleQueued = async (raw: JsonObject, context: Context | undefined, organization: OrganizationAlertsDeps) => {
    const envelope = parseOrThrow(envelopeSchema, raw, 'queued EventBridge event');
    const heartbeat = isHeartbeat(raw, organization.heartbeatRuleName);
    await seen(envelope.account, envelope.region, envelope.time, heartbeat ? 'heartbeat' : 'event');
    if (heartbeat) return;
    if (!isAlarmStateChange(envelope)) {
      await handleAlerts(raw, context);
      return;
    }
    const alert = normaliseAlarmStateChange(envelope, raw, organization.alarmTrust, deps, deps.now());
    const outcome = await deliver(alert, context);
    deps.logger.info('alert handled', { deliveryId: alert.deliveryId, source: alert.source, monitor: alert.monitor?.id ?? null, outcome: outcome.kind });
  };

  return async (event, context) => {
    suppressionRules = rulesOnce(deps);
    if (deps.organization !== undefined && isQueueBatch(event)) {
      const organization = deps.organization;
      const response = await processQueueBatch(event.Records, (raw) => handleQueued(raw, context, organization), deps.logger);
      return { kind: 'queue', ...response };
    }
    if (isSweepRequest(event)) {
      const slack = await deps.slack();
      // The dead-letter queue first: a failing sweep (it throws when any item fails) must not keep alerts there.
      // A queue that cannot be read is logged, not fatal: the sweep's own work goes on, and the ops alarm on the
      // queue's depth still fires.
      let redrive: RedriveReport | undefined;
      if (deps.failedInvocations !== undefined && context !== undefined) {
        redrive = await redriveFailedInvocations({
          queue: deps.failedInvocations,
          holds: { kind: 'invocation-records', alertsFunctionArn: unqualified(context.invokedFunctionArn) },
          process: (payload) => handleAlerts(payload, undefined),
          slack,
          render: deps.render,
          channel: deps.channel,
          now: deps.now,
        }).catch((error: unknown) => {
          deps.logger.warn('failed invocations could not be read', { error: describeError(error) });
          return undefined;
        });
      }
      const organization = deps.organization;
      if (organization?.deadLetters !== undefined) {
        // Organization events that failed 5 times on the queue: processed again like a queued event, reported after
        // MAX_ATTEMPTS sweeps (only EventBridge may send to the queues, so nothing else can be replayed this way).
        const again = await redriveFailedInvocations({
          queue: organization.deadLetters,
          holds: { kind: 'events' },
          process: (event) => handleQueued(event as JsonObject, undefined, organization),
          slack,
          render: deps.render,
          channel: deps.channel,
          now: deps.now,
        }).catch((error: unknown) => {
          deps.logger.warn('the organization dead-letter queue could not be read', { error: describeError(error) });
          return undefined;
        });
        if (again !== undefined && again.redriven + again.reported + again.deferred > 0) deps.logger.info('organization dead letters', { ...again });
      }
      if (deps.organization !== undefined) {
        // Names and OUs for the alerts to come; a failure (Organizations throttling, the role missing) is logged and
        // retried next minute, and alerts meanwhile show account ids.
        const refresh = await deps.accounts.refreshIfDue().catch((error: unknown) => {
          deps.logger.warn('the account directory could not be refreshed', { error: describeError(error) });
          return undefined;
        });
        if (refresh?.refreshed === true) deps.logger.info('account directory refreshed', { accounts: refresh.accounts, written: refresh.written });
      }
      // Escalations before the rest: they are what someone waits for, and the rest throws when an item fails.
      const remainingMs = context === undefined ? {} : { remainingMs: () => context.getRemainingTimeInMillis() };
      const escalated = deps.escalation === undefined ? undefined : await escalateDue({ ...deps.escalation, ...remainingMs, state: deps.state, slack, now: deps.now });
      for (const failure of escalated?.failures ?? []) deps.logger.warn('escalation failed', { slackMessage: failure.message, error: describeError(failure.error) });
      const report = await sweep({ state: deps.state, slack, render: deps.render, channel: deps.channel, floodChannels: routedChannels(deps.routing, deps.channel), now: deps.now });
      if (escalated !== undefined && escalated.failures.length > 0) {
        throw new SweepError(report, escalated.failures.map((failure) => ({ item: { escalation: failure.message }, error: failure.error })));
      }
      deps.logger.info('sweep done', {
        groups: report.groups.length,
        silences: report.silences.length,
        redrive,
        ...(escalated === undefined ? {} : { escalations: escalated.swept.map((swept) => swept.action) }),
      });
      return { kind: 'sweep', report, redrive, ...(escalated === undefined ? {} : { escalations: escalated.swept }) };
    }
    return handleAlerts(event, context);
  };
}

/** The suppression rules in force, read on first use and kept. */
function rulesOnce(deps: AlertsDeps): () => Promise<readonly SuppressionRule[]> {
  let rules: Promise<readonly SuppressionRule[]> | undefined;
  return () => (rules ??= deps.state.suppressions.listActive(deps.now()));
}

/** A function ARN without its version or alias (`arn:aws:lambda:<region>:<account>:function:<name>`). */
function unqualified(functionArn: string): string {
  return functionArn.split(':').slice(0, 7).join(':');
}

async function enrich(alert: Alert, deps: AlertsDeps): Promise<Alert> {
  if (alert.source !== 'alarm' || alert.alarm?.state !== 'ALARM') return alert;
  const monitor = alert.monitor ? findMonitor(deps.catalog, alert.monitor.id) : undefined;
  if (deps.logs === undefined) {
    return { ...alert, matches: { status: 'unavailable', reason: 'no CloudTrail log group is configured for secmon' } };
  }
  return enrichAlarmAlert(alert, monitor, {
    logs: deps.logs.client,
    logGroupName: deps.logs.logGroupName,
    onError: (error) => deps.logger.warn('matching log events unavailable', { error: describeError(error) }),
  });
}

/** The account's name and OU, console links through the access portal, and the routed channel. */
async function decorate(alert: Alert, deps: AlertsDeps): Promise<Alert> {
  const account = alert.account === undefined ? undefined : await deps.accounts.lookup(alert.account);
  const named: Alert = {
    ...alert,
    ...(account?.name === undefined ? {} : { accountName: account.name }),
    ...(account?.ou === undefined || account.ou === '' ? {} : { accountOu: account.ou }),
    // A finding's console page is in the detector's administrator account (where it arrived), not the resource's.
    links: throughAccessPortal(alert.links, deps.ssoStartUrl, alert.finding?.adminAccount ?? alert.account),
  };
  const channel = channelFor(named, account, deps.routing, deps.channel);
  return channel === deps.channel ? named : { ...named, channel };
}

/** Name and code of an AWS error for the logs: enough to act on, without request contents. */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  return { name: error.name, message: error.message };
}
