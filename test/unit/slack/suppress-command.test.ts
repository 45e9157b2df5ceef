import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/catalog/index.js';
import { parseSecmonCommand, type ParseResult } from '../../../src/slack/app/command-parser.js';

const catalog = buildCatalog();
const parse = (text: string) => parseSecmonCommand(text, catalog);
const message = (result: ParseResult) => (result.ok ? 'parsed' : result.message);

describe('/secmon suppress', () => {
  it('reads the monitor, the matchers, the duration and the reason as typed', () => {
    expect(
      parse('suppress unauthorized-api-calls principal=arn:aws:iam::111122223333:role/scanner account=111122223333 ip=10.0.0.0/8 for 2h  Scanner re-run, ticket SEC-12'),
    ).toEqual({
      ok: true,
      command: {
        name: 'suppress',
        monitorId: 'unauthorized-api-calls',
        matchers: { principal: 'arn:aws:iam::111122223333:role/scanner', account: '111122223333', ip: '10.0.0.0/8' },
        seconds: 7200,
        duration: '2h',
        reason: 'Scanner re-run, ticket SEC-12',
      },
    });
  });

  it('takes a quoted user agent with spaces (Slack curly quotes too) and a rule with no matcher', () => {
    const quoted = parse('suppress unauthorized-api-calls user-agent=“aws-cli/2.22 md/Botocore” resource=arn:aws:s3:::logs for 30m pen test "phase 2');
    expect(quoted).toMatchObject({ ok: true, command: { matchers: { userAgent: 'aws-cli/2.22 md/Botocore', resource: 'arn:aws:s3:::logs' }, reason: 'pen test "phase 2' } });
    expect(parse('suppress root-activity for 1d drill')).toMatchObject({ ok: true, command: { matchers: {}, seconds: 86_400 } });
  });

  it('names the part that is wrong', () => {
    expect(message(parse('suppress unauthorised-api-calls for 2h x'))).toMatch(/No monitor is named `unauthorised-api-calls`\. Did you mean `unauthorized-api-calls`/);
    expect(message(parse('suppress root-activity princpal=arn:aws:iam::111122223333:user/a for 2h x'))).toMatch(/`princpal` is not a matcher; did you mean `principal`\?/);
    expect(message(parse('suppress root-activity alice for 2h x'))).toMatch(/`alice` is not a matcher: write `key=value`/);
    expect(message(parse('suppress root-activity account=1234 for 2h x'))).toMatch(/`account=1234`: an account is 12 digits/);
    expect(message(parse('suppress root-activity principal=alice for 2h x'))).toMatch(/a principal is an IAM or STS ARN/);
    expect(message(parse('suppress root-activity ip=10.0.0.300 for 2h x'))).toMatch(/`ip=10.0.0.300`: give an IP address or a CIDR block/);
    expect(message(parse('suppress root-activity user-agent=ab for 2h x'))).toMatch(/`user-agent=ab`: give 3 to 200 characters of the user agent/);
    expect(message(parse('suppress root-activity ip=10.0.0.1 ip=10.0.0.2 for 2h x'))).toMatch(/`ip` is given twice/);
    expect(message(parse('suppress root-activity user-agent="aws cli for 2h x'))).toMatch(/A quote is not closed/);
    expect(message(parse('suppress root-activity ip=10.0.0.1'))).toMatch(/Say for how long/);
    expect(message(parse('suppress root-activity for soon x'))).toMatch(/`soon` is not a duration/);
    expect(message(parse('suppress root-activity for 31d x'))).toBe('A suppression lasts from 1 minute to 30 days.');
    expect(message(parse('suppress root-activity for 2h'))).toMatch(/Give a reason after the duration/);
    expect(message(parse(`suppress root-activity for 2h ${'x'.repeat(301)}`))).toMatch(/longer than 300 characters/);
    expect(message(parse('suppress'))).toMatch(/^Usage: `\/secmon suppress <monitor> \[account=…\]/);
  });
});

describe('/secmon suppressions and unsuppress', () => {
  it('lists without arguments and ends a rule by its id', () => {
    expect(parse('suppressions')).toEqual({ ok: true, command: { name: 'suppressions' } });
    expect(parse('unsuppress K3V7Q2MA')).toEqual({ ok: true, command: { name: 'unsuppress', id: 'k3v7q2ma' } });
    expect(message(parse('unsuppress 42'))).toMatch(/`42` is not a suppression id/);
    expect(message(parse('unsuppress'))).toBe('Usage: `/secmon unsuppress <id>`');
  });
});
