// `npm start`: the desktop app when Electron's binary and a display are there; otherwise one
// line saying why, and browser mode instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function electronBinary(): string | null {
  try {
    // The electron package's main export is the path of its binary; it throws when the binary
    // was never downloaded (install scripts are off, see .npmrc).
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

export function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  return platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Why the desktop window cannot open here, or null when it can. */
export function whyNoDesktop(): string | null {
  if (!electronBinary()) return "Electron's binary is not installed and cannot be downloaded here (npm run electron:fetch where it can)";
  if (!hasDisplay()) return 'there is no display';
  return null;
}

export function launchElectron(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const child = spawn(electronBinary()!, [appDir, ...args], { stdio: 'inherit', env });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}
