/**
 * The `value` each interactive element of an alert carries back to the Slack listener, and how it is read.
 *
 * Values carry ids, never records: the listener looks the alert up (by delivery id) and the worker re-reads AWS
 * before acting, so a value is a pointer plus exactly what the action needs. They are compact JSON with one- or
 * two-letter keys and a version `v`, so a future format can be told apart from an old button still on screen.
 * Slack caps a button value at 2000 characters and a select option value at 75 (blocks/limits.ts); every encoder
 * checks the result against its cap and every decoder validates with zod, throwing SecmonError('INPUT_INVALID')
 * that names the offending field. The decoded results use readable names: the short keys stay on the wire.
 */
// zod/mini: the tree-shakable build, so the alerts bundle does not carry full zod for a few wire schemas.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import type { RevertTarget } from '../src/alerts/model.js';
import { ENABLE_KEY_KINDS, UNDO_KINDS, type UndoKind, type UndoTarget } from '../src/alerts/undo/model.js';
import { FINDING_SOURCES, type FindingSource } from '../src/findings/model.js';
import { SecmonError } from '../src/errors.js';
import { BLOCK_IDS } from './ids.js';
import { SLACK_LIMITS } from './limits.js';

export const ACTION_VALUE_VERSION = 1 as const;

/** The choices of the Silence select. `seconds` is what the listener passes on to the silence action. */
export const SILENCE_DURATIONS = [
  { id: '1h', label: '1 hour', seconds: 60 * 60 },
  { id: '4h', label: '4 hours', seconds: 4 * 60 * 60 },
  { id: '24h', label: '24 hours', seconds: 24 * 60 * 60 },
  { id: '7d', label: '7 days', seconds: 7 * 24 * 60 * 60 },
] as const;

export type SilenceDurationId = (typeof SILENCE_DURATIONS)[number]['id'];

/**
 * A group key longer than this is left out of the acknowledge value: the delivery id alone finds the stored alert
 * and its group, and the value must stay within 2000 characters whatever the principal and resource names are.
 */
const MAX_GROUP_KEY = 1500;

/** The most rule ids a revert value lists before falling back to `stored: true` (far above what fits anyway). */
const MAX_RULE_IDS = 200;

// ---------------------------------------------------------------------------------------------------------------
// Decoded shapes

export interface AcknowledgeValue {
  readonly deliveryId: string;
  readonly monitorId: string;
  /** Undefined when the alert has none or it was too long to carry (see MAX_GROUP_KEY). */
  readonly groupKey: string | undefined;
}

export interface SilenceValue {
  readonly monitorId: string;
  readonly duration: SilenceDurationId;
  readonly seconds: number;
}

interface RevertCommon {
  readonly deliveryId: string;
  readonly monitorId: string | undefined;
  readonly region: string;
  readonly groupId: string;
  readonly eventId: string;
}

/** A revert whose rules are all named by id: the worker revokes exactly `ruleIds`. */
export interface RevertRulesValue extends RevertCommon {
  readonly stored: false;
  readonly accountId: string | undefined;
  readonly ruleIds: readonly string[];
}

/**
 * A revert too large for a button value (hundreds of rules), or whose rules have no ids (older records, which the
 * worker revokes by their exact IpPermissions): the value names the event, group and region, and the worker reads
 * the full RevertTarget the alert pipeline stored with the alert under that event id.
 */
export interface StoredRevertValue extends RevertCommon {
  readonly stored: true;
}

export type RevertValue = RevertRulesValue | StoredRevertValue;

export interface KeepValue {
  readonly deliveryId: string;
  readonly monitorId: string | undefined;
  readonly region: string;
  /** The security group of a revert's change; undefined for an undo's (`undoKind`). */
  readonly groupId: string | undefined;
  readonly undoKind: UndoKind | undefined;
  readonly eventId: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Wire schemas

// The English issue messages full zod installs when its first schema is made (zod/mini leaves them out): describe()
// shows them for the checks below that carry no message of their own. Never replaces a locale already set.
if (!z.config().localeError) z.config(en());

const version = z.literal(ACTION_VALUE_VERSION, {
  error: `unsupported version (this secmon reads version ${ACTION_VALUE_VERSION})`,
});
const matching = (pattern: RegExp, message: string) => z.string().check(z.regex(pattern, message));
const deliveryId = matching(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1-128 letters, digits or . _ : - (an EventBridge or SNS message id)');
const monitorId = matching(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a monitor id such as sg-open-to-world');
const region = matching(/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/, 'must be an AWS region code such as us-east-1');
const accountId = matching(/^\d{12}$/, 'must be a 12-digit AWS account id');
const groupId = matching(/^sg-[0-9a-f]{1,32}$/, 'must be a security group id such as sg-0123abcd');
const ruleId = matching(/^sgr-[0-9a-f]{1,32}$/, 'must be a security group rule id such as sgr-0123abcd');
const eventId = matching(/^[A-Za-z0-9-]{1,128}$/, 'must be a CloudTrail event id');
const durationIds = SILENCE_DURATIONS.map((duration) => duration.id) as [SilenceDurationId, ...SilenceDurationId[]];

const acknowledgeWire = z.strictObject({
  v: version,
  a: deliveryId,
  m: monitorId,
  g: z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_GROUP_KEY))),
});

const silenceWire = z.strictObject({
  v: version,
  m: monitorId,
  d: z.enum(durationIds, { error: `must be one of ${durationIds.join(', ')}` }),
});

const revertRulesWire = z.strictObject({
  v: version,
  a: deliveryId,
  m: z.optional(monitorId),
  r: region,
  ac: z.optional(accountId),
  sg: groupId,
  e: eventId,
  ru: z.array(ruleId).check(z.minLength(1, 'must list at least one rule id'), z.maxLength(MAX_RULE_IDS)),
});

const storedRevertWire = z.strictObject({
  v: version,
  a: deliveryId,
  m: z.optional(monitorId),
  r: region,
  sg: groupId,
  e: eventId,
  st: z.literal(true, { error: 'must be true when present' }),
});

const keepWire = z.union([
  z.strictObject({ v: version, a: deliveryId, m: z.optional(monitorId), r: region, sg: groupId, e: eventId }),
  // The Keep of an undo (blocks/undo.ts): the kind of change instead of a security group.
  z.strictObject({ v: version, a: deliveryId, r: region, k: z.enum(UNDO_KINDS), e: eventId }),
]);

/** Suppress and Resolve of a finding: the alert (its delivery id) and the finding's source, nothing else. */
const findingWire = z.strictObject({
  v: version,
  a: deliveryId,
  s: z.enum(FINDING_SOURCES, { error: `must be one of ${FINDING_SOURCES.join(', ')}` }),
});

/** Readable names of the wire keys, for error messages. */
const KEY_NAMES: Readonly<Record<string, string>> = {
  v: 'version',
  a: 'delivery id',
  m: 'monitor id',
  g: 'group key',
  d: 'duration',
  r: 'region',
  ac: 'account id',
  sg: 'security group id',
  e: 'event id',
  ru: 'rule ids',
  st: 'stored flag',
  s: 'finding source',
  k: 'undo kind',
  en: 'enable key',
};

// ---------------------------------------------------------------------------------------------------------------
// Acknowledge

export function encodeAcknowledgeValue(value: AcknowledgeValue): string {
  const base = { v: ACTION_VALUE_VERSION, a: value.deliveryId, m: value.monitorId } as const;
  const withGroup =
    value.groupKey !== undefined && value.groupKey !== '' && value.groupKey.length <= MAX_GROUP_KEY
      ? { ...base, g: value.groupKey }
      : base;
  // JSON escaping can still push an unusual key over the cap: then carry the ids only.
  return (
    tryEncode(acknowledgeWire, withGroup, SLACK_LIMITS.buttonValue) ??
    mustEncode('acknowledge', acknowledgeWire, base, SLACK_LIMITS.buttonValue)
  );
}

export function decodeAcknowledgeValue(raw: string): AcknowledgeValue {
  const wire = decode('acknowledge', acknowledgeWire, raw, SLACK_LIMITS.buttonValue);
  return { deliveryId: wire.a, monitorId: wire.m, groupKey: wire.g };
}

// ---------------------------------------------------------------------------------------------------------------
// Silence (a static_select option value: 75 characters at most)

export function encodeSilenceValue(value: { readonly monitorId: string; readonly duration: SilenceDurationId }): string {
  return mustEncode(
    'silence',
    silenceWire,
    { v: ACTION_VALUE_VERSION, m: value.monitorId, d: value.duration },
    SLACK_LIMITS.optionValue,
  );
}

export function decodeSilenceValue(raw: string): SilenceValue {
  const wire = decode('silence', silenceWire, raw, SLACK_LIMITS.optionValue);
  const duration = SILENCE_DURATIONS.find((candidate) => candidate.id === wire.d);
  // The schema only admits ids of SILENCE_DURATIONS.
  if (!duration) throw invalid('silence', 'duration: unknown');
  return { monitorId: wire.m, duration: duration.id, seconds: duration.seconds };
}

// ---------------------------------------------------------------------------------------------------------------
// Revert

export interface RevertValueInput {
  readonly deliveryId: string;
  readonly monitorId: string | undefined;
  readonly target: RevertTarget;
}

/**
 * Lists the rule ids when every rule has a well-formed one and they fit in 2000 characters; otherwise emits the
 * `stored: true` form (event id, group, region), and the worker loads the full target that the pipeline stored with
 * the alert. Throws INPUT_INVALID when even that form is invalid (a malformed group id, region or event id).
 */
export function encodeRevertValue(input: RevertValueInput): string {
  const { target } = input;
  const common = {
    v: ACTION_VALUE_VERSION,
    a: input.deliveryId,
    ...(input.monitorId !== undefined ? { m: input.monitorId } : {}),
    r: target.region,
    sg: target.groupId,
    e: target.eventId,
  };
  const ruleIds = target.rules.map((rule) => rule.ruleId);
  if (ruleIds.length > 0 && ruleIds.length <= MAX_RULE_IDS && ruleIds.every((id) => id !== undefined)) {
    const full = tryEncode(
      revertRulesWire,
      { ...common, ...(target.accountId !== undefined ? { ac: target.accountId } : {}), ru: ruleIds },
      SLACK_LIMITS.buttonValue,
    );
    if (full !== undefined) return full;
  }
  return mustEncode('revert', storedRevertWire, { ...common, st: true }, SLACK_LIMITS.buttonValue);
}

export function decodeRevertValue(raw: string): RevertValue {
  const json = parseJson('revert', raw, SLACK_LIMITS.buttonValue);
  if (isRecord(json) && 'st' in json) {
    const wire = validate('revert', storedRevertWire, json);
    return { ...revertCommon(wire), stored: true };
  }
  const wire = validate('revert', revertRulesWire, json);
  return { ...revertCommon(wire), stored: false, accountId: wire.ac, ruleIds: wire.ru };
}

function revertCommon(wire: { a: string; m?: string | undefined; r: string; sg: string; e: string }): RevertCommon {
  return { deliveryId: wire.a, monitorId: wire.m, region: wire.r, groupId: wire.sg, eventId: wire.e };
}

// ---------------------------------------------------------------------------------------------------------------
// Keep

export function encodeKeepValue(input: RevertValueInput): string {
  return mustEncode(
    'keep',
    keepWire,
    {
      v: ACTION_VALUE_VERSION,
      a: input.deliveryId,
      ...(input.monitorId !== undefined ? { m: input.monitorId } : {}),
      r: input.target.region,
      sg: input.target.groupId,
      e: input.target.eventId,
    },
    SLACK_LIMITS.buttonValue,
  );
}

export function encodeUndoKeepValue(input: { readonly deliveryId: string; readonly target: UndoTarget }): string {
  const { target } = input;
  return mustEncode('keep', keepWire, { v: ACTION_VALUE_VERSION, a: input.deliveryId, r: target.region, k: target.kind, e: target.eventId }, SLACK_LIMITS.buttonValue);
}

export function decodeKeepValue(raw: string): KeepValue {
  const wire = decode('keep', keepWire, raw, SLACK_LIMITS.buttonValue);
  if ('k' in wire) return { deliveryId: wire.a, monitorId: undefined, region: wire.r, groupId: undefined, undoKind: wire.k, eventId: wire.e };
  return { ...revertCommon(wire), undoKind: undefined };
}

// ---------------------------------------------------------------------------------------------------------------
// Undo (src/alerts/undo/): a pointer at the alert and its event, and the one choice an undo may offer (enable the
// KMS key); the worker undoes what the stored alert says

export interface UndoValue {
  readonly deliveryId: string;
  readonly kind: UndoKind;
  readonly region: string;
  readonly eventId: string;
  /** The admin's choice on a KMS key deletion's undo: also enable the key (it was in use). False for every other kind. */
  readonly enableKey: boolean;
}

const undoWire = z.strictObject({
  v: version,
  a: deliveryId,
  k: z.enum(UNDO_KINDS, { error: `must be one of ${UNDO_KINDS.join(', ')}` }),
  r: region,
  e: eventId,
  en: z.optional(z.boolean({ error: 'must be true or false' })),
});

export function encodeUndoValue(input: { readonly deliveryId: string; readonly target: UndoTarget; readonly enableKey?: boolean }): string {
  const { target } = input;
  if (input.enableKey === true && !ENABLE_KEY_KINDS.includes(target.kind)) throw invalid('undo', `enable key: not offered for ${target.kind}`);
  return mustEncode(
    'undo',
    undoWire,
    { v: ACTION_VALUE_VERSION, a: input.deliveryId, k: target.kind, r: target.region, e: target.eventId, ...(input.enableKey === true ? { en: true } : {}) },
    SLACK_LIMITS.buttonValue,
  );
}

export function decodeUndoValue(raw: string): UndoValue {
  const wire = decode('undo', undoWire, raw, SLACK_LIMITS.buttonValue);
  const enableKey = wire.en === true;
  if (enableKey && !ENABLE_KEY_KINDS.includes(wire.k)) throw invalid('undo', `enable key (en): not offered for ${wire.k}`);
  return { deliveryId: wire.a, kind: wire.k, region: wire.r, eventId: wire.e, enableKey };
}

// ---------------------------------------------------------------------------------------------------------------
// Finding Suppress and Resolve: a pointer at the alert; the worker acts on the finding stored with it

export interface FindingValue {
  readonly deliveryId: string;
  readonly source: FindingSource;
}

export function encodeFindingValue(value: FindingValue): string {
  return mustEncode('finding', findingWire, { v: ACTION_VALUE_VERSION, a: value.deliveryId, s: value.source }, SLACK_LIMITS.buttonValue);
}

export function decodeFindingValue(raw: string): FindingValue {
  const wire = decode('finding', findingWire, raw, SLACK_LIMITS.buttonValue);
  return { deliveryId: wire.a, source: wire.s };
}

// ---------------------------------------------------------------------------------------------------------------
// The alert-actions block id: carries the delivery id for the Silence select, whose option values cannot

const BLOCK_ID_SEPARATOR = ':';

export function alertActionsBlockId(deliveryIdValue: string): string {
  const checked = deliveryId.safeParse(deliveryIdValue);
  if (!checked.success) throw invalid('block id', `delivery id ${describe(checked.error.issues)}`);
  return `${BLOCK_IDS.alertActions}${BLOCK_ID_SEPARATOR}${deliveryIdValue}`;
}

/** The delivery id in the block id of an alert's actions block (`body.actions[0].block_id` in the listener). */
export function deliveryIdFromBlockId(blockId: string): string {
  const prefix = `${BLOCK_IDS.alertActions}${BLOCK_ID_SEPARATOR}`;
  if (!blockId.startsWith(prefix)) throw invalid('block id', `does not start with ${prefix}`);
  const id = blockId.slice(prefix.length);
  const checked = deliveryId.safeParse(id);
  if (!checked.success) throw invalid('block id', `delivery id ${describe(checked.error.issues)}`);
  return checked.data;
}

// ---------------------------------------------------------------------------------------------------------------

/** Serialises when `wire` is valid and fits in `max` characters; undefined otherwise (the caller has a fallback). */
function tryEncode<T extends z.ZodMiniType>(schema: T, wire: z.input<T>, max: number): string | undefined {
  if (!schema.safeParse(wire).success) return undefined;
  const text = JSON.stringify(wire);
  return text.length <= max ? text : undefined;
}

/** Serialises `wire`, throwing INPUT_INVALID naming the field when it is invalid or the result exceeds `max`. */
function mustEncode<T extends z.ZodMiniType>(what: string, schema: T, wire: z.input<T>, max: number): string {
  validate(what, schema, wire);
  const text = JSON.stringify(wire);
  if (text.length > max) throw invalid(what, `encoded value is longer than ${max} characters`);
  return text;
}

function decode<T extends z.ZodMiniType>(what: string, schema: T, raw: string, max: number): z.output<T> {
  return validate(what, schema, parseJson(what, raw, max));
}

function parseJson(what: string, raw: string, max: number): unknown {
  if (raw.length > max) throw invalid(what, `longer than ${max} characters`);
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new SecmonError('INPUT_INVALID', `invalid ${what} value: not JSON`, { cause: error });
  }
}

function validate<T extends z.ZodMiniType>(what: string, schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(what, describe(parsed.error.issues));
  return parsed.data;
}

function describe(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const [key, ...rest] = issue.path.map(String);
      if (key === undefined) return issue.message;
      const name = KEY_NAMES[key] ?? key;
      const where = rest.length > 0 ? `${name} (${key}.${rest.join('.')})` : `${name} (${key})`;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

function invalid(what: string, reason: string): SecmonError {
  return new SecmonError('INPUT_INVALID', `invalid ${what} value: ${reason}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
