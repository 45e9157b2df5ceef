/** The pipeline's finding rules (src/alerts/pipeline-findings.ts) on the memory table, with a recording Slack. */
import { describe, expect, it } from 'vitest';
import { normaliseInvocation } from '../../../src/alerts/normalise/index.js';
import type { Alert } from '../../../src/alerts/model.js';
import { processAlert, type PipelineDeps } from '../../../src/alerts/pipeline.js';
import { createStateStores } from '../../../src/store/index.js';
import { messageKey } from '../../../src/store/messages/messages.js';
import { MemoryTable } from '../../../src/store/table/memory-table.js';
import { deps as normaliseDeps, loadEvent, NOW } from './fixtures.js';
import { Clock, FakeSlack, fakeRender, rendered } from './pipeline-harness.js';

function finding(name: string, deliveryId?: string): Alert {
  const [alert] = normaliseInvocation(loadEvent(`eventbridge/findings/${name}.json`), normaliseDeps, { now: NOW });
  return deliveryId === undefined ? alert! : { ...alert!, deliveryId };
}

function setup() {
  const clock = new Clock(Date.parse('2026-11-20T10:10:00Z'));
  const slack = new FakeSlack(clock);
  const table = new MemoryTable();
  const state = createStateStores(table);
  const deps: PipelineDeps = { state, slack, render: fakeRender, channel: 'C0SECMON', now: clock.now, renderRawFinding: (alert) => `raw:${alert.finding!.id}` };
  return { clock, slack, state, deps, table };
}

describe('findings in the pipeline', () => {
  it('post once with the raw finding as the first reply, then update that message with newer versions only', async () => {
    const { slack, deps } = setup();
    expect(await processAlert(finding('guardduty-ssh-brute-force'), deps)).toMatchObject({ kind: 'posted', as: 'group-first' });
    expect(slack.replies.map((reply) => [reply.target, reply.text])).toEqual([[slack.posts[0]!.posted, 'raw:b4c6e8f0a2d4c6e8f0a2b4c6d8e0f2a4']]);
    const updated = finding('guardduty-ssh-brute-force-updated');
    expect(await processAlert(updated, deps)).toEqual({
      kind: 'updated',
      message: slack.posts[0]!.posted,
      finding: { source: 'guardduty', id: 'b4c6e8f0a2d4c6e8f0a2b4c6d8e0f2a4' },
      state: 'active',
      shown: true,
    });
    expect(rendered(slack.updates[0]!.message).deliveryId).toBe(updated.deliveryId);
    expect(await processAlert(finding('guardduty-ssh-brute-force', 'older-copy'), deps)).toEqual({ kind: 'ignored', reason: 'finding-not-newer' });
    expect(await processAlert(finding('guardduty-ssh-brute-force-updated', 'same-version'), deps)).toEqual({ kind: 'ignored', reason: 'finding-not-newer' });
    expect(slack.posts).toHaveLength(1);
    expect(slack.updates).toHaveLength(1);
    expect(slack.replies).toHaveLength(1);
  });

  it('keep acknowledgements and other message state when a finding updates its message', async () => {
    const { slack, state, deps } = setup();
    await processAlert(finding('securityhub-s3-block-public-access'), deps);
    await state.messages.updateState(slack.posts[0]!.posted, { acknowledged: { by: 'U0ALICE', at: '2026-11-20T10:20:00Z' } });
    await processAlert(finding('securityhub-s3-block-public-access-resolved'), deps);
    const content = await state.messages.get(slack.posts[0]!.posted);
    expect(content!.alert.finding!.state).toBe('resolved');
    expect(content!.state.acknowledged).toEqual({ by: 'U0ALICE', at: '2026-11-20T10:20:00Z' });
    expect(rendered(slack.updates[0]!.message).state.acknowledged).toEqual({ by: 'U0ALICE', at: '2026-11-20T10:20:00Z' });
  });

  it('do not re-render a group message for an update of a finding counted into it', async () => {
    const { slack, deps } = setup();
    await processAlert(finding('guardduty-ssh-brute-force'), deps);
    const second = finding('guardduty-ssh-brute-force-second-source');
    expect(await processAlert(second, deps)).toMatchObject({ kind: 'grouped', count: 2 });
    const later = { ...second, deliveryId: 'second-updated', finding: { ...second.finding!, count: 4, updatedAt: '2026-11-20T12:00:00.000Z' } };
    expect(await processAlert(later, deps)).toMatchObject({ kind: 'updated', message: slack.posts[0]!.posted, shown: false });
    expect(slack.updates).toHaveLength(0);
    expect(slack.posts).toHaveLength(1);
  });

  it('hold back a new finding of a silenced monitor, but apply an update of one already shown', async () => {
    const { slack, state, deps, clock } = setup();
    await processAlert(finding('access-analyzer-bucket-public'), deps);
    await state.silences.put({ monitorId: 'access-analyzer-findings', until: new Date(clock.ms + 3_600_000).toISOString(), by: 'U0ALICE', reason: undefined, message: undefined });
    expect(await processAlert(finding('access-analyzer-role-cross-account'), deps)).toMatchObject({ kind: 'silenced' });
    expect(await processAlert(finding('access-analyzer-bucket-public-archived'), deps)).toMatchObject({ kind: 'updated', state: 'archived' });
    expect(slack.posts).toHaveLength(1);
    expect(slack.updates).toHaveLength(1);
  });

  it('post nothing for a finding already closed when first seen', async () => {
    const { slack, deps } = setup();
    expect(await processAlert(finding('inspector-package-critical-closed'), deps)).toEqual({ kind: 'ignored', reason: 'finding-closed-unseen' });
    expect(slack.posts).toHaveLength(0);
  });

  it('post the raw reply the retry still owes when the first reply failed', async () => {
    const { slack, deps } = setup();
    const alert = finding('macie-bucket-public');
    slack.failNext('reply');
    await expect(processAlert(alert, deps)).rejects.toThrow();
    expect(slack.posts).toHaveLength(1);
    // Lambda's retry of the same delivery: no second post, the reply now, nothing owed after.
    await processAlert(alert, deps);
    expect(slack.posts).toHaveLength(1);
    expect(slack.replies.map((reply) => reply.text)).toEqual(['raw:90ab0c1d2e3f4a5b6c7d8e9f0a1b2c3d']);
    await processAlert(alert, deps);
    expect(slack.replies).toHaveLength(1);
  });

  it('show the update itself when the message content has expired', async () => {
    const { slack, state, deps, table } = setup();
    await processAlert(finding('macie-bucket-public'), deps);
    const target = slack.posts[0]!.posted;
    await table.delete(messageKey(target));
    const again = finding('macie-bucket-public-again');
    expect(await processAlert(again, deps)).toMatchObject({ kind: 'updated', shown: true });
    expect(rendered(slack.updates[0]!.message).deliveryId).toBe(again.deliveryId);
    expect((await state.messages.get(target))!.alert.finding!.count).toBe(2);
  });
});
