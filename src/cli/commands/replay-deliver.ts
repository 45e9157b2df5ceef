/**
 * `secmon replay --slack` / `--preview DIR`: collects the alerts of the inputs, runs them through the alert pipeline
 * (to Slack, or offline), writes the previews and prints what happened. The work is in src/replay/; this wires it
 * to the command line.
 */
import { renderAlert } from '../../../blocks/alert.js';
import type { Monitor } from '../../catalog/types.js';
import type { ReplaySlackConfig } from '../../config.js';
import { ReplayAlertCollector } from '../../replay/alerts-from-matches.js';
import { postReplayToSlack } from '../../replay/post-to-slack.js';
import { preparePreviewDir, previewReplay, writePreviews, type WrittenPreviews } from '../../replay/preview.js';
import type { RejectedCounts } from '../../replay/summary.js';
import type { InputListing } from '../read/input.js';
import { EXIT, writeError, writeLines, type CliIO } from '../io.js';
import { deliverySummary, renderDeliveryText } from '../render/replay-delivery.js';
import { createStyle } from '../render/style.js';
import { forEachInput, type ScanOptions } from '../sources.js';

export interface DeliverOptions {
  /** Post to this Slack channel; undefined for an offline run (previews only). */
  readonly slack: ReplaySlackConfig | undefined;
  readonly previewDir: string | undefined;
  /** Replace an earlier preview in previewDir. */
  readonly force: boolean;
  readonly color: boolean;
}

export async function deliverReplay(
  monitors: readonly Monitor[],
  listing: InputListing,
  scan: ScanOptions,
  io: CliIO,
  options: DeliverOptions,
): Promise<number> {
  if (options.previewDir !== undefined) await preparePreviewDir(options.previewDir, options.force);
  const collector = new ReplayAlertCollector(monitors);
  const rejected: RejectedCounts = { unreadable: 0, notCloudTrail: 0, unreadableFiles: 0 };
  await forEachInput(listing, io, scan, {
    matched: (item, _ids, where) => {
      const outcome = collector.add(item);
      if (outcome.kind === 'invalid') writeError(io.stderr, `secmon: ${where}: ${outcome.reason}`);
    },
    routine: (count) => collector.addRoutine(count),
    rejected: (kind) => rejected[kind]++,
  });
  const alerts = collector.alerts();
  const delivery = options.slack !== undefined ? await postReplayToSlack(alerts, options.slack, renderAlert) : await previewReplay(alerts, renderAlert);
  const counts = collector.counts();
  const view = { files: listing.sources.length, counts, rejected, delivery, channel: options.slack?.channelId, previewDir: options.previewDir };
  let previews: WrittenPreviews | undefined;
  if (options.previewDir !== undefined) previews = await writePreviews(options.previewDir, delivery.messages, deliverySummary(view));
  await writeLines(io.stdout, renderDeliveryText({ ...view, previews }, createStyle(options.color)));
  if (delivery.failure !== undefined) {
    writeError(io.stderr, `secmon replay: ${delivery.failure.message} (stopped after ${delivery.processed} of ${alerts.length} alerts)`);
    return EXIT.failed;
  }
  return rejected.unreadable + rejected.notCloudTrail + rejected.unreadableFiles + counts.invalid > 0 ? EXIT.inputErrors : EXIT.ok;
}
