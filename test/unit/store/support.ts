/** Times and checks shared by the tests of the state modules. */
import { expect } from 'vitest';
import { isSecmonError } from '../../../src/errors.js';

export const T0 = Date.parse('2026-11-20T10:00:00.000Z');
export const DAY = 24 * 3600_000;
export const at = (offsetMs: number): Date => new Date(T0 + offsetMs);
/** The TTL attribute value (epoch seconds) for a time in ms. */
export const seconds = (ms: number): number => Math.floor(ms / 1000);

export async function expectRejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (rejected: unknown) => rejected,
  );
  expect(isSecmonError(error), `expected a SecmonError ${code}, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}
