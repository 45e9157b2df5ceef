import { describe, expect, it } from 'vitest';
import { decodeKeepValue, decodeUndoValue, encodeUndoValue } from '../../../blocks/action-values.js';
import { renderAlert } from '../../../blocks/alert.js';
import { ACTION_IDS } from '../../../blocks/ids.js';
import type { UndoTarget } from '../../../src/alerts/undo/model.js';
import { eventAlert, messageState } from '../../helpers/alerts.js';
import { assertWithinSlackLimits } from '../../helpers/slack-limits.js';
import { actionIds, button, joinedText } from './query.js';

const KEY_ID = '5e2c8a14-7b3d-4f09-9c61-2a8d0e4b7f35';
const common = { region: 'eu-west-1', accountId: '111122223333', eventId: 'e0000000-0000-4000-8000-0000000000d1', changedBy: 'arn:aws:iam::111122223333:user/mallory' };
const TARGETS: readonly UndoTarget[] = [
  { kind: 'ebs-encryption-default', ...common },
  { kind: 'guardduty-detector', ...common, detectorId: '12abc34d567e8fa901bc2d34eexample' },
  { kind: 'lambda-permission', ...common, functionName: 'orders-api', qualifier: 'live', statementId: 'public', statement: '{"Sid":"public"}' },
  { kind: 'ec2-sharing', ...common, resource: 'image', resourceId: 'ami-0a1b2c3d4e5f60719', added: { userIds: ['777788889999'], public: true, organizationArns: [], organizationalUnitArns: [] } },
  { kind: 'iam-policy-attachment', ...common, region: 'us-east-1', principal: 'role', principalName: 'ci-deploy', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  { kind: 'cloudtrail-logging', ...common, region: 'us-east-1', trail: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-audit' },
  { kind: 'config-recorder', ...common, recorderName: 'default' },
  { kind: 'sg-rule-containment', ...common, groupId: 'sg-0a1b2c3d4e5f60718', rules: [{ ruleId: 'sgr-0a1b2c3d4e5f60718', protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0', cidrIpv6: undefined }] },
  { kind: 'kms-key-deletion', ...common, keyArn: `arn:aws:kms:eu-west-1:111122223333:key/${KEY_ID}`, keyId: KEY_ID },
  { kind: 'rds-snapshot-sharing', ...common, snapshot: 'cluster', snapshotId: 'ledger-weekly-15', added: ['777788889999', 'all'] },
  { kind: 'iam-access-key', ...common, region: 'us-east-1', userName: 'billing-export', accessKeyId: 'AKIAEXAMPLEBILLING01' },
  { kind: 'iam-login-profile', ...common, region: 'us-east-1', userName: 'temp-auditor', createdAt: '2026-03-09T10:24:05.000Z' },
];
const LABELS = ['Turn encryption back on', 'Enable detector', 'Remove permission', 'Stop sharing', 'Detach policy', 'Start logging', 'Start recording', 'Revoke rule (containment)', 'Cancel deletion', 'Stop sharing', 'Deactivate key', 'Delete password'];
const CHANGES = [
  'Turn EBS encryption by default back on in eu-west-1 (account 111122223333).',
  'Enable GuardDuty detector 12abc34d567e8fa901bc2d34eexample in eu-west-1 (account 111122223333) again.',
  'Remove statement public from the policy of Lambda function orders-api:live in eu-west-1 (account 111122223333).',
  'Remove from image ami-0a1b2c3d4e5f60719 in eu-west-1 (account 111122223333) the permissions this call added: everyone (public), account 777788889999.',
  'Detach arn:aws:iam::aws:policy/AdministratorAccess from IAM role ci-deploy (account 111122223333).',
  'Start logging of CloudTrail trail org-audit in us-east-1 (account 111122223333) again.',
  'Start AWS Config recorder default in eu-west-1 (account 111122223333) again.',
  'Containment: revoke rule sgr-0a1b2c3d4e5f60718 (tcp 22 from 0.0.0.0/0) of sg-0a1b2c3d4e5f60718 in eu-west-1 (account 111122223333), while still as this call set them. ' +
    "The call's record has the new values only, so the rule is removed, not put back as it was before",
  `Cancel the scheduled deletion of KMS key ${KEY_ID} in eu-west-1 (account 111122223333). The key stays disabled.`,
  'Remove from RDS cluster snapshot ledger-weekly-15 in eu-west-1 (account 111122223333) the restore permissions this call added: account 777788889999, everyone (public).',
  'Deactivate access key AKIAEXAMPLEBILLING01 of IAM user billing-export (account 111122223333): not deleted, it can be re-activated. ' +
    'What was done with the key while active is not undone; its secret may have been copied.',
  'Delete the console password of IAM user temp-auditor (account 111122223333) that this call created. ' +
    'Console sessions already signed in with it are not signed out; what was done in them is not undone.',
];

describe('undo panel', () => {
  TARGETS.forEach((undo, index) => {
    it(`${undo.kind}: a labelled Undo button whose confirm dialog says what will change, and Keep pointing at the undo`, () => {
      const alert = eventAlert({ undo });
      const message = renderAlert(alert, messageState());
      assertWithinSlackLimits(message);
      const undoButton = button(message, ACTION_IDS.undo);
      expect(undoButton?.text.text).toBe(LABELS[index]);
      expect(undoButton?.style).toBe('danger');
      expect(undoButton?.confirm?.text.text).toContain(CHANGES[index]);
      expect(decodeUndoValue(undoButton!.value!)).toEqual({ deliveryId: alert.deliveryId, kind: undo.kind, region: undo.region, eventId: common.eventId, enableKey: false });
      expect(decodeKeepValue(button(message, ACTION_IDS.keep)!.value!)).toMatchObject({ deliveryId: alert.deliveryId, undoKind: undo.kind, groupId: undefined });
      expect(actionIds(message)).not.toContain(ACTION_IDS.revert);
    });
  });

  it('no button while the undo runs, once done or once kept; Retry undo after a failure', () => {
    const alert = eventAlert({ undo: TARGETS[0] });
    const at = '2026-11-20T10:05:00Z';
    const running = renderAlert(alert, messageState({ remediation: { status: 'in_progress', by: 'U0ADMIN01', at, outcomes: [] } }));
    expect(joinedText(running)).toContain('*Undoing…* requested by <@U0ADMIN01>');
    expect(actionIds(running)).not.toContain(ACTION_IDS.undo);
    expect(running.text).toMatch(/\(undoing\)$/);
    const done = renderAlert(alert, messageState({ remediation: { status: 'done', by: 'U0ADMIN01', at, outcomes: [], undone: { outcome: 'already_undone', reason: undefined } } }));
    expect(joinedText(done)).toContain('*Undone* by <@U0ADMIN01>');
    expect(joinedText(done)).toContain('already undone, nothing to do');
    expect(joinedText(done)).not.toContain('Reverted');
    expect(done.text).toMatch(/\(undone\)$/);
    expect(actionIds(done)).not.toContain(ACTION_IDS.undo);
    const kept = renderAlert(alert, messageState({ kept: { by: 'U0ADMIN02', at, reason: 'test account' } }));
    expect(joinedText(kept)).toContain('*Change kept*');
    expect(actionIds(kept)).not.toContain(ACTION_IDS.undo);
    const failed = renderAlert(alert, messageState({ remediation: { status: 'failed', by: 'U0ADMIN01', at, outcomes: [], undone: { outcome: 'failed', reason: 'AWS throttled the request' } } }));
    expect(button(failed, ACTION_IDS.undo)?.text.text).toBe('Retry undo');
    expect(joinedText(failed)).toContain('*Undo failed*');
    expect(failed.text).toMatch(/\(undo failed\)$/);
  });

  it('a containment of 50 rules (the most one offers) stays within what Slack accepts, its dialog cut short', () => {
    const rules = Array.from({ length: 50 }, (_, i) => ({ ruleId: `sgr-0a1b2c3d4e5f6${String(i).padStart(4, '0')}`, protocol: 'tcp', fromPort: 1000 + i, toPort: 1000 + i, cidrIpv4: undefined, cidrIpv6: '::/0' }));
    const message = renderAlert(eventAlert({ undo: { kind: 'sg-rule-containment', ...common, groupId: 'sg-0a1b2c3d4e5f60718', rules } }), messageState());
    assertWithinSlackLimits(message);
    expect(button(message, ACTION_IDS.undo)?.confirm?.text.text).toMatch(/^Containment: revoke rules sgr-0a1b2c3d4e5f60000 \(tcp 1000 from ::\/0\), /);
    expect(joinedText(message)).toContain('sgr-0a1b2c3d4e5f60049 (tcp 1049 from ::/0)');
  });

  it('a KMS key deletion offers two undos, each confirm dialog saying whether the key is enabled, and Keep', () => {
    const undo = TARGETS.find((target) => target.kind === 'kms-key-deletion')!;
    const alert = eventAlert({ undo });
    const message = renderAlert(alert, messageState());
    assertWithinSlackLimits(message);
    expect(actionIds(message).slice(0, 3)).toEqual([ACTION_IDS.undo, ACTION_IDS.undoEnable, ACTION_IDS.keep]);
    expect(joinedText(message)).toContain('The key stays disabled unless you choose to enable it too (for a key that was in use).');
    const [cancel, enable] = [button(message, ACTION_IDS.undo)!, button(message, ACTION_IDS.undoEnable)!];
    expect(enable.text.text).toBe('Cancel deletion and enable key');
    expect(enable.style).toBe('danger');
    expect(cancel.confirm?.text.text).toBe(
      `Cancel the scheduled deletion of KMS key ${KEY_ID} in eu-west-1 (account 111122223333). The key stays disabled. ` +
        'Its grants, aliases and key policy are left as they are; nothing encrypted under it was lost while deletion was pending.',
    );
    expect(enable.confirm?.text.text).toBe(
      `Cancel the scheduled deletion of KMS key ${KEY_ID} in eu-west-1 (account 111122223333). Then enable the key (it was in use). ` +
        'Its grants, aliases and key policy are left as they are; nothing encrypted under it was lost while deletion was pending.',
    );
    expect(cancel.accessibility_label).toMatch(/^Cancel deletion: /);
    expect(enable.accessibility_label).toMatch(/^Cancel deletion and enable key: /);
    expect(decodeUndoValue(cancel.value!)).toMatchObject({ kind: 'kms-key-deletion', enableKey: false });
    expect(decodeUndoValue(enable.value!)).toMatchObject({ kind: 'kms-key-deletion', enableKey: true });

    const failed = renderAlert(alert, messageState({ remediation: { status: 'failed', by: 'U0ADMIN01', at: '2026-11-20T10:05:00Z', outcomes: [], undone: { outcome: 'failed', reason: 'AWS throttled the request' } } }));
    expect(button(failed, ACTION_IDS.undo)?.text.text).toBe('Retry: Cancel deletion');
    expect(button(failed, ACTION_IDS.undoEnable)?.text.text).toBe('Retry: Cancel deletion and enable key');
  });

  it('"enable the key" exists for a KMS key deletion only: no other undo encodes it, and a value claiming it does not decode', () => {
    const ebs = TARGETS[0]!;
    expect(actionIds(renderAlert(eventAlert({ undo: ebs }), messageState()))).not.toContain(ACTION_IDS.undoEnable);
    expect(() => encodeUndoValue({ deliveryId: 'd-1', target: ebs, enableKey: true })).toThrow(/enable key: not offered for ebs-encryption-default/);
    const forged = JSON.stringify({ v: 1, a: 'd-1', k: 'ebs-encryption-default', r: 'eu-west-1', e: common.eventId, en: true });
    expect(() => decodeUndoValue(forged)).toThrow(/enable key \(en\): not offered for ebs-encryption-default/);
    const notBoolean = JSON.stringify({ v: 1, a: 'd-1', k: 'kms-key-deletion', r: 'eu-west-1', e: common.eventId, en: 'yes' });
    expect(() => decodeUndoValue(notBoolean)).toThrow(/enable key \(en\): must be true or false/);
  });

  it('an alert without an undo target has no undo panel', () => {
    expect(actionIds(renderAlert(eventAlert(), messageState()))).not.toContain(ACTION_IDS.undo);
  });
});
