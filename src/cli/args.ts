import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SecmonError } from '../errors.js';
import { didYouMean } from '../text/closest.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs with errors turned into usage errors that name the bad option, and for an unknown one the
 * closest known options ("did you mean --json?"), as for a mistyped command.
 */
export function parseCommandArgs<T extends Options>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message.replace(/\. To specify a positional argument.*$/s, '') : String(cause);
    const unknown = (cause as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']*)'/.exec(message)?.[1] : undefined;
    const names = Object.keys(options).map((name) => `--${name}`);
    const hint = unknown !== undefined ? didYouMean(unknown.split('=')[0]!, names) : '';
    throw new SecmonError('USAGE', `${message}${hint}`, { cause });
  }
}
