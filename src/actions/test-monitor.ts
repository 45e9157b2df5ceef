/**
 * test: sends a monitor's alert through the real path, so a responder sees the Slack message arrive.
 * - alarm path: SetAlarmState ALARM, then OK (the alarm notifies the SNS topic both times; the next evaluation
 *   would set the true state anyway). The reason names the requester.
 * - event path: an asynchronous Invoke (InvocationType Event) of the alerts function with the secmon test event.
 * The summary says which hop failed.
 */
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import * as z from 'zod/mini';
import { buildTestEvent } from '../alerts/normalise/index.js';
import { ALARM_ARN, ALERTS_FUNCTION_ARN, defaultPath, hasPath, resolveMonitor, resourceName } from './common.js';
import { humanReason } from './errors.js';
import type { ActionDefinition } from './types.js';

const testParams = z.object({
  monitorId: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a monitor id')),
  via: z.optional(z.enum(['alarm', 'event'])),
});
export type TestParams = z.infer<typeof testParams>;

export const testAction: ActionDefinition<TestParams> = {
  name: 'test',
  description: "Send a test alert for a monitor through its real path (alarm state change, or the alerts function) and say which hop failed.",
  adminOnly: true,
  writes: true,
  params: testParams,
  example: { monitorId: 'root-activity', via: undefined },
  permissions: [
    { actions: ['cloudwatch:SetAlarmState'], resources: [ALARM_ARN], reason: "Alarm path: set the monitor's alarm to ALARM and back to OK." },
    { actions: ['lambda:InvokeFunction'], resources: [ALERTS_FUNCTION_ARN], reason: 'Event path: send the test event to the alerts function.' },
  ],
  async run(params, context) {
    const monitor = resolveMonitor(context.catalog, params.monitorId);
    if ('reason' in monitor) return { ok: false, summary: `No test sent: ${monitor.reason}.`, detail: { monitorId: params.monitorId } };
    if (params.via !== undefined && !hasPath(monitor, params.via)) {
      return { ok: false, summary: `No test sent: ${monitor.id} has no ${params.via} form.`, detail: { monitorId: monitor.id } };
    }
    const path = params.via ?? defaultPath(monitor);
    const { settings, actor } = context;
    const now = context.now();
    const who = actor.userName === undefined ? actor.userId : `${actor.userName} (${actor.userId})`;

    if (path === 'alarm') {
      const name = resourceName(settings, monitor.id);
      const cloudwatch = context.clients.cloudwatch(settings.homeRegion);
      for (const state of ['ALARM', 'OK'] as const) {
        try {
          await cloudwatch.send(
            new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: `secmon test requested by ${who} at ${now.toISOString()}` }),
          );
        } catch (error) {
          const hop = state === 'ALARM' ? `setting the alarm ${name} to ALARM` : `setting the alarm ${name} back to OK (the ALARM test was sent)`;
          const hint = error instanceof Error && error.name === 'ResourceNotFound' ? ' (is the monitor enabled on the alarm path?)' : '';
          return {
            ok: false,
            summary: `Test of ${monitor.id} failed at ${hop}: ${humanReason(error, `set the state of the alarm ${name}`)}${hint}.`,
            detail: { monitorId: monitor.id, path, failedHop: state === 'ALARM' ? 'set-alarm' : 'set-ok' },
            cause: error,
          };
        }
      }
      return {
        ok: true,
        summary: `Test of ${monitor.id} sent: alarm ${name} set to ALARM, then OK. The alert should arrive through the alarm topic.`,
        detail: { monitorId: monitor.id, path, alarm: name },
      };
    }

    const event = buildTestEvent(monitor.id, actor.userId, now, { account: settings.accountId, region: settings.homeRegion });
    try {
      const output = await context.clients.lambda(settings.homeRegion).send(
        new InvokeCommand({
          FunctionName: settings.alertsFunctionArn,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify(event)),
        }),
      );
      if (output.StatusCode !== undefined && output.StatusCode !== 202) {
        return {
          ok: false,
          summary: `Test of ${monitor.id} failed at invoking the alerts function: it did not accept the event (status ${output.StatusCode}).`,
          detail: { monitorId: monitor.id, path, failedHop: 'invoke' },
        };
      }
    } catch (error) {
      return {
        ok: false,
        summary: `Test of ${monitor.id} failed at invoking the alerts function: ${humanReason(error, 'invoke the alerts function')}.`,
        detail: { monitorId: monitor.id, path, failedHop: 'invoke' },
        cause: error,
      };
    }
    return {
      ok: true,
      summary: `Test of ${monitor.id} sent to the alerts function (event ${event.id}); the alert should arrive in a few seconds.`,
      detail: { monitorId: monitor.id, path, eventId: event.id },
    };
  },
};
