import { describe, expect, it } from 'vitest';
import { decodeKeepValue, decodeUndoValue } from '../../../blocks/action-values.js';
import { renderAlert } from '../../../blocks/alert.js';
import { ACTION_IDS } from '../../../blocks/ids.js';
import type { UndoTarget } from '../../../src/alerts/undo/model.js';
import { eventAlert, messageState } from '../../helpers/alerts.js';
import { assertWithinSlackLimits } from '../../helpers/slack-limits.js';
import { actionIds, button, joinedText } from './query.js';

const common = { region: 'eu-west-1', accountId: '111122223333', eventId: 'e0000000-0000-4000-8000-0000000000d1', changedBy: 'arn:aws:iam::111122223333:user/mallory' };
const TARGETS: readonly UndoTarget[] = [
  { kind: 'ebs-encryption-default', ...common },
  { kind: 'guardduty-detector', ...common, detectorId: '12abc34d567e8fa901bc2d34eexample' },
  { kind: 'lambda-permission', ...common, functionName: 'orders-api', qualifier: 'live', statementId: 'public', statement: '{"Sid":"public"}' },
  { kind: 'ec2-sharing', ...common, resource: 'image', resourceId: 'ami-0a1b2c3d4e5f60719', added: { userIds: ['777788889999'], public: true, organizationArns: [], organizationalUnitArns: [] } },
  { kind: 'iam-policy-attachment', ...common, region: 'us-east-1', principal: 'role', principalName: 'ci-deploy', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  { kind: 'iam-access-key', ...common, region: 'us-east-1', userName: 'billing-export', accessKeyId: 'AKIAEXAMPLEBILLING01' },
  { kind: 'iam-login-profile', ...common, region: 'us-east-1', userName: 'temp-auditor', createdAt: '2026-03-09T10:24:05.000Z' },
];
const LABELS = ['Turn encryption back on', 'Enable detector', 'Remove permission', 'Stop sharing', 'Detach policy', 'Deactivate key', 'Delete password'];
const CHANGES = [
  'Turn EBS encryption by default back on in eu-west-1 (account 111122223333).',
  'Enable GuardDuty detector 12abc34d567e8fa901bc2d34eexample in eu-west-1 (account 111122223333) again.',
  'Remove statement public from the policy of Lambda function orders-api:live in eu-west-1 (account 111122223333).',
  'Remove from image ami-0a1b2c3d4e5f60719 in eu-west-1 (account 111122223333) the permissions this call added: everyone (public), account 777788889999.',
  'Detach arn:aws:iam::aws:policy/AdministratorAccess from IAM role ci-deploy (account 111122223333).',
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
      expect(decodeUndoValue(undoButton!.value!)).toEqual({ deliveryId: alert.deliveryId, kind: undo.kind, region: undo.region, eventId: common.eventId });
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

  it('an alert without an undo target has no undo panel', () => {
    expect(actionIds(renderAlert(eventAlert(), messageState()))).not.toContain(ACTION_IDS.undo);
  });
});
