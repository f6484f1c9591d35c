import { PointageError } from '../../shared/contract/errors.js';
import { openCore } from './open-core.js';
import type { ParseArgsConfig } from 'node:util';

export interface Command {
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  run(args: { positionals: string[]; values: Record<string, string | boolean | undefined>; dataDir: string }): Promise<void>;
}

/** A mistake in the command line itself: exit code 2. */
export class UsageError extends Error {}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Runs one contract operation on the company of a data directory and prints its result. */
export async function runOperation(dataDir: string, name: string, input: unknown): Promise<void> {
  const { core, dispatch } = openCore(dataDir, 'cli');
  try {
    const result = await dispatch(name, input);
    if (!result.ok) throw new PointageError(result.error.code, result.error.message, result.error.where);
    printJson(result.value);
  } finally {
    core.close();
  }
}
