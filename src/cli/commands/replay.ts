import { isEventBridgeEnvelope } from '../../catalog/envelope.js';
import type { CliConfig, CliSettings, ReplaySlackConfig } from '../../config.js';
import { isSecmonError, SecmonError } from '../../errors.js';
import { ReplaySummary } from '../../replay/summary.js';
import { jsonForTerminal, terminalSafe } from '../../text/terminal-safe.js';
import { pathAccount } from '../replay-scan.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, writeLine, type CliIO } from '../io.js';
import { renderReplayText } from '../render/replay-text.js';
import { createStyle } from '../render/style.js';
import { fileWorkerCount } from '../file-workers.js';
import { parseJobs } from '../jobs.js';
import { replayMonitors } from '../replay-scan.js';
import { forEachInput, openSources } from '../sources.js';

export const REPLAY_HELP = `Usage: secmon replay [options] [FILE|DIR|-]...

Replays CloudTrail logs through the monitor catalog offline and reports what would have alerted, grouped by
monitor: how many events, who (with their account), what (failed calls as failed), on which resources, where
from, and when. No AWS or Slack account needed. Record conditions apply as in the deployed alerts function; a
threshold monitor (secrets-bulk-read) reports the events from the moment its count, per principal over event
time, reaches the threshold. Like the deployed functions, region-not-allowed exists when SECMON_ALLOWED_REGIONS
lists the allowed regions.

Input: files, directories (recursively: .json, .jsonl, .json.gz) or stdin (no path, or -), read as streams.
Any mix of CloudTrail log files ({"Records": [...]}, gzipped or not, several in a row as \`cat\` makes them),
JSON arrays, JSON Lines, EventBridge envelopes (findings of GuardDuty, Security Hub, IAM Access Analyzer,
Inspector and Macie included: listed one line per finding) and \`aws cloudtrail lookup-events\` output. CloudTrail digest
files are skipped. Inputs that are not CloudTrail records or EventBridge events, invalid JSON and files that
cannot be read (truncated or corrupt gzip, permission denied) are named on stderr and counted: the report then
says what it did not check instead of "nothing would have alerted", and the exit status is 1.

Options:
  --monitor ID     only this monitor (repeatable)
  --pack P         only the monitors of pack P (essentials, threats, cis, findings)
  --account ID     only the records of this account (repeatable; recipientAccountId): files that an
                   organization trail's layout (AWSLogs/o-.../<account>/CloudTrail/...) or a trail's
                   (AWSLogs/<account>/CloudTrail/...) puts under another account are not read at all
  --lines          read every input as JSON Lines, one input per line, taken as is
  --json           print the report as JSON
  --timeline       one line per alerting record, in time order (with --json: a "timeline" array)
  --jobs N         read files on N threads (default: one per idle core, at most 4; 1: the main thread only)
  --slack          post the alerts to Slack instead of reporting them (see below)
  --preview DIR    write the Slack messages the alerts would make to DIR, no Slack needed (see below)
  --force          with --preview: replace an earlier preview in DIR
  -h, --help       show this help

--slack and --preview show what the deployed stack would post with the selected monitors enabled on their
default path. Event path (monitors with an event form): each matching record becomes the EventBridge event AWS
would deliver, named for the rule of the most severe matching monitor, and the alerts go in event-time order
through the alert pipeline, its state kept in memory for the run: alerts of the same monitor, principal and
resource within 10 minutes (event time) of the first update one message and its count; repeated event ids are
skipped, as the deployed dedupe would. Alarm path (monitors without one, such as the cis pack): one alarm
message per run of 5-minute periods with matches, listing the first period's matches, resolved when the alarm
goes back to OK.
  --slack          posts with a bot token: needs SLACK_BOT_TOKEN and SLACK_CHANNEL_ID (the bot must be in that
                   channel); SLACK_API_URL overrides the Web API base URL. Prints one line per message posted.
  --preview DIR    writes DIR/index.html, the messages as Slack shows them (open it in any browser, offline),
                   and each message as DIR/<nnn>-<monitor id>.json ({"text", "blocks"}, as chat.postMessage gets
                   them) with a Block Kit Builder link per message (needs a Slack login; links longer than 8000
                   characters are not printed). DIR must be empty or new (--force replaces an earlier preview,
                   nothing else). With --slack too, the files are the messages as posted.

Exit status: 0 done, every input understood (whether or not anything matched); 1 some inputs were not
understood or files not read, or Slack failed (its error code is printed); 2 bad usage, or --slack without its
settings. A closed pipe (| head) ends it quietly.`;

/** Where the worker thread is (main.ts gives it; tests choose the number of workers). */
export interface ReplayCommandOptions {
  readonly workerEntry?: URL;
  /** Worker threads besides the main thread for several files; default fileWorkerCount(files). */
  readonly workers?: number;
}

export async function replayCommand(
  argv: readonly string[],
  io: CliIO,
  config: CliConfig,
  settings: CliSettings,
  options: ReplayCommandOptions = {},
): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    monitor: { type: 'string', multiple: true },
    pack: { type: 'string' },
    account: { type: 'string', multiple: true },
    lines: { type: 'boolean' },
    json: { type: 'boolean' },
    slack: { type: 'boolean' },
    preview: { type: 'string' },
    timeline: { type: 'boolean' },
    force: { type: 'boolean' },
    jobs: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    writeLine(io.stdout, REPLAY_HELP);
    return EXIT.ok;
  }
  const delivering = values.slack === true || values.preview !== undefined;
  if (delivering && values.json) throw new SecmonError('USAGE', '--json reports; it cannot be combined with --slack or --preview');
  if (delivering && values.timeline) throw new SecmonError('USAGE', '--timeline reports; it cannot be combined with --slack or --preview');
  if (values.force && values.preview === undefined) throw new SecmonError('USAGE', '--force replaces an earlier preview; it needs --preview DIR');
  if (values.preview !== undefined && values.preview.trim() === '') throw new SecmonError('USAGE', '--preview needs a directory');
  const jobs = values.jobs === undefined ? undefined : parseJobs(values.jobs);
  const accounts = (values.account ?? []).map((account) => account.trim());
  const badAccount = accounts.find((account) => !/^\d{12}$/.test(account));
  if (badAccount !== undefined) throw new SecmonError('USAGE', `--account needs a 12-digit AWS account id, not "${terminalSafe(badAccount)}"`);
  const selection = { monitors: values.monitor ?? [], pack: values.pack, accounts, allowedRegions: settings.catalog().allowedRegions };
  const monitors = replayMonitors(selection);
  // Settings before reading any input: a missing token fails at once rather than after minutes of reading logs.
  const slack = values.slack ? slackSettings(settings) : undefined;
  const opened = await openSources(positionals, io);
  // With --account, a log file whose path names another account is not opened (an organization trail: most files).
  const listing = accounts.length === 0 ? opened : { ...opened, sources: opened.sources.filter((source) => source.kind === 'stdin' || !otherAccount(source.name, accounts)) };
  const leftOutFiles = opened.sources.length - listing.sources.length;
  if (listing.sources.length === 0) throw new SecmonError('USAGE', `no input of account ${accounts.join(', ')}: every file's path names another account (${leftOutFiles} files)`);
  const read = { lines: values.lines ?? false };
  const workers = Math.max(0, Math.min(jobs !== undefined ? jobs - 1 : (options.workers ?? fileWorkerCount(listing.sources.length)), listing.sources.length - 1));
  const scan = { read, selection, workers, workerEntry: options.workerEntry };
  const color = config.color === 'always' || (config.color === 'auto' && Boolean(io.stdout.isTTY));
  if (delivering) {
    // Loaded on demand (a chunk of its own in dist/): the alert pipeline, the Block Kit builders, zod and the Slack
    // client would add about 40% to the start-up time of every other command.
    const { deliverReplay } = await import('./replay-deliver.js');
    return deliverReplay(monitors, listing, scan, io, { slack, previewDir: values.preview, force: values.force === true, color });
  }

  const summary = new ReplaySummary(monitors, { timeline: values.timeline === true });
  await forEachInput(listing, io, scan, {
    matched: (item, ids) => (isEventBridgeEnvelope(item) ? summary.add(item['detail'], ids, item) : summary.add(item, ids)),
    routine: (count) => summary.addRoutine(count),
    rejected: (kind) => summary.addRejected(kind),
    accounts: (records, leftOut) => summary.addAccounts(records, leftOut),
  });
  const report = await summary.report(listing.sources.length, listing.skippedDigests, accounts.length > 0 ? leftOutFiles : undefined);
  writeLine(io.stdout, values.json ? jsonForTerminal(JSON.stringify(report, null, 2)) : renderReplayText(report, createStyle(color)));
  return report.complete ? EXIT.ok : EXIT.inputErrors;
}


function otherAccount(path: string, accounts: readonly string[]): boolean {
  const account = pathAccount(path);
  return account !== undefined && !accounts.includes(account);
}

function slackSettings(settings: CliSettings): ReplaySlackConfig {
  try {
    return settings.replaySlack();
  } catch (error) {
    if (isSecmonError(error, 'CONFIG_INVALID')) throw new SecmonError('USAGE', `--slack: ${error.message}`, { cause: error });
    throw error;
  }
}
