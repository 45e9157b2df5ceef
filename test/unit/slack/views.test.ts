/**
 * `/secmon list` and `/secmon status` as the worker renders them from the status action's detail: which monitors
 * show as enabled and how, silences (records and mute rules) with their end, the last alert per monitor, and Slack's
 * limits with the whole catalog at its worst (everything enabled, silenced, in ALARM, with long texts).
 */
import { describe, expect, it } from 'vitest';
import type { MonitorStatus } from '../../../src/actions/status.js';
import type { ActionResult } from '../../../src/actions/types.js';
import { buildCatalog } from '../../../src/catalog/index.js';
import { enabledVia, renderView, silencedUntil } from '../../../src/slack/app/views.js';
import { assertWithinSlackLimits } from '../../helpers/slack-limits.js';

const catalog = buildCatalog();
const NOW = new Date('2026-11-20T10:00:00.000Z');

function entry(monitorId: string, overrides: Partial<MonitorStatus> = {}): MonitorStatus {
  return {
    monitorId,
    metricFilter: false,
    alarm: undefined,
    rules: [],
    muted: false,
    mutedUntil: undefined,
    silencedUntil: undefined,
    silenceReason: undefined,
    lastAlert: undefined,
    ...overrides,
  };
}

const result = (monitors: readonly MonitorStatus[]): ActionResult => ({ ok: true, summary: 'summary', detail: { monitors } });

/** All mrkdwn and plain text of a message, joined. */
function textOf(message: { text: string; blocks: readonly object[] }): string {
  return `${message.text}\n${JSON.stringify(message.blocks)}`;
}

const alarmMonitor = catalog.find((m) => m.filterPattern !== null && m.eventPattern === null)!;
const eventMonitor = catalog.find((m) => m.eventPattern !== null && m.filterPattern !== null)!;

describe('enabledVia and silencedUntil', () => {
  it('reads the paths from the filter, alarm and enabled rules', () => {
    expect(enabledVia(undefined)).toEqual([]);
    expect(enabledVia(entry('a', { metricFilter: true }))).toEqual(['alarm']);
    expect(enabledVia(entry('a', { alarm: 'OK', rules: [{ region: 'us-east-1', state: 'ENABLED' }] }))).toEqual(['alarm', 'event']);
    expect(enabledVia(entry('a', { rules: [{ region: 'us-east-1', state: 'DISABLED' }] }))).toEqual([]);
  });

  it('takes the later of a silence record and a mute rule still in force', () => {
    expect(silencedUntil(entry('a', { silencedUntil: '2026-11-20T11:00:00Z', mutedUntil: '2026-11-20T12:00:00.000Z' }), NOW)).toBe(
      '2026-11-20T12:00:00.000Z',
    );
    expect(silencedUntil(entry('a', { silencedUntil: '2026-11-20T09:00:00Z' }), NOW)).toBeUndefined();
    expect(silencedUntil(entry('a', { muted: true }), NOW)).toBeUndefined();
  });
});

describe('list view', () => {
  it('lists every catalog monitor with how it is enabled and its silence', () => {
    const message = renderView(
      'list',
      result([
        entry(alarmMonitor.id, { metricFilter: true, alarm: 'OK', muted: true, mutedUntil: '2026-11-20T14:00:00.000Z' }),
        entry(eventMonitor.id, { rules: [{ region: 'us-east-1', state: 'ENABLED' }] }),
      ]),
      { catalog, params: {}, now: NOW },
    )!;
    assertWithinSlackLimits(message);
    const text = textOf(message);
    expect(message.text).toContain(`${catalog.length} monitors · 2 enabled · 1 silenced`);
    expect(text).toMatch(new RegExp(`\`${alarmMonitor.id}\`[^\\n]*enabled via alarm · :no_bell: silenced until 2026-11-20 14:00 UTC`));
    expect(text).toMatch(new RegExp(`\`${eventMonitor.id}\`[^\\n]*enabled via event`));
    for (const monitor of catalog) expect(text).toContain(`\`${monitor.id}\``);
  });

  it('lists only the pack asked for', () => {
    const cis = catalog.filter((m) => m.packs.includes('cis'));
    const other = catalog.find((m) => !m.packs.includes('cis'))!;
    const message = renderView('list', result([]), { catalog, params: { pack: 'cis' }, now: NOW })!;
    expect(message.text).toContain(`CIS pack: ${cis.length} monitors · 0 enabled`);
    expect(textOf(message)).not.toContain(`\`${other.id}\``);
  });
});

describe('status view', () => {
  it('shows enabled monitors with alarm state, active silences with their end and reason, and the last alert', () => {
    const message = renderView(
      'status',
      result([
        entry(alarmMonitor.id, {
          metricFilter: true,
          alarm: 'ALARM',
          lastAlert: { at: '2026-11-20T09:58:00Z', summary: 'alice tried 5 failed console logins' },
        }),
        entry(eventMonitor.id, {
          rules: [{ region: 'us-east-1', state: 'ENABLED' }],
          silencedUntil: '2026-11-20T12:00:00Z',
          silenceReason: 'pen test',
        }),
      ]),
      { catalog, params: {}, now: NOW },
    )!;
    assertWithinSlackLimits(message);
    const text = textOf(message);
    expect(message.text).toBe('secmon status: 2 enabled, 1 in ALARM, 1 silenced');
    expect(text).toContain('In ALARM* (1)');
    expect(text).toMatch(new RegExp(`\`${eventMonitor.id}\` until 2026-11-20 12:00 UTC: pen test`));
    expect(text).toMatch(
      new RegExp(`\`${alarmMonitor.id}\` via alarm \\(ALARM\\) · last alert 2026-11-20 09:58 UTC: alice tried 5 failed console logins`),
    );
    expect(text).toMatch(new RegExp(`\`${eventMonitor.id}\` via event · no alerts yet`));
  });

  it('says so when nothing is enabled', () => {
    const message = renderView('status', result([]), { catalog, params: {}, now: NOW })!;
    expect(textOf(message)).toContain('No monitors are enabled');
  });

  it('renders nothing for a failed read or a detail that is not the status action\'s', () => {
    expect(renderView('status', { ok: false, summary: 'Could not read', detail: {} }, { catalog, params: {}, now: NOW })).toBeUndefined();
    expect(renderView('list', { ok: true, summary: 'x', detail: { other: 1 } }, { catalog, params: {}, now: NOW })).toBeUndefined();
  });
});

describe('Slack limits with the full catalog at its worst', () => {
  const long = `${'<!channel> & `code` *bold* '.repeat(40)}🔧`;
  const worst = catalog.map((monitor) =>
    entry(monitor.id, {
      metricFilter: true,
      alarm: 'ALARM',
      rules: [
        { region: 'eu-west-1', state: 'ENABLED' },
        { region: 'us-east-1', state: 'ENABLED' },
      ],
      muted: true,
      mutedUntil: '2026-11-21T10:00:00.000Z',
      silencedUntil: '2026-11-21T09:00:00.000Z',
      silenceReason: long,
      lastAlert: { at: '2026-11-20T09:59:59Z', summary: long },
    }),
  );

  it.each([
    ['list', {}],
    ['list', { pack: 'essentials' }],
    ['list', { pack: 'cis' }],
    ['status', {}],
  ] as const)('%s %j stays within the limits and escapes user text', (view, params) => {
    const message = renderView(view, result(worst), { catalog, params, now: NOW })!;
    assertWithinSlackLimits(message);
    expect(textOf(message)).not.toContain('<!channel>');
  });

  it('status shows every one of the monitors, with its last alert', () => {
    const message = renderView('status', result(worst), { catalog, params: {}, now: NOW })!;
    const text = textOf(message);
    expect(message.text).toBe(`secmon status: ${catalog.length} enabled, ${catalog.length} in ALARM, ${catalog.length} silenced`);
    const shown = catalog.filter((monitor) => text.includes(`\`${monitor.id}\` via alarm (ALARM), event · last alert`)).length;
    expect(shown).toBe(catalog.length);
    expect(text).not.toContain('not shown');
  });
});
