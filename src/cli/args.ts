import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SecmonError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with errors turned into usage errors that name the bad option. */
export function parseCommandArgs<T extends Options>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message.replace(/\. To specify a positional argument.*$/s, '') : String(cause);
    throw new SecmonError('USAGE', message, { cause });
  }
}
