import { describe, expect, it } from 'vitest';
import { suppressAction, suppressionsAction, unsuppressAction } from '../../../src/actions/suppress.js';
import { MAX_ACTIVE_SUPPRESSIONS } from '../../../src/store/suppressions/suppressions.js';
import { ALICE, harness, NOW } from './harness.js';

const params = { monitorId: 'root-activity', matchers: { account: '111122223333' }, durationSeconds: 3600, reason: 'break-glass drill', message: undefined };

describe('suppress', () => {
  it('writes the rule for the actor until now + the duration, and says its id', async () => {
    const { context, state } = harness();
    const result = await suppressAction.run(params, context);
    const [rule] = await state.suppressions.listActive(NOW);
    expect(rule).toMatchObject({ monitorId: 'root-activity', matchers: { account: '111122223333' }, until: new Date(NOW.getTime() + 3_600_000).toISOString(), by: ALICE.userId });
    expect(result).toMatchObject({ ok: true, summary: expect.stringContaining(`Suppression ${rule!.id}: root-activity alerts matching account=111122223333 are held back until`) });
  });

  it('refuses a monitor secmon does not have, and a rule beyond the most in force', async () => {
    const { context } = harness();
    expect(await suppressAction.run({ ...params, monitorId: 'no-such-monitor' }, context)).toMatchObject({ ok: false, summary: expect.stringMatching(/^Not suppressed: /) });
    for (let i = 0; i < MAX_ACTIVE_SUPPRESSIONS; i++) await suppressAction.run(params, context);
    expect(await suppressAction.run(params, context)).toMatchObject({ ok: false, denied: true, summary: expect.stringContaining('100 suppressions are in force already') });
  });

  it('rejects matchers that are not what they say (the worker checks again what the Slack function parsed)', () => {
    expect(suppressAction.params.safeParse({ ...params, matchers: { ip: 'not-an-ip' } }).success).toBe(false);
    expect(suppressAction.params.safeParse({ ...params, matchers: { principal: 'alice' } }).success).toBe(false);
    expect(suppressAction.params.safeParse({ ...params, reason: '  ' }).success).toBe(false);
    expect(suppressAction.params.safeParse({ ...params, durationSeconds: 31 * 86_400 }).success).toBe(false);
  });
});

describe('suppressions and unsuppress', () => {
  it('lists at most 40 rules, soonest end first, then how many more', async () => {
    const { context } = harness();
    for (let i = 0; i < 42; i++) await suppressAction.run({ ...params, durationSeconds: 3600 + i * 60 }, context);
    const { summary } = await suppressionsAction.run({}, context);
    const lines = summary.split('\n');
    expect(lines[0]).toBe('42 suppressions in force:');
    expect(lines).toHaveLength(42);
    expect(lines[1]).toContain(`until ${new Date(NOW.getTime() + 3_600_000).toISOString()}`);
    expect(lines.at(-1)).toBe('…and 2 more');
  });

  it('ends a rule at once, saying what it held back; an unknown id is said to be so', async () => {
    const { context, state } = harness();
    await suppressAction.run(params, context);
    const [rule] = await state.suppressions.listActive(NOW);
    await state.suppressions.countHeld(rule!.id, true, NOW);
    expect(await unsuppressAction.run({ id: rule!.id }, context)).toMatchObject({
      ok: true,
      summary: `Suppression ${rule!.id} of root-activity (account=111122223333) by <@${ALICE.userId}> ended early: 1 critical alert held back`,
    });
    expect(await unsuppressAction.run({ id: rule!.id }, context)).toMatchObject({ ok: false, summary: expect.stringContaining(`No suppression ${rule!.id} is in force`) });
  });
});
