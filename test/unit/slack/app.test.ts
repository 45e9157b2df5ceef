import { describe, expect, it, vi } from 'vitest';
import { SECMON_COMMANDS } from '../../../blocks/help.js';
import { buildCatalog } from '../../../src/catalog/index.js';
import { ACTIONS } from '../../../src/actions/registry.js';
import { createAdminPolicy, isAdminOnly } from '../../../src/slack/app/authorize.js';
import { SUBCOMMANDS, parseDuration, parseSecmonCommand } from '../../../src/slack/app/command-parser.js';
import { decodeBody, verifySlackRequest } from '../../../src/slack/app/receiver.js';
import { sign } from '../../helpers/slack-requests.js';

const catalog = buildCatalog();

describe('parseSecmonCommand', () => {
  it('parses every command with its arguments', () => {
    expect(parseSecmonCommand('', catalog)).toEqual({ ok: true, command: { name: 'help' } });
    expect(parseSecmonCommand('LIST cis', catalog)).toEqual({ ok: true, command: { name: 'list', pack: 'cis' } });
    expect(parseSecmonCommand('enable root-activity --via=alarm', catalog)).toEqual({
      ok: true,
      command: { name: 'enable', target: { kind: 'monitor', id: 'root-activity' }, via: 'alarm' },
    });
    expect(parseSecmonCommand('silence root-activity 1d  maintenance  window', catalog)).toEqual({
      ok: true,
      command: { name: 'silence', monitorId: 'root-activity', seconds: 86_400, duration: '1d', reason: 'maintenance  window' },
    });
  });

  it('takes a minimum severity for the findings, in either option form, and only on enable', () => {
    expect(parseSecmonCommand('enable guardduty-findings --min-severity HIGH', catalog)).toEqual({
      ok: true,
      command: { name: 'enable', target: { kind: 'monitor', id: 'guardduty-findings' }, minSeverity: 'high' },
    });
    expect(parseSecmonCommand('enable findings --min-severity=critical', catalog)).toEqual({
      ok: true,
      command: { name: 'enable', target: { kind: 'pack', id: 'findings' }, minSeverity: 'critical' },
    });
    expect(parseSecmonCommand('enable findings --min-severity severe', catalog)).toMatchObject({ ok: false, message: expect.stringContaining('`critical`, `high`, `medium` or `low`') });
    expect(parseSecmonCommand('enable findings --min-severity', catalog)).toMatchObject({ ok: false, message: expect.stringContaining('--min-severity') });
    expect(parseSecmonCommand('disable findings --min-severity high', catalog)).toMatchObject({ ok: false, message: expect.stringContaining('Usage') });
    expect(parseSecmonCommand('enable findings --severity high', catalog)).toMatchObject({ ok: false, message: expect.stringContaining('the options are') });
  });

  it('answers mistakes with the closest names and the usage', () => {
    expect(parseSecmonCommand('stauts', catalog)).toMatchObject({ ok: false, message: expect.stringContaining('`status`') });
    expect(parseSecmonCommand('list cls', catalog)).toMatchObject({ ok: false, message: expect.stringContaining('`cis`') });
    expect(parseSecmonCommand('enable root-activity --via sms', catalog)).toMatchObject({ ok: false, message: expect.stringContaining('--via') });
    expect(parseSecmonCommand('silence root-activity forever', catalog)).toMatchObject({ ok: false, message: expect.stringContaining('not a duration') });
    expect(parseSecmonCommand('silence root-activity 30d', catalog)).toMatchObject({ ok: false, message: expect.stringContaining('15 days') });
    expect(parseSecmonCommand('test <!channel>', catalog)).toMatchObject({ ok: false, message: expect.not.stringContaining('<!channel>') });
  });

  it('knows exactly the documented commands', () => {
    expect([...SUBCOMMANDS].sort()).toEqual(SECMON_COMMANDS.map((entry) => entry.usage.split(' ')[0]).sort());
  });

  it('reads durations', () => {
    expect([parseDuration('30m'), parseDuration('2h'), parseDuration('1w'), parseDuration('2 hours'), parseDuration('h')]).toEqual([
      1800, 7200, 604_800, 7200, undefined,
    ]);
  });
});

describe('verifySlackRequest', () => {
  const now = 1_800_000_000;
  const check = (timestamp: number, body = 'a=b', signature = sign(body, timestamp, 's3cret')) =>
    verifySlackRequest({ signingSecret: 's3cret', body, timestamp: String(timestamp), signature, nowSeconds: now });
  it('accepts within 300 s either way and rejects beyond', () => {
    expect(check(now - 300)).toEqual({ ok: true });
    expect(check(now + 300)).toEqual({ ok: true });
    expect(check(now - 301)).toEqual({ ok: false, reason: 'timestamp skew' });
    expect(check(now + 301)).toEqual({ ok: false, reason: 'timestamp skew' });
    expect(check(now, 'a=c', sign('a=b', now, 's3cret'))).toEqual({ ok: false, reason: 'bad signature' });
  });
  it('decodes base64 bodies as UTF-8', () => {
    expect(decodeBody({ body: Buffer.from('text=ü🔧').toString('base64'), isBase64Encoded: true })).toBe('text=ü🔧');
  });
});

describe('admin policy', () => {
  it('resolves user groups once per TTL and fails closed', async () => {
    let clock = 0;
    const list = vi.fn().mockResolvedValue({ ok: true, users: ['U0GROUPED'] });
    const policy = createAdminPolicy({ admins: { users: ['U0DIRECT'], groups: ['S0ADMINS'] }, logger: { warn: vi.fn() }, ttlMs: 1000, now: () => clock });
    const client = { usergroups: { users: { list } } };
    expect(await policy.isAdmin('U0DIRECT', client)).toBe(true);
    expect(list).not.toHaveBeenCalled();
    expect(await policy.isAdmin('U0GROUPED', client)).toBe(true);
    expect(await policy.isAdmin('U0OTHER', client)).toBe(false);
    expect(list).toHaveBeenCalledTimes(1);
    clock = 1001;
    list.mockRejectedValueOnce(new Error('ratelimited'));
    expect(await policy.isAdmin('U0GROUPED', client)).toBe(true); // last known members
    const fresh = createAdminPolicy({ admins: { users: [], groups: ['S0ADMINS'] }, logger: { warn: vi.fn() } });
    list.mockRejectedValueOnce(new Error('down'));
    expect(await fresh.isAdmin('U0GROUPED', client)).toBe(false);
  });

  it('agrees with the registry on which actions are admin-only', () => {
    for (const action of ACTIONS) expect(isAdminOnly(action.name), action.name).toBe(action.adminOnly);
  });
});
