import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { runCli } from '../../helpers/cli.js';
import { cloudTrailRecord, rootConsoleLogin, stopLoggingRecord } from '../../helpers/records.js';

const BUILDER = 'https://app.slack.com/block-kit-builder/#';

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `secmon-${prefix}-`));
}

function writeRecords(records: unknown[]): string {
  const file = join(tempDir('preview-in'), 'trail.json');
  writeFileSync(file, JSON.stringify({ Records: records }));
  return file;
}

interface PreviewFile {
  text: string;
  blocks: { type: string; elements?: { action_id?: string }[]; text?: { text?: string } }[];
}

const previewFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.json'));
const readPreview = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as PreviewFile;

/** Five refused calls by one principal on one resource, a few seconds apart: one group. */
const denied = (n: number) =>
  cloudTrailRecord({
    eventName: 'DescribeInstances',
    errorCode: 'Client.UnauthorizedOperation',
    eventTime: `2026-11-20T10:01:0${n}Z`,
    eventID: `d0000000-0000-4000-8000-00000000000${n}`,
  });

// Nothing here may touch the network: every socket connect and fetch fails the test.
let connect: MockInstance<typeof Socket.prototype.connect>;
let fetchSpy: MockInstance<typeof fetch>;
beforeEach(() => {
  connect = vi.spyOn(Socket.prototype, 'connect');
  fetchSpy = vi.spyOn(globalThis, 'fetch');
});
afterEach(() => {
  expect(connect).not.toHaveBeenCalled();
  expect(fetchSpy).not.toHaveBeenCalled();
  vi.restoreAllMocks();
});

describe('secmon replay --preview', () => {
  it('writes one <nnn>-<monitor>.json per message, in event-time order, holding exactly text and blocks', async () => {
    const out = join(tempDir('preview-out'), 'nested', 'dir');
    const input = writeRecords([
      cloudTrailRecord(),
      { ...rootConsoleLogin('b1'), eventTime: '2026-11-20T10:30:00Z' },
      ...[1, 2, 3, 4, 5].map(denied),
      stopLoggingRecord('a1'),
    ]);
    const { code, stderr } = await runCli(['replay', '--pack', 'essentials', '--preview', out, input]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(previewFiles(out)).toEqual(['001-cloudtrail-tampering.json', '002-unauthorized-api-calls.json', '003-root-activity.json']);
    for (const name of previewFiles(out)) {
      const preview = readPreview(out, name);
      expect(Object.keys(preview)).toEqual(['text', 'blocks']);
      expect(preview.text).toMatch(/^\[(Critical|Medium)\] /);
      expect(preview.blocks[0]!.type).toBe('header');
      const actionIds = preview.blocks.filter((block) => block.type === 'actions').flatMap((block) => block.elements!.map((element) => element.action_id));
      expect(actionIds).toContain(ACTION_IDS.acknowledge);
    }
    // A stopped trail's alert offers its undo (start logging again), as Slack would show it.
    expect(JSON.stringify(readPreview(out, '001-cloudtrail-tampering.json').blocks)).toContain(ACTION_IDS.undo);
    // The group's preview is its final message: five events counted in one.
    expect(JSON.stringify(readPreview(out, '002-unauthorized-api-calls.json').blocks)).toContain('*5 events*');
    expect(JSON.stringify(readPreview(out, '001-cloudtrail-tampering.json').blocks)).not.toContain('events*');
  });

  it('prints a summary line and a Block Kit Builder link per message', async () => {
    const out = tempDir('preview-out');
    const input = writeRecords([stopLoggingRecord('a1'), ...[1, 2, 3].map(denied)]);
    const { code, stdout } = await runCli(['replay', '--pack', 'essentials', '--preview', out, input]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Preview: 2 messages');
    expect(lines[1]).toBe('  event path: 2 messages for 4 alerts (2 grouped into an earlier message, 0 silenced)');
    expect(lines[2]).toBe('  from 4 records in 1 file: 4 records matched');
    expect(lines).toContain(
      '001-cloudtrail-tampering.json  CRITICAL  cloudtrail-tampering  1 event  alice (IAMUser) stopped CloudTrail logging on trail main',
    );
    expect(lines.find((line) => line.startsWith('002-'))).toMatch(/^002-unauthorized-api-calls\.json {2}MEDIUM {4}unauthorized-api-calls {2}3 events {2}alice/);
    for (const name of ['001-cloudtrail-tampering.json', '002-unauthorized-api-calls.json']) {
      const link = lines[lines.findIndex((line) => line.startsWith(name)) + 1]!.trim();
      const { blocks } = readPreview(out, name);
      expect(link).toBe(BUILDER + encodeURIComponent(JSON.stringify({ blocks })));
      expect(JSON.parse(decodeURIComponent(link.slice(BUILDER.length)))).toEqual({ blocks });
    }
  });

  it('says why instead of printing a link browsers would cut', async () => {
    const out = tempDir('preview-out');
    // A user agent of quotes: each becomes \" in JSON and %5C%22 in the link.
    const input = writeRecords([{ ...stopLoggingRecord('a1'), userAgent: '"'.repeat(1500) }]);
    const { code, stdout } = await runCli(['replay', '--pack', 'essentials', '--preview', out, input]);
    expect(code).toBe(0);
    expect(stdout).not.toContain(BUILDER);
    expect(stdout).toMatch(/\(no Block Kit Builder link: it would be [\d,]+ characters, over 8,000; paste the file's blocks into/);
    expect(readPreview(out, '001-cloudtrail-tampering.json').blocks.length).toBeGreaterThan(0);
  });

  it('takes an envelope as is; its monitor comes from matching the catalog, never from the rule its resources name', async () => {
    const out = tempDir('preview-out');
    const envelope = {
      version: '0',
      id: 'env-1',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.cloudtrail',
      account: '111122223333',
      time: '2026-11-20T10:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:111122223333:rule/secmon-cis-cloudtrail-config-changes'],
      detail: stopLoggingRecord('a1'),
    };
    const input = join(tempDir('preview-in'), 'events.jsonl');
    writeFileSync(input, `${JSON.stringify(envelope)}\n`);
    const { code } = await runCli(['replay', '--preview', out, input]);
    expect(code).toBe(0);
    // The event alert's monitor comes from matching (never from the rule the envelope names); the CIS monitor's
    // alarm makes the second message.
    expect(previewFiles(out)).toEqual(['001-cloudtrail-tampering.json', '002-cis-cloudtrail-config-changes.json']);
    expect(readPreview(out, '001-cloudtrail-tampering.json').text).not.toContain('Alarm');
    expect(readPreview(out, '002-cis-cloudtrail-config-changes.json').text).toContain('Alarm secmon-cis-cloudtrail-config-changes is ALARM');
  });

  it('skips repeated event ids, as the deployed dedupe does', async () => {
    const out = tempDir('preview-out');
    const { code, stdout } = await runCli(['replay', '--pack', 'essentials', '--preview', out, writeRecords([stopLoggingRecord('a1'), stopLoggingRecord('a1')])]);
    expect(code).toBe(0);
    expect(stdout).toContain('Preview: 1 message\n  event path: 1 message for 1 alert (0 grouped into an earlier message, 0 silenced)');
    expect(stdout).toContain('2 records matched, 1 duplicate event id skipped');
  });

  it('keeps terminal control characters from CloudTrail values out of its output', async () => {
    const out = tempDir('preview-out');
    const evil = cloudTrailRecord({
      ...stopLoggingRecord('a1'),
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/x', userName: 'x\u001b[2J\u001b]0;pwned\u0007' },
    });
    const { code, stdout } = await runCli(['replay', '--pack', 'essentials', '--preview', out, writeRecords([evil])]);
    expect(code).toBe(0);
    // eslint-disable-next-line no-control-regex -- the point: no control character but the line feeds may reach stdout
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(stdout).toContain('x?[2J?]0;pwned?');
  });

  it('says so when nothing would have alerted, and writes only the page saying so', async () => {
    const out = tempDir('preview-out');
    const { code, stdout } = await runCli(['replay', '--pack', 'essentials', '--preview', out, writeRecords([cloudTrailRecord()])]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(
      `Preview: nothing would have alerted, nothing to preview\n  from 1 record in 1 file: 0 records matched\n  previews in ${out}: open ${join(out, 'index.html')} in a browser`,
    );
    expect(readdirSync(out)).toEqual(['index.html']);
  });

  it('needs no Slack settings, and rejects --json and an empty directory', async () => {
    const input = writeRecords([stopLoggingRecord('a1')]);
    expect((await runCli(['replay', '--preview', tempDir('preview-out'), input], { env: {} })).code).toBe(0);
    const json = await runCli(['replay', '--json', '--preview', tempDir('preview-out'), input]);
    expect([json.code, json.stderr]).toEqual([2, expect.stringContaining('--json reports; it cannot be combined with --slack or --preview')]);
    expect((await runCli(['replay', '--preview', '', input])).code).toBe(2);
  });

  it('reports a directory it cannot write to as a usage error', async () => {
    const blocker = join(tempDir('preview-out'), 'file');
    writeFileSync(blocker, 'not a directory');
    const { code, stderr } = await runCli(['replay', '--preview', join(blocker, 'sub'), writeRecords([stopLoggingRecord('a1')])]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot write previews to .*sub: ENOTDIR/);
  });

  it('describes --slack and --preview in its help', async () => {
    const { stdout } = await runCli(['replay', '--help']);
    expect(stdout).toContain('--slack');
    expect(stdout).toContain('--preview DIR');
    expect(stdout).toContain('SLACK_BOT_TOKEN and SLACK_CHANNEL_ID');
  });
});
