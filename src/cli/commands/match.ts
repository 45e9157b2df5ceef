import { buildCatalog } from '../../catalog/index.js';
import { isEventBridgeEnvelope } from '../../catalog/envelope.js';
import { createCatalogMatcher } from '../../catalog/matcher.js';
import { isJsonObject, stringAt } from '../../cloudtrail/record.js';
import { SecmonError } from '../../errors.js';
import { compileEventPattern } from '../../patterns/event/index.js';
import { compileFilterPattern } from '../../patterns/filter/index.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, writeLine, writeLines, type CliIO } from '../io.js';
import { UnreadableInput } from '../input.js';
import { readPatternArgument } from '../pattern-argument.js';
import { selectMonitors } from '../selection.js';
import { openSources } from '../sources.js';

export const MATCH_HELP = `Usage: secmon match [options] [FILE|DIR]...

Runs monitors (or one pattern) over CloudTrail records and prints one JSON line per input, in input order.

Input: files and directories (recursively: .json, .json.gz, .jsonl), or stdin when none are named. A CloudTrail
log file ({"Records": [...]}) gives its records, a JSON array its elements, anything else is read as JSON Lines.

Catalog mode (default): each input is a CloudTrail record or an EventBridge envelope. A monitor matches when its
filter pattern matches the record or its event pattern matches the envelope AWS would deliver.
  {"index":N,"eventID":"...","eventName":"...","monitors":["id",...]}

Options:
  --monitor ID            only this monitor (repeatable)
  --pack P                only the monitors of pack P (essentials, cis)
  --filter-pattern P      evaluate each input as is against a CloudWatch Logs filter pattern
  --event-pattern JSON    evaluate each input as is against an EventBridge pattern (JSON text or @file.json)
                          pattern modes print {"index":N,"match":true|false}
  --lines                 read every input as JSON Lines, one input per line, taken as is
  -h, --help              show this help

Exit status: 0 done; 1 some inputs were not valid JSON (each gets {"index":N,"error":"file:line: reason"});
2 bad pattern, unknown monitor or bad usage.`;

/**
 * Evaluates one input: the JSON fields of its output line after `index` (as text: building lines from parts is
 * cheaper than a JSON.stringify per input, which showed in profiles), or an error naming why it was not evaluated.
 */
type Evaluate = (input: unknown) => string | { readonly error: string };

const json = JSON.stringify;

export async function matchCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    monitor: { type: 'string', multiple: true },
    pack: { type: 'string' },
    'filter-pattern': { type: 'string' },
    'event-pattern': { type: 'string' },
    lines: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    writeLine(io.stdout, MATCH_HELP);
    return EXIT.ok;
  }
  const evaluate = await evaluator(values);
  const { batches } = await openSources(positionals, io, { lines: values.lines ?? false });
  let index = 0;
  let unreadable = 0;
  for await (const batch of batches) {
    const lines: string[] = [];
    for (const item of batch.items) {
      const result = item instanceof UnreadableInput ? { error: item.message } : evaluate(item);
      if (typeof result === 'string') {
        lines.push(`{"index":${index}${result}}`);
      } else {
        unreadable++;
        writeLine(io.stderr, `secmon: ${result.error}`);
        lines.push(json({ index, error: result.error }));
      }
      index++;
    }
    await writeLines(io.stdout, lines);
  }
  return unreadable > 0 ? EXIT.inputErrors : EXIT.ok;
}

async function evaluator(values: {
  monitor?: string[];
  pack?: string;
  'filter-pattern'?: string;
  'event-pattern'?: string;
}): Promise<Evaluate> {
  const filterText = values['filter-pattern'];
  const eventText = values['event-pattern'];
  if (filterText !== undefined || eventText !== undefined) {
    if (filterText !== undefined && eventText !== undefined)
      throw new SecmonError('USAGE', 'give either --filter-pattern or --event-pattern, not both');
    if (values.monitor !== undefined || values.pack !== undefined)
      throw new SecmonError('USAGE', '--monitor and --pack select catalog monitors; they do not combine with a pattern');
    const pattern =
      filterText !== undefined
        ? compileFilterPattern(filterText)
        : compileEventPattern(await readPatternArgument(eventText!));
    return (input) => (pattern.matches(input) ? ',"match":true' : ',"match":false');
  }
  const monitors = selectMonitors(buildCatalog(), values.monitor ?? [], values.pack);
  const matcher = createCatalogMatcher(monitors);
  return (input) => {
    if (!isJsonObject(input)) return { error: `input ${describe(input)} is not a CloudTrail record or EventBridge envelope` };
    const record = isEventBridgeEnvelope(input) ? input['detail'] : input;
    const ids = matcher.match(input);
    return (
      `,"eventID":${json(stringAt(record, 'eventID') ?? null)},"eventName":${json(stringAt(record, 'eventName') ?? null)}` +
      `,"monitors":${ids.length === 0 ? '[]' : json(ids)}`
    );
  };
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
}
