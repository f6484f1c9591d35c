// The typed client the renderer (and tests) use: one `call` whatever carries it.
import type { CallResult } from './errors.js';
import { PointageError } from './errors.js';
import type { Input, OperationName, Output } from './operations.js';

/** A transport sends one operation and returns the core's CallResult. */
export type Transport = (name: OperationName, input: unknown) => Promise<CallResult<unknown>>;

export interface Client {
  call<K extends OperationName>(name: K, input: Input<K>): Promise<Output<K>>;
}

export function createClient(transport: Transport): Client {
  return {
    async call(name, input) {
      const result = await transport(name, input);
      if (!result.ok) throw new PointageError(result.error.code, result.error.message, result.error.where);
      return result.value as never;
    },
  };
}
