import { describe, expect, it } from 'vitest';
import { eventAlert } from '../../helpers/alerts.js';
import type { AccountInfo } from '../../../src/org/account-directory.js';
import { channelFor } from '../../../src/org/route.js';
import { checkRouteMonitors, parseRoutingConfig } from '../../../src/org/routing-config.js';
import { isSecmonError } from '../../../src/errors.js';

const problem = (text: string): string => {
  try {
    parseRoutingConfig(text);
  } catch (error) {
    expect(isSecmonError(error, 'CONFIG_INVALID')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected the routing document to be refused');
};

describe('the routing document', () => {
  it('empty means no routes and no names', () => {
    expect(parseRoutingConfig(undefined)).toEqual({ defaultChannel: undefined, routes: [], accounts: {} });
    expect(parseRoutingConfig('  ')).toEqual({ defaultChannel: undefined, routes: [], accounts: {} });
  });

  it('names every problem by its path', () => {
    expect(problem('{"routes": [')).toMatch(/^ALERT_ROUTING: not JSON/);
    const message = problem(
      JSON.stringify({
        defaultChannel: 'general',
        routes: [{ channel: 'C0PROD0001', severities: ['urgent'] }, { channel: 'C0X1', accounts: ['12345'], ous: [], colour: 'red' }],
        accounts: { '1234': { name: 'x' }, '111122223333': { nom: 'x' } },
      }),
    );
    expect(message).toContain('defaultChannel must be a Slack channel id');
    expect(message).toContain('routes[0].severities[0] must be one of critical, high, medium, low, info');
    expect(message).toContain('routes[1].accounts[0] must be a 12-digit AWS account id');
    expect(message).toContain('routes[1].ous must list at least one value');
    expect(message).toContain('routes[1] has unknown field(s) "colour"');
    expect(message).toContain('accounts');
    expect(message).toContain('"nom"');
    expect(problem('[]')).toContain('the document must be an object');
  });

  it('refuses route monitors the catalog does not have, suggesting the closest', () => {
    const routing = parseRoutingConfig(JSON.stringify({ routes: [{ channel: 'C0PROD0001', monitors: ['root-activity', 'root-activty'] }] }));
    expect(() => checkRouteMonitors(routing, ['root-activity', 'mfa-deactivated'])).toThrow(
      /routes\[0\]\.monitors\[1\] "root-activty" is not a monitor; did you mean root-activity\?/,
    );
  });
});

describe('channelFor', () => {
  const prod: AccountInfo = { id: '222233334444', name: 'payments-prod', ou: 'Workloads/Prod', ouIds: ['r-ab12', 'ou-ab12-work0001', 'ou-ab12-prod0001'] };
  const routing = parseRoutingConfig(
    JSON.stringify({
      defaultChannel: 'C0DEFAULT1',
      routes: [
        { channel: 'C0CRITPROD', ous: ['Workloads'], severities: ['critical'] },
        { channel: 'C0BYOUID01', ous: ['ou-ab12-prod0001'] },
        { channel: 'C0SANDBOX1', accounts: ['444455556666'] },
        { channel: 'C0IAMCHAN1', monitors: ['mfa-deactivated'] },
      ],
    }),
  );

  it('takes the first route whose every condition holds', () => {
    const critical = eventAlert({ account: prod.id, severity: 'critical' });
    expect(channelFor(critical, prod, routing, 'C0STACK001')).toBe('C0CRITPROD');
    const medium = eventAlert({ account: prod.id, severity: 'medium' });
    expect(channelFor(medium, prod, routing, 'C0STACK001')).toBe('C0BYOUID01');
  });

  it('matches an OU by id or by any leading part of its path, never a mere prefix of a name', () => {
    const lookalike: AccountInfo = { ...prod, ou: 'WorkloadsLegacy', ouIds: ['r-ab12'] };
    expect(channelFor(eventAlert({ account: prod.id, severity: 'critical' }), lookalike, routing, 'C0STACK001')).toBe('C0DEFAULT1');
  });

  it('routes by account and monitor; an unknown account matches no OU route; the default channel, else the stack channel', () => {
    expect(channelFor(eventAlert({ account: '444455556666' }), undefined, routing, 'C0STACK001')).toBe('C0SANDBOX1');
    const mfa = eventAlert({ account: '999988887777', monitor: { id: 'mfa-deactivated', title: 'MFA', severity: 'high' }, severity: 'high' });
    expect(channelFor(mfa, undefined, routing, 'C0STACK001')).toBe('C0IAMCHAN1');
    expect(channelFor(eventAlert({ account: '999988887777', severity: 'critical' }), undefined, routing, 'C0STACK001')).toBe('C0DEFAULT1');
    expect(channelFor(eventAlert(), undefined, parseRoutingConfig(''), 'C0STACK001')).toBe('C0STACK001');
  });
});
