import { Core } from '../../electron/core/core.js';
import { createDispatch } from '../../electron/core/dispatch.js';
import { createHandlers } from '../../electron/core/handlers.js';

export const TEST_PASSPHRASE = 'correct horse battery staple';

export function makeCore(dataDir: string, options: { passphrase?: string } = {}) {
  const core = new Core({ dataDir, mode: 'cli', version: '0.0.0-test', passphrase: options.passphrase });
  return { core, dispatch: createDispatch(createHandlers(core)) };
}
