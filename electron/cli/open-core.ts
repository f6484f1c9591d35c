import pkg from '../../package.json' with { type: 'json' };
import { Core, type Mode } from '../core/core.js';
import { createDispatch, type Dispatch } from '../core/dispatch.js';
import { createHandlers } from '../core/handlers.js';

export const VERSION: string = pkg.version;

export function openCore(dataDir: string, mode: Mode): { core: Core; dispatch: Dispatch } {
  const core = new Core({ dataDir, mode, version: VERSION, passphrase: process.env.POINTAGE_PASSPHRASE });
  // On the command line a fresh data directory gets a company at once, so that
  // `pointage import FILE --data DIR` just works.
  if (mode === 'cli') core.ensureCompany();
  return { core, dispatch: createDispatch(createHandlers(core)) };
}
