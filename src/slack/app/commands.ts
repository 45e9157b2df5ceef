/**
 * The `/secmon` listener. Within Slack's 3 seconds: parse, authorize, hand the work to the worker (an asynchronous
 * Lambda invoke, which returns as soon as Lambda queued it) and answer with "working on it"; the worker replaces that
 * answer through the command's response_url. `help` and mistakes are answered directly, ephemerally.
 */
import type { AllMiddlewareArgs, RespondArguments, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { helpMessage } from '../../../blocks/help.js';
import type { ActionName } from '../../actions/types.js';
import { isAdminOnly } from './authorize.js';
import { parseSecmonCommand, type SecmonCommand } from './command-parser.js';
import { REFUSAL_TEXT, type SlackAppDeps } from './deps.js';
import { handOff, handOffRecord } from './hand-off.js';
import type { JobView } from './job.js';

/** The installed command: `/secmon`, or a second app's `/secmon-staging`. */
export const SECMON_COMMAND = /^\/secmon(?:-[a-z0-9-]+)?$/;

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

interface Planned {
  readonly action: ActionName;
  readonly params: Record<string, unknown>;
  readonly target: string;
  readonly view?: JobView;
  /** Shown until the worker answers. */
  readonly working: string;
  /** In the channel for changes (everyone sees who changed what), to the user alone for reads. */
  readonly visibility: 'in_channel' | 'ephemeral';
}

export function planCommand(command: Exclude<SecmonCommand, { name: 'help' }>): Planned {
  switch (command.name) {
    case 'list':
      return {
        action: 'status',
        params: command.pack !== undefined ? { pack: command.pack } : {},
        target: command.pack ?? 'all monitors',
        view: 'list',
        working: ':hourglass_flowing_sand: Listing the monitors…',
        visibility: 'ephemeral',
      };
    case 'status':
      return { action: 'status', params: {}, target: 'all monitors', view: 'status', working: ':hourglass_flowing_sand: Reading the status…', visibility: 'ephemeral' };
    case 'enable': {
      const via = command.via !== undefined ? ` via ${command.via}` : '';
      const minimum = command.minSeverity !== undefined ? ` (findings from ${command.minSeverity} up)` : '';
      return {
        action: 'enable',
        params: {
          target: command.target.id,
          ...(command.via !== undefined ? { via: command.via } : {}),
          ...(command.minSeverity !== undefined ? { minSeverity: command.minSeverity } : {}),
        },
        target: command.target.id,
        working: `:hourglass_flowing_sand: Enabling ${command.target.kind} \`${command.target.id}\`${via}${minimum}…`,
        visibility: 'in_channel',
      };
    }
    case 'disable':
      return {
        action: 'disable',
        params: { target: command.target.id },
        target: command.target.id,
        working: `:hourglass_flowing_sand: Disabling ${command.target.kind} \`${command.target.id}\`…`,
        visibility: 'in_channel',
      };
    case 'silence':
      return {
        action: 'silence',
        params: {
          monitorId: command.monitorId,
          durationSeconds: command.seconds,
          ...(command.reason !== undefined ? { reason: command.reason } : {}),
        },
        target: command.monitorId,
        working: `:hourglass_flowing_sand: Silencing \`${command.monitorId}\` for ${command.duration}…`,
        visibility: 'in_channel',
      };
    case 'unsilence':
      return {
        action: 'unsilence',
        params: { monitorId: command.monitorId },
        target: command.monitorId,
        working: `:hourglass_flowing_sand: Lifting the silence of \`${command.monitorId}\`…`,
        visibility: 'in_channel',
      };
    case 'suppress':
      return {
        action: 'suppress',
        params: { monitorId: command.monitorId, matchers: command.matchers, durationSeconds: command.seconds, reason: command.reason },
        target: command.monitorId,
        working: `:hourglass_flowing_sand: Suppressing matching \`${command.monitorId}\` alerts for ${command.duration}…`,
        visibility: 'in_channel',
      };
    case 'suppressions':
      return { action: 'suppressions', params: {}, target: 'suppressions', view: 'suppressions', working: ':hourglass_flowing_sand: Reading the suppressions…', visibility: 'ephemeral' };
    case 'unsuppress':
      return {
        action: 'unsuppress',
        params: { id: command.id },
        target: `suppression ${command.id}`,
        working: `:hourglass_flowing_sand: Ending suppression \`${command.id}\`…`,
        visibility: 'in_channel',
      };
    case 'test':
      return {
        action: 'test',
        params: { monitorId: command.monitorId },
        target: command.monitorId,
        working: `:hourglass_flowing_sand: Sending a test alert for \`${command.monitorId}\`…`,
        visibility: 'in_channel',
      };
  }
}

export function createCommandListener(deps: SlackAppDeps) {
  return async ({ command, ack, client }: CommandArgs): Promise<void> => {
    const reply = (response: RespondArguments) => ack(response);
    const parsed = parseSecmonCommand(command.text ?? '', deps.catalog, command.command);
    if (!parsed.ok) return reply({ response_type: 'ephemeral', text: parsed.message });
    if (parsed.command.name === 'help') {
      const help = helpMessage({ command: command.command });
      return reply({ response_type: 'ephemeral', text: help.text, blocks: [...help.blocks] as KnownBlock[] });
    }
    const plan = planCommand(parsed.command);
    const requestedAt = deps.now().toISOString();
    const actor = { userId: command.user_id, ...(command.user_name ? { userName: command.user_name } : {}) };

    if (isAdminOnly(plan.action) && !(await deps.admins.isAdmin(actor.userId, client))) {
      deps.logger.info('refused: not a secmon admin', { actor: actor.userId, action: plan.action, target: plan.target });
      await handOffRecord(deps, { kind: 'refusal', action: plan.action, actor, requestedAt, target: plan.target, reason: 'not a secmon admin' });
      return reply({ response_type: 'ephemeral', text: REFUSAL_TEXT });
    }

    try {
      await handOff(deps, {
        kind: 'action',
        action: plan.action,
        params: plan.params,
        actor,
        requestedAt,
        reply: { responseUrl: command.response_url, channel: command.channel_id },
        target: plan.target,
        ...(plan.view !== undefined ? { view: plan.view } : {}),
      });
    } catch (error) {
      deps.logger.error('worker hand-off failed', { action: plan.action, error: error as Error });
      return reply({ response_type: 'ephemeral', text: ':x: secmon could not start this just now. Try again in a minute.' });
    }
    return reply({ response_type: plan.visibility, text: plan.working });
  };
}
