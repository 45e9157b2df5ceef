import { describe, expect, it } from 'vitest';
import type { BlockMessage } from '../../../blocks/elements.js';
import { SECMON_COMMANDS, helpMessage } from '../../../blocks/help.js';
import { type MonitorListEntry, monitorListMessage } from '../../../blocks/monitor-list.js';
import { type MonitorStatus, statusMessage } from '../../../blocks/status.js';
import { buildCatalog } from '../../../src/catalog/index.js';
import type { Monitor } from '../../../src/catalog/types.js';
import { assertWithinSlackLimits } from '../../helpers/slack-limits.js';
import { blocksOfType, joinedText, mrkdwnTexts } from './query.js';

function checked(message: BlockMessage): BlockMessage {
  assertWithinSlackLimits(message);
  return message;
}

const catalog = buildCatalog();

function monitorLike(index: number, overrides: Partial<Monitor> = {}): Monitor {
  return {
    id: `monitor-${index}`,
    title: `Monitor number ${index} with a reasonably long descriptive title for testing`,
    description: '',
    severity: 'high',
    packs: ['essentials'],
    filterPattern: '{ $.eventName = "X" }',
    eventPattern: { source: ['aws.ec2'] },
    ruleRegions: ['home'],
    remediations: [],
    runbook: '',
    attack: [],
    stratus: [],
    ...overrides,
  };
}

describe('helpMessage', () => {
  it('documents every /secmon command with its arguments', () => {
    const message = checked(helpMessage());
    const text = joinedText(message);
    for (const usage of [
      '/secmon help',
      '/secmon list [pack]',
      '/secmon status',
      '/secmon enable &lt;monitor|pack&gt; [--via alarm|event] [--min-severity critical|high|medium|low]',
      '/secmon disable &lt;monitor|pack&gt;',
      '/secmon silence &lt;monitor&gt; &lt;30m|2h|1d&gt; [reason]',
      '/secmon unsilence &lt;monitor&gt;',
      '/secmon test &lt;monitor&gt;',
      '/secmon suppress &lt;monitor&gt; [account=…] [principal=…] [ip=…] [user-agent=…] [resource=…] for &lt;30m|2h|1d&gt; &lt;reason&gt;',
      '/secmon suppressions',
      '/secmon unsuppress &lt;id&gt;',
    ]) {
      expect(text).toContain(`\`${usage}\``);
    }
    expect(SECMON_COMMANDS.map((command) => command.usage.split(' ')[0])).toEqual([
      'help',
      'list',
      'status',
      'enable',
      'disable',
      'silence',
      'unsilence',
      'test',
      'suppress',
      'suppressions',
      'unsuppress',
    ]);
    expect(message.text).toContain('secmon commands');
  });

  it('uses the installed command name, escaped', () => {
    const message = checked(helpMessage({ command: '/secmon-staging<!here>' }));
    expect(joinedText(message)).toContain('`/secmon-staging&lt;!here&gt; status`');
  });
});

describe('monitorListMessage', () => {
  const entries: MonitorListEntry[] = catalog.map((monitor, index) => ({
    monitor,
    enabledVia: index % 3 === 0 ? ['alarm', 'event'] : index % 3 === 1 ? ['event'] : [],
    ...(index === 0 ? { silencedUntil: '2026-11-21T10:00:00Z' } : {}),
  }));

  it('fits the whole catalog in a few blocks, one line per monitor, grouped by pack', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(30);
    const message = checked(monitorListMessage(entries));
    expect(message.blocks.length).toBeLessThanOrEqual(10);
    const text = joinedText(message);
    for (const monitor of catalog) expect(text).toContain(`\`${monitor.id}\``);
    expect(text).toContain(`*Essentials* (${catalog.filter((m) => m.packs[0] === 'essentials').length})`);
    expect(text).toContain(`*CIS* (${catalog.filter((m) => m.packs[0] === 'cis').length})`);
    expect(message.text).toBe(`secmon monitors: ${catalog.length} monitors · ${entries.filter((e) => e.enabledVia.length > 0).length} enabled · 1 silenced`);
  });

  it('says how each monitor is enabled, or how it could be, and until when it is silenced', () => {
    const text = joinedText(checked(monitorListMessage(entries)));
    const [first, second, third] = catalog;
    expect(text).toContain(`\`${first?.id}\` ${first?.title}: :white_check_mark: enabled via alarm, event · :no_bell: silenced until 2026-11-21 10:00 UTC`);
    expect(text).toContain(`\`${second?.id}\` ${second?.title}: :white_check_mark: enabled via event\n`);
    expect(text).toContain(`\`${third?.id}\` ${third?.title}: not enabled (available via alarm, event)`);
    const cisOnly = catalog.find((monitor) => monitor.eventPattern === null);
    expect(cisOnly).toBeDefined();
    const cisMessage = checked(monitorListMessage([{ monitor: cisOnly as Monitor, enabledVia: [] }]));
    expect(joinedText(cisMessage)).toContain('not enabled (available via alarm)');
  });

  it('lists one pack when asked', () => {
    const message = checked(monitorListMessage(entries, { pack: 'cis' }));
    const text = joinedText(message);
    expect(text).toContain('secmon monitors: CIS pack');
    expect(text).not.toContain('`sg-open-to-world`');
    expect(text).toContain('`cis-root-usage`');
  });

  it('fits 400 monitors in 50 blocks without leaving any out', () => {
    const many = Array.from({ length: 400 }, (_, index) => ({ monitor: monitorLike(index), enabledVia: ['event' as const] }));
    const message = checked(monitorListMessage(many));
    expect(message.blocks).toHaveLength(blocksOfType(message, 'section').length + 3);
    expect(joinedText(message)).toContain('`monitor-0`');
    expect(joinedText(message)).toContain('`monitor-399`');
  });

  it('cuts a huge catalog at 50 blocks and says so', () => {
    const many = Array.from({ length: 1500 }, (_, index) => ({ monitor: monitorLike(index, { title: 'T'.repeat(300) }), enabledVia: [] }));
    const message = checked(monitorListMessage(many));
    expect(message.blocks).toHaveLength(50);
    expect(joinedText(message)).toMatch(/…\d+ more blocks not shown/);
  });

  it('escapes monitor titles', () => {
    const message = checked(monitorListMessage([{ monitor: monitorLike(1, { title: '<!channel> & co' }), enabledVia: [] }]));
    expect(mrkdwnTexts(message).join('\n')).not.toContain('<!channel>');
    expect(joinedText(message)).toContain('&lt;!channel&gt; &amp; co');
  });

  it('says so when there is nothing to list', () => {
    expect(joinedText(checked(monitorListMessage([])))).toContain('No monitors to list.');
  });
});

describe('statusMessage', () => {
  const statuses: MonitorStatus[] = catalog.map((monitor, index) => ({
    monitor,
    enabledVia: index < 20 ? (monitor.eventPattern !== null ? ['event'] : ['alarm']) : [],
    ...(index < 20 && monitor.eventPattern === null ? { alarmState: 'OK' as const } : {}),
    ...(index === 2 ? { lastAlert: { at: '2026-11-20T10:02:00Z', summary: 'alice failed to sign in <!here>' } } : {}),
  }));
  statuses[15] = { ...statuses[15]!, enabledVia: ['alarm'], alarmState: 'ALARM' };
  statuses[25] = { ...statuses[25]!, silencedUntil: '2026-11-20T18:00:00Z', silenceReason: 'pen test' };

  const message = checked(statusMessage({ monitors: statuses, asOf: '2026-11-20T12:00:00Z' }));
  const text = joinedText(message);

  it('summarises enabled monitors, alarms and silences with the time it was read', () => {
    expect(text).toContain('20 enabled · 1 in ALARM · 1 silenced · as of 2026-11-20 12:00 UTC');
    expect(message.text).toBe('secmon status: 20 enabled, 1 in ALARM, 1 silenced');
  });

  it('lists the monitors in ALARM first, then the silences with their expiry', () => {
    const alarming = catalog[15]!;
    const silenced = catalog[25]!;
    expect(text).toContain(`:rotating_light: *In ALARM* (1)\n${markerOf(alarming)} \`${alarming.id}\` ${alarming.title}`);
    expect(text).toContain(`:no_bell: *Silenced* (1)\n${markerOf(silenced)} \`${silenced.id}\` until 2026-11-20 18:00 UTC: pen test`);
    expect(text.indexOf('In ALARM')).toBeLessThan(text.indexOf('*Silenced*'));
    expect(text.indexOf('*Silenced*')).toBeLessThan(text.indexOf('*Enabled monitors*'));
  });

  it('shows each enabled monitor with its path, alarm state and last alert (escaped)', () => {
    expect(text).toContain('*Enabled monitors* (20)');
    expect(text).toContain(`\`${catalog[15]!.id}\` via alarm (ALARM) · no alerts yet`);
    expect(text).toContain(`\`${catalog[2]!.id}\` via event · last alert 2026-11-20 10:02 UTC: alice failed to sign in &lt;!here&gt;`);
    expect(text).not.toContain(`\`${catalog[25]!.id}\` via`);
  });

  it('points to enabling a pack when nothing is enabled', () => {
    const empty = checked(statusMessage({ monitors: [], asOf: '2026-11-20T12:00:00Z' }));
    expect(joinedText(empty)).toContain('No monitors are enabled. Start with `/secmon enable essentials`.');
  });

  it('stays within the limits for 500 monitors all in ALARM and silenced', () => {
    const many: MonitorStatus[] = Array.from({ length: 500 }, (_, index) => ({
      monitor: monitorLike(index),
      enabledVia: ['alarm', 'event'],
      alarmState: 'ALARM',
      silencedUntil: '2026-11-21T00:00:00Z',
      silenceReason: 'r'.repeat(5000),
      lastAlert: { at: '2026-11-20T10:00:00Z', summary: 's'.repeat(5000) },
    }));
    const big = checked(statusMessage({ monitors: many, asOf: '2026-11-20T12:00:00Z' }));
    expect(big.blocks).toHaveLength(50);
  });
});

function markerOf(monitor: Monitor): string {
  return { critical: ':red_circle:', high: ':large_orange_circle:', medium: ':large_yellow_circle:', low: ':large_blue_circle:' }[
    monitor.severity
  ];
}
