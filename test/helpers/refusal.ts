import { expect } from 'vitest';
import { StatementFileError } from '../../electron/core/statements/common/errors.js';

/** The StatementFileError a parse must end with; fails the test if it ends otherwise. */
export async function refusal(parse: Promise<unknown>): Promise<StatementFileError> {
  const error = await parse.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(StatementFileError);
  return error as StatementFileError;
}
