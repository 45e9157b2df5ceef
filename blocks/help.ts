/**
 * The reply to `/secmon help` (and to a command secmon does not know). The command list is data so the slash-command
 * parser's tests can check that every documented command exists and every command is documented.
 */
import { type BlockMessage, contextBlock, headerBlock, sectionBlock } from './elements.js';
import { safeText } from './escape.js';
import { SLACK_LIMITS, joinLinesWithin } from './limits.js';

export interface CommandHelp {
  /** Arguments after the command name: `<required>`, `[optional]`, `a|b` for a choice. */
  readonly usage: string;
  readonly description: string;
}

export const SECMON_COMMANDS: readonly CommandHelp[] = [
  { usage: 'help', description: 'Show this help.' },
  {
    usage: 'list [pack]',
    description: 'The monitors (of one pack: `essentials`, `threats` or `cis`), each with how it is enabled and any silence.',
  },
  {
    usage: 'status',
    description: 'Enabled monitors, their alarm states, active silences with their expiry, and the last alert of each.',
  },
  {
    usage: 'enable <monitor|pack> [--via alarm|event] [--min-severity critical|high|medium|low]',
    description:
      'Turn on a monitor or a whole pack. `--via alarm`: a CloudWatch alarm on the CloudTrail log group ' +
      '(CIS-compatible). `--via event`: an EventBridge rule (real time, full record, can be reverted). ' +
      '`--min-severity`: the findings pack only, the lowest severity of finding that arrives (default medium).',
  },
  { usage: 'disable <monitor|pack>', description: 'Turn off a monitor or a pack: removes its alarm and its rule.' },
  {
    usage: 'silence <monitor> <30m|2h|1d> [reason]',
    description: 'Stop posting alerts from a monitor for a while. The silence ends by itself.',
  },
  { usage: 'unsilence <monitor>', description: 'End a silence early.' },
  { usage: 'test <monitor>', description: 'Send a test alert through the whole pipeline to this channel.' },
  {
    usage: 'suppress <monitor> [account=…] [principal=…] [ip=…] [user-agent=…] [resource=…] for <30m|2h|1d> <reason>',
    description:
      "Hold back a monitor's alerts that match every matcher given (up to 30 days): they are counted, not posted, and " +
      'the count is posted when the rule ends. `principal` is an ARN (a role matches its sessions), `ip` an address ' +
      'or CIDR block, `user-agent` a part of it (quote it if it has spaces).',
  },
  { usage: 'suppressions', description: 'The suppression rules in force: id, matchers, end, and what each held back so far.' },
  { usage: 'unsuppress <id>', description: 'End a suppression rule now; the reply says what it held back.' },
];

/** `command`: the slash command as installed (a workspace may run a second app as `/secmon-staging`). */
export function helpMessage(options: { readonly command?: string } = {}): BlockMessage {
  const command = safeText(options.command ?? '/secmon').replace(/`/g, '');
  const lines = SECMON_COMMANDS.map((entry) => `\`${command} ${safeText(entry.usage)}\`\n${entry.description}`);
  return {
    text: `secmon commands: ${SECMON_COMMANDS.map((entry) => entry.usage.split(' ')[0]).join(', ')}`,
    blocks: [
      headerBlock('secmon commands'),
      sectionBlock(joinLinesWithin(lines, SLACK_LIMITS.sectionText, (n) => `…and ${n} more`)),
      contextBlock([
        'On each alert: *Acknowledge*, *Silence for…*, *Suppress similar…* on CloudTrail events, and *Revert* or *Keep change* where secmon can undo the change.',
      ]),
    ],
  };
}
