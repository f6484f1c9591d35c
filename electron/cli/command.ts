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
