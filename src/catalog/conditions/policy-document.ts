/**
 * IAM policy documents as CloudTrail records carry them (a JSON string, a URL-encoded JSON string, or an object),
 * read into statements a condition can reason about. Nothing here throws: a document that does not parse reads as
 * undefined, and the callers decide what an unreadable document means for them.
 *
 * Grammar (IAM User Guide, "IAM JSON policy elements"): `Statement` is one object or a list; `Principal` is `"*"`
 * or an object of lists or strings (`AWS`, `Service`, `Federated`, `CanonicalUser`); `Action`, `Resource` are a
 * string or a list; `Condition` maps an operator to a map of condition keys to a value or a list of values.
 */
import { isJsonObject, type JsonObject } from '../../cloudtrail/record.js';

export interface Statement {
  readonly effect: 'Allow' | 'Deny' | undefined;
  /** Principal values by type (`AWS`, `Service`, ...); `"*"` alone is read as `{ '*': ['*'] }`. */
  readonly principals: ReadonlyMap<string, readonly string[]>;
  /** The statement names `NotPrincipal`: with Allow, everyone but those principals. */
  readonly notPrincipal: boolean;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** Condition operator → condition key → values. */
  readonly conditions: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
}

/** The statements of a policy document, or undefined when `value` is not a readable policy. */
export function statementsOf(value: unknown): Statement[] | undefined {
  const document = documentOf(value);
  if (document === undefined) return undefined;
  const raw = document['Statement'];
  const list = Array.isArray(raw) ? raw : isJsonObject(raw) ? [raw] : undefined;
  if (list === undefined) return undefined;
  return list.filter(isJsonObject).map(statementOf);
}

function documentOf(value: unknown): JsonObject | undefined {
  if (isJsonObject(value)) return value;
  if (typeof value !== 'string') return undefined;
  let text = value.trim();
  // Some records (responseElements of IAM) carry the document URL-encoded.
  if (text.startsWith('%7B') || text.startsWith('%7b')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  }
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function statementOf(raw: JsonObject): Statement {
  const effect = raw['Effect'];
  const notPrincipal = raw['NotPrincipal'] !== undefined;
  return {
    effect: effect === 'Allow' || effect === 'Deny' ? effect : undefined,
    principals: principalsOf(notPrincipal ? raw['NotPrincipal'] : raw['Principal']),
    notPrincipal,
    actions: strings(raw['Action']),
    resources: strings(raw['Resource']),
    conditions: conditionsOf(raw['Condition']),
  };
}

function principalsOf(value: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (value === '*') out.set('*', ['*']);
  else if (isJsonObject(value)) for (const [type, values] of Object.entries(value)) out.set(type, strings(values));
  return out;
}

function conditionsOf(value: unknown): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  if (!isJsonObject(value)) return out;
  for (const [operator, keys] of Object.entries(value)) {
    if (!isJsonObject(keys)) continue;
    out.set(operator, new Map(Object.entries(keys).map(([key, values]) => [key, strings(values)])));
  }
  return out;
}

/** A string, a number or boolean (condition values may be either), or a list of them, as strings. */
function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.flatMap((item) => (typeof item === 'string' ? [item] : typeof item === 'number' || typeof item === 'boolean' ? [String(item)] : []));
}
