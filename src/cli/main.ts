import packageJson from '../../package.json' with { type: 'json' };
import { cliSettings, loadCliConfig, type CliConfig, type CliSettings } from '../config.js';
import { SecmonError } from '../errors.js';
import { didYouMean } from '../text/closest.js';
import { checkCommand } from './commands/check.js';
import { listCommand } from './commands/list.js';
import { matchCommand } from './commands/match.js';
import { replayCommand } from './commands/replay.js';
import { EXIT, writeError, writeLine, type CliIO } from './io.js';

export const MAIN_HELP = `Usage: secmon <command> [options]

Security monitoring for AWS accounts, offline: run secmon's monitors over CloudTrail logs.

Commands:
  replay [FILE|DIR]...   what would have alerted, grouped by monitor (the main job); --slack posts the alerts,
                         --preview DIR writes the Slack messages they would make
  match [FILE|DIR]...    one JSON line per input: which monitors (or one pattern) match it
  list                   the monitor catalog
  check                  validate a CloudWatch Logs filter pattern or an EventBridge event pattern

Run 'secmon <command> --help' for a command's options.
Example: secmon replay examples/cloudtrail`;

/**
 * The worker thread entry of `match` and `replay` over several files, next to this module: the bundled
 * dist/file-worker.mjs beside dist/cli.mjs (this entry's own file, whatever esbuild puts in chunks), or from source
 * the shim src/cli/file-worker.mjs, which bundles src/cli/file-worker.ts.
 */
const FILE_WORKER = new URL('./file-worker.mjs', import.meta.url);

const COMMANDS = {
  replay: (argv, io, config, settings) => replayCommand(argv, io, config, settings, { workerEntry: FILE_WORKER }),
  match: (argv, io, _config, settings) => matchCommand(argv, io, { workerEntry: FILE_WORKER, settings }),
  list: (argv, io, _config, settings) => listCommand(argv, io, settings),
  check: (argv, io) => checkCommand(argv, io),
} satisfies Record<string, (argv: readonly string[], io: CliIO, config: CliConfig, settings: CliSettings) => number | Promise<number>>;

/**
 * Runs one CLI invocation and returns its exit status; never throws for user errors. `settings` are loaded only by
 * the options that need them (`replay --slack`); tests pass `cliSettings({...})` instead of the environment.
 */
export async function run(
  argv: readonly string[],
  io: CliIO,
  config: CliConfig = loadCliConfig(),
  settings: CliSettings = cliSettings(),
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && topic in COMMANDS) return run([topic, '--help'], io, config, settings);
    writeLine(name === undefined ? io.stderr : io.stdout, MAIN_HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    writeLine(io.stdout, version());
    return EXIT.ok;
  }
  if (!(name in COMMANDS)) {
    writeError(io.stderr, `secmon: unknown command '${name}'${didYouMean(name, Object.keys(COMMANDS))}\n\n${MAIN_HELP}`);
    return EXIT.usage;
  }
  try {
    return await COMMANDS[name as keyof typeof COMMANDS](rest, io, config, settings);
  } catch (error) {
    if (!(error instanceof SecmonError)) throw error;
    writeError(io.stderr, `secmon ${name}: ${error.message}`);
    if (error.code === 'USAGE') writeError(io.stderr, `Run 'secmon ${name} --help' for usage.`);
    // Unreadable input files are input errors; everything else a SecmonError reports is usage or a bad pattern.
    return error.code === 'INPUT_INVALID' ? EXIT.inputErrors : EXIT.usage;
  }
}

/**
 * Ends the process quietly, with status 0, when the reader of `stream` goes away (`secmon match ... | head -1`):
 * what the reader wanted it has, and a stack trace for EPIPE would only be noise. Any other stream error is a bug.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

function version(): string {
  return packageJson.version;
}
