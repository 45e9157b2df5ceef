import { DescribeSecurityGroupRulesCommand, EC2Client, RevokeSecurityGroupIngressCommand, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revertAction, type RevertParams } from '../../../src/actions/revert.js';
import { MAX_REVERT_RULES, type AddedRule, type RevertTarget } from '../../../src/alerts/model.js';
import { createStateStores, type StateStores } from '../../../src/store/index.js';
import { DynamoTable } from '../../../src/store/table/dynamo-table.js';
import { MemoryTable } from '../../../src/store/table/memory-table.js';
import { messageState, sgRevertAlert } from '../../helpers/alerts.js';
import { startDynalite, type LocalDynamo } from '../../helpers/dynalite.js';
import { awsError, BOB, harness, type Harness } from './harness.js';

const GROUP = 'sg-0123456789abcdef0';
const sshWorld = { ruleId: 'sgr-0000000000000aaa1', protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0', cidrIpv6: undefined };
const sshWorld6 = { ruleId: 'sgr-0000000000000aaa2', protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: undefined, cidrIpv6: '::/0' };

const existing = (rule: Partial<SecurityGroupRule>): SecurityGroupRule => ({ GroupId: GROUP, IsEgress: false, ...rule });
/** The group as it is: pre-existing rules plus the event's two. */
const GROUP_RULES: SecurityGroupRule[] = [
  existing({ SecurityGroupRuleId: 'sgr-0000000000000bbb1', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: '0.0.0.0/0' }),
  existing({ SecurityGroupRuleId: 'sgr-0000000000000bbb2', IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8' }),
  existing({ SecurityGroupRuleId: 'sgr-0000000000000bbb3', IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0', IsEgress: true }),
  existing({ SecurityGroupRuleId: sshWorld.ruleId, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' }),
  existing({ SecurityGroupRuleId: sshWorld6.ruleId, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv6: '::/0' }),
];

const messages = new Map<string, { channel: string; ts: string }>();
/** The job's parameters for an alert whose stored revert target has these rules (the alert is stored in `state`). */
async function params(state: StateStores, rules: readonly AddedRule[], deliveryId = 'delivery-1', target: Partial<RevertTarget> = {}): Promise<RevertParams> {
  const message = messages.get(deliveryId) ?? { channel: 'C0123456789', ts: `1700000000.${String(messages.size + 1).padStart(6, '0')}` };
  messages.set(deliveryId, message);
  const revert: RevertTarget = {
    region: 'eu-central-1',
    accountId: '111122223333',
    groupId: GROUP,
    eventId: 'ev-1',
    changedBy: 'arn:aws:iam::111122223333:user/mallory',
    rules,
    ...target,
  };
  await state.messages.create(message, { alert: sgRevertAlert({ deliveryId, revert }), state: messageState() }, new Date(0));
  return { deliveryId, message };
}

describe('revert', () => {
  let h: Harness;
  let ec2: AwsClientStub<EC2Client>;

  beforeEach(() => {
    h = harness();
    ec2 = mockClient(h.clients.ec2('eu-central-1'));
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: GROUP_RULES });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
  });
  afterEach(() => ec2.restore());

  it('revokes only the event\'s rules, by rule id (in one call), in the event\'s region (IPv4 and IPv6)', async () => {
    const result = await revertAction.run(await params(h.state, [sshWorld, sshWorld6]), h.context);

    expect(result.ok).toBe(true);
    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupRulesCommand, {
      Filters: [
        { Name: 'group-id', Values: [GROUP] },
        { Name: 'security-group-rule-id', Values: [sshWorld.ruleId, sshWorld6.ruleId] },
      ],
    });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(ec2).toHaveReceivedCommandWith(RevokeSecurityGroupIngressCommand, { GroupId: GROUP, SecurityGroupRuleIds: [sshWorld.ruleId, sshWorld6.ruleId] });
    expect(result.detail).toMatchObject({ status: 'done', outcomes: [{ outcome: 'revoked' }, { outcome: 'revoked' }] });
    expect(await h.state.remediations.get('delivery-1')).toMatchObject({ status: 'done', startedBy: 'U0ALICE' });
  });

  it('without rule ids revokes the exact IpPermissions of the request, one per rule', async () => {
    const v4 = { ...sshWorld, ruleId: undefined };
    const v6 = { ...sshWorld6, ruleId: undefined };
    const result = await revertAction.run(await params(h.state, [v4, v6]), h.context);

    expect(ec2).toHaveReceivedCommandWith(DescribeSecurityGroupRulesCommand, { Filters: [{ Name: 'group-id', Values: [GROUP] }] });
    expect(ec2).toHaveReceivedNthCommandWith(RevokeSecurityGroupIngressCommand, 1, {
      GroupId: GROUP,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
    expect(ec2).toHaveReceivedNthCommandWith(RevokeSecurityGroupIngressCommand, 2, {
      GroupId: GROUP,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
    });
    const sent = ec2.commandCalls(RevokeSecurityGroupIngressCommand).map((c) => c.args[0].input);
    expect(sent.every((input) => input.SecurityGroupRuleIds === undefined)).toBe(true);
    expect(result.ok).toBe(true);
  });

  it('reports rules already removed and rules changed since, and revokes neither', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [existing({ SecurityGroupRuleId: sshWorld.ruleId, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '203.0.113.0/24' })],
    });
    const gone = { ...sshWorld6 };
    const noId = { ruleId: undefined, protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrIpv4: '0.0.0.0/0', cidrIpv6: undefined };
    const result = await revertAction.run(await params(h.state, [sshWorld, gone, noId]), h.context);

    expect(ec2).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(result.ok).toBe(false);
    expect(result.detail).toMatchObject({
      status: 'done',
      outcomes: [{ outcome: 'changed' }, { outcome: 'already_gone' }, { outcome: 'already_gone' }],
    });
    expect(result.summary).toContain('changed since, not revoked');
    expect(result.summary).toContain('already removed');
  });

  it('a rule removed between the check and the revoke is already gone, not failed', async () => {
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(awsError('InvalidSecurityGroupRuleId.NotFound'));
    const result = await revertAction.run(await params(h.state, [sshWorld]), h.context);
    expect(result.detail).toMatchObject({ outcomes: [{ outcome: 'already_gone' }] });
  });

  it('maps AWS failures to human reasons, marks the remediation failed, and allows a retry', async () => {
    const denied = awsError('UnauthorizedOperation');
    ec2.on(RevokeSecurityGroupIngressCommand).rejects(denied);
    const result = await revertAction.run(await params(h.state, [sshWorld]), h.context);

    expect(result.ok).toBe(false);
    expect(result.detail).toMatchObject({ status: 'failed', outcomes: [{ outcome: 'failed', reason: expect.stringContaining("secmon's worker role may not revoke tcp/22 from 0.0.0.0/0") }] });
    expect(result.summary).not.toContain('raw AWS text');
    expect(result.cause).toBe(denied);

    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const retry = await revertAction.run(await params(h.state, [sshWorld]), h.context);
    expect(retry.detail).toMatchObject({ status: 'done' });
  });

  it('fails every rule with a human reason when the group cannot be read', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).rejects(awsError('AccessDenied'));
    const result = await revertAction.run(await params(h.state, [sshWorld, sshWorld6]), h.context);
    expect(ec2).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
    expect(result.detail).toMatchObject({ status: 'failed', outcomes: [{ outcome: 'failed' }, { outcome: 'failed' }] });
  });

  it('a second click after done does nothing and reports who reverted it', async () => {
    await revertAction.run(await params(h.state, [sshWorld]), h.context);
    const again = await revertAction.run(await params(h.state, [sshWorld]), { ...h.context, actor: BOB, requestId: 'job-0001' });
    expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
    expect(again.detail).toMatchObject({ duplicate: true, status: 'done' });
    expect(again.summary).toContain('already reverted by <@U0ALICE>');
  });

  it("shows its state on the alert's message", async () => {
    const job = await params(h.state, [sshWorld]);
    await revertAction.run(job, h.context);
    expect((await h.state.messages.get(job.message))?.state.remediation).toMatchObject({ status: 'done', by: 'U0ALICE', outcomes: [{ outcome: 'revoked' }] });
  });

  it('refuses a group in another account without calling AWS', async () => {
    const result = await revertAction.run(await params(h.state, [sshWorld], 'delivery-1', { accountId: '999988887777' }), h.context);
    expect(result).toMatchObject({ ok: false, denied: true });
    expect(ec2).not.toHaveReceivedAnyCommand();
  });

  it('refuses more rules than a revert covers, before any AWS call (the worker asks refuse first)', async () => {
    const many = Array.from({ length: MAX_REVERT_RULES + 1 }, (_, n) => ({ ...sshWorld, ruleId: `sgr-0${(0x30000 + n).toString(16).padStart(16, '0')}`, fromPort: n, toPort: n }));
    const job = await params(h.state, many);
    expect(await revertAction.refuse!(job, h.context)).toMatchObject({ ok: false, denied: true, summary: expect.stringContaining(`more than secmon reverts at once (${MAX_REVERT_RULES})`) });
    expect(await revertAction.run(job, h.context)).toMatchObject({ denied: true });
    expect(ec2).not.toHaveReceivedAnyCommand();
  });

  it('reverts only what the stored alert says: a job naming another alert, or a message secmon does not have, revokes nothing', async () => {
    const job = await params(h.state, [sshWorld]);
    expect(await revertAction.run({ ...job, deliveryId: 'delivery-other' }, h.context)).toMatchObject({ denied: true, summary: 'Not reverted: the message shows another alert.' });
    expect(await revertAction.run({ ...job, message: { channel: 'C0123456789', ts: '9.000001' } }, h.context)).toMatchObject({ denied: true });
    expect(ec2).not.toHaveReceivedAnyCommand();
    expect(await h.state.remediations.get('delivery-other')).toBeUndefined();
  });

  it('after a keep was approved, reverts nothing', async () => {
    const job = await params(h.state, [sshWorld]);
    await h.state.remediations.keep(job.deliveryId, { by: 'U0BOB', now: new Date(), reason: 'bastion' });
    expect(await revertAction.run(job, h.context)).toMatchObject({ ok: false, denied: true, summary: expect.stringContaining('keeping this change was approved by <@U0BOB>') });
    expect(ec2).not.toHaveReceivedAnyCommand();
  });

  it('ends its claim as failed when anything throws after it claimed, and says so on the message', async () => {
    const job = await params(h.state, [sshWorld]);
    let updates = 0;
    const messages = {
      get: h.state.messages.get.bind(h.state.messages),
      create: h.state.messages.create.bind(h.state.messages),
      updateState: async (...args: Parameters<StateStores['messages']['updateState']>) => {
        if (++updates === 1) throw new Error('the state table timed out');
        return h.state.messages.updateState(...args);
      },
    } as unknown as StateStores['messages'];
    await expect(revertAction.run(job, { ...h.context, state: { ...h.state, messages } })).rejects.toThrow('timed out');
    expect(await h.state.remediations.get(job.deliveryId)).toMatchObject({ status: 'failed', outcomes: [{ outcome: 'failed', reason: 'the revert stopped before reaching this rule' }] });
    expect((await h.state.messages.get(job.message))?.state.remediation).toMatchObject({ status: 'failed' });
    expect(ec2).not.toHaveReceivedCommand(RevokeSecurityGroupIngressCommand);
  });

  it('release ends the request its job holds (a worker that refused or failed before running), and nothing else', async () => {
    const job = await params(h.state, [sshWorld]);
    await h.state.remediations.request({ deliveryId: job.deliveryId, by: 'U0ALICE', now: new Date(), attempt: 'job-0000', leases: { requestMs: 60_000, claimMs: 360_000 } });
    await revertAction.release!(job, { ...h.context, requestId: 'job-other' });
    expect(await h.state.remediations.get(job.deliveryId)).toMatchObject({ status: 'requested' });
    await revertAction.release!(job, h.context);
    expect(await h.state.remediations.get(job.deliveryId)).toMatchObject({ status: 'failed' });
    expect((await h.state.messages.get(job.message))?.state.remediation).toMatchObject({ status: 'failed', by: 'U0ALICE' });
  });

  describe('concurrent clicks', () => {
    let dynamo: LocalDynamo;
    beforeAll(async () => {
      dynamo = await startDynalite();
    });
    afterAll(async () => {
      await dynamo.close();
    });

    const tables: [string, () => Promise<StateStores>][] = [
      ['memory table', async () => createStateStores(new MemoryTable())],
      ['DynamoDB table (dynalite)', async () => createStateStores(new DynamoTable({ client: dynamo.documentClient, tableName: await dynamo.createTable() }))],
    ];
    for (const [name, makeState] of tables) {
      it(`revokes once however many clicks race (${name})`, async () => {
        const state = await makeState();
        const context = { ...h.context, state };
        // Slow AWS: every click arrives while the first is in progress.
        ec2.on(DescribeSecurityGroupRulesCommand).callsFake(async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { SecurityGroupRules: GROUP_RULES };
        });
        const job = await params(state, [sshWorld], `race-${name}`);
        const results = await Promise.all(Array.from({ length: 5 }, (_, n) => revertAction.run(job, { ...context, requestId: `job-${n}` })));

        expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
        expect(results.filter((r) => r.detail['duplicate'] === true)).toHaveLength(4);
        // Each later click found the revert in progress or done, and said so.
        const duplicates = results.filter((r) => r.detail['duplicate'] === true);
        expect(duplicates.every((r) => /already in progress|already reverted/.test(r.summary))).toBe(true);
        expect(await state.remediations.get(`race-${name}`)).toMatchObject({ status: 'done', attempts: 1 });
      });
    }
  });
});
