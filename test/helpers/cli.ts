import { PassThrough, Readable } from 'node:stream';
import { run } from '../../src/cli/main.js';
import { cliSettings, type CliConfig } from '../../src/config.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process with in-memory streams. `stdin` undefined means an interactive terminal. `env` is the
 * environment settings are read from (SLACK_BOT_TOKEN, ...): empty unless given, never process.env.
 */
export async function runCli(
  argv: string[],
  options: { stdin?: string | Buffer; stderrTTY?: boolean; config?: CliConfig; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  const stdin = options.stdin === undefined ? Object.assign(Readable.from([]), { isTTY: true }) : Readable.from([Buffer.from(options.stdin)]);
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: options.stderrTTY ?? false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await run(argv, { stdin, stdout, stderr }, options.config ?? { color: 'never' }, cliSettings(options.env ?? {}));
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
