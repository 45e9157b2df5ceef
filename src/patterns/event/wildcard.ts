/**
 * `wildcard` values: `*` matches any run of characters (including none), `\*` is a literal star and `\\` a literal
 * backslash; any other escape and two wildcards in a row are errors, as in event-ruler's WildcardParser.
 * Matching is a glob scan over literal segments (no regex, no allocation per match).
 */

/**
 * Splits a wildcard value into its literal segments: n wildcards give n + 1 segments. Throws an Error whose
 * message is event-ruler's reason. Positions are 1-based, as event-ruler counts them (it parses the value with
 * its opening quote).
 */
export function parseWildcard(value: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c === '*') {
      if (value.charAt(i + 1) === '*') throw new Error(`Consecutive wildcard characters at pos ${i + 1}`);
      segments.push(current);
      current = '';
    } else if (c === '\\') {
      const next = value.charAt(i + 1);
      if (next !== '*' && next !== '\\') throw new Error(`Invalid escape character at pos ${i + 1}`);
      current += next;
      i++;
    } else {
      current += c;
    }
  }
  segments.push(current);
  return segments;
}

/** Compiles parsed segments into a predicate over strings. */
export function wildcardMatcher(segments: readonly string[]): (text: string) => boolean {
  const first = segments[0] ?? '';
  if (segments.length === 1) return (text) => text === first;
  const last = segments[segments.length - 1] ?? '';
  const middle = segments.slice(1, -1).filter((segment) => segment !== '');
  const minLength = segments.reduce((sum, segment) => sum + segment.length, 0);
  return (text) => {
    if (text.length < minLength || !text.startsWith(first) || !text.endsWith(last)) return false;
    // Placing each middle segment at its leftmost occurrence is optimal for `*`-only globs.
    let from = first.length;
    const end = text.length - last.length;
    for (let i = 0; i < middle.length; i++) {
      const segment = middle[i] as string;
      const at = text.indexOf(segment, from);
      if (at < 0 || at + segment.length > end) return false;
      from = at + segment.length;
    }
    return true;
  };
}
