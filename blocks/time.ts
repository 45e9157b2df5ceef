/**
 * Times as alerts show them: always UTC and always labelled, because responders sit in different time zones and
 * CloudTrail, CloudWatch and the AWS console all speak UTC. Unparseable input is returned unchanged (the caller
 * escapes it), never "Invalid Date".
 */

function parse(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function clock(date: Date, seconds: boolean): string {
  return date.toISOString().slice(11, seconds ? 19 : 16);
}

/** "2026-11-20 10:02 UTC" (with `seconds`: "2026-11-20 10:02:13 UTC"). */
export function formatDateTime(iso: string, options: { seconds?: boolean } = {}): string {
  const date = parse(iso);
  if (!date) return iso;
  return `${day(date)} ${clock(date, options.seconds ?? false)} UTC`;
}

/** "10:02 UTC" (with `seconds`: "10:02:13 UTC"). */
export function formatClock(iso: string, options: { seconds?: boolean } = {}): string {
  const date = parse(iso);
  if (!date) return iso;
  return `${clock(date, options.seconds ?? false)} UTC`;
}

/**
 * "between 10:02 and 10:09 UTC" on one day, "between 2026-11-20 23:58 and 2026-11-21 00:03 UTC" across days.
 */
export function formatRange(firstIso: string, lastIso: string): string {
  const first = parse(firstIso);
  const last = parse(lastIso);
  if (!first || !last) return `between ${firstIso} and ${lastIso}`;
  if (day(first) === day(last)) return `between ${clock(first, false)} and ${clock(last, false)} UTC`;
  return `between ${day(first)} ${clock(first, false)} and ${day(last)} ${clock(last, false)} UTC`;
}
