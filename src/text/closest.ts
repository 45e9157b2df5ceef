/** Names closest to a mistyped one, for "did you mean" hints. */
export function closestNames(input: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = input.toLowerCase();
  const scored = candidates
    .map((name) => ({ name, distance: editDistance(wanted, name.toLowerCase()) }))
    .filter(({ name, distance }) => distance <= Math.max(2, Math.floor(name.length / 3)) || name.includes(wanted));
  scored.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map(({ name }) => name);
}

export function didYouMean(input: string, candidates: readonly string[]): string {
  const names = closestNames(input, candidates);
  return names.length > 0 ? `; did you mean ${names.join(', ')}?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}
