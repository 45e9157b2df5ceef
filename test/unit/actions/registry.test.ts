import { describe, expect, it } from 'vitest';
import { ACTIONS, findAction, workerPolicy } from '../../../src/actions/registry.js';

const GARBAGE: unknown[] = [null, 42, 'enable', [], { target: 7 }, { monitorId: '' }, { deliveryId: 1 }];

describe('action registry', () => {
  it('has every action once, found by name', () => {
    const names = ACTIONS.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(['disable', 'enable', 'finding-notify', 'finding-resolve', 'finding-suppress', 'keep', 'revert', 'silence', 'status', 'suppress', 'suppressions', 'test', 'undo', 'unsilence', 'unsuppress']);
    for (const action of ACTIONS) expect(findAction(action.name)).toBe(action);
    expect(findAction('rm-rf')).toBeUndefined();
  });

  for (const action of ACTIONS) {
    describe(action.name, () => {
      it('has a description and a schema that accepts its example and rejects garbage', () => {
        expect(action.description.length).toBeGreaterThan(20);
        expect(action.params.safeParse(action.example).success).toBe(true);
        const rejected = GARBAGE.filter((value) => !action.params.safeParse(value).success);
        // `status` and `suppressions` take no parameters, so only non-objects are garbage to them.
        expect(rejected.length).toBeGreaterThanOrEqual(action.name === 'status' || action.name === 'suppressions' ? 4 : GARBAGE.length);
      });

      it('declares permissions: at least one unless it writes nothing to AWS, no * action, a reason for every * resource', () => {
        if (action.writes) expect(action.permissions.length).toBeGreaterThan(0);
        for (const statement of action.permissions) {
          expect(statement.actions.length).toBeGreaterThan(0);
          for (const name of statement.actions) expect(name).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
          expect(statement.resources.length).toBeGreaterThan(0);
          expect(statement.reason.length).toBeGreaterThan(10);
          if (statement.resources.includes('*')) expect(statement.reason).toMatch(/\*/);
          for (const resource of statement.resources) {
            if (resource !== '*') expect(resource).toMatch(/^arn:\$\{AWS::Partition\}:/);
          }
        }
      });
    });
  }

  it('workerPolicy() is the union of every declared permission, merged by resource list', () => {
    const policy = workerPolicy();
    const granted = new Set(policy.flatMap((s) => s.resources.map((r) => s.actions.map((a) => `${a} on ${r}`))).flat());
    const declared = new Set(ACTIONS.flatMap((a) => a.permissions.flatMap((s) => s.resources.flatMap((r) => s.actions.map((x) => `${x} on ${r}`)))));
    expect(granted).toEqual(declared);
    const keys = policy.map((s) => JSON.stringify(s.resources));
    expect(new Set(keys).size).toBe(keys.length);
    expect(policy.flatMap((s) => s.actions).some((a) => a.includes('*'))).toBe(false);
  });

  it('scopes writes to secmon-named resources, and PassRole to the forwarding role only', () => {
    const policy = workerPolicy();
    const resourcesOf = (action: string) => policy.filter((s) => s.actions.includes(action)).flatMap((s) => s.resources);
    expect(resourcesOf('cloudwatch:PutMetricAlarm')).toEqual(['arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${NamePrefix}-*']);
    expect(resourcesOf('events:PutRule').every((r) => r.endsWith('/${NamePrefix}-*'))).toBe(true);
    expect(resourcesOf('events:PutRule')).toContain('arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${NamePrefix}-org/${NamePrefix}-*');
    expect(resourcesOf('iam:PassRole')).toEqual(['arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${NamePrefix}-event-forwarding']);
    expect(resourcesOf('ec2:RevokeSecurityGroupIngress')).toEqual(['arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:security-group/*']);
    expect(resourcesOf('ec2:DescribeSecurityGroupRules')).toEqual(['*']);
  });
});
