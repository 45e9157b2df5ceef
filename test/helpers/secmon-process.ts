/**
 * Runs the real CLI as a user does: `node bin/secmon.js ...` in a child process, with the dist/ bundle the global
 * setup built from the current sources (test/global-setup.ts). Nothing of the test process leaks in: the
 * environment is only what the test gives (plus PATH), stdin is what it gives (or none).
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** SECMON_BIN_UNDER_TEST runs the same tests against another build (say, the main checkout's) to see them fail there. */
export const SECMON_BIN = process.env['SECMON_BIN_UNDER_TEST'] ?? fileURLToPath(new URL('../../bin/secmon.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProcessOptions {
  /** Bytes for stdin; undefined: stdin is empty (not a terminal). */
  readonly stdin?: string | Buffer;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  /** Run as an unprivileged user (nobody) when the tests run as root, so file permissions apply. */
  readonly unprivileged?: boolean;
}

/** Whether the tests run as root (as CI does): permission checks then need `unprivileged`. */
export const RUNNING_AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

export function runSecmon(argv: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  const unprivileged = options.unprivileged === true && RUNNING_AS_ROOT;
  const bin = unprivileged ? unprivilegedCopy() : SECMON_BIN;
  return runProcess(process.execPath, [bin, ...argv], unprivileged ? { cwd: join(bin, '../..'), ...options } : options);
}

let copy: string | undefined;
/**
 * The CLI as an unprivileged user can run it wherever the checkout is (a clone under a 0700 directory, say): bin/,
 * the dist/ bundle (self-contained) and package.json, copied once into a directory anyone may read.
 */
function unprivilegedCopy(): string {
  if (copy !== undefined) return copy;
  const dir = mkdtempSync(join(tmpdir(), 'secmon-cli-'));
  chmodSync(dir, 0o755);
  const from = join(SECMON_BIN, '../..');
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(from, part), join(dir, part), { recursive: true });
  copy = join(dir, 'bin', 'secmon.js');
  return copy;
}

/** A shell pipeline (bash, with pipefail off, as an interactive user has it); `secmon` in it is the real CLI. */
export function runShell(script: string, options: ProcessOptions = {}): Promise<ProcessResult> {
  const prelude = `secmon() { "${process.execPath}" "${SECMON_BIN}" "$@"; }\n`;
  // --norc: bash reads ~/.bashrc even for -c when its stdin is a socket, which Node's pipes are.
  return runProcess('/bin/bash', ['--norc', '--noprofile', '-c', prelude + script], options);
}

function runProcess(command: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env['PATH'], ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.unprivileged && RUNNING_AS_ROOT ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    // A child that exits before reading all of stdin closes the pipe; that is its business, not an error here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });
}
