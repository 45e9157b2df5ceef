/**
 * The deployment files around template.yaml: the Slack app manifest, samconfig.toml and the sample events for
 * `sam local invoke` agree with the template and with what the code accepts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSweepRequest } from '../../../src/alerts/invocation.js';
import { SUBCOMMANDS } from '../../../src/slack/app/command-parser.js';
import { parseJobReference } from '../../../src/slack/app/job.js';
import { verifySlackRequest } from '../../../src/slack/app/receiver.js';
import { yamlParse } from 'yaml-cfn';
import { loadTemplate, ROOT } from './template-model.js';

const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');
const json = (path: string) => JSON.parse(read(path)) as Record<string, unknown>;

interface Manifest {
  features: {
    bot_user: { display_name: string };
    slash_commands: { command: string; url: string; description: string; usage_hint: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean };
}

describe('manifest.yaml', () => {
  const manifest = yamlParse(read('manifest.yaml')) as Manifest;

  it('declares the bot scopes the code uses, and no others', () => {
    // chat.postMessage / chat.update / chat.postEphemeral need chat:write, usergroups.users.list usergroups:read,
    // the slash command commands, users.info users:read (and users:read.email for the profile e-mail keep's
    // four-eyes check compares); views.open needs no scope (it needs a trigger_id).
    expect(manifest.oauth_config.scopes.bot.slice().sort()).toEqual(['chat:write', 'commands', 'usergroups:read', 'users:read', 'users:read.email']);
  });

  it('sends /secmon and interactivity to the same request URL (the stack output SlackRequestUrl)', () => {
    const [command] = manifest.features.slash_commands;
    expect(manifest.features.slash_commands).toHaveLength(1);
    expect(command).toMatchObject({ command: '/secmon', url: 'SLACK_REQUEST_URL' });
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'SLACK_REQUEST_URL' });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(loadTemplate().Outputs['SlackRequestUrl']).toBeDefined();
    expect(read('manifest.yaml')).toMatch(/SlackRequestUrl/);
  });

  it('the usage hint names every subcommand', () => {
    const hint = manifest.features.slash_commands[0]!.usage_hint;
    for (const name of SUBCOMMANDS) expect(hint).toMatch(new RegExp(`(^|\\| )${name}\\b`));
  });
});

describe('samconfig.toml', () => {
  const text = read('samconfig.toml');
  it('deploys stack secmon with named IAM capabilities, a confirmed change set and a managed bucket', () => {
    expect(text).toMatch(/^stack_name = "secmon"$/m);
    expect(text).toMatch(/^capabilities = "CAPABILITY_IAM CAPABILITY_NAMED_IAM"$/m);
    expect(text).toMatch(/^confirm_changeset = true$/m);
    expect(text).toMatch(/^resolve_s3 = true$/m);
  });
});

describe('events/ (sam local invoke)', () => {
  it('has a sample for every path into the three functions', () => {
    expect(readdirSync(new URL('events/', ROOT)).filter((f) => f.endsWith('.json')).sort()).toEqual([
      'eventbridge-sg-open-to-world.json',
      'schedule-sweep.json',
      'slack-ssl-check.json',
      'slack-url-verification.json',
      'sns-alarm.json',
      'worker-status-job.json',
    ]);
  });

  it('the schedule event is recognised as the sweep, the EventBridge and SNS samples are not', () => {
    expect(isSweepRequest(json('events/schedule-sweep.json'))).toBe(true);
    expect(isSweepRequest(json('events/eventbridge-sg-open-to-world.json'))).toBe(false);
    expect(isSweepRequest(json('events/sns-alarm.json'))).toBe(false);
  });

  it('the worker sample is what the Slack function invokes the worker with: a job reference, nothing else', () => {
    expect(parseJobReference(json('events/worker-status-job.json'))).toEqual({ v: 2, jobId: '3f0e3a4c-8d0f-4f0a-9d55-1f6c2b7e9a01' });
  });

  it('the url_verification request is signed with feedfacecafebeef0123456789abcdef at its timestamp', () => {
    const event = json('events/slack-url-verification.json') as { body: string; headers: Record<string, string> };
    const timestamp = event.headers['x-slack-request-timestamp'];
    const check = (signingSecret: string) =>
      verifySlackRequest({ signingSecret, body: event.body, timestamp, signature: event.headers['x-slack-signature'], nowSeconds: Number(timestamp) });
    expect(check('feedfacecafebeef0123456789abcdef')).toEqual({ ok: true });
    expect(check('0123456789abcdef0123456789abcdef')).toEqual({ ok: false, reason: 'bad signature' });
  });
});
