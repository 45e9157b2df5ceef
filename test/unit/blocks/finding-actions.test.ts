import { describe, expect, it } from 'vitest';
import { decodeFindingValue, encodeFindingValue } from '../../../blocks/action-values.js';
import { renderAlert } from '../../../blocks/alert.js';
import { ACTION_IDS } from '../../../blocks/ids.js';
import type { FindingAction } from '../../../src/alerts/model.js';
import { FINDING_SOURCES } from '../../../src/findings/model.js';
import { messageState } from '../../helpers/alerts.js';
import { findingAlert } from '../../helpers/findings.js';
import { assertWithinSlackLimits } from '../../helpers/slack-limits.js';
import { actionIds, allTexts, button } from './query.js';

const suppressed = (overrides: Partial<FindingAction> = {}): FindingAction => ({
  status: 'suppressed',
  by: 'U0ADMIN01',
  at: '2026-11-20T10:05:00Z',
  reason: 'Weekly scanner',
  atSource: true,
  ...overrides,
});

describe('finding alerts: Suppress and Resolve', () => {
  it('offers Suppress on an open finding of every source, and Resolve on Security Hub findings only', () => {
    for (const source of FINDING_SOURCES) {
      const message = renderAlert(findingAlert(source), messageState());
      assertWithinSlackLimits(message);
      expect(actionIds(message)).toContain(ACTION_IDS.findingSuppress);
      expect(actionIds(message).includes(ACTION_IDS.findingResolve)).toBe(source === 'securityhub');
      expect(decodeFindingValue(button(message, ACTION_IDS.findingSuppress)!.value!)).toEqual({ deliveryId: `finding-${source}-1`, source });
    }
  });

  it('Resolve asks for confirmation, naming what happens at Security Hub', () => {
    const resolve = button(renderAlert(findingAlert('securityhub'), messageState()), ACTION_IDS.findingResolve)!;
    expect(resolve.confirm?.text.text).toContain("Sets the Security Hub finding's workflow status to RESOLVED, with a note naming you.");
  });

  it('offers neither on a finding closed at its source, nor once suppressed or resolved from Slack; NOTIFIED keeps them', () => {
    const closed = renderAlert(findingAlert('guardduty', { finding: { state: 'archived' } }), messageState());
    expect(actionIds(closed)).not.toContain(ACTION_IDS.findingSuppress);
    const done = renderAlert(findingAlert('securityhub'), messageState({ findingAction: suppressed() }));
    expect(actionIds(done)).not.toContain(ACTION_IDS.findingSuppress);
    expect(actionIds(done)).not.toContain(ACTION_IDS.findingResolve);
    const notified = renderAlert(findingAlert('securityhub'), messageState({ findingAction: suppressed({ status: 'notified', reason: undefined }) }));
    expect(actionIds(notified)).toEqual(expect.arrayContaining([ACTION_IDS.findingSuppress, ACTION_IDS.findingResolve]));
  });

  it('says what was done and whether it reached the source', () => {
    const texts = (source: Parameters<typeof findingAlert>[0], action: FindingAction) => allTexts(renderAlert(findingAlert(source), messageState({ findingAction: action }))).join('\n');
    expect(texts('securityhub', suppressed())).toContain(':mute: *Suppressed at Security Hub* (workflow status SUPPRESSED) by <@U0ADMIN01> at 10:05 UTC: Weekly scanner');
    expect(texts('guardduty', suppressed())).toContain(':mute: *Suppressed at GuardDuty* (archived) by <@U0ADMIN01>');
    expect(texts('inspector', suppressed({ atSource: false }))).toContain('*Suppressed in secmon* by <@U0ADMIN01> at 10:05 UTC: Weekly scanner. secmon does not write back to Inspector: the finding stays open there.');
    expect(texts('securityhub', suppressed({ status: 'resolved', reason: undefined }))).toContain(':white_check_mark: *Resolved at Security Hub* (workflow status RESOLVED) by <@U0ADMIN01>');
    expect(renderAlert(findingAlert('securityhub'), messageState({ findingAction: suppressed() })).text).toContain('(suppressed)');
  });

  it('a reason cannot inject mentions or links', () => {
    const message = renderAlert(findingAlert('guardduty'), messageState({ findingAction: suppressed({ reason: '<!channel> see <https://evil.example|here>' }) }));
    const text = allTexts(message).join('\n');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
  });

  it('a finding value carries the delivery id and a known source only', () => {
    expect(() => decodeFindingValue(JSON.stringify({ v: 1, a: 'd-1', s: 'cloudtrail' }))).toThrow(/finding source \(s\)/);
    expect(() => encodeFindingValue({ deliveryId: 'has space', source: 'macie' })).toThrow(/delivery id/);
  });
});
