/**
 * Runs a set of monitors over many inputs (the hot path of `secmon match` and `secmon replay`). Every pattern is
 * compiled once (a monitor of buildCatalog's when the catalog was built: see compiledForms); per input, a monitor
 * matches when its filter pattern matches the CloudTrail record or its event pattern matches the EventBridge
 * envelope.
 *
 * Inputs are CloudTrail records (wrapped in the envelope AWS would deliver, built at most once and only when an
 * event pattern gets that far) or EventBridge envelopes (whose `detail` is the record for filter patterns when the
 * envelope came via CloudTrail).
 *
 * Cheap pre-checks: at compile time each form is given one field of the record it cannot match without, read from
 * its compiled tree: a field that must be one of a few exact strings or start with one of a few prefixes
 * (eventName, eventSource, userIdentity.type, detail-type, ...) or at least be present (errorCode). Per input a form
 * is skipped when that field is absent, or is a string neither in the set nor starting with a prefix: in both
 * languages an exact (or prefix) string comparison is false for any other string and for a missing field, and
 * every other comparison is false for a missing field. Any other value (a number, an
 * array, an object on the way) is left to the pattern itself. Forms that need an exact eventName are indexed by
 * it, so a record meets only the handful of forms about its own call.
 *
 * Record conditions: a monitor whose pattern matched matches only if each of its conditions holds for the
 * CloudTrail record (an envelope's detail); an input without one (a Config event) meets no condition. They run
 * only after a pattern matched, which is rare, so they cost the hot path nothing. A condition that throws (they
 * are written never to) counts as holding: a detection should alert rather than go quiet on a record it misreads.
 */
import { isJsonObject, type JsonObject } from '../cloudtrail/record.js';
import { SecmonError } from '../errors.js';
import type { EventPatternNode, ObjectPattern } from '../patterns/event/index.js';
import type { FilterNode } from '../patterns/filter/index.js';
import { compiledForms } from './index.js';
import { cloudTrailRecordOf, detailTypeOf, isEventBridgeEnvelope, toEventBridgeEnvelope } from './envelope.js';
import type { Monitor, RecordCondition } from './types.js';

/** A monitor whose pattern matched an input but whose record condition did not hold. */
export interface UnmetCondition {
  readonly monitor: string;
  /** The first of its conditions that did not hold. */
  readonly condition: string;
}

export interface CatalogExamination {
  /** As `match`. */
  readonly monitors: string[];
  /** Monitors set aside by a record condition, in id order. */
  readonly unmet: readonly UnmetCondition[];
}

export interface CatalogMatcher {
  /** The ids of the monitors that match (patterns and record conditions), sorted; [] for anything that is not a JSON object. */
  match(input: unknown): string[];
  /** `match`, and which monitors only a record condition kept from matching. */
  examine(input: unknown): CatalogExamination;
}

/**
 * A field a form cannot match without: `path` from the record (or `detail-type` of the envelope), which must be
 * present and, when `values` is given and the field is a string, one of them or starting with one of `prefixes`.
 */
interface Requirement {
  readonly path: readonly string[];
  readonly values: ReadonlySet<string> | undefined;
  /** With `values` only (possibly empty): the field may also start with one of these. */
  readonly prefixes: readonly string[];
}

interface Form {
  /** Index of the monitor in id order. */
  readonly monitor: number;
  readonly kind: 'filter' | 'event';
  /** Checked before matching; undefined for forms indexed by eventName (the index did the check). */
  readonly gate: Requirement | undefined;
  readonly matches: (input: unknown) => boolean;
}

const DETAIL_TYPE = 'detail-type';
const NONE: readonly Form[] = [];

export function createCatalogMatcher(monitors: readonly Monitor[]): CatalogMatcher {
  const ordered = [...monitors].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  ordered.forEach((monitor, i) => {
    if (i > 0 && ordered[i - 1]!.id === monitor.id) {
      throw new SecmonError('CONFIG_INVALID', `monitor '${monitor.id}' is given twice`);
    }
  });
  const ids = ordered.map((monitor) => monitor.id);
  const conditions = ordered.map((monitor) => (monitor.conditions !== undefined && monitor.conditions.length > 0 ? monitor.conditions : undefined));

  /** Forms by the eventName they require; `named` holds them all, for inputs whose eventName is not a string. */
  const byEventName = new Map<string, Form[]>();
  const named: Form[] = [];
  /** Forms without an eventName requirement, each with its own gate (or none). */
  const others: Form[] = [];
  const add = (monitor: number, kind: Form['kind'], matches: Form['matches'], requirement: Requirement | undefined) => {
    if (requirement !== undefined && indexable(requirement)) {
      const form: Form = { monitor, kind, gate: undefined, matches };
      named.push(form);
      for (const name of requirement.values!) byEventName.set(name, [...(byEventName.get(name) ?? []), form]);
    } else {
      others.push({ monitor, kind, gate: requirement, matches });
    }
  };
  ordered.forEach((monitor, index) => {
    // A monitor of buildCatalog was compiled when the catalog was built: that compiled form is reused.
    const { filter, event } = compiledForms(monitor);
    if (filter !== undefined) add(index, 'filter', filter.matches, best(filterRequirements(filter.tree)));
    if (event !== undefined) add(index, 'event', event.matches, best(eventRequirements(event.tree)));
  });

  const run = (value: unknown, unmet: UnmetCondition[] | undefined): string[] => {
    if (!isJsonObject(value)) return [];
    const input: Subject = isEventBridgeEnvelope(value)
      ? { record: cloudTrailRecordOf(value), detail: value['detail'], envelope: value, envelopeBuilt: true, isEnvelope: true }
      : { record: value, detail: value, envelope: undefined, envelopeBuilt: false, isEnvelope: false };
    const eventName = isJsonObject(input.detail) ? input.detail['eventName'] : undefined;
    const candidates =
      typeof eventName === 'string' ? (byEventName.get(eventName) ?? NONE) : eventName === undefined ? NONE : named;
    const matched: number[] = [];
    /** Monitors a condition set aside: their other form is not tried again. */
    let rejected: number[] | undefined;
    const consider = (form: Form): void => {
      const monitor = form.monitor;
      if (matched.includes(monitor) || rejected?.includes(monitor) || !matches(form, input)) return;
      const failed = conditions[monitor] === undefined ? undefined : firstUnmet(conditions[monitor], input.record);
      if (failed === undefined) {
        matched.push(monitor);
        return;
      }
      (rejected ??= []).push(monitor);
      unmet?.push({ monitor: ids[monitor]!, condition: failed.name });
    };
    for (const form of candidates) consider(form);
    for (const form of others) consider(form);
    if (matched.length > 1) matched.sort((a, b) => a - b);
    if (unmet !== undefined && unmet.length > 1) unmet.sort((a, b) => (a.monitor < b.monitor ? -1 : 1));
    return matched.map((index) => ids[index]!);
  };

  return {
    match: (value) => run(value, undefined),
    examine(value) {
      const unmet: UnmetCondition[] = [];
      return { monitors: run(value, unmet), unmet };
    },
  };
}

/** The first condition that does not hold for the record (every one fails without a record), or undefined. */
function firstUnmet(conditions: readonly RecordCondition[], record: JsonObject | undefined): RecordCondition | undefined {
  return conditions.find((condition) => {
    if (record === undefined) return true;
    try {
      return !condition.test(record);
    } catch {
      return false;
    }
  });
}

/** One input as the forms see it. */
interface Subject {
  /** The CloudTrail record filter patterns see: the input, or the detail of a CloudTrail envelope. */
  readonly record: JsonObject | undefined;
  /** Where requirements are read: the record, or the detail of any envelope. */
  readonly detail: unknown;
  /** The input if it is an envelope, else the one built for the record (once an event pattern needs it). */
  envelope: unknown;
  envelopeBuilt: boolean;
  readonly isEnvelope: boolean;
}

function matches(form: Form, input: Subject): boolean {
  if (form.gate !== undefined && !open(form.gate, input)) return false;
  if (form.kind === 'filter') return input.record !== undefined && form.matches(input.record);
  if (!input.envelopeBuilt) {
    input.envelope = toEventBridgeEnvelope(input.record);
    input.envelopeBuilt = true;
  }
  return input.envelope !== undefined && form.matches(input.envelope);
}

function isEventName(path: readonly string[]): boolean {
  return path.length === 1 && path[0] === 'eventName';
}

/** Whether an input can meet the requirement; see the module comment for why a skip is always safe. */
function open(requirement: Requirement, input: Subject): boolean {
  const { path, values, prefixes } = requirement;
  let value: unknown;
  if (path.length === 1 && path[0] === DETAIL_TYPE) {
    // An envelope's own, or the one the record's envelope has (without building it).
    value = input.isEnvelope ? (input.envelope as JsonObject)[DETAIL_TYPE] : detailTypeOf(input.record!);
  } else {
    value = input.detail;
    for (const key of path) {
      if (Array.isArray(value)) return true;
      if (!isJsonObject(value)) return false;
      value = value[key];
    }
  }
  if (value === undefined) return false;
  return values === undefined || typeof value !== 'string' || values.has(value) || prefixes.some((prefix) => value.startsWith(prefix));
}

/** Exact event names only: the index looks a name up, it cannot test prefixes. */
function indexable(requirement: Requirement): boolean {
  return requirement.values !== undefined && requirement.prefixes.length === 0 && isEventName(requirement.path);
}

/** Fields nearly every CloudTrail record has: requiring one of them to be present rules out nothing. */
const ALWAYS_PRESENT: ReadonlySet<string> = new Set([
  'eventVersion',
  'userIdentity',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'requestParameters',
  'responseElements',
  'eventID',
  'eventType',
  'recipientAccountId',
  'readOnly',
]);

/**
 * The most selective requirement: exact eventNames (indexed), else eventNames with prefixes (a few calls), else
 * eventSource (a whole service), else a value set on a detail field (userIdentity.type Root), else the presence
 * of a field most records lack (errorCode), else detail-type (nearly every record is an API call), else anything.
 */
function best(requirements: Map<string, Requirement>): Requirement | undefined {
  const all = [...requirements.values()];
  const inDetail = (r: Requirement) => r.path[0] !== DETAIL_TYPE;
  return (
    all.find(indexable) ??
    all.find((r) => r.values !== undefined && isEventName(r.path)) ??
    all.find((r) => r.values !== undefined && r.path.length === 1 && r.path[0] === 'eventSource') ??
    all.find((r) => r.values !== undefined && inDetail(r)) ??
    all.find((r) => inDetail(r) && !(r.path.length === 1 && ALWAYS_PRESENT.has(r.path[0]!))) ??
    all.find((r) => r.values !== undefined) ??
    all[0]
  );
}

type Requirements = Map<string, Requirement>;

/** Exact strings and prefixes a field must show, or undefined for "present, any value". */
interface Allowed {
  readonly values: ReadonlySet<string>;
  readonly prefixes: readonly string[];
}

function requirement(path: readonly string[], allowed: Allowed | undefined): Requirements {
  return new Map([[path.join('\u0000'), { path, values: allowed?.values, prefixes: allowed?.prefixes ?? [] }]]);
}

/**
 * All of them hold: a field required by either is required; two exact sets for one field intersect. With prefixes
 * on either side one of the two is kept as it is: each alone is a condition the input cannot match without.
 */
function both(a: Requirements, b: Requirements): Requirements {
  const out = new Map(a);
  for (const [key, r] of b) {
    const mine = out.get(key);
    if (mine === undefined || mine.values === undefined) out.set(key, r);
    else if (r.values !== undefined && mine.prefixes.length === 0 && r.prefixes.length === 0)
      out.set(key, { path: r.path, values: new Set([...mine.values].filter((v) => r.values!.has(v))), prefixes: [] });
    else if (r.values !== undefined && r.prefixes.length === 0) out.set(key, r);
  }
  return out;
}

/** One of them holds: only fields every alternative requires; their value sets and prefixes unite. */
function either(a: Requirements, b: Requirements): Requirements {
  const out: Requirements = new Map();
  for (const [key, r] of a) {
    const other = b.get(key);
    if (other === undefined) continue;
    const both = r.values !== undefined && other.values !== undefined;
    out.set(key, {
      path: r.path,
      values: both ? new Set([...r.values!, ...other.values!]) : undefined,
      prefixes: both ? [...new Set([...r.prefixes, ...other.prefixes])] : [],
    });
  }
  return out;
}

/** What a filter pattern needs of the record: `=` and `!=` are false on a missing field (and `=` on other strings). */
function filterRequirements(node: FilterNode): Requirements {
  switch (node.kind) {
    case 'and':
      return node.children.map(filterRequirements).reduce(both);
    case 'or':
      return node.children.map(filterRequirements).reduce(either);
    case 'compare': {
      const path = node.selector.path;
      if (!path.every((step): step is string => typeof step === 'string')) return new Map();
      // `= "x"` needs exactly x; `= "x*"` needs a string starting with x.
      const value = node.op === '=' && node.value.kind === 'string' ? node.value : undefined;
      if (value?.match === 'exact') return requirement(path, { values: new Set([value.needle]), prefixes: [] });
      if (value?.match === 'startsWith' && value.needle !== '') return requirement(path, { values: new Set(), prefixes: [value.needle] });
      return requirement(path, undefined);
    }
    default:
      // IS NULL / IS TRUE / IS FALSE need the field too, but are rare enough not to bother; NOT EXISTS needs its absence.
      return new Map();
  }
}

/** What an event pattern needs of the record (its detail) and of detail-type. */
function eventRequirements(root: EventPatternNode): Requirements {
  const out: Requirements = new Map();
  for (const field of root.fields) {
    if (field.key === 'detail' && field.pattern.kind === 'object') {
      for (const [key, r] of objectRequirements(field.pattern, [])) out.set(key, r);
    } else if (field.key === DETAIL_TYPE && field.pattern.kind === 'leaf') {
      const allowed = allowedStrings(field.pattern.matchers);
      if (allowed !== undefined) out.set(DETAIL_TYPE, { path: [DETAIL_TYPE], ...allowed });
    }
  }
  return out;
}

function objectRequirements(node: ObjectPattern, path: readonly string[]): Requirements {
  let out: Requirements = new Map();
  for (const field of node.fields) {
    const at = [...path, field.key];
    if (field.pattern.kind === 'object') {
      out = both(out, objectRequirements(field.pattern, at));
    } else {
      const matchers = field.pattern.matchers;
      // `exists: false` lets the field be absent; any other matcher needs it present.
      if (matchers.some((m) => m.kind === 'exists' && m.value === false)) continue;
      out = both(out, requirement(at, allowedStrings(matchers)));
    }
  }
  if (node.or !== null) out = both(out, node.or.map((branch) => objectRequirements(branch, path)).reduce(either));
  return out;
}

/** The strings and prefixes a leaf allows, when it allows only exact strings and (case-sensitive) prefixes. */
function allowedStrings(matchers: readonly { kind: string; value?: unknown; ignoreCase?: boolean }[]): Allowed | undefined {
  const values = new Set<string>();
  const prefixes: string[] = [];
  for (const m of matchers) {
    if (m.kind === 'exact' && typeof m.value === 'string') values.add(m.value);
    else if (m.kind === 'prefix' && m.ignoreCase === false && typeof m.value === 'string' && m.value !== '') prefixes.push(m.value);
    else return undefined;
  }
  return { values, prefixes };
}
