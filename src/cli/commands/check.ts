import { compileEventPattern } from '../../patterns/event/index.js';
import { compileFilterPattern } from '../../patterns/filter/index.js';
import { PatternSyntaxError, SecmonError } from '../../errors.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, writeError, writeLine, type CliIO } from '../io.js';
import { readPatternArgument } from '../pattern-argument.js';

export const CHECK_HELP = `Usage: secmon check --filter-pattern P | --event-pattern JSON

Validates a pattern the way CloudWatch Logs or EventBridge would and explains what is wrong, pointing at it.

Options:
  --filter-pattern P     a CloudWatch Logs JSON filter pattern, e.g. '{ $.eventName = "StopLogging" }'
  --event-pattern JSON   an EventBridge event pattern (JSON text, or @file.json)
  -h, --help             show this help

Exit status: 0 valid; 1 invalid (the reason is on stderr); 2 bad usage.`;

export async function checkCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    'filter-pattern': { type: 'string' },
    'event-pattern': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    writeLine(io.stdout, CHECK_HELP);
    return EXIT.ok;
  }
  const filterText = values['filter-pattern'];
  const eventText = values['event-pattern'];
  if ((filterText === undefined) === (eventText === undefined) || positionals.length > 0)
    throw new SecmonError('USAGE', 'give exactly one of --filter-pattern P or --event-pattern JSON');
  const text = filterText ?? (await readPatternArgument(eventText!));
  try {
    if (filterText !== undefined) {
      compileFilterPattern(text);
      writeLine(io.stdout, 'valid filter pattern');
    } else {
      const pattern = compileEventPattern(text);
      writeLine(io.stdout, `valid event pattern: ${pattern.source}`);
    }
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) throw error;
    writeError(io.stderr, `secmon: ${error.message}`);
    if (error.position !== undefined) writeError(io.stderr, pointAt(text, error.position));
    return EXIT.inputErrors;
  }
}

/** The line of the pattern holding the error, with a caret under the offending character. */
export function pointAt(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  const lineEnd = text.indexOf('\n', position);
  const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  return `  ${line}\n  ${' '.repeat(position - lineStart)}^`;
}
