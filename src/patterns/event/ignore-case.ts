/**
 * Case-insensitive comparisons meaning `text.toLowerCase()` against a pattern lowercased at compile time, without
 * allocating for ASCII text (the usual case). A non-ASCII character in the compared region falls back to
 * toLowerCase. Fast-path length checks rely on toLowerCase never shortening a string (the only length-changing
 * lowercase mapping, U+0130, grows it), and on an ASCII pattern never matching a lowered U+0130's combining dot.
 */

export type Comparison = 'equals' | 'prefix' | 'suffix';

const NON_ASCII = -1;

/** Compares text[start .. start + lower.length) to the ASCII string `lower`, folding A-Z: 1, 0 or NON_ASCII. */
function compareAsciiRegion(text: string, start: number, lower: string): number {
  for (let i = 0; i < lower.length; i++) {
    let c = text.charCodeAt(start + i);
    if (c >= 0x80) return NON_ASCII;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== lower.charCodeAt(i)) return 0;
  }
  return 1;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

function slow(comparison: Comparison, text: string, lower: string): boolean {
  const folded = text.toLowerCase();
  if (comparison === 'equals') return folded === lower;
  return comparison === 'prefix' ? folded.startsWith(lower) : folded.endsWith(lower);
}

/** Builds a predicate for one pattern string; the pattern is lowercased here, once. */
export function ignoreCaseMatcher(comparison: Comparison, pattern: string): (text: string) => boolean {
  const lower = pattern.toLowerCase();
  if (!isAscii(lower)) return (text) => slow(comparison, text, lower);
  const n = lower.length;
  switch (comparison) {
    case 'equals':
      return (text) => {
        if (text.length !== n) return false;
        const r = compareAsciiRegion(text, 0, lower);
        return r === NON_ASCII ? slow(comparison, text, lower) : r === 1;
      };
    case 'prefix':
      return (text) => {
        if (text.length < n) return false;
        const r = compareAsciiRegion(text, 0, lower);
        return r === NON_ASCII ? slow(comparison, text, lower) : r === 1;
      };
    case 'suffix':
      return (text) => {
        if (text.length < n) return false;
        const r = compareAsciiRegion(text, text.length - n, lower);
        return r === NON_ASCII ? slow(comparison, text, lower) : r === 1;
      };
  }
}
