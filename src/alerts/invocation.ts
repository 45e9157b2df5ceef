/**
 * One invocation of the alerts function: a scheduled sweep, or inputs (SNS, EventBridge) that become alerts,
 * each enriched (alarms), de-duplicated by delivery id and run through the pipeline. Errors propagate: the
 * invocation fails, and Lambda's retries and on-failure destination keep the event.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { Context } from 'aws-lambda';
import { findMonitor } from '../catalog/index.js';
import type { CatalogMatcher } from '../catalog/matcher.js';
import type { Monitor } from '../catalog/types.js';
import { isJsonObject } from '../cloudtrail/record.js';
import { confirmAlarmResolution, type AlarmStateLookup } from './alarm-state.js';
import { enrichAlarmAlert } from './enrich.js';
import type { Alert } from './model.js';
import { normaliseInvocation } from './normalise/index.js';
import { processAlert, type PipelineOutcome, type PipelineState } from './pipeline.js';
import { redriveFailedInvocations, type FailedInvocationQueue, type RedriveReport } from './redrive.js';
import type { AlertRenderer, SlackMessenger } from './ports.js';
import { sweep, type SweepReport, type SweepState } from './sweep.js';

export interface AlertsLogger {
  info(message: string, details: Record<string, unknown>): void;
  warn(message: string, details: Record<string, unknown>): void;
}

export interface AlertsDeps {
  readonly catalog: readonly Monitor[];
  readonly matcher: CatalogMatcher;
  readonly state: PipelineState & SweepState;
  /** Resolved on first use: the bot token may come from Secrets Manager. */
  readonly slack: () => Promise<SlackMessenger>;
  readonly render: AlertRenderer;
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
  readonly logs: { readonly client: CloudWatchLogsClient; readonly logGroupName: string } | undefined;
  /** Runs `process` at most once per delivery id (Powertools idempotency on the state table). */
  readonly dedupe: (
    process: (alert: Alert) => Promise<PipelineOutcome>,
  ) => (alert: Alert, context?: Context) => Promise<PipelineOutcome>;
  readonly logger: AlertsLogger;
  /** The dead-letter queue the sweep redrives (src/alerts/redrive.ts); absent in local runs. */
  readonly failedInvocations: FailedInvocationQueue | undefined;
}

export type InvocationResult =
  | { readonly kind: 'sweep'; readonly report: SweepReport; readonly redrive: RedriveReport | undefined }
  | { readonly kind: 'alerts'; readonly outcomes: readonly { readonly deliveryId: string; readonly outcome: PipelineOutcome }[] };

/** EventBridge Scheduler/rule events that ask for the periodic sweep (exact group counts, ended silences). */
export function isSweepRequest(event: unknown): boolean {
  return isJsonObject(event) && event['source'] === 'aws.events' && event['detail-type'] === 'Scheduled Event';
}

export function createAlertsInvocation(deps: AlertsDeps): (event: unknown, context?: Context) => Promise<InvocationResult> {
  const deliver = deps.dedupe(async (alert) => {
    const slack = await deps.slack();
    const enriched = await enrich(await confirmAlarmResolution(alert, deps.alarmState), deps);
    return processAlert(enriched, {
      state: deps.state,
      slack,
      render: deps.render,
      channel: deps.channel,
      now: deps.now,
      groupWindowMs: deps.groupWindowMs,
      postsPerMinute: deps.postsPerMinute,
    });
  });

  const handleAlerts = async (event: unknown, context: Context | undefined) => {
    const alerts = normaliseInvocation(event, { catalog: deps.catalog, matcher: deps.matcher, alarmTopicArn: deps.alarmTopicArn }, { now: deps.now() });
    const outcomes = [];
    // One at a time: an SNS batch is small, and order keeps an alarm's ALARM before its OK.
    for (const alert of alerts) {
      const outcome = await deliver(alert, context);
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

  return async (event, context) => {
    if (isSweepRequest(event)) {
      const slack = await deps.slack();
      // The dead-letter queue first: a failing sweep (it throws when any item fails) must not keep alerts there.
      // A queue that cannot be read is logged, not fatal: the sweep's own work goes on, and the ops alarm on the
      // queue's depth still fires.
      let redrive: RedriveReport | undefined;
      if (deps.failedInvocations !== undefined && context !== undefined) {
        redrive = await redriveFailedInvocations({
          queue: deps.failedInvocations,
          alertsFunctionArn: unqualified(context.invokedFunctionArn),
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
      const report = await sweep({ state: deps.state, slack, render: deps.render, channel: deps.channel, now: deps.now });
      deps.logger.info('sweep done', { groups: report.groups.length, silences: report.silences.length, redrive });
      return { kind: 'sweep', report, redrive };
    }
    return handleAlerts(event, context);
  };
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

/** Name and code of an AWS error for the logs: enough to act on, without request contents. */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  return { name: error.name, message: error.message };
}
