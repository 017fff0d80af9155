/** Test helpers: wait on conditions (the same helper as the server's tests), and catch an expected rejection. */
export { eventually } from '../../server/test/harness.ts';

/** The error a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
