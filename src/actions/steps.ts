/** Running AWS calls as named steps: a failure stops the sequence and carries a human reason plus the cause. */
import { humanReason } from './errors.js';

export class StepFailure extends Error {
  /** Human reason, safe for Slack. */
  readonly reason: string;
  constructor(reason: string, cause: unknown) {
    super(reason, { cause });
    this.name = 'StepFailure';
    this.reason = reason;
  }
}

/** Runs one AWS call; an error becomes a StepFailure whose reason completes "may not <what>". */
export async function step<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new StepFailure(humanReason(error, what), error);
  }
}

export function failureOf(error: unknown): { reason: string; cause: unknown } {
  if (error instanceof StepFailure) return { reason: error.reason, cause: error.cause };
  return { reason: 'an unexpected error stopped the action', cause: error };
}
