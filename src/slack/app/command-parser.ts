/**
 * `/secmon` text → a typed command, or a short answer naming what is wrong and the closest valid names. Pure: the
 * catalog is passed in, so tests and the listener agree on what exists.
 */
import * as z from 'zod/mini';
import { PACKS, type Monitor, type PackId } from '../../catalog/types.js';
import { MAX_SUPPRESSION_REASON_LENGTH, MAX_SUPPRESSION_SECONDS, MIN_SUPPRESSION_SECONDS } from '../../alerts/suppression-input.js';
import { SUPPRESSION_ID } from '../../store/suppressions/suppressions.js';
import { closestNames } from '../../text/closest.js';
import { parseSuppressArgs, SUPPRESS_USAGE } from './suppress-command.js';

export const SUBCOMMANDS = ['help', 'list', 'status', 'enable', 'disable', 'silence', 'unsilence', 'test', 'suppress', 'suppressions', 'unsuppress'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

/** Silences last at least a minute and at most 15 days (CloudWatch mute rules; a longer one should be a disable). */
export const MIN_SILENCE_SECONDS = 60;
export const MAX_SILENCE_SECONDS = 15 * 24 * 3600;
/** Reasons are shown in the alert's status line (which truncates at 500) and stored with the silence. */
export const MAX_REASON_LENGTH = 300;

const MIN_SEVERITY_OPTIONS = ['critical', 'high', 'medium', 'low'] as const;
type MinSeverity = (typeof MIN_SEVERITY_OPTIONS)[number];

const monitorId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));
const target = z.object({ kind: z.enum(['monitor', 'pack']), id: z.string() });

export const secmonCommandSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('help') }),
  z.object({ name: z.literal('list'), pack: z.optional(z.enum(PACKS)) }),
  z.object({ name: z.literal('status') }),
  z.object({
    name: z.literal('enable'),
    target,
    via: z.optional(z.enum(['alarm', 'event'])),
    /** Finding monitors: the lowest severity their rule lets through. */
    minSeverity: z.optional(z.enum(MIN_SEVERITY_OPTIONS)),
  }),
  z.object({ name: z.literal('disable'), target }),
  z.object({
    name: z.literal('silence'),
    monitorId,
    seconds: z.number().check(z.int(), z.minimum(MIN_SILENCE_SECONDS), z.maximum(MAX_SILENCE_SECONDS)),
    /** The duration as typed (`2h`), for replies. */
    duration: z.string(),
    reason: z.optional(z.string().check(z.maxLength(MAX_REASON_LENGTH))),
  }),
  z.object({ name: z.literal('unsilence'), monitorId }),
  z.object({ name: z.literal('test'), monitorId }),
  z.object({
    name: z.literal('suppress'),
    monitorId,
    matchers: z.object({
      account: z.optional(z.string()),
      principal: z.optional(z.string()),
      ip: z.optional(z.string()),
      userAgent: z.optional(z.string()),
      resource: z.optional(z.string()),
    }),
    seconds: z.number().check(z.int(), z.minimum(MIN_SUPPRESSION_SECONDS), z.maximum(MAX_SUPPRESSION_SECONDS)),
    duration: z.string(),
    reason: z.string().check(z.minLength(1), z.maxLength(MAX_SUPPRESSION_REASON_LENGTH)),
  }),
  z.object({ name: z.literal('suppressions') }),
  z.object({ name: z.literal('unsuppress'), id: z.string().check(z.regex(SUPPRESSION_ID)) }),
]);

export type SecmonCommand = z.infer<typeof secmonCommandSchema>;

export type ParseResult = { readonly ok: true; readonly command: SecmonCommand } | { readonly ok: false; readonly message: string };

const UNIT_SECONDS: Readonly<Record<string, number>> = { m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `30m`, `2h`, `1d`, `1w` (also `90min`, `2hours`, `1day`) → seconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,6})\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase()[0]!;
  return Number(match[1]) * UNIT_SECONDS[unit]!;
}

export function parseSecmonCommand(text: string, catalog: readonly Monitor[], command = '/secmon'): ParseResult {
  const words = text.trim().split(/\s+/).filter((word) => word !== '');
  const [first, ...rest] = words;
  if (first === undefined) return ok({ name: 'help' });
  const name = first.toLowerCase();
  if (!isSubcommand(name)) {
    return fail(`\`${clip(first)}\` is not a ${command} command${suggest(name, SUBCOMMANDS)} Try \`${command} help\`.`);
  }
  const monitorIds = catalog.map((monitor) => monitor.id);
  const usage = (args: string) => fail(`Usage: \`${command} ${name}${args === '' ? '' : ` ${args}`}\``);

  switch (name) {
    case 'help':
      return ok({ name: 'help' });
    case 'status':
    case 'suppressions':
      return rest.length === 0 ? ok({ name }) : usage('');
    case 'list': {
      if (rest.length === 0) return ok({ name: 'list' });
      if (rest.length > 1) return usage('[pack]');
      const pack = rest[0]!.toLowerCase();
      if (!isPack(pack)) return fail(`\`${clip(rest[0]!)}\` is not a pack${suggest(pack, PACKS)} Packs: ${PACKS.join(', ')}.`);
      return ok({ name: 'list', pack });
    }
    case 'enable':
    case 'disable': {
      const { positional, via, minSeverity, error } = splitOptions(rest);
      if (error !== undefined) return fail(error);
      if (name === 'disable' && (via !== undefined || minSeverity !== undefined)) return usage('<monitor|pack>');
      if (positional.length !== 1) return usage(name === 'enable' ? ENABLE_USAGE : '<monitor|pack>');
      const resolved = resolveTarget(positional[0]!, monitorIds);
      if ('message' in resolved) return fail(resolved.message);
      return name === 'enable'
        ? ok({ name, target: resolved, ...(via !== undefined ? { via } : {}), ...(minSeverity !== undefined ? { minSeverity } : {}) })
        : ok({ name, target: resolved });
    }
    case 'silence': {
      const [monitor, duration, ...reasonWords] = rest;
      if (monitor === undefined || duration === undefined) return usage('<monitor> <30m|2h|1d> [reason]');
      const id = resolveMonitor(monitor, monitorIds);
      if (typeof id !== 'string') return fail(id.message);
      const seconds = parseDuration(duration);
      if (seconds === undefined) return fail(`\`${clip(duration)}\` is not a duration: use minutes, hours, days or weeks, such as 30m, 2h, 1d.`);
      if (seconds < MIN_SILENCE_SECONDS || seconds > MAX_SILENCE_SECONDS) {
        return fail('A silence lasts from 1 minute to 15 days; to stop a monitor for longer, disable it.');
      }
      // The reason keeps its original spacing and characters (words split on whitespace are rejoined from the text).
      const reason = reasonAfter(text, reasonWords.length > 0 ? 3 : undefined);
      if (reason !== undefined && reason.length > MAX_REASON_LENGTH) return fail(`The reason is longer than ${MAX_REASON_LENGTH} characters.`);
      return ok({ name, monitorId: id, seconds, duration: duration.toLowerCase(), ...(reason !== undefined ? { reason } : {}) });
    }
    case 'suppress': {
      const [monitor] = rest;
      if (monitor === undefined) return usage(SUPPRESS_USAGE);
      const id = resolveMonitor(monitor, monitorIds);
      if (typeof id !== 'string') return fail(id.message);
      const args = parseSuppressArgs(textAfter(text, 2), parseDuration, clip);
      if ('message' in args) return fail(args.message);
      return ok({ name, monitorId: id, ...args });
    }
    case 'unsuppress': {
      if (rest.length !== 1) return usage('<id>');
      const ruleId = rest[0]!.toLowerCase();
      if (!SUPPRESSION_ID.test(ruleId)) return fail(`\`${clip(rest[0]!)}\` is not a suppression id (8 letters and digits, see \`${command} suppressions\`).`);
      return ok({ name, id: ruleId });
    }
    case 'unsilence':
    case 'test': {
      if (rest.length !== 1) return usage('<monitor>');
      const id = resolveMonitor(rest[0]!, monitorIds);
      if (typeof id !== 'string') return fail(id.message);
      return ok({ name, monitorId: id });
    }
  }
}

function ok(command: SecmonCommand): ParseResult {
  // The schema is the type's single source of truth: a parser bug shows up here rather than in the worker.
  return { ok: true, command: secmonCommandSchema.parse(command) };
}

function fail(message: string): ParseResult {
  return { ok: false, message };
}

function isSubcommand(word: string): word is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(word);
}

function isPack(word: string): word is PackId {
  return (PACKS as readonly string[]).includes(word);
}

const ENABLE_USAGE = '<monitor|pack> [--via alarm|event] [--min-severity critical|high|medium|low]';

interface EnableOptions {
  readonly positional: string[];
  readonly via?: 'alarm' | 'event';
  readonly minSeverity?: MinSeverity;
  readonly error?: string;
}

/** `--via alarm|event` and `--min-severity <level>` (also `--option=value`), and the words that are not options. */
function splitOptions(words: readonly string[]): EnableOptions {
  const positional: string[] = [];
  let via: 'alarm' | 'event' | undefined;
  let minSeverity: MinSeverity | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('--')) {
      positional.push(word);
      continue;
    }
    const [option = '', inline] = word.split(/=(.*)/s);
    const value = (inline ?? words[++i])?.toLowerCase();
    if (option === '--via') {
      if (value !== 'alarm' && value !== 'event') return { positional, error: '`--via` takes `alarm` or `event`.' };
      via = value;
    } else if (option === '--min-severity') {
      if (!(MIN_SEVERITY_OPTIONS as readonly string[]).includes(value ?? '')) {
        return { positional, error: '`--min-severity` takes `critical`, `high`, `medium` or `low`.' };
      }
      minSeverity = value as MinSeverity;
    } else {
      return { positional, error: `Unknown option \`${clip(word)}\`: the options are \`--via alarm|event\` and \`--min-severity critical|high|medium|low\`.` };
    }
  }
  return { positional, ...(via === undefined ? {} : { via }), ...(minSeverity === undefined ? {} : { minSeverity }) };
}

function resolveTarget(word: string, monitorIds: readonly string[]): { kind: 'monitor' | 'pack'; id: string } | { message: string } {
  const id = word.toLowerCase();
  if (isPack(id)) return { kind: 'pack', id };
  if (monitorIds.includes(id)) return { kind: 'monitor', id };
  return { message: `No monitor or pack is named \`${clip(word)}\`${suggest(id, [...PACKS, ...monitorIds])} See \`/secmon list\`.` };
}

function resolveMonitor(word: string, monitorIds: readonly string[]): string | { message: string } {
  const id = word.toLowerCase();
  if (monitorIds.includes(id)) return id;
  return { message: `No monitor is named \`${clip(word)}\`${suggest(id, monitorIds)} See \`/secmon list\`.` };
}

/** "; did you mean `a`, `b`?" ending with "." when there is nothing to suggest. */
function suggest(input: string, candidates: readonly string[]): string {
  const names = closestNames(input, candidates);
  return names.length > 0 ? `. Did you mean ${names.map((n) => `\`${n}\``).join(', ')}?` : '.';
}

/** The text after the first `count` words, as typed (undefined when there is none). */
function reasonAfter(text: string, count: number | undefined): string | undefined {
  if (count === undefined) return undefined;
  const reason = textAfter(text, count).trim();
  return reason === '' ? undefined : reason;
}

/** The text after the first `count` words, as typed ('' when there is none). */
function textAfter(text: string, count: number): string {
  return new RegExp(`^\\s*(?:\\S+\\s+){${count}}([\\s\\S]+)$`).exec(text)?.[1] ?? '';
}

/** User text echoed in a reply: one line, no backticks, short. */
function clip(word: string): string {
  const clean = word.replace(/[`\n\r]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return clean.length > 40 ? `${clean.slice(0, 39)}…` : clean;
}
