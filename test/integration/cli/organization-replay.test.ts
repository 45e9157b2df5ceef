/**
 * `secmon replay` over an organization trail as S3 holds it (AWSLogs/o-<id>/<account>/CloudTrail/<region>/...): a
 * report per account, and --account to replay one account (files of other accounts are not even opened).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/cloudtrail/AWSLogs/111122223333', import.meta.url));
const ACCOUNTS = ['111122223333', '222233334444'];
let root: string;

/** The examples, copied once per account into an organization trail's layout, with the account ids rewritten. */
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'secmon-org-trail-'));
  const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
  for (const account of ACCOUNTS) {
    for (const file of files(EXAMPLES)) {
      const target = join(root, 'AWSLogs', 'o-a1b2c3d4e5', account, relative(EXAMPLES, file).replaceAll('111122223333', account));
      mkdirSync(dirname(target), { recursive: true });
      const text = gunzipSync(readFileSync(file)).toString('utf8').replaceAll('111122223333', account);
      writeFileSync(target, gzipSync(text));
    }
  }
  // One account's own file, outside any trail layout: read whatever --account says, filtered by record.
  writeFileSync(join(root, 'loose.json'), JSON.stringify({ Records: [{ eventVersion: '1.10', eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', eventTime: '2026-11-20T12:00:00Z', awsRegion: 'us-east-1', recipientAccountId: '333344445555', userIdentity: { type: 'IAMUser', accountId: '333344445555', arn: 'arn:aws:iam::333344445555:user/x' } }] }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('secmon replay over an organization trail', () => {
  it('reads the layout and reports per account, most alerting first', async () => {
    const result = await runCli(['replay', '--json', root]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { inputs: number; accounts: { account: string; records: number; alerting: number; monitors: { value: string; count: number }[] }[] };
    expect(report.inputs).toBe(376 * 2 + 1);
    expect(report.accounts.map((account) => [account.account, account.records, account.alerting])).toEqual([
      ['111122223333', 376, 15],
      ['222233334444', 376, 15],
      ['333344445555', 1, 0],
    ]);
    // Worst first; between equals, secmon's own monitor before its CIS twin, as the report per monitor does.
    expect(report.accounts[0]!.monitors[0]).toEqual({ value: 'root-activity', count: 2, severity: 'critical' });

    const text = await runCli(['replay', root]);
    expect(text.stdout).toContain('By account (3 accounts)');
    expect(text.stdout).toMatch(/ {2}222233334444 +376 records {2}15 alerting records: CRITICAL root-activity ×2/);
    expect(text.stdout).toMatch(/ {2}333344445555 +1 record {2}nothing would have alerted/);
  });

  it('--account replays one account: other accounts\' files are not opened, their records elsewhere are left out', async () => {
    const result = await runCli(['replay', '--json', '--account', '222233334444', root]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { files: number; inputs: number; matchedInputs: number; accounts: { account: string }[]; leftOut: { records: number; files: number } };
    expect(report.files).toBe(17); // its 16 files, and the loose one (no account in its path)
    expect(report.leftOut).toEqual({ records: 1, files: 16 });
    expect(report.inputs).toBe(376);
    expect(report.matchedInputs).toBe(15);
    expect(report.accounts.map((account) => account.account)).toEqual(['222233334444']);
    const text = await runCli(['replay', '--account', '222233334444', root]);
    expect(text.stdout).toContain('left out by --account: 1 record of other accounts, 16 files whose path names another account');
  });

  it('refuses an --account that is not an account id, and says when no file is left', async () => {
    expect(await runCli(['replay', '--account', '2222', root])).toMatchObject({ code: 2, stderr: expect.stringContaining('--account needs a 12-digit AWS account id, not "2222"') });
    const none = await runCli(['replay', '--account', '999988887777', join(root, 'AWSLogs')]);
    expect(none).toMatchObject({ code: 2, stderr: expect.stringContaining('no input of account 999988887777') });
  });
});
