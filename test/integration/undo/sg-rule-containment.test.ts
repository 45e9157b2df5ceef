/**
 * Containment of ModifySecurityGroupRules through the real Slack function and worker: the record has a modified
 * rule's new values only, so the undo revokes the world-open rules the call set, exactly those, after checking each is
 * still as the call left it. (Revert of AuthorizeSecurityGroupIngress: test/integration/slack/revert-worker.test.ts.)
 */
import { DescribeSecurityGroupRulesCommand, RevokeSecurityGroupIngressCommand, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../blocks/ids.js';
import { undoTargetOf } from '../../../src/alerts/undo/target.js';
import { ACTION_ROLE, ADMIN, OTHER_ADMIN, undoEnvironment } from '../../helpers/undo-environment.js';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import securityGroups from '../../fixtures/records/ec2-security-groups.json' with { type: 'json' };

const { sts, ec2, state, postedAlert, clickUndo, runWorker, submit, lastUpdate, threadReplies, sent } = undoEnvironment('secmon-undo-sg');

const recorded = (name: string) => securityGroups.find((item) => item.name === name)!.input;
/** sgr-0a1b2c3d4e5f60718 of sg-0a1b2c3d4e5f60718 changed to admit tcp/22 from 0.0.0.0/0. */
const SSH_FROM_ANYWHERE = recorded('existing rule changed to admit SSH from anywhere');
/** Two rules changed: 443 to 10.0.0.0/8 (not an opening) and 443 to ::/0. */
const TWO_RULES = recorded('two rules changed, the second to admit every IPv6 address');
const GROUP = 'sg-0a1b2c3d4e5f60718';
const RULE = 'sgr-0a1b2c3d4e5f60718';

/** A rule as DescribeSecurityGroupRules answers. */
function awsRule(overrides: Partial<SecurityGroupRule> = {}): SecurityGroupRule {
  return {
    SecurityGroupRuleId: RULE,
    GroupId: GROUP,
    GroupOwnerId: '111122223333',
    IsEgress: false,
    IpProtocol: 'tcp',
    FromPort: 22,
    ToPort: 22,
    CidrIpv4: '0.0.0.0/0',
    Description: 'temp',
    Tags: [],
    SecurityGroupRuleArn: `arn:aws:ec2:eu-west-1:111122223333:security-group-rule/${RULE}`,
    ...overrides,
  };
}
const describeFilters = (ids: string[]) => ({ Filters: [{ Name: 'group-id', Values: [GROUP] }, { Name: 'security-group-rule-id', Values: ids }] });

describe('containment of ModifySecurityGroupRules, through the real worker', () => {
  it('offers containment for the world-open rules of a successful call only, naming each rule as the call set it', () => {
    expect(undoTargetOf(SSH_FROM_ANYWHERE)).toMatchObject({
      kind: 'sg-rule-containment',
      groupId: GROUP,
      region: 'eu-west-1',
      accountId: '111122223333',
      rules: [{ ruleId: RULE, protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }],
    });
    // The rule changed to 10.0.0.0/8 in the same call is not an opening: it is not touched (toMatchObject compares
    // arrays whole, so the one rule listed is the only one).
    expect(undoTargetOf(TWO_RULES)).toMatchObject({ rules: [{ ruleId: 'sgr-0a1b2c3d4e5f60720', cidrIpv6: '::/0' }] });
    expect(undoTargetOf(recorded('existing rule changed to a private range'))).toBeUndefined();
    expect(undoTargetOf(recorded('change of an unknown rule to admit everyone fails'))).toBeUndefined();
    expect(undoTargetOf({ ...SSH_FROM_ANYWHERE, responseElements: { ModifySecurityGroupRulesResponse: { return: false } } })).toBeUndefined();
  });

  it('checks the rule is still world-open and inbound, then revokes exactly it by id, as the Slack user', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [awsRule()] });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true, RevokedSecurityGroupRules: [{ SecurityGroupRuleId: RULE, GroupId: GROUP, IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' }] });
    const { alert, message } = await postedAlert(SSH_FROM_ANYWHERE);
    await runWorker(await clickUndo(alert, message));

    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: ACTION_ROLE, SourceIdentity: ADMIN });
    expect(sent(ec2)).toEqual([
      ['DescribeSecurityGroupRulesCommand', describeFilters([RULE])],
      ['RevokeSecurityGroupIngressCommand', { GroupId: GROUP, SecurityGroupRuleIds: [RULE] }],
    ]);
    expect(await ec2.call(1).thisValue.config.region()).toBe('eu-west-1');
    expect(lastUpdate(message)).toContain(`*Undone* by <@${ADMIN}>`);
    expect(threadReplies(message)).toEqual([
      expect.stringContaining(`Undo of the world-open rule ${RULE} of ${GROUP}: undone (revoked ${RULE} (tcp/22 from 0.0.0.0/0)).`),
    ]);
    expect((await state().audit.list({ limit: 1 }))[0]).toMatchObject({ actor: ADMIN, action: 'alert.undo', result: 'succeeded' });
  });

  it('of two rules the call changed, revokes only the one it opened to the world', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [awsRule({ SecurityGroupRuleId: 'sgr-0a1b2c3d4e5f60720', FromPort: 443, ToPort: 443, CidrIpv4: undefined, CidrIpv6: '::/0' })],
    });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const { alert, message } = await postedAlert(TWO_RULES);
    await runWorker(await clickUndo(alert, message));
    expect(sent(ec2)).toEqual([
      ['DescribeSecurityGroupRulesCommand', describeFilters(['sgr-0a1b2c3d4e5f60720'])],
      ['RevokeSecurityGroupIngressCommand', { GroupId: GROUP, SecurityGroupRuleIds: ['sgr-0a1b2c3d4e5f60720'] }],
    ]);
  });

  it('the rule gone (or the whole group): already undone, nothing revoked', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [] });
    const { alert, message } = await postedAlert(SSH_FROM_ANYWHERE);
    await runWorker(await clickUndo(alert, message));
    expect(ec2).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(lastUpdate(message)).toContain(`already undone, nothing to do (${RULE} no longer exists)`);
  });

  it('the rule modified since (narrowed to the office): changed since, left alone', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [awsRule({ CidrIpv4: '198.51.100.0/24' })] });
    const { alert, message } = await postedAlert(SSH_FROM_ANYWHERE);
    await runWorker(await clickUndo(alert, message));
    expect(ec2).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(lastUpdate(message)).toContain(`changed since the event, left alone (${RULE} was modified since the event (now tcp/22 from 198.51.100.0/24))`);
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done' });
  });

  it('an outbound rule (the record does not say the direction): left alone, never revoked as inbound', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [awsRule({ IsEgress: true })] });
    const { alert, message } = await postedAlert(SSH_FROM_ANYWHERE);
    await runWorker(await clickUndo(alert, message));
    expect(ec2).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(lastUpdate(message)).toContain(`left alone (${RULE} is an outbound rule, and containment revokes inbound rules only)`);
    expect(lastUpdate(message)).not.toContain(ACTION_IDS.undo);
  });

  it('a refused revoke fails with a human reason and offers Retry undo; the retry checks again first', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [awsRule()] });
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .rejectsOnce(Object.assign(new Error('You are not authorized to perform this operation. User: arn:aws:sts::111122223333:assumed-role/x'), { name: 'UnauthorizedOperation' }))
      .resolves({ Return: true });
    const { alert, message } = await postedAlert(SSH_FROM_ANYWHERE);
    await runWorker(await clickUndo(alert, message));
    expect(lastUpdate(message)).toContain('*Undo failed*');
    expect(lastUpdate(message)).toContain('Retry undo');
    expect(lastUpdate(message)).not.toContain('assumed-role');

    await runWorker(await clickUndo(alert, message));
    expect(sent(ec2).map(([name]) => name)).toEqual(['DescribeSecurityGroupRulesCommand', 'RevokeSecurityGroupIngressCommand', 'DescribeSecurityGroupRulesCommand', 'RevokeSecurityGroupIngressCommand']);
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('a kept change is not contained: a job written anyway is refused without an EC2 call', async () => {
    // Made by mallory (ADMIN's identity), so OTHER_ADMIN may keep it.
    const { alert, message } = await postedAlert({ ...SSH_FROM_ANYWHERE, userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEMALLORY01', arn: 'arn:aws:iam::111122223333:user/mallory', accountId: '111122223333', userName: 'mallory' } });
    await runWorker(await submit('keep', alert, message, OTHER_ADMIN, { reason: 'Bastion for the incident, closed at 18:00' }));
    expect(await state().remediations.get(alert.deliveryId)).toMatchObject({ status: 'kept' });
    await runWorker(await submit('undo', alert, message, ADMIN));
    expect(ec2.calls()).toHaveLength(0);
    expect(threadReplies(message).at(-1)).toContain('Not undone: keeping this change was approved');
  });
});
