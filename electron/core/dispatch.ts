// The one entry into the core for every transport (IPC, HTTP, CLI, tests): look the operation
// up, validate its input against the contract, run it, and turn any failure into a typed error.
// Nothing is written when the input is invalid: validation happens before the handler runs.
import type { z } from 'zod';
import { isOperationName, operations, PointageError, type CallResult } from '../../shared/contract/index.js';
import type { Handlers } from './handlers.js';
import { logger } from './log.js';

export type Dispatch = (name: string, input: unknown) => Promise<CallResult<unknown>>;

export function createDispatch(handlers: Handlers): Dispatch {
  return async (name, input) => {
    if (!isOperationName(name)) {
      return { ok: false, error: { code: 'unknown_operation', message: `unknown operation "${name}"` } };
    }
    const parsed = operations[name].input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) };
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof PointageError) return { ok: false, error: error.toJSON() };
      logger.error(`operation ${name} failed`, error);
      return { ok: false, error: { code: 'internal', message: `${name} failed unexpectedly: ${(error as Error)?.message ?? String(error)}` } };
    }
  };
}

function invalidInput(error: z.ZodError) {
  const issue = error.issues[0];
  const where = issue.path.join('.') || undefined;
  return {
    code: 'invalid_input' as const,
    message: where ? `${where}: ${issue.message}` : issue.message,
    ...(where ? { where } : {}),
  };
}
