/** `secmon replay` over the findings of AWS's detectors, through the real CLI: per-finding lines, JSON, preview. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplayReport } from '../../../src/replay/summary.js';
import { runSecmon } from '../../helpers/secmon-process.js';
import { loadEvent } from '../../unit/alerts/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'secmon-findings-'));
const event = (name: string) => loadEvent(`eventbridge/findings/${name}.json`);

/** GuardDuty findings one per line (JSON Lines), the others as one JSON array: the shapes exports come in. */
const lines = join(dir, 'guardduty.jsonl');
writeFileSync(lines, ['guardduty-ssh-brute-force', 'guardduty-port-probe-low', 'guardduty-forged-source', 'guardduty-ssh-brute-force-updated'].map((name) => JSON.stringify(event(name))).join('\n'));
const array = join(dir, 'others.json');
writeFileSync(array, JSON.stringify(['securityhub-s3-block-public-access', 'securityhub-s3-block-public-access-resolved', 'access-analyzer-bucket-public', 'inspector-package-critical'].map(event)));

describe('replay of findings', () => {
  it('lists each finding that a default-minimum rule lets through, with its severity, type in words, resource and state', async () => {
    const result = await runSecmon(['replay', '--pack', 'findings', lines, array]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('8 records in 2 files: 6 records would have alerted 4 monitors');
    expect(result.stdout).toContain('  finding  2026-11-20T10:02:00.000Z  MEDIUM (5.0)  Unauthorized access against an EC2 instance: SSH brute force on i-0a1b2c3d4e5f60718  444455556666 eu-west-1');
    expect(result.stdout).toContain('  finding  2026-11-20T13:55:00.000Z  HIGH (HIGH)  Software and configuration checks: industry and regulatory standards (AWS-Foundational-Security-Best-Practices) on arn:aws:s3:::orders-exports  444455556666 eu-west-1  resolved');
    expect(result.stdout).toContain('  finding  2026-11-20T10:30:00.000Z  CRITICAL (public access)  S3 bucket made public on arn:aws:s3:::orders-exports');
    // Below the minimum (port probe, 2.0) and from a forged source: not findings a rule would deliver.
    expect(result.stdout).not.toContain('port probe');
    expect(result.stdout).not.toContain('who    unknown');
  });

  it('--json gives the findings of each finding monitor', async () => {
    const report = JSON.parse((await runSecmon(['replay', '--json', '--pack', 'findings', lines])).stdout) as ReplayReport;
    const guardduty = report.monitors.find((monitor) => monitor.id === 'guardduty-findings')!;
    expect(guardduty.count).toBe(2);
    expect(guardduty.findings!.map((finding) => [finding.severity, finding.sourceSeverity, finding.type, finding.state, finding.id])).toEqual([
      ['medium', '5.0', 'UnauthorizedAccess:EC2/SSHBruteForce', 'active', 'b4c6e8f0a2d4c6e8f0a2b4c6d8e0f2a4'],
      ['medium', '5.0', 'UnauthorizedAccess:EC2/SSHBruteForce', 'active', 'b4c6e8f0a2d4c6e8f0a2b4c6d8e0f2a4'],
    ]);
  });

  it('--preview posts a finding once and updates that message with the later version, as the deployed stack would', async () => {
    const out = mkdtempSync(join(tmpdir(), 'secmon-preview-findings-'));
    const result = await runSecmon(['replay', '--pack', 'findings', '--preview', out, lines, array]);
    expect(result.code).toBe(0);
    const files = readdirSync(out).filter((name) => name.endsWith('.json')).sort();
    expect(files).toEqual(['001-securityhub-findings.json', '002-guardduty-findings.json', '003-access-analyzer-findings.json', '004-inspector-findings.json']);
    const guardduty = JSON.parse(readFileSync(join(out, '002-guardduty-findings.json'), 'utf8')) as { blocks: unknown[] };
    expect(JSON.stringify(guardduty.blocks)).toContain('12 times');
    const securityhub = JSON.parse(readFileSync(join(out, '001-securityhub-findings.json'), 'utf8')) as { blocks: unknown[] };
    expect(JSON.stringify(securityhub.blocks)).toContain('*Resolved* at the source');
  });
});
