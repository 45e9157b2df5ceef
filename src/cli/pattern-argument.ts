import { readFile } from 'node:fs/promises';
import { SecmonError } from '../errors.js';

/** An event pattern given on the command line: JSON text, or `@path` to read it from a file. */
export async function readPatternArgument(value: string): Promise<string> {
  if (!value.startsWith('@')) return value;
  const path = value.slice(1);
  return readFile(path, 'utf8').catch((cause: unknown) => {
    throw new SecmonError('USAGE', `cannot read event pattern file ${path}`, { cause });
  });
}
