import { SecmonError } from '../errors.js';

/** `--jobs N`: how many threads evaluate files (1: the main thread only). */
export function parseJobs(text: string): number {
  const jobs = Number(text);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) throw new SecmonError('USAGE', `--jobs takes a whole number from 1 to 16, not '${text}'`);
  return jobs;
}
