// What the storm suites read off the local Slack API's recorded calls.

/**
 * The most calls within any window of `windowMs` (half-open: two calls exactly `windowMs` apart are in different
 * windows, as the render slot allows).
 * @param {number[]} times
 * @param {number} windowMs
 */
export function maxWithinWindow(times, windowMs) {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last] - sorted[first] >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/**
 * The count a rendered alert shows (`:repeat: *N events*`), or undefined when it shows none.
 * @param {unknown} blocks
 */
export function renderedCount(blocks) {
  const match = /\*([\d,]+) events\*/.exec(JSON.stringify(blocks ?? []));
  return match?.[1] === undefined ? undefined : Number(match[1].replaceAll(',', ''));
}
