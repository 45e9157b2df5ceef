import { buildCatalog } from '../../catalog/index.js';
import { isEventBridgeEnvelope } from '../../catalog/envelope.js';
import { createCatalogMatcher } from '../../catalog/matcher.js';
import { isJsonObject } from '../../cloudtrail/record.js';
import type { CliConfig } from '../../config.js';
import { ReplaySummary } from '../../replay/summary.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, writeLine, type CliIO } from '../io.js';
import { UnreadableInput } from '../input.js';
import { Progress, PROGRESS_MIN_FILES } from '../progress.js';
import { renderReplayText } from '../render/replay-text.js';
import { createStyle } from '../render/style.js';
import { selectMonitors } from '../selection.js';
import { openSources } from '../sources.js';

export const REPLAY_HELP = `Usage: secmon replay [options] [FILE|DIR]...

Replays CloudTrail logs through the monitor catalog offline and reports what would have alerted, grouped by
monitor: how many events, who, what, on which resources, where from, and when. No AWS or Slack account needed.

Input: CloudTrail log files as S3 delivers them (.json.gz holding {"Records": [...]}), JSON arrays, JSON Lines
or EventBridge envelopes; files, directories (recursively) or stdin.

Options:
  --monitor ID   only this monitor (repeatable)
  --pack P       only the monitors of pack P (essentials, cis)
  --lines        read every input as JSON Lines, one input per line
  --json         print the report as JSON
  -h, --help     show this help

Exit status: 0 done (whether or not anything matched); 1 some inputs were unreadable; 2 bad usage.`;

export async function replayCommand(argv: readonly string[], io: CliIO, config: CliConfig): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    monitor: { type: 'string', multiple: true },
    pack: { type: 'string' },
    lines: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    writeLine(io.stdout, REPLAY_HELP);
    return EXIT.ok;
  }
  const monitors = selectMonitors(buildCatalog(), values.monitor ?? [], values.pack);
  const matcher = createCatalogMatcher(monitors);
  const { files, batches } = await openSources(positionals, io, { lines: values.lines ?? false });
  const summary = new ReplaySummary(monitors);
  const progress = new Progress(io.stderr, files, Boolean(io.stderr.isTTY) && files >= PROGRESS_MIN_FILES);
  for await (const batch of batches) {
    for (const item of batch.items) {
      if (item instanceof UnreadableInput || !isJsonObject(item)) {
        summary.addUnreadable();
        if (item instanceof UnreadableInput) writeLine(io.stderr, `secmon: ${item.message}`);
        continue;
      }
      const record = isEventBridgeEnvelope(item) ? item['detail'] : item;
      summary.add(record, matcher.match(item));
    }
    progress.fileDone(batch.items.length);
  }
  progress.clear();
  const report = summary.report(files);
  if (values.json) writeLine(io.stdout, JSON.stringify(report, null, 2));
  else {
    const color = config.color === 'always' || (config.color === 'auto' && Boolean(io.stdout.isTTY));
    writeLine(io.stdout, renderReplayText(report, createStyle(color)));
  }
  return report.unreadable > 0 ? EXIT.inputErrors : EXIT.ok;
}
