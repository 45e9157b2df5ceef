import { describe, expect, it } from 'vitest';
import { cliSettings, loadAlertsConfig, loadCliConfig, loadReplaySlackConfig, loadSlackAppConfig, loadWorkerConfig } from '../../src/config.js';
import { isSecmonError } from '../../src/errors.js';

const base = { SLACK_CHANNEL_ID: 'C0123456789', STATE_TABLE: 'secmon-state', ALARM_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:secmon-alarms' };

describe('loadAlertsConfig', () => {
  it('reads a token setup with defaults', () => {
    expect(loadAlertsConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({
      slack: { kind: 'token', botToken: 'xoxb-1' },
      channelId: 'C0123456789',
      slackApiUrl: undefined,
      stateTable: 'secmon-state',
      cloudTrailLogGroup: undefined,
      groupWindowMs: 600_000,
      namePrefix: 'secmon',
      allowedRegions: [],
      alarmTopicArn: 'arn:aws:sns:us-east-1:111122223333:secmon-alarms',
      failedInvocationsQueueUrl: undefined,
      routing: { defaultChannel: undefined, routes: [], accounts: {} },
      ssoStartUrl: undefined,
      organization: undefined,
      escalation: undefined,
      incidentUrls: { pagerDuty: 'https://events.pagerduty.com/', opsgenie: 'https://api.opsgenie.com/' },
    });
  });

  it('reads escalation: minutes and the on-call user group; 0 is off; the incident services elsewhere (EU, tests)', () => {
    const token = { ...base, SLACK_BOT_TOKEN: 'xoxb-1' };
    const config = loadAlertsConfig({ ...token, ESCALATE_AFTER_MINUTES: '15', ESCALATION_USERGROUP: 'S0ONCALL01', OPSGENIE_API_URL: 'https://api.eu.opsgenie.com' });
    expect(config.escalation).toEqual({ afterMs: 900_000, userGroup: 'S0ONCALL01' });
    expect(config.incidentUrls.opsgenie).toBe('https://api.eu.opsgenie.com/');
    expect(loadAlertsConfig({ ...token, ESCALATE_AFTER_MINUTES: '5' }).escalation).toEqual({ afterMs: 300_000, userGroup: undefined });
    expect(loadAlertsConfig({ ...token, ESCALATE_AFTER_MINUTES: '0', ESCALATION_USERGROUP: 'S0ONCALL01' }).escalation).toBeUndefined();
    expect(() => loadAlertsConfig({ ...token, ESCALATE_AFTER_MINUTES: '1441' })).toThrow(/ESCALATE_AFTER_MINUTES: must be at most 1440/);
    expect(() => loadAlertsConfig({ ...token, ESCALATE_AFTER_MINUTES: '2.5' })).toThrow(/ESCALATE_AFTER_MINUTES: must be a whole number/);
    expect(() => loadAlertsConfig({ ...token, ESCALATE_AFTER_MINUTES: '10', ESCALATION_USERGROUP: 'U0ALICE01' })).toThrow(/ESCALATION_USERGROUP: must be a Slack user group id/);
  });

  it('reads an organization deployment, and its routing document', () => {
    const config = loadAlertsConfig({
      ...base,
      SLACK_BOT_TOKEN: 'xoxb-1',
      ORGANIZATION_ID: 'o-a1b2c3d4e5',
      TRAIL_ACCOUNT_ID: '999988887777',
      TRAIL_READER_ROLE_ARN: 'arn:aws:iam::999988887777:role/secmon-trail-reader',
      SSO_START_URL: 'https://acme.awsapps.com/start',
      ALERT_ROUTING: '{"routes":[{"channel":"C0PROD0001","severities":["critical"]}]}',
    });
    expect(config.organization).toEqual({
      organizationId: 'o-a1b2c3d4e5',
      directoryRoleArn: undefined,
      trailAccountId: '999988887777',
      trailReaderRoleArn: 'arn:aws:iam::999988887777:role/secmon-trail-reader',
      deadLetterQueueUrl: undefined,
    });
    expect(config.routing.routes).toEqual([{ channel: 'C0PROD0001', severities: ['critical'] }]);
    expect(config.ssoStartUrl).toBe('https://acme.awsapps.com/start');
  });

  it('names a broken routing document, a missing trail account and a bad organization id with the other problems', () => {
    const error = (() => {
      try {
        loadAlertsConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', ORGANIZATION_ID: 'org-1', ALERT_ROUTING: '{"routes":[{"channel":"general"}]}', SSO_START_URL: 'http://x' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isSecmonError(error, 'CONFIG_INVALID')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('ORGANIZATION_ID: must be an AWS Organizations id');
    expect(message).toContain('TRAIL_ACCOUNT_ID: required with ORGANIZATION_ID');
    expect(message).toContain('ALERT_ROUTING: routes[0].channel must be a Slack channel id');
    expect(message).toContain('SSO_START_URL: must be an https URL');
  });

  it('prefers the secret over a leftover token and normalises the API URL', () => {
    const config = loadAlertsConfig({
      ...base,
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:secmon/slack-AbCdEf',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      GROUP_WINDOW_MINUTES: '3',
      CLOUDTRAIL_LOG_GROUP: 'aws-cloudtrail-logs',
    });
    expect(config.slack).toEqual({ kind: 'secret', secretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:secmon/slack-AbCdEf' });
    expect(config.slackApiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(config.groupWindowMs).toBe(180_000);
    expect(config.cloudTrailLogGroup).toBe('aws-cloudtrail-logs');
  });

  it('names every problem at once', () => {
    const error = (() => {
      try {
        loadAlertsConfig({ SLACK_CHANNEL_ID: '#alerts', GROUP_WINDOW_MINUTES: 'soon' });
      } catch (e) {
        return e;
      }
    })();
    expect(isSecmonError(error, 'CONFIG_INVALID')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain("GROUP_WINDOW_MINUTES: must be a number");
    for (const name of ['SLACK_CHANNEL_ID', 'STATE_TABLE', 'GROUP_WINDOW_MINUTES', 'SLACK_BOT_TOKEN']) expect(message).toContain(name);
  });

  it('never echoes a token in its errors', () => {
    expect(() => loadAlertsConfig({ SLACK_BOT_TOKEN: 'xoxb-very-secret', STATE_TABLE: 't' })).toThrow(/^(?!.*xoxb-very-secret)/s);
  });
});

describe('loadCliConfig', () => {
  it('honours NO_COLOR and FORCE_COLOR', () => {
    expect(loadCliConfig({})).toEqual({ color: 'auto' });
    expect(loadCliConfig({ NO_COLOR: '1' })).toEqual({ color: 'never' });
    expect(loadCliConfig({ FORCE_COLOR: '1' })).toEqual({ color: 'always' });
    expect(loadCliConfig({ NO_COLOR: '1', FORCE_COLOR: '1' })).toEqual({ color: 'never' });
  });
});

describe('loadAlertsConfig value rules', () => {
  it.each([
    [{ STATE_TABLE: ' ' }, 'STATE_TABLE: must not be empty'],
    [{ GROUP_WINDOW_MINUTES: '0' }, 'GROUP_WINDOW_MINUTES: must be at least 1'],
    [{ GROUP_WINDOW_MINUTES: '2.5' }, 'GROUP_WINDOW_MINUTES: must be a whole number'],
    [{ SLACK_API_URL: 'ftp://example.com' }, 'SLACK_API_URL: must be an http(s) URL'],
    [{ SLACK_SECRET_ARN: 'secmon/slack' }, 'SLACK_SECRET_ARN: must be a Secrets Manager secret ARN'],
  ])('rejects %j with a reason', (override, reason) => {
    expect(() => loadAlertsConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', ...override })).toThrow(reason);
  });
});

describe('loadReplaySlackConfig', () => {
  it('reads the token, the channel and an optional API URL', () => {
    expect(loadReplaySlackConfig({ SLACK_BOT_TOKEN: ' xoxb-1 ', SLACK_CHANNEL_ID: 'C0123456789' })).toEqual({
      botToken: 'xoxb-1',
      channelId: 'C0123456789',
      slackApiUrl: undefined,
    });
    expect(loadReplaySlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_CHANNEL_ID: 'C0123456789', SLACK_API_URL: 'http://127.0.0.1:9/api' }).slackApiUrl).toBe(
      'http://127.0.0.1:9/api/',
    );
  });

  it('names every missing or bad variable, never a value', () => {
    expect(() => loadReplaySlackConfig({})).toThrow('invalid configuration: SLACK_BOT_TOKEN: required; SLACK_CHANNEL_ID: required');
    expect(() => loadReplaySlackConfig({ SLACK_BOT_TOKEN: '', SLACK_CHANNEL_ID: 'C0123456789' })).toThrow('SLACK_BOT_TOKEN: must not be empty');
    expect(() => loadReplaySlackConfig({ SLACK_BOT_TOKEN: 'xoxb-very-secret', SLACK_CHANNEL_ID: 'alerts' })).toThrow(
      /^(?!.*xoxb-very-secret).*SLACK_CHANNEL_ID: must be a Slack channel id/s,
    );
    // A secret ARN is for the Lambda; the CLI reads no AWS, so it still needs the token.
    expect(() => loadReplaySlackConfig({ SLACK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:s', SLACK_CHANNEL_ID: 'C0123456789' })).toThrow(
      'SLACK_BOT_TOKEN: required',
    );
  });

  it('is loaded only when asked for, through cliSettings', () => {
    const settings = cliSettings({});
    expect(() => settings.replaySlack()).toThrow('SLACK_BOT_TOKEN: required');
    expect(cliSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_CHANNEL_ID: 'G0123456789' }).replaySlack().channelId).toBe('G0123456789');
  });
});

describe('SECMON_ALLOWED_REGIONS (region-not-allowed), read alike by the three functions and the CLI', () => {
  const slackApp = { STATE_TABLE: 'secmon-state', WORKER_FUNCTION_NAME: 'secmon-worker', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'a'.repeat(32) };
  const worker = {
    HOME_REGION: 'eu-west-1',
    ACCOUNT_ID: '111122223333',
    CLOUDTRAIL_LOG_GROUP: 'trail',
    ALARM_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:secmon-alarms',
    ALERTS_FUNCTION_ARN: 'arn:aws:lambda:eu-west-1:111122223333:function:secmon-alerts',
    HOME_EVENT_BUS_ARN: 'arn:aws:events:eu-west-1:111122223333:event-bus/default',
    FORWARDING_ROLE_ARN: 'arn:aws:iam::111122223333:role/secmon-event-forwarding',
    ACTION_ROLE_ARN: 'arn:aws:iam::111122223333:role/secmon-worker-actions',
    STATE_TABLE: 'secmon-state',
    SLACK_BOT_TOKEN: 'xoxb-1',
  };
  const loaders = [
    ['alerts', (env: NodeJS.ProcessEnv) => loadAlertsConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', ...env }).allowedRegions],
    ['slack app', (env: NodeJS.ProcessEnv) => loadSlackAppConfig({ ...slackApp, ...env }).allowedRegions],
    ['worker', (env: NodeJS.ProcessEnv) => loadWorkerConfig({ ...worker, ...env }).allowedRegions],
    ['CLI', (env: NodeJS.ProcessEnv) => cliSettings(env).catalog().allowedRegions],
  ] as const;

  it.each(loaders)('%s: a comma-separated list, spaces allowed, empty or unset meaning none', (_, load) => {
    expect(load({ SECMON_ALLOWED_REGIONS: 'eu-west-1, us-east-1' })).toEqual(['eu-west-1', 'us-east-1']);
    expect(load({ SECMON_ALLOWED_REGIONS: '' })).toEqual([]);
    expect(load({})).toEqual([]);
  });

  it.each(loaders)('%s: refuses anything but region codes, naming the variable and not the value', (_, load) => {
    let error: unknown;
    try {
      load({ SECMON_ALLOWED_REGIONS: 'eu-west-1,Ireland' });
    } catch (e) {
      error = e;
    }
    expect(isSecmonError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('SECMON_ALLOWED_REGIONS: must be comma-separated region codes');
    expect((error as Error).message).not.toContain('Ireland');
  });
});

describe('loadWorkerConfig: admins and the identity map', () => {
  const base = {
    ACCOUNT_ID: '111122223333',
    HOME_REGION: 'eu-west-1',
    CLOUDTRAIL_LOG_GROUP: 'trail',
    ALARM_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:secmon-alarms',
    ALERTS_FUNCTION_ARN: 'arn:aws:lambda:eu-west-1:111122223333:function:secmon-alerts',
    HOME_EVENT_BUS_ARN: 'arn:aws:events:eu-west-1:111122223333:event-bus/default',
    FORWARDING_ROLE_ARN: 'arn:aws:iam::111122223333:role/secmon-event-forwarding',
    ACTION_ROLE_ARN: 'arn:aws:iam::111122223333:role/secmon-worker-actions',
    STATE_TABLE: 'secmon-state',
    SLACK_BOT_TOKEN: 'xoxb-1',
  };

  it('reads the admins the worker checks again, and maps Slack users to principals', () => {
    const config = loadWorkerConfig({ ...base, SECMON_ADMINS: 'U0ALICE,S0SEC', SECMON_IDENTITY_MAP: 'U0ALICE=arn:aws:iam::111122223333:user/alice' });
    expect(config.admins).toEqual({ users: ['U0ALICE'], groups: ['S0SEC'] });
    expect(config.identityMap.byUser.get('U0ALICE')).toEqual(['arn:aws:iam::111122223333:user/alice']);
    // Neither set: nobody is an admin, nobody is mapped.
    expect(loadWorkerConfig(base)).toMatchObject({ admins: { users: [], groups: [] } });
  });

  it('FINDINGS_ACK_NOTIFIED: off unless set to true; anything but true or false fails the cold start', () => {
    expect(loadWorkerConfig(base).findingsAckNotified).toBe(false);
    expect(loadWorkerConfig({ ...base, FINDINGS_ACK_NOTIFIED: 'false' }).findingsAckNotified).toBe(false);
    expect(loadWorkerConfig({ ...base, FINDINGS_ACK_NOTIFIED: 'true' }).findingsAckNotified).toBe(true);
    expect(() => loadWorkerConfig({ ...base, FINDINGS_ACK_NOTIFIED: 'yes' })).toThrow(/FINDINGS_ACK_NOTIFIED: must be true or false/);
  });

  it('fails the cold start on a bad identity map, naming each bad entry and the variable', () => {
    expect(() => loadWorkerConfig({ ...base, SECMON_ADMINS: 'alice', SECMON_IDENTITY_MAP: 'U0ALICE=arn:aws:iam::1:user/alice' })).toThrow(
      /SECMON_ADMINS: must be comma-separated Slack user ids.*SECMON_IDENTITY_MAP: entry 1: "arn:aws:iam::1:user\/alice" is not an IAM user, role or root ARN/,
    );
  });
});
