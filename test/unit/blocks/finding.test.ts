import { describe, expect, it } from 'vitest';
import { renderAlert } from '../../../blocks/alert.js';
import { rawFindingReply } from '../../../blocks/finding.js';
import { normaliseInvocation } from '../../../src/alerts/normalise/index.js';
import { NEW_MESSAGE_STATE, type Alert } from '../../../src/alerts/model.js';
import { assertWithinSlackLimits } from '../../helpers/slack-limits.js';
import { deps, loadEvent, NOW } from '../alerts/fixtures.js';
import { joinedText } from './query.js';

function findingAlert(name: string): Alert {
  const [alert] = normaliseInvocation(loadEvent(`eventbridge/findings/${name}.json`), deps, { now: NOW });
  return alert!;
}

function rendered(alert: Alert): string {
  const message = renderAlert(alert, NEW_MESSAGE_STATE);
  assertWithinSlackLimits(message);
  return joinedText(message);
}

describe('a finding alert as Slack shows it', () => {
  it('shows the severity as the detector states it, the type in words, where, when, how often and its state', () => {
    const text = rendered({ ...findingAlert('guardduty-ssh-brute-force-updated'), accountName: 'orders-prod' });
    expect(text).toContain('5.0 (GuardDuty)');
    expect(text).toContain('Unauthorized access against an EC2 instance: SSH brute force');
    expect(text).toContain('`UnauthorizedAccess:EC2/SSHBruteForce`');
    expect(text).toContain('`444455556666` orders-prod');
    expect(text).toContain('`eu-west-1`');
    expect(text).toContain('12 times');
    expect(text).toContain('*Open* at the source');
    expect(text).toContain('`i-0a1b2c3d4e5f60718` (Instance)');
    expect(text).toContain('the raw finding is in the thread');
    // The raw finding itself is not pasted into the message.
    expect(text).not.toContain('"detectorId"');
  });

  it.each([
    ['securityhub-s3-block-public-access-resolved', '*Resolved* at the source (workflow RESOLVED)'],
    ['access-analyzer-bucket-public-archived', '*Archived* at the source'],
    ['inspector-package-critical-closed', '*Resolved* at the source'],
  ])('%s: %s', (name, line) => {
    expect(rendered(findingAlert(name))).toContain(line);
  });

  it('shows a finding an admin closed from Slack as closed until its source confirms it; secmon-only suppressions leave it open', () => {
    const alert = findingAlert('guardduty-ssh-brute-force');
    const action = { status: 'suppressed', by: 'U0ALICE', at: '2026-11-20T10:30:00Z', reason: 'scanner', atSource: true } as const;
    const closed = joinedText(renderAlert(alert, { ...NEW_MESSAGE_STATE, findingAction: action }));
    expect(closed).toContain(':white_check_mark: *Closed* from Slack');
    expect(closed).not.toContain('*Open* at the source');
    const secmonOnly = joinedText(renderAlert(findingAlert('macie-bucket-public'), { ...NEW_MESSAGE_STATE, findingAction: { ...action, atSource: false } }));
    expect(secmonOnly).toContain('*Open* at the source');
    const notified = joinedText(renderAlert(alert, { ...NEW_MESSAGE_STATE, findingAction: { ...action, status: 'notified' } }));
    expect(notified).toContain('*Open* at the source');
  });

  it('lists five resources and counts the rest', () => {
    const alert = findingAlert('securityhub-s3-block-public-access');
    const resources = Array.from({ length: 8 }, (_, i) => ({ type: 'AwsS3Bucket', id: `arn:aws:s3:::bucket-${i}` }));
    const text = rendered({ ...alert, finding: { ...alert.finding!, resources } });
    expect(text).toContain('*Resources* (8)');
    expect(text).toContain('bucket-4');
    expect(text).not.toContain('bucket-5');
    expect(text).toContain('…and 3 more');
  });
});

describe('the raw finding reply', () => {
  it('holds the finding as JSON in a code block that its content cannot close or format', () => {
    const alert = findingAlert('macie-bucket-public');
    const reply = rawFindingReply({ ...alert, rawFinding: '{"title": "```<!channel> & more"}' });
    expect(reply.startsWith('*Raw finding*, as Macie sent it:\n```\n')).toBe(true);
    expect(reply.endsWith('\n```')).toBe(true);
    expect(reply).toContain('&lt;!channel&gt; &amp; more');
    const body = reply.slice(reply.indexOf('```\n') + 4, -4);
    expect(body).toContain('{"title": ');
    expect(body).not.toContain('```');
  });

  it('stays within what one Slack message holds, however large the finding', () => {
    const alert = findingAlert('guardduty-ssh-brute-force');
    expect(rawFindingReply({ ...alert, rawFinding: 'x'.repeat(100_000) }).length).toBeLessThanOrEqual(15_100);
  });
});
