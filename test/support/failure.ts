import { EosError } from '../../src/core/errors.ts';

/** Awaits a call that must fail with an EosError, and returns that error. */
export async function failure(promise: Promise<unknown>): Promise<EosError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EosError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
