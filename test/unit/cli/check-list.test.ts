import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

describe('secmon check', () => {
  it('accepts a valid filter pattern', async () => {
    const { code, stdout } = await runCli(['check', '--filter-pattern', '{ $.eventName = "StopLogging" }']);
    expect(code).toBe(0);
    expect(stdout).toContain('valid filter pattern');
  });

  it('explains an invalid filter pattern with a caret under the position, exit 1', async () => {
    const pattern = '{ $.eventName = "StopLogging" && }';
    const { code, stderr } = await runCli(['check', '--filter-pattern', pattern]);
    expect(code).toBe(1);
    const match = /at position (\d+)/.exec(stderr);
    expect(match).not.toBeNull();
    const lines = stderr.split('\n');
    const caretLine = lines.find((l) => l.trimEnd().endsWith('^'))!;
    expect(caretLine.indexOf('^') - 2).toBe(Number(match![1]) - 1);
  });

  it('prints the canonical form of a valid event pattern', async () => {
    const { code, stdout } = await runCli(['check', '--event-pattern', '{ "source": ["aws.ec2"] }']);
    expect(code).toBe(0);
    expect(stdout).toContain('valid event pattern: {"source":["aws.ec2"]}');
  });

  it('explains an invalid event pattern, exit 1', async () => {
    const { code, stderr } = await runCli(['check', '--event-pattern', '{ "source": "aws.ec2" }']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/invalid event pattern.*source/);
  });

  it('needs exactly one pattern', async () => {
    expect((await runCli(['check'])).code).toBe(2);
    expect((await runCli(['check', '--filter-pattern', '{$.a=1}', '--event-pattern', '{}'])).code).toBe(2);
  });
});

describe('secmon list', () => {
  it('prints the catalog as JSON with the documented fields', async () => {
    const { code, stdout } = await runCli(['list', '--json']);
    expect(code).toBe(0);
    const monitors = JSON.parse(stdout) as Record<string, unknown>[];
    expect(monitors.length).toBeGreaterThanOrEqual(30);
    for (const monitor of monitors) {
      expect(Object.keys(monitor)).toEqual(expect.arrayContaining(['id', 'title', 'severity', 'packs', 'filterPattern', 'eventPattern', 'remediations']));
      expect(monitor['filterPattern'] === null || typeof monitor['filterPattern'] === 'string').toBe(true);
      expect(monitor['eventPattern'] === null || typeof monitor['eventPattern'] === 'object').toBe(true);
    }
    const sg = monitors.find((m) => m['id'] === 'sg-open-to-world')!;
    expect(sg['remediations']).toEqual(['revert', 'undo']);
    expect(monitors.find((m) => m['id'] === 'config-noncompliant')!['filterPattern']).toBeNull();
  });

  it('filters by pack', async () => {
    const monitors = JSON.parse((await runCli(['list', '--pack', 'cis', '--json'])).stdout) as { id: string; packs: string[] }[];
    expect(monitors).toHaveLength(15);
    expect(monitors.every((m) => m.packs.includes('cis'))).toBe(true);
  });

  it('prints a table for people and rejects an unknown pack with a hint', async () => {
    expect((await runCli(['list'])).stdout).toMatch(/^MONITOR\s+SEVERITY\s+PACKS\s+PATHS\s+TITLE/);
    const { code, stderr } = await runCli(['list', '--pack', 'essential']);
    expect(code).toBe(2);
    expect(stderr).toContain('did you mean essentials');
  });
});

describe('secmon (top level)', () => {
  it.each(['replay', 'match', 'list', 'check'])('%s --help prints usage and exits 0', async (command) => {
    const { code, stdout } = await runCli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: secmon ${command}`));
  });

  it('suggests the closest command for a typo', async () => {
    const { code, stderr } = await runCli(['replya']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'replya'; did you mean replay?");
  });

  it('names an unknown option', async () => {
    const { code, stderr } = await runCli(['replay', '--jsn']);
    expect(code).toBe(2);
    expect(stderr).toContain('--jsn');
  });

  it('prints help with no command (exit 2) and with --help (exit 0)', async () => {
    expect(await runCli([])).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: secmon <command>') });
    expect(await runCli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: secmon <command>') });
  });
});
