import type { ContextBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  decodeAcknowledgeValue,
  decodeKeepValue,
  decodeRevertValue,
  decodeSilenceValue,
  deliveryIdFromBlockId,
} from '../../../blocks/action-values.js';
import { renderAlert } from '../../../blocks/alert.js';
import type { BlockMessage } from '../../../blocks/elements.js';
import { ACTION_IDS, BLOCK_IDS, OPEN_CONSOLE_ACTION_PATTERN } from '../../../blocks/ids.js';
import { MAX_REVERT_RULES, type Alert, type AlertActivity, type AlertMessageState } from '../../../src/alerts/model.js';
import type { AlertRenderer } from '../../../src/alerts/ports.js';
import {
  SLACK_USER,
  activity,
  actor,
  addedRule,
  addedRules,
  alarmAlert,
  configAlert,
  eventAlert,
  messageState,
  notificationAlert,
  outcome,
  revertTarget,
  roleActor,
  sgRevertAlert,
} from '../../helpers/alerts.js';
import { assertWithinSlackLimits } from '../../helpers/slack-limits.js';
import { actionIds, actionsBlocks, blocksOfType, button, joinedText, mrkdwnTexts, select } from './query.js';

/** Renders and checks every Block Kit limit: every test goes through here. */
function render(alert: Alert, state: AlertMessageState = messageState()): BlockMessage {
  const message = renderAlert(alert, state);
  assertWithinSlackLimits(message);
  return message;
}

function sectionTexts(message: BlockMessage): string[] {
  return blocksOfType(message, 'section').map((block: SectionBlock) => block.text?.text ?? '');
}

function fieldTexts(message: BlockMessage): string[] {
  return blocksOfType(message, 'section').flatMap((block: SectionBlock) => (block.fields ?? []).map((field) => field.text));
}

function contextTexts(message: BlockMessage): string[] {
  return blocksOfType(message, 'context').flatMap((block: ContextBlock) =>
    block.elements.flatMap((element) => ('text' in element && typeof element.text === 'string' ? [element.text] : [])),
  );
}

const AT = '2026-11-20T10:10:00Z';
const acknowledged = messageState({ acknowledged: { by: SLACK_USER, at: AT } });

describe('renderAlert: an event alert, new', () => {
  const alert = eventAlert();
  const message = render(alert);

  it('is an AlertRenderer', () => {
    const renderer: AlertRenderer = renderAlert;
    expect(renderer(alert, messageState()).blocks.length).toBeGreaterThan(0);
  });

  it('starts with a header naming the severity and the monitor title', () => {
    const [header] = message.blocks;
    expect(header?.type).toBe('header');
    expect(header?.type === 'header' && header.text.text).toBe(':red_circle: Critical: AdministratorAccess attached');
  });

  it('has a text fallback naming severity, title and summary', () => {
    expect(message.text).toContain('Critical');
    expect(message.text).toContain('AdministratorAccess attached');
    expect(message.text).toContain('alice (IAMUser) attached AdministratorAccess to role ci-deploy');
    expect(message.text.length).toBeLessThanOrEqual(600);
  });

  it('shows the summary, who, where, when and the resources', () => {
    expect(sectionTexts(message)).toContain('alice (IAMUser) attached AdministratorAccess to role ci-deploy');
    expect(fieldTexts(message)).toEqual(
      expect.arrayContaining([
        '*Principal*\n`alice`',
        '*Type*\nIAMUser',
        '*ARN*\n`arn:aws:iam::111122223333:user/alice`',
        '*MFA*\nYes',
        '*Call*\n`iam:AttachRolePolicy`',
        '*When*\n2026-11-20 10:02:13 UTC',
        '*Account*\n`111122223333`',
        '*Region*\n`us-east-1`',
        '*Source IP*\n`198.51.100.23`',
        '*User agent*\n`aws-cli/2.22.4 Python/3.12.6 Linux/6.1`',
      ]),
    );
    expect(sectionTexts(message)).toContain(
      '*Resources* (2)\n• `ci-deploy`\n• `arn:aws:iam::aws:policy/AdministratorAccess`',
    );
  });

  it('offers Suppress similar on an event alert, naming the alert and its monitor; not on an alarm alert', () => {
    const alert = eventAlert();
    expect(decodeAcknowledgeValue(button(render(alert), ACTION_IDS.suppressSimilar)?.value ?? '')).toMatchObject({
      deliveryId: alert.deliveryId,
      monitorId: alert.monitor!.id,
    });
    expect(button(render(alert), ACTION_IDS.suppressSimilar)?.text.text).toBe('Suppress similar…');
    expect(actionIds(render(alarmAlert()))).not.toContain(ACTION_IDS.suppressSimilar);
  });

  it('offers Acknowledge, Silence, Suppress similar and the console link, but no Revert or Keep', () => {
    expect(actionIds(message)).toEqual([ACTION_IDS.acknowledge, ACTION_IDS.silence, ACTION_IDS.suppressSimilar, ACTION_IDS.openConsole]);
    expect(button(message, ACTION_IDS.acknowledge)?.style).toBe('primary');
    expect(button(message, ACTION_IDS.openConsole)?.url).toBe(alert.links[0]?.url);
    expect(button(message, ACTION_IDS.openConsole)?.text.text).toBe('Open CloudTrail event');
  });

  it('carries values that decode back to the alert', () => {
    const ack = button(message, ACTION_IDS.acknowledge);
    expect(decodeAcknowledgeValue(ack?.value ?? '')).toEqual({
      deliveryId: alert.deliveryId,
      monitorId: 'admin-policy-attached',
      groupKey: alert.groupKey,
    });
    const silence = select(message, ACTION_IDS.silence);
    expect(silence?.placeholder?.text).toBe('Silence for…');
    expect(silence?.options?.map((option) => option.text.text)).toEqual(['1 hour', '4 hours', '24 hours', '7 days']);
    expect(silence?.options?.map((option) => decodeSilenceValue(option.value ?? ''))).toEqual([
      { monitorId: 'admin-policy-attached', duration: '1h', seconds: 3_600 },
      { monitorId: 'admin-policy-attached', duration: '4h', seconds: 14_400 },
      { monitorId: 'admin-policy-attached', duration: '24h', seconds: 86_400 },
      { monitorId: 'admin-policy-attached', duration: '7d', seconds: 604_800 },
    ]);
    const [actions] = actionsBlocks(message);
    expect(deliveryIdFromBlockId(actions?.block_id ?? '')).toBe(alert.deliveryId);
  });

  it('ends with a footer naming the monitor, event and delivery ids', () => {
    const footer = message.blocks.at(-1);
    expect(footer?.type).toBe('context');
    expect(contextTexts(message).at(-1)).toBe(
      'CloudTrail event (EventBridge) · monitor `admin-policy-attached` · event `e0000000-0000-4000-8000-000000000001` · ' +
        'delivery `6a7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f90`',
    );
  });
});

describe('renderAlert: principals and failed calls', () => {
  it('shows the session issuer of a role and MFA No', () => {
    const message = render(eventAlert({ activity: activity({ actor: roleActor() }) }));
    expect(fieldTexts(message)).toEqual(
      expect.arrayContaining([
        '*Principal*\n`ci-deploy/gha-42`',
        '*Type*\nAssumedRole',
        '*Session issuer*\n`arn:aws:iam::111122223333:role/ci-deploy`',
        '*MFA*\nNo',
      ]),
    );
  });

  it('says MFA Unknown when the record does not say, and names an invoking service', () => {
    const message = render(eventAlert({ activity: activity({ actor: actor({ mfa: undefined, invokedBy: 'cloudformation.amazonaws.com' }) }) }));
    expect(fieldTexts(message)).toEqual(
      expect.arrayContaining(['*MFA*\nUnknown', '*Invoked by*\n`cloudformation.amazonaws.com`']),
    );
    expect(fieldTexts(message).some((field) => field.startsWith('*Session issuer*'))).toBe(false);
  });

  it('shows the error code and message of a denied call', () => {
    const message = render(
      eventAlert({ activity: activity({ errorCode: 'AccessDenied', errorMessage: 'User: alice is not authorized to perform: iam:AttachRolePolicy' }) }),
    );
    expect(sectionTexts(message)).toContain(
      ':no_entry: *Denied*: `AccessDenied` User: alice is not authorized to perform: iam:AttachRolePolicy',
    );
  });

  it('labels other errors as failed', () => {
    const message = render(eventAlert({ activity: activity({ errorCode: 'NoSuchEntity', errorMessage: undefined }) }));
    expect(sectionTexts(message)).toContain(':warning: *Failed*: `NoSuchEntity`');
  });
});

describe('renderAlert: a threshold monitor', () => {
  const threshold = { count: 10, windowSeconds: 300, unit: 'secret values read', key: 'k', weight: 1 };

  it('says how many were counted, within how long, against which threshold', () => {
    const message = render(eventAlert({ threshold: { ...threshold, reached: 12 } }));
    expect(joinedText(message)).toContain(':chart_with_upwards_trend: *12 secret values read* by this principal within 5 minutes (threshold 10)');
  });

  it('says nothing about a threshold it has not been told was reached', () => {
    expect(joinedText(render(eventAlert({ threshold: { ...threshold, reached: undefined } })))).not.toContain('threshold');
  });
});

describe('renderAlert: message states', () => {
  it('grouped: shows the count and the time range', () => {
    const message = render(
      eventAlert(),
      messageState({ group: { count: 12, firstSeen: '2026-11-20T10:02:00Z', lastSeen: '2026-11-20T10:09:30Z' } }),
    );
    expect(contextTexts(message)).toContain(':repeat: *12 events* between 10:02 and 10:09 UTC');
  });

  it('grouped across midnight: shows the dates', () => {
    const message = render(
      eventAlert(),
      messageState({ group: { count: 3, firstSeen: '2026-11-20T23:58:00Z', lastSeen: '2026-11-21T00:03:00Z' } }),
    );
    expect(contextTexts(message)).toContain(':repeat: *3 events* between 2026-11-20 23:58 and 2026-11-21 00:03 UTC');
  });

  it('acknowledged: says by whom and when, and drops Acknowledge', () => {
    const message = render(eventAlert(), acknowledged);
    expect(contextTexts(message)).toContain(`:eyes: Acknowledged by <@${SLACK_USER}> at 10:10 UTC`);
    expect(actionIds(message)).toEqual([ACTION_IDS.silence, ACTION_IDS.suppressSimilar, ACTION_IDS.openConsole]);
    expect(message.text).toContain('(acknowledged)');
  });

  it('silenced: says by whom, until when and why, how to lift it, and drops Silence', () => {
    const message = render(
      eventAlert(),
      messageState({ silenced: { by: SLACK_USER, until: '2026-11-21T10:00:00Z', reason: 'planned IAM migration' } }),
    );
    expect(contextTexts(message)).toContain(
      `:no_bell: Silenced by <@${SLACK_USER}> until 2026-11-21 10:00 UTC: planned IAM migration ` +
        '(lift with `/secmon unsilence admin-policy-attached`)',
    );
    expect(actionIds(message)).toEqual([ACTION_IDS.acknowledge, ACTION_IDS.suppressSimilar, ACTION_IDS.openConsole]);
  });

  it('resolved: says the alarm is back to OK and keeps Acknowledge (OK does not mean anyone looked)', () => {
    const message = render(alarmAlert(), messageState({ resolvedAt: '2026-11-20T10:15:00Z' }));
    expect(contextTexts(message)).toContain(':large_green_circle: Resolved: alarm back to OK at 10:15 UTC');
    expect(actionIds(message)).toContain(ACTION_IDS.acknowledge);
    expect(message.text).toContain('(resolved)');
  });

  it('acknowledged and silenced: only Suppress similar and the console link are left', () => {
    const message = render(
      eventAlert(),
      messageState({
        acknowledged: { by: SLACK_USER, at: AT },
        silenced: { by: SLACK_USER, until: '2026-11-21T10:00:00Z', reason: undefined },
      }),
    );
    expect(actionIds(message)).toEqual([ACTION_IDS.suppressSimilar, ACTION_IDS.openConsole]);
  });

  it('does not turn a malformed user id into a mention', () => {
    const message = render(eventAlert(), messageState({ acknowledged: { by: '!channel', at: AT } }));
    expect(contextTexts(message)).toContain(':eyes: Acknowledged by `!channel` at 10:10 UTC');
  });
});

describe('renderAlert: security-group revert', () => {
  const alert = sgRevertAlert();
  const target = revertTarget();
  const [first, second] = target.rules as [typeof target.rules[0], typeof target.rules[0]];

  it('describes the rules a revert would revoke and offers Revert and Keep next to each other', () => {
    const message = render(alert);
    expect(sectionTexts(message)).toContain(
      ':leftwards_arrow_with_hook: *Revert available*: revoke the 2 ingress rules this call added to ' +
        '`sg-0123456789abcdef0` in `us-east-1` (account `111122223333`):\n' +
        '• `sgr-0a1b2c3d4e5f60001` tcp 22 from `0.0.0.0/0`\n' +
        '• `sgr-0a1b2c3d4e5f60002` tcp 22 from `::/0`',
    );
    const remediation = actionsBlocks(message).find((block) => block.block_id === BLOCK_IDS.remediationActions);
    expect(remediation?.elements.map((element) => element.action_id)).toEqual([ACTION_IDS.revert, ACTION_IDS.keep]);
    expect(actionIds(message)).toEqual([
      ACTION_IDS.revert,
      ACTION_IDS.keep,
      ACTION_IDS.acknowledge,
      ACTION_IDS.silence,
      ACTION_IDS.suppressSimilar,
      ACTION_IDS.openConsole,
    ]);
  });

  it('asks for confirmation naming the group and the exact rules', () => {
    const revert = button(render(alert), ACTION_IDS.revert);
    expect(revert?.text.text).toBe('Revert');
    expect(revert?.style).toBe('danger');
    expect(revert?.confirm?.title?.text).toBe('Revert this change?');
    expect(revert?.confirm?.text.text).toBe(
      'Revoke 2 ingress rules from sg-0123456789abcdef0 in us-east-1 (account 111122223333): ' +
        'sgr-0a1b2c3d4e5f60001 (tcp 22 from 0.0.0.0/0); sgr-0a1b2c3d4e5f60002 (tcp 22 from ::/0).',
    );
    expect(revert?.confirm?.confirm?.text).toBe('Revoke');
    expect(revert?.confirm?.deny?.text).toBe('Cancel');
    expect(revert?.confirm?.style).toBe('danger');
  });

  it('carries Revert and Keep values that decode to the target', () => {
    const message = render(alert);
    expect(decodeRevertValue(button(message, ACTION_IDS.revert)?.value ?? '')).toEqual({
      stored: false,
      deliveryId: alert.deliveryId,
      monitorId: 'sg-open-to-world',
      region: 'us-east-1',
      accountId: '111122223333',
      groupId: 'sg-0123456789abcdef0',
      eventId: target.eventId,
      ruleIds: ['sgr-0a1b2c3d4e5f60001', 'sgr-0a1b2c3d4e5f60002'],
    });
    expect(decodeKeepValue(button(message, ACTION_IDS.keep)?.value ?? '')).toEqual({
      deliveryId: alert.deliveryId,
      monitorId: 'sg-open-to-world',
      region: 'us-east-1',
      groupId: 'sg-0123456789abcdef0',
      eventId: target.eventId,
    });
  });

  it('in progress: says who asked, lists the rules, and offers neither Revert, Keep nor Acknowledge', () => {
    const message = render(
      alert,
      messageState({ remediation: { status: 'in_progress', by: SLACK_USER, at: AT, outcomes: [] } }),
    );
    const panel = sectionTexts(message).find((text) => text.includes('Reverting'));
    expect(panel).toBe(
      `:hourglass_flowing_sand: *Reverting…* requested by <@${SLACK_USER}> at 10:10 UTC\n` +
        '• `sgr-0a1b2c3d4e5f60001` tcp 22 from `0.0.0.0/0`\n• `sgr-0a1b2c3d4e5f60002` tcp 22 from `::/0`',
    );
    expect(actionIds(message)).toEqual([ACTION_IDS.silence, ACTION_IDS.suppressSimilar, ACTION_IDS.openConsole]);
    expect(message.text).toContain('(reverting)');
  });

  it('done: reports each rule (revoked, already gone, changed since, failed) and removes Revert and Keep', () => {
    const third = addedRule({ ruleId: 'sgr-0a1b2c3d4e5f60003', protocol: '-1', fromPort: -1, toPort: -1 });
    const fourth = addedRule({ ruleId: 'sgr-0a1b2c3d4e5f60004', protocol: 'udp', fromPort: 1000, toPort: 2000 });
    const message = render(
      sgRevertAlert({ revert: revertTarget({ rules: [first, second, third, fourth] }) }),
      messageState({
        remediation: {
          status: 'done',
          by: SLACK_USER,
          at: AT,
          outcomes: [
            outcome(first, 'revoked'),
            outcome(second, 'already_gone'),
            outcome(third, 'changed', 'its description was edited after the alert'),
            outcome(fourth, 'failed', 'the worker is not allowed to change this group'),
          ],
        },
      }),
    );
    expect(sectionTexts(message)).toContain(
      `:white_check_mark: *Reverted* by <@${SLACK_USER}> at 10:10 UTC\n` +
        '• `sgr-0a1b2c3d4e5f60001` tcp 22 from `0.0.0.0/0`: :white_check_mark: revoked\n' +
        '• `sgr-0a1b2c3d4e5f60002` tcp 22 from `::/0`: :heavy_minus_sign: already gone\n' +
        '• `sgr-0a1b2c3d4e5f60003` all traffic from `0.0.0.0/0`: :warning: changed since, left in place: its description was edited after the alert\n' +
        '• `sgr-0a1b2c3d4e5f60004` udp 1000-2000 from `0.0.0.0/0`: :x: failed: the worker is not allowed to change this group',
    );
    expect(actionIds(message)).toEqual([ACTION_IDS.silence, ACTION_IDS.suppressSimilar, ACTION_IDS.openConsole]);
    expect(message.text).toContain('(reverted)');
  });

  it('failed: reports each rule and offers "Retry revert" (with its confirm) and Keep', () => {
    const message = render(
      alert,
      messageState({
        remediation: {
          status: 'failed',
          by: SLACK_USER,
          at: AT,
          outcomes: [outcome(first, 'revoked'), outcome(second, 'failed', 'AWS was unavailable, try again')],
        },
      }),
    );
    expect(sectionTexts(message)).toContain(
      `:x: *Revert failed*: requested by <@${SLACK_USER}> at 10:10 UTC\n` +
        '• `sgr-0a1b2c3d4e5f60001` tcp 22 from `0.0.0.0/0`: :white_check_mark: revoked\n' +
        '• `sgr-0a1b2c3d4e5f60002` tcp 22 from `::/0`: :x: failed: AWS was unavailable, try again',
    );
    const retry = button(message, ACTION_IDS.revert);
    expect(retry?.text.text).toBe('Retry revert');
    expect(retry?.confirm?.style).toBe('danger');
    expect(actionIds(message)).toEqual([ACTION_IDS.revert, ACTION_IDS.keep, ACTION_IDS.silence, ACTION_IDS.suppressSimilar, ACTION_IDS.openConsole]);
  });

  it('kept: says who approved and why, and removes Revert, Keep and Acknowledge', () => {
    const message = render(alert, messageState({ kept: { by: SLACK_USER, at: AT, reason: 'bastion host, approved in CHG-1234' } }));
    expect(sectionTexts(message)[sectionTexts(message).length - 1]).toBe(
      `:shield: *Change kept*: approved by <@${SLACK_USER}> at 10:10 UTC: bastion host, approved in CHG-1234\n` +
        '• `sgr-0a1b2c3d4e5f60001` tcp 22 from `0.0.0.0/0`\n• `sgr-0a1b2c3d4e5f60002` tcp 22 from `::/0`',
    );
    expect(actionIds(message)).toEqual([ACTION_IDS.silence, ACTION_IDS.suppressSimilar, ACTION_IDS.openConsole]);
    expect(message.text).toContain('(change kept)');
  });

  it('500 rules: the value falls back to stored: true within 2000 characters; the panel and dialog stay short', () => {
    const big = sgRevertAlert({ revert: revertTarget({ rules: addedRules(500) }) });
    const message = render(big);
    const revert = button(message, ACTION_IDS.revert);
    expect(revert?.value?.length).toBeLessThanOrEqual(2000);
    expect(decodeRevertValue(revert?.value ?? '')).toMatchObject({ stored: true, groupId: 'sg-0123456789abcdef0' });
    expect(revert?.confirm?.text.text).toMatch(/^Revoke 500 ingress rules from sg-0123456789abcdef0 .*; and \d+ more, listed in the message\.$/);
    const panel = sectionTexts(message).find((text) => text.includes('Revert available')) ?? '';
    expect(panel.split('\n')).toHaveLength(12);
    expect(panel.endsWith('…and 490 more')).toBe(true);
  });

  it('more rules than a revert covers: no Revert (the worker would refuse it) nor Keep, and the reason', () => {
    const message = render(sgRevertAlert({ revert: revertTarget({ rules: addedRules(MAX_REVERT_RULES + 1) }) }));
    expect(actionIds(message)).not.toContain(ACTION_IDS.revert);
    expect(actionIds(message)).not.toContain(ACTION_IDS.keep);
    expect(contextTexts(message)).toContain(`:warning: Revert is not available: this change added ${MAX_REVERT_RULES + 1} rules, more than secmon reverts at once (${MAX_REVERT_RULES}).`);
  });

  it('a target with malformed ids gets no buttons, and says why', () => {
    const message = render(sgRevertAlert({ revert: revertTarget({ groupId: 'sg-<!channel>' }) }));
    expect(actionIds(message)).not.toContain(ACTION_IDS.revert);
    expect(actionIds(message)).not.toContain(ACTION_IDS.keep);
    expect(contextTexts(message)).toContain(':warning: Revert is not available: the change is missing details the revert needs.');
  });

  it('an alert without a revert target has no revert panel', () => {
    const message = render(eventAlert());
    expect(joinedText(message)).not.toContain('Revert');
    expect(actionIds(message)).not.toContain(ACTION_IDS.revert);
  });
});

describe('renderAlert: which buttons each state leaves', () => {
  const rules = revertTarget().rules;
  const cases: [string, AlertMessageState, string[]][] = [
    ['new', messageState(), ['revert', 'keep', 'ack', 'silence', 'similar', 'link']],
    ['grouped', messageState({ group: { count: 2, firstSeen: AT, lastSeen: AT } }), ['revert', 'keep', 'ack', 'silence', 'similar', 'link']],
    ['acknowledged', acknowledged, ['revert', 'keep', 'silence', 'similar', 'link']],
    ['silenced', messageState({ silenced: { by: SLACK_USER, until: AT, reason: undefined } }), ['revert', 'keep', 'ack', 'similar', 'link']],
    ['resolved', messageState({ resolvedAt: AT }), ['revert', 'keep', 'ack', 'silence', 'similar', 'link']],
    ['reverting', messageState({ remediation: { status: 'in_progress', by: SLACK_USER, at: AT, outcomes: [] } }), ['silence', 'similar', 'link']],
    [
      'reverted',
      messageState({ remediation: { status: 'done', by: SLACK_USER, at: AT, outcomes: rules.map((rule) => outcome(rule, 'revoked')) } }),
      ['silence', 'similar', 'link'],
    ],
    [
      'revert failed',
      messageState({ remediation: { status: 'failed', by: SLACK_USER, at: AT, outcomes: rules.map((rule) => outcome(rule, 'failed', 'x')) } }),
      ['revert', 'keep', 'silence', 'similar', 'link'],
    ],
    ['kept', messageState({ kept: { by: SLACK_USER, at: AT, reason: 'ok' } }), ['silence', 'similar', 'link']],
  ];
  const names: Record<string, string> = {
    [ACTION_IDS.revert]: 'revert',
    [ACTION_IDS.keep]: 'keep',
    [ACTION_IDS.acknowledge]: 'ack',
    [ACTION_IDS.silence]: 'silence',
    [ACTION_IDS.suppressSimilar]: 'similar',
    [ACTION_IDS.openConsole]: 'link',
  };

  it.each(cases)('%s', (_, state, expected) => {
    const message = render(sgRevertAlert(), state);
    expect(actionIds(message).map((id) => names[id] ?? id)).toEqual(expected);
  });
});

describe('renderAlert: an alarm alert', () => {
  it('shows the alarm, its state and reason, and the matched calls', () => {
    const message = render(alarmAlert());
    expect(message.blocks[0]?.type === 'header' && message.blocks[0].text.text).toBe(
      ':large_yellow_circle: Medium: CIS: Unauthorized API calls (CloudWatch.2)',
    );
    expect(fieldTexts(message)).toEqual(
      expect.arrayContaining([
        '*Alarm*\n`secmon-cis-unauthorized-api-calls`',
        '*State*\n*ALARM* (was OK)',
        '*Changed*\n2026-11-20 10:05 UTC',
      ]),
    );
    expect(contextTexts(message)).toContain(
      'Threshold Crossed: 1 datapoint [2.0 (20/11/26 10:00:00)] was greater than or equal to the threshold (1.0).',
    );
    expect(sectionTexts(message)).toContain(
      '*Matched activity* (2)\n' +
        '• 10:01:07 UTC · `ci-deploy/gha-42` (AssumedRole) · `secretsmanager:DescribeSecrets` from `198.51.100.23` · error `AccessDenied`\n' +
        '• 10:01:09 UTC · `ci-deploy/gha-42` (AssumedRole) · `secretsmanager:DescribeSecrets` from `198.51.100.23` · error `AccessDenied`',
    );
    expect(button(message, ACTION_IDS.openConsole)?.text.text).toBe('Open CloudWatch alarm');
    expect(actionIds(message)).toEqual([ACTION_IDS.acknowledge, ACTION_IDS.silence, ACTION_IDS.openConsole]);
  });

  it('shows at most 10 of 40 matched calls and says how many more, and that the lookup stopped early', () => {
    const activities: AlertActivity[] = Array.from({ length: 40 }, (_, index) =>
      activity({ time: `2026-11-20T10:01:${String(index).padStart(2, '0')}Z`, eventId: `e-${index}` }),
    );
    const message = render(alarmAlert({ matches: { status: 'found', activities, truncated: true } }));
    const list = sectionTexts(message).find((text) => text.startsWith('*Matched activity*')) ?? '';
    expect(list.split('\n')[0]).toBe('*Matched activity* (40+)');
    expect(list.split('\n').filter((line) => line.startsWith('• '))).toHaveLength(10);
    expect(list.endsWith('…and 30 more')).toBe(true);
    expect(contextTexts(message)).toContain('More events matched than were fetched; search CloudWatch Logs for the rest.');
  });

  it('says so plainly when no matching calls were found', () => {
    const message = render(alarmAlert({ matches: { status: 'none' } }));
    expect(sectionTexts(message).some((text) => text.startsWith(':mag: No matching CloudTrail events were found'))).toBe(true);
  });

  it('says why when the lookup was unavailable', () => {
    const message = render(alarmAlert({ matches: { status: 'unavailable', reason: 'no CloudTrail log group configured' } }));
    expect(sectionTexts(message)).toContain(
      ':warning: The CloudTrail events behind this alarm could not be looked up: no CloudTrail log group configured',
    );
  });

  it('says when no lookup was made', () => {
    const message = render(alarmAlert({ matches: undefined }));
    expect(sectionTexts(message)).toContain(':grey_question: The CloudTrail events behind this alarm were not looked up.');
  });
});

describe('renderAlert: a Config alert', () => {
  it('shows the rule, the resource and the compliance change', () => {
    const message = render(configAlert());
    expect(fieldTexts(message)).toEqual(
      expect.arrayContaining([
        '*Config rule*\n`s3-bucket-public-read-prohibited`',
        '*Compliance*\n*NON_COMPLIANT* (was COMPLIANT)',
        '*Resource type*\n`AWS::S3::Bucket`',
        '*Resource*\n`acme-logs`',
        '*When*\n2026-11-20 11:00 UTC',
      ]),
    );
    expect(contextTexts(message)).toContain('The bucket ACL allows public read access.');
    expect(actionIds(message)).toEqual([ACTION_IDS.acknowledge, ACTION_IDS.silence]);
  });
});

describe('renderAlert: a plain notification', () => {
  it('shows the raw text in a code block and offers neither Acknowledge nor Silence', () => {
    const message = render(notificationAlert());
    expect(sectionTexts(message)).toContain('```\nAWS Budget Notification\nBudget: monthly\nActual: $812.40 (81.2%)\n```');
    expect(actionIds(message)).toEqual([]);
    expect(actionsBlocks(message)).toHaveLength(0);
    expect(message.text).toContain('[Info] Budget alert: monthly spend above 80%');
  });

  it('keeps its links', () => {
    const message = render(notificationAlert({ links: [{ label: 'Open SNS', url: 'https://console.aws.amazon.com/sns' }] }));
    expect(actionIds(message)).toEqual([ACTION_IDS.openConsole]);
    expect(actionsBlocks(message)[0]?.block_id).toBe(BLOCK_IDS.alertActions);
  });

  it('truncates a huge raw text inside the code block', () => {
    const message = render(notificationAlert({ rawText: 'x'.repeat(50_000) }));
    const block = sectionTexts(message).find((text) => text.startsWith('```')) ?? '';
    expect(block.endsWith('…\n```')).toBe(true);
  });
});

describe('renderAlert: a test alert', () => {
  it('is marked as a test in the header, the status and the fallback', () => {
    const message = render(eventAlert({ source: 'test' }));
    expect(message.blocks[0]?.type === 'header' && message.blocks[0].text.text).toBe(
      ':red_circle: Critical: TEST · AdministratorAccess attached',
    );
    expect(contextTexts(message)[0]).toContain('Test alert');
    expect(message.text).toContain('TEST');
  });
});

describe('renderAlert: links', () => {
  it('gives each link its own action id matching the pattern the listener acks', () => {
    const message = render(
      eventAlert({
        links: [
          { label: 'Open in CloudTrail', url: 'https://console.aws.amazon.com/cloudtrail' },
          { label: 'Open role', url: 'https://console.aws.amazon.com/iam' },
        ],
      }),
    );
    const links = actionIds(message).filter((id) => OPEN_CONSOLE_ACTION_PATTERN.test(id));
    expect(links).toEqual(['secmon_open_console', 'secmon_open_console_1']);
    expect(button(message, 'secmon_open_console_1')?.text.text).toBe('Open role');
  });

  it('drops links that are not https or too long to send whole', () => {
    const message = render(
      eventAlert({
        links: [
          { label: 'bad', url: 'javascript:alert(1)' },
          { label: 'plain', url: 'http://example.com' },
          { label: 'long', url: `https://console.aws.amazon.com/${'a'.repeat(3100)}` },
          { label: 'not a url', url: '<!channel>' },
        ],
      }),
    );
    expect(actionIds(message).filter((id) => OPEN_CONSOLE_ACTION_PATTERN.test(id))).toEqual([]);
  });
});

describe('renderAlert: adversarial input', () => {
  const huge = (label: string): string => `${label}:${'&<>x'.repeat(1_500)}`;
  const hugeActivity = activity({
    actor: actor({ name: huge('name'), type: huge('type'), arn: huge('arn'), sessionIssuerArn: huge('issuer'), invokedBy: huge('by') }),
    action: huge('action'),
    service: huge('service'),
    resources: Array.from({ length: 100 }, (_, index) => huge(`resource${index}`)),
    sourceIp: huge('ip'),
    userAgent: huge('ua'),
    errorCode: huge('code'),
    errorMessage: huge('message'),
    eventId: huge('event'),
  });
  const hugeAlert = (source: Alert['source']): Alert =>
    sgRevertAlert({
      source,
      deliveryId: 'd-1',
      title: huge('title'),
      summary: huge('summary'),
      account: huge('account'),
      region: huge('region'),
      activity: hugeActivity,
      alarm: {
        ...(alarmAlert().alarm as NonNullable<Alert['alarm']>),
        name: huge('alarm'),
        reason: huge('reason'),
      },
      matches: { status: 'found', truncated: true, activities: Array.from({ length: 40 }, () => hugeActivity) },
      compliance: {
        ruleName: huge('rule'),
        resourceType: huge('type'),
        resourceId: huge('id'),
        complianceType: huge('compliance'),
        previousComplianceType: huge('previous'),
        annotation: huge('annotation'),
      },
      rawText: huge('raw').repeat(20),
      groupKey: huge('group'),
      revert: revertTarget({ rules: addedRules(500, { protocol: huge('proto') }) }),
      links: Array.from({ length: 20 }, (_, index) => ({ label: huge(`link${index}`), url: `https://console.aws.amazon.com/${index}` })),
    });
  const hugeStates: [string, AlertMessageState][] = [
    ['new', messageState()],
    [
      'everything at once',
      messageState({
        group: { count: 1_000_000, firstSeen: huge('first'), lastSeen: huge('last') },
        acknowledged: { by: huge('by'), at: huge('at') },
        silenced: { by: huge('by'), until: huge('until'), reason: huge('why') },
        resolvedAt: huge('resolved'),
        kept: { by: huge('by'), at: huge('at'), reason: huge('keep') },
      }),
    ],
    [
      'revert failed',
      messageState({
        remediation: {
          status: 'failed',
          by: huge('by'),
          at: huge('at'),
          outcomes: addedRules(500).map((rule) => outcome(rule, 'failed', huge('reason'))),
        },
      }),
    ],
  ];

  it.each(hugeStates)('stays within every limit with 3000+ character values (%s)', (_, state) => {
    for (const source of ['event', 'alarm', 'config', 'test', 'notification'] as const) {
      const message = render(hugeAlert(source), state);
      expect(message.blocks.length).toBeGreaterThan(5);
      expect(message.text.length).toBeLessThanOrEqual(600);
    }
  });

  it('shows 10 of 100 resources and counts the rest', () => {
    const message = render(eventAlert({ activity: activity({ resources: Array.from({ length: 100 }, (_, i) => `bucket-${i}`) }) }));
    const list = sectionTexts(message).find((text) => text.startsWith('*Resources*')) ?? '';
    expect(list.split('\n')[0]).toBe('*Resources* (100)');
    expect(list.split('\n').filter((line) => line.startsWith('• '))).toHaveLength(10);
    expect(list.endsWith('…and 90 more')).toBe(true);
  });

  it('escapes mentions, links and & chosen by the caller, everywhere', () => {
    const hostile = '<!channel> <https://evil.example|click> & <@U0ADMIN> <!subteam^S1>';
    const message = render(
      sgRevertAlert({
        title: hostile,
        summary: hostile,
        activity: activity({
          actor: roleActor({ name: `ci-deploy/${hostile}`, arn: hostile }),
          userAgent: hostile,
          resources: [hostile],
          errorCode: hostile,
          errorMessage: hostile,
        }),
        groupKey: hostile,
      }),
      messageState({ silenced: { by: SLACK_USER, until: AT, reason: hostile }, kept: { by: SLACK_USER, at: AT, reason: hostile } }),
    );
    for (const text of mrkdwnTexts(message)) {
      // The only `<...>` tokens left are secmon's own mentions of the Slack user who acted.
      expect(text.replace(new RegExp(`<@${SLACK_USER}>`, 'g'), '')).not.toMatch(/[<>]/);
      // Every & starts one of the three entities.
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(message.text).toContain('&lt;!channel&gt;');
    expect(joinedText(message)).toContain('&lt;https://evil.example|click&gt; &amp;');
  });

  it('keeps a newline in a session name from forging a line', () => {
    const message = render(eventAlert({ activity: activity({ actor: actor({ name: 'alice\n*MFA*\nYes' }) }) }));
    expect(fieldTexts(message)).toContain('*Principal*\n`alice *MFA* Yes`');
  });

  it('keeps a backtick in a value from closing its code span', () => {
    const message = render(eventAlert({ activity: activity({ userAgent: 'x` *bold* `y' }) }));
    const field = fieldTexts(message).find((text) => text.startsWith('*User agent*')) ?? '';
    expect(field.split('\n')[1]?.match(/`/g)).toHaveLength(2);
  });

  it('renders without controls when the delivery id could not be read back by the listeners', () => {
    const message = render(eventAlert({ deliveryId: 'bad id <!channel>' }));
    expect(actionIds(message)).toEqual([ACTION_IDS.openConsole]);
    expect(actionsBlocks(message)[0]?.block_id).toBe(BLOCK_IDS.alertActions);
  });
});
