import { InputError } from '../../lib/errors';

/** The message of the InputError that `run` throws; fails if it throws nothing or something else. */
export function inputErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}
