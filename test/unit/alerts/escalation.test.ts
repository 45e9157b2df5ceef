/**
 * Which alerts start an escalation, and what the sweep posts for one due, on the memory table with a recording
 * messenger: the plain text without a user group or a permalink, a message secmon no longer has, a claim held.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { escalateDue, startEscalation, type EscalationDeps } from '../../../src/alerts/escalation.js';
import type { PipelineOutcome } from '../../../src/alerts/pipeline.js';
import type { IncidentClient } from '../../../src/incidents/incident.js';
import type { PostedMessage, SlackMessage, SlackMessenger } from '../../../src/alerts/ports.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { MemoryTable } from '../../../src/store/table/memory-table.js';
import { eventAlert, messageState } from '../../helpers/alerts.js';

const T0 = new Date('2026-11-21T08:00:00Z');
const AFTER = 10 * 60_000;
const message: PostedMessage = { channel: 'C0SECMON01', ts: '1700000000.000100' };
const posted = (as: Extract<PipelineOutcome, { kind: 'posted' }>['as']): PipelineOutcome => ({ kind: 'posted', as, message });
const critical = eventAlert({ severity: 'critical', title: 'Root <!channel> signed in', deliveryId: 'd-critical' });

let state: StateStores;
let sent: { kind: 'post' | 'reply'; target: string; text: string }[];
const messenger: SlackMessenger = {
  post: (channel: string, slackMessage: SlackMessage) => (sent.push({ kind: 'post', target: channel, text: slackMessage.text }), Promise.resolve({ channel, ts: '2.0' })),
  update: () => Promise.resolve(),
  reply: (target: PostedMessage, text: string) => (sent.push({ kind: 'reply', target: target.ts, text }), Promise.resolve()),
};
const deps = (overrides: Partial<EscalationDeps> = {}): EscalationDeps => ({
  state,
  slack: messenger,
  incidents: () => Promise.resolve([]),
  now: () => new Date(T0.getTime() + AFTER),
  afterMs: AFTER,
  userGroup: undefined,
  ...overrides,
});

beforeEach(() => {
  state = createStateStores(new MemoryTable());
  sent = [];
});

describe('startEscalation', () => {
  it('starts one for a posted critical alert only: not a test, not INSUFFICIENT_DATA, not another severity, not held', async () => {
    const start = (alert = critical, outcome = posted('ungrouped')) => startEscalation(state, alert, outcome, { now: T0, afterMs: AFTER });
    expect(await start(critical, posted('test'))).toBe(false);
    expect(await start(critical, posted('insufficient-data'))).toBe(false);
    expect(await start(eventAlert({ severity: 'high' }))).toBe(false);
    expect(await start(critical, { kind: 'silenced', monitorId: 'root-activity', suppressed: 1 })).toBe(false);
    expect(await state.escalations.list(new Date(T0.getTime() + AFTER))).toEqual({ due: [], escalated: [] });
    expect(await start()).toBe(true);
    expect(await state.escalations.get(message)).toMatchObject({ dueAtMs: T0.getTime() + AFTER, alert: { deliveryId: 'd-critical' } });
  });
});

describe('escalateDue', () => {
  it('without a user group or a permalink: no mention, the title escaped, the thread named; removed when no incident service is set', async () => {
    await startEscalation(state, critical, posted('ungrouped'), { now: T0, afterMs: AFTER });
    await state.messages.create(message, { alert: critical, state: messageState() }, T0);
    expect((await escalateDue(deps())).swept).toEqual([{ action: 'escalated', message, incidents: [] }]);
    expect(sent).toEqual([
      { kind: 'reply', target: message.ts, text: ':rotating_light: This critical alert was not acknowledged after 10 minutes.' },
      { kind: 'post', target: message.channel, text: ':rotating_light: Critical alert not acknowledged after 10 minutes: *Root &lt;!channel&gt; signed in* (see its thread)' },
    ]);
    expect(await state.escalations.get(message)).toBeUndefined();
  });

  it('escalates when secmon no longer has the message (nothing shows an acknowledgement), and drops a kept one', async () => {
    await startEscalation(state, critical, posted('ungrouped'), { now: T0, afterMs: AFTER });
    expect((await escalateDue(deps())).swept.map((swept) => swept.action)).toEqual(['escalated']);

    const kept: PostedMessage = { channel: 'C0SECMON01', ts: '1700000000.000200' };
    await startEscalation(state, critical, { kind: 'posted', as: 'ungrouped', message: kept }, { now: T0, afterMs: AFTER });
    await state.messages.create(kept, { alert: critical, state: messageState({ kept: { by: 'U0ADMIN02', at: T0.toISOString(), reason: 'planned' } }) }, T0);
    sent = [];
    expect((await escalateDue(deps())).swept).toEqual([{ action: 'dropped', message: kept }]);
    expect(sent).toEqual([]);
  });

  it('resolves at once the incident of an alert acknowledged while it was being opened (the worker may have looked first)', async () => {
    await startEscalation(state, critical, posted('ungrouped'), { now: T0, afterMs: AFTER });
    await state.messages.create(message, { alert: critical, state: messageState() }, T0);
    const calls: string[] = [];
    const pagerDuty: IncidentClient = {
      service: 'pagerduty',
      open: async (alert) => {
        calls.push(`open ${alert.deliveryId}`);
        // Meanwhile someone clicks Acknowledge (the Slack function writes the state).
        await state.messages.updateState(message, { acknowledged: { by: 'U0ONCALL01', at: T0.toISOString() } });
      },
      resolve: (deliveryId) => (calls.push(`resolve ${deliveryId}`), Promise.resolve()),
    };
    expect((await escalateDue(deps({ incidents: () => Promise.resolve([pagerDuty]) }))).swept).toEqual([{ action: 'escalated', message, incidents: ['pagerduty'] }]);
    expect(calls).toEqual(['open d-critical', 'resolve d-critical']);
    expect(await state.escalations.get(message)).toBeUndefined();
  });

  it('starts none once the invocation is short of time: they wait, still due, for the next sweep', async () => {
    await startEscalation(state, critical, posted('ungrouped'), { now: T0, afterMs: AFTER });
    expect(await escalateDue(deps({ remainingMs: () => 14_000 }))).toEqual({ swept: [], failures: [] });
    expect(sent).toEqual([]);
    expect((await state.escalations.list(new Date(T0.getTime() + AFTER))).due).toHaveLength(1);
  });

  it('leaves one another sweep holds to it', async () => {
    await startEscalation(state, critical, posted('ungrouped'), { now: T0, afterMs: AFTER });
    await state.escalations.claim(message, { now: new Date(T0.getTime() + AFTER), leaseMs: 60_000 });
    expect((await escalateDue(deps())).swept).toEqual([{ action: 'busy', message }]);
    expect(sent).toEqual([]);
  });
});
