import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Pointage';

/**
 * The per-user data directory: the same folder Electron's app.getPath('userData') gives the
 * desktop app, so the CLI, browser mode and the window share one set of companies.
 * POINTAGE_DATA overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.POINTAGE_DATA) return path.resolve(env.POINTAGE_DATA);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}
